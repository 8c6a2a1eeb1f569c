! calls.s — call-heavy benchmark: naive recursive fib(N), every level a
! procedure call with its own register window (spill/fill through the
! procedure and chain stacks). Exits 0 if the result is right.
        .set    N, 30
        .set    FIB_N, 832040
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, fib
        addd,0  0x0, N, %dr8
    }
        call    %ctpr1, wbs = 0x4
        cmpedb,0 %dr8, FIB_N, %pred0
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr8          ! exit(result != FIB_N)
        addd,1  0x0, 0x0, %dr9 ? %pred0
        addd,2  0x0, 0x1, %dr9 ? ~%pred0
    }
        call    %ctpr2, wbs = 0x4

! fib(n): %r0 = n in, fib(n) out.
        .type   fib, @function
fib:
loop:                                   ! the hot code, for ops-per-bundle
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, fib
        cmpledb,0 %dr0, 0x1, %pred0     ! n <= 1: fib(n) = n
    }
    {
        return  %ctpr3
        subd,0  %dr0, 0x1, %dr8         ! n - 1
    }
        ct      %ctpr3 ? %pred0
        call    %ctpr1, wbs = 0x4       ! %r8 = fib(n - 1)
    {
        disp    %ctpr1, fib
        addd,0  %dr8, 0x0, %dr2         ! keep fib(n - 1)
        subd,1  %dr0, 0x2, %dr8         ! n - 2
    }
        call    %ctpr1, wbs = 0x4       ! %r8 = fib(n - 2)
    {
        return  %ctpr3
        addd,0  %dr2, %dr8, %dr0
    }
loop_end:
        ct      %ctpr3
