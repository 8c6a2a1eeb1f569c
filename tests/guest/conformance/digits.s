! digits.s — the acceptance program for `e2k-rr run`: a plain gas program
! (no preprocessor, no harness) that prints a number loaded from memory in
! decimal. The conversion recurses through register windows (one call per
! digit), divides with udivd, reads digit characters with ldb from a table,
! stores them with stb, and ends with the write and exit system calls.
! It checks its own result: exit 0 if the text is "19088743", else 1. The
! ctest also matches the printed line.
! stdout: 19088743
!
! Linux e2k user ABI (docs/linux-user.md): sdisp %ctprN, 3 + call wbs=4
! from an 8-quad window puts the number in callee %r0 = our %r8, the
! arguments in %r9.., the result back in %r8.

        .text
        .global _start
        .type   _start, @function
_start:
    {
        setwd   wsz=8, nfx=1
        disp    %ctpr1, emit
    }
    {
        ldd,0   0, number, %r8              ! n = 0x1234567
        addd,1  0, buf, %r9                 ! cursor
        nop     4
    }
        call    %ctpr1, wbs=4               ! %r8 = cursor after the last digit
    {
        addd,0  0, buf, %r1
        addd,1  %r8, 0, %r2
    }
    {
        subd,0  %r2, %r1, %r3               ! length
        addd,1  0, 10, %r4                  ! '\n'
    }
        stb,2   %r4, [ %r2 ]
    {
        addd,0  %r3, 1, %r3
        sdisp   %ctpr1, 0x3
    }
    {
        addd,0  0, 4, %r8                   ! write(1, buf, len + 1)
        addd,1  0, 1, %r9
        addd,2  0, buf, %r10
        addd,3  %r3, 0, %r11
    }
        call    %ctpr1, wbs=4
    {
        ldd,0   0, buf, %r5
        ldd,2   0, expect, %r6
    }
        cmpedb,0 %r5, %r6, %pred0
        sdisp   %ctpr1, 0x3
    {
        addd,0  0, 1, %r8                   ! exit(ok ? 0 : 1)
        addd,1  0, 0, %r9 ? %pred0
        addd,2  0, 1, %r9 ? ~%pred0
    }
        call    %ctpr1, wbs=4

! emit(n, cursor): writes the decimal digits of n at cursor, returns the
! cursor after them in %r0. One register window per digit.
        .type   emit, @function
emit:
    {
        setwd   wsz=8, nfx=1
        udivd,5 %r0, 10, %r2                ! q = n / 10
        disp    %ctpr1, emit
    }
    {
        muld,0  %r2, 10, %r3
        cmpedb,1 %r2, 0, %pred0             ! last (most significant) digit?
    }
    {
        subd,0  %r0, %r3, %r4               ! d = n - 10 * q
        addd,1  %r2, 0, %r8
        addd,2  %r1, 0, %r9
    }
        call    %ctpr1, wbs=4 ? ~%pred0     ! emit(q, cursor) first
        addd,0  %r8, 0, %r1 ? ~%pred0       ! cursor after the higher digits
        ldb,0   %r4, digit_chars, %r5
        stb,2   %r5, [ %r1 ]
    {
        addd,0  %r1, 1, %r0
        return  %ctpr3
    }
        ct      %ctpr3

        .section ".rodata"
digit_chars:
        .ascii  "0123456789"
        .balign 8
expect:
        .ascii  "19088743"

        .data
        .balign 8
number:
        .quad   0x1234567
buf:
        .fill   32, 1, 0
