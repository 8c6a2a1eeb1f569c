! int_loop.s — integer loop benchmark: 3 bundles per iteration (add/xor/sub;
! compare; conditional ct), the shape of the CPU performance target
! (docs/performance.md). Runs LOOPS iterations, then exits 0.
        .set    LOOPS, 100000000
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, loop
        addd,0  0x0, 0x0, %dr0
        addd,1  0x0, LOOPS, %dr3
        addd,2  0x0, 0x5a5a, %dr4
        addd,3  0x0, 0x0, %dr1
        addd,4  0x0, 0x0, %dr2
    }
loop:
    {
        addd,0  %dr0, 0x1, %dr0
        xord,1  %dr1, %dr4, %dr1
        subd,2  %dr2, 0x1, %dr2
    }
    {
        cmpldb,0 %dr0, %dr3, %pred0
    }
loop_end:
        ct      %ctpr1 ? %pred0
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr8          ! exit(0)
        addd,1  0x0, 0x0, %dr9
    }
        call    %ctpr2, wbs = 0x4
