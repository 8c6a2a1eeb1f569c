! dbg.s — the guest of the debugger tests (tests/debugger/): a loop that
! counts to 5, stores the count to `counter` each time (a watchpoint
! target) and makes a getpid system call each time (something to
! reverse-step across), then writes "dbg: done" and exits with status 3.
! The labels are global so the tests find the bundles in the symbol table.
!
! System calls: entry 3, number in the callee's %r0 (our %r16 with
! wbs = 8), arguments after it (docs/linux-user.md).

        .text
        .global _start
        .type   _start, @function
_start:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd,0  0x0, 0x0, %dr4          ! i = 0
    }
        .global loop
loop:
    {
        addd,0  %dr4, 0x1, %dr4         ! i++
    }
        .global store
store:
    {
        std,2   %dr4, 0x0, counter      ! counter = i
    }
        .global before_call
before_call:
    {
        addd,0  0x0, 0x14, %dr16        ! getpid()
        sdisp   %ctpr1, 0x3
    }
        .global sys_call
sys_call:
        call    %ctpr1, wbs = 0x8
        .global after_call
after_call:
    {
        cmpldb,0 %dr4, 0x5, %pred0      ! i < 5 ?
        disp    %ctpr2, loop
    }
        .global back
back:
        ct      %ctpr2 ? %pred0
    {
        addd,0  0x0, 0x4, %dr16         ! write(1, msg, msg_len)
        addd,1  0x0, 0x1, %dr17
        addd,2  0x0, msg, %dr18
        addd,3  0x0, msg_len, %dr19
        sdisp   %ctpr1, 0x3
    }
        call    %ctpr1, wbs = 0x8
        sdisp   %ctpr1, 0x3
    {
        addd,0  0x0, 0x1, %dr16         ! exit(3)
        addd,1  0x0, 0x3, %dr17
    }
        call    %ctpr1, wbs = 0x8

        .data
        .align  8
        .global counter
counter:
        .quad   0
msg:
        .ascii  "dbg: done\n"
        msg_len = . - msg
