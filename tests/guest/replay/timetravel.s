! timetravel.s — the reverse engine's test guest (tests/unit/replay/
! rev_test.c, ckpt_test.c): a loop of N iterations that writes memory
! every iteration, reads it every iteration, and makes a system call that
! writes memory (clock_gettime into `ts`) every 16th, then prints a line
! and exits 0. Labels the tests look up in the symbol table:
!   loop   first bundle of an iteration
!   mark   the bundle after the stores (breakpoint target)
!   sys    the system-call bundle
!   counter  a quad written every iteration (= i, write watchpoints)
!   probe    a quad read every iteration (read watchpoints)
!   arr      64 quads, arr[i % 64] = 3i
!   ts       struct timespec the system call writes
!
! Registers: %dr0 = i, %dr1 = &arr, %dr6 = &probe, %dr7 = &counter,
! %dr8 = sum of the probe values read. System calls as in nondet.s:
! entry 3, number in callee %r0 (our %r16 with wbs = 8).

        .set    N, 3000
        .text
        .global _start
_start:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x0, %dr0
        addd,1  0x0, arr, %dr1
        addd,4  0x0, 0x0, %dr8
    }
    {
        addd,2  0x0, probe, %dr6
        addd,3  0x0, counter, %dr7
    }
loop:
    {
        andd,0  %dr0, 0x3f, %dr2        ! j = i & 63
        addd,1  %dr0, %dr0, %dr3        ! 2i
    }
    {
        shld,0  %dr2, 0x3, %dr2         ! 8j
        addd,1  %dr3, %dr0, %dr3        ! 3i
        ldd,3   %dr6, 0x0, %dr5         ! read probe
    }
    {
        addd,0  %dr1, %dr2, %dr4        ! &arr[j]
        addd,1  %dr8, %dr5, %dr8        ! sum += probe
    }
    {
        std,2   %dr3, %dr4, 0x0         ! arr[j] = 3i
        std,5   %dr0, %dr7, 0x0         ! counter = i
    }
mark:
    {
        addd,0  %dr0, 0x1, %dr0         ! i++
        andd,1  %dr0, 0xf, %dr9
    }
    {
        cmpedb,0 %dr9, 0x0, %pred1      ! every 16th iteration: a syscall
        cmpldb,1 %dr0, N, %pred0        ! i < N: go on
    }
        ibranch nosys ? ~%pred1
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x10b, %dr16       ! clock_gettime(CLOCK_REALTIME, ts)
        addd,1  0x0, 0x0, %dr17
        addd,2  0x0, ts, %dr18
    }
sys:
        call    %ctpr2, wbs = 0x8
nosys:
        ibranch loop ? %pred0
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x4, %dr16         ! write(1, msg, 9)
        addd,1  0x0, 0x1, %dr17
        addd,2  0x0, msg, %dr18
        addd,3  0x0, 0x9, %dr19
    }
        call    %ctpr2, wbs = 0x8
        sdisp   %ctpr2, 0x3
    {
        addd,0  0x0, 0x1, %dr16         ! exit(0)
        addd,1  0x0, 0x0, %dr17
    }
        call    %ctpr2, wbs = 0x8

        .data
        .align  8
counter: .quad  0
probe:  .quad   7
ts:     .quad   0, 0
msg:    .ascii  "finished\n"
        .align  8
arr:    .skip   512
