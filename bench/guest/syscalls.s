! syscalls.s — system-call-heavy benchmark for the journal: each iteration
! reads the real-time clock, asks for 8 random bytes and calls getpid (all
! three are host requests the recorder journals), LOOPS times. Exits 0.
        .set    LOOPS, 20000
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x10, nfx = 0x1
        disp    %ctpr3, loop
        addd,0  0x0, LOOPS, %dr4
    }
loop:
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x10b, %dr16       ! clock_gettime(CLOCK_REALTIME, &ts)
        addd,1  0x0, 0x0, %dr17
        addd,2  0x0, ts, %dr18
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x181, %dr16       ! getrandom(&rnd, 8, 0)
        addd,1  0x0, rnd, %dr17
        addd,2  0x0, 0x8, %dr18
        addd,3  0x0, 0x0, %dr19
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x14, %dr16        ! getpid()
    }
        call    %ctpr1, wbs = 0x8
    {
        disp    %ctpr3, loop
        subd,0  %dr4, 0x1, %dr4
    }
        cmpldb,0 0x0, %dr4, %pred0
loop_end:
        ct      %ctpr3 ? %pred0
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x1, %dr16         ! exit(0)
        addd,1  0x0, 0x0, %dr17
    }
        call    %ctpr1, wbs = 0x8

        .data
        .align  8
ts:     .quad   0, 0
rnd:    .quad   0
