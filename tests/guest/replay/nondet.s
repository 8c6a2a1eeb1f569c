! nondet.s — a guest whose run depends on every kind of host input the
! Linux machine has: it reads stdin, the real-time clock and random bytes,
! and writes all three back to stdout. Its exit status is the number of
! stdin bytes read. Recorded once, a replay must print the same bytes and
! exit the same way whatever stdin and clock the replaying host has
! (tests/guest/replay/record_replay.sh).
!
! System calls: entry 3; number in the callee's %r0 (our %r16 with
! wbs = 8), arguments after it, result back in %r16 (docs/linux-user.md).

        .text
        .global _start
_start:
    {
        setwd   wsz = 0x10, nfx = 0x1
        sdisp   %ctpr1, 0x3
    }
    {
        addd,0  0x0, 0x3, %dr16         ! read(0, buf, 64)
        addd,1  0x0, 0x0, %dr17
        addd,2  0x0, buf, %dr18
        addd,3  0x0, 0x40, %dr19
    }
        call    %ctpr1, wbs = 0x8
    {
        addd,0  %dr16, 0x0, %dr4        ! n: bytes read (or -errno)
        sdisp   %ctpr1, 0x3
    }
        cmpldb,0 %dr4, 0x0, %pred0      ! n < 0 ?
    {
        addd,0  0x0, 0x0, %dr4 ? %pred0 ! treat errors as nothing read
    }
    {
        addd,0  0x0, 0x10b, %dr16       ! clock_gettime(CLOCK_REALTIME, ts)
        addd,1  0x0, 0x0, %dr17
        addd,2  0x0, ts, %dr18
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x181, %dr16       ! getrandom(rnd, 16, 0)
        addd,1  0x0, rnd, %dr17
        addd,2  0x0, 0x10, %dr18
        addd,3  0x0, 0x0, %dr19
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x4, %dr16         ! write(1, buf, n): the input
        addd,1  0x0, 0x1, %dr17
        addd,2  0x0, buf, %dr18
        addd,3  %dr4, 0x0, %dr19
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x4, %dr16         ! write(1, ts, 32): clock and random
        addd,1  0x0, 0x1, %dr17
        addd,2  0x0, ts, %dr18
        addd,3  0x0, 0x20, %dr19
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x1, %dr16         ! exit(n)
        addd,1  %dr4, 0x0, %dr17
    }
        call    %ctpr1, wbs = 0x8

        .data
        .align  8
ts:     .quad   0, 0                    ! struct timespec
rnd:    .quad   0, 0                    ! 16 random bytes (right after ts)
buf:    .skip   64
