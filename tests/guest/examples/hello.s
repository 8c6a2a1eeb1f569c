! hello.s — the bundled example of `make run`: prints a greeting with the
! write system call, computes 10! through a recursive call chain (each level
! a new register window) and exits with status 0 if the result is right.
!
! Linux e2k user ABI (docs/linux-user.md): system calls go through
! `sdisp %ctprN, 3` + `call %ctprN, wbs=4`; the number is in the callee's
! %r0 (our %r8), arguments in %r9.., the result comes back in %r8.

        .text
        .global _start
        .type   _start, @function
_start:
    {
        setwd   wsz = 0x8, nfx = 0x1
        setbn   rsz = 0x3, rbs = 0x4, rcur = 0x0
        sdisp   %ctpr1, 0x3
    }
    {
        addd,0  0x0, 0x4, %dr8          ! __NR_write
        addd,1  0x0, 0x1, %dr9          ! fd 1
        addd,2  0x0, msg, %dr10
        addd,3  0x0, msg_len, %dr11
    }
        call    %ctpr1, wbs = 0x4

        disp    %ctpr2, fact
    {
        addd,0  0x0, 0xa, %dr8          ! n = 10
    }
        call    %ctpr2, wbs = 0x4
        cmpedb,0 %dr8, 3628800, %pred0  ! 10! = 3628800
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x1, %dr8          ! __NR_exit
        addd,1  0x0, 0x0, %dr9 ? %pred0
        addd,2  0x0, 0x1, %dr9 ? ~%pred0
    }
        call    %ctpr1, wbs = 0x4

! fact(n): %r0 = n on entry, n! on return. Recurses through a fresh
! register window per level; the argument travels in the caller's %r8.
        .type   fact, @function
fact:
    {
        setwd   wsz = 0x8, nfx = 0x1
        disp    %ctpr1, fact
        cmpledb,0 %dr0, 0x1, %pred1     ! n <= 1 ?
    }
    {
        return  %ctpr3                  ! one CS0 per bundle: disp went first
        subd,0  %dr0, 0x1, %dr8         ! argument n - 1
    }
    {
        addd,0  0x0, 0x1, %dr0 ? %pred1
        ct      %ctpr3 ? %pred1
    }
        call    %ctpr1, wbs = 0x4
    {
        return  %ctpr3                  ! the call emptied every %ctpr
        muld,1  %dr0, %dr8, %dr0        ! n * fact(n - 1)
    }
        ct      %ctpr3

        .section .rodata
msg:
        .ascii  "hello from e2k-rr: 10! computed through register windows\n"
        msg_len = . - msg
