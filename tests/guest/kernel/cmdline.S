! cmdline.S — the kernel command line: the machine passes it in the boot
! info (`e2k-rr ... --cmdline "..."`, docs/virt-machine.md §7.2) and a
! scenario file sets it (docs/scenarios.md). Words are separated by
! spaces; the kernel knows:
!   bug=ignore-deflate-on-oom  the balloon's OOM notifier does nothing
!   bug=oom-deadlock           inflating allocates under the balloon lock
!   bug=reuse-before-ack       deflated pages are reused before the host
!                              has seen the deflate request
!   peak=N                     the workload grows to N pages (default 1536)
!   cycles=N                   ... N times (default 3)
! Unknown words are reported and ignored.
!
!   cmdline_parse(%dr0 = bytes, %dr1 = length)   read the command line
!   bugs, param_peak, param_cycles                 what it set

#include "kernel.h"

#define CMDLINE_MAX 255

        .text
FUNC(cmdline_parse)
    {
        cmpbedb %dr1, CMDLINE_MAX, %pred0
        addd    0x0, 0x0, %dr2
    }
    {
        addd    0x0, CMDLINE_MAX, %dr1 ? ~%pred0
    }
.Lcopy:                                 ! copy, spaces become NULs
    {
        cmpbdb  %dr2, %dr1, %pred0
    }
    {
        ibranch .Lcopied ? ~%pred0
    }
    {
        ldb     %dr0, %dr2, %r3
    }
    {
        cmpesb  %r3, 0x20, %pred1
    }
    {
        addd    0x0, 0x0, %dr3 ? %pred1
    }
    {
        stb     %r3, [ %dr2 + cmdline_buf ]
        addd    %dr2, 0x1, %dr2
    }
    {
        ibranch .Lcopy
    }
.Lcopied:
    {
        addd    0x0, cmdline_buf, %dr4  ! %dr4 = word, %dr5 = end
        addd    %dr1, cmdline_buf, %dr5
    }
.Lword:
    {
        cmpbdb  %dr4, %dr5, %pred0
    }
    {
        ibranch .Ldone ? ~%pred0
    }
    {
        ldb     %dr4, 0x0, %r3
    }
    {
        cmpesb  %r3, 0x0, %pred1
        addd    %dr4, 0x1, %dr6
    }
    {
        addd    %dr6, 0x0, %dr4 ? %pred1
        ibranch .Lword ? %pred1
    }
    {
        addd    %dr4, 0x0, A0
    }
    CALL(cmdline_word)
.Lskip:                                 ! past the word's NUL
    {
        ldb     %dr4, 0x0, %r3
        addd    %dr4, 0x1, %dr4
    }
    {
        cmpesb  %r3, 0x0, %pred0
    }
    {
        ibranch .Lskip ? ~%pred0
    }
    {
        ibranch .Lword
    }
.Ldone:
    RET

! One word (%dr0): a known key=value, or a warning.
cmdline_word:
    {
        setwd   wsz = 0x10, nfx = 0x1
        addd    %dr0, 0x0, A0
        addd    0x0, key_bug, A1
    }
    CALL(strprefix)
    {
        addd    A0, 0x0, %dr1           ! the value after "bug=", or 0
    }
    {
        cmpedb  %dr1, 0x0, %pred0
    }
    {
        ibranch .Lnot_bug ? %pred0
    }
    {
        addd    0x0, 0x0, %dr2          ! bug number
        addd    0x0, bug_names, %dr3
    }
.Lbug_next:
    {
        ldd     %dr3, 0x0, %dr4         ! the name, 0 at the end
    }
    {
        cmpedb  %dr4, 0x0, %pred0
    }
    {
        ibranch .Lunknown ? %pred0
    }
    {
        addd    %dr1, 0x0, A0
        addd    %dr4, 0x0, A1
    }
    CALL(strprefix)
    {
        cmpedb  A0, 0x0, %pred1
    }
    {
        ibranch .Lbug_found ? ~%pred1
    }
    {
        addd    %dr2, 0x1, %dr2
        addd    %dr3, 0x8, %dr3
    }
    {
        ibranch .Lbug_next
    }
.Lbug_found:
    {
        ldb     A0, 0x0, %r5            ! the whole word, not a prefix
        addd    0x0, 0x1, %dr6
    }
    {
        cmpesb  %r5, 0x0, %pred0
        shld    %dr6, %dr2, %dr6        ! BUG_* = 1 << number
    }
    {
        ibranch .Lunknown ? ~%pred0
    }
    LOAD(bugs, %dr7)
    {
        ord     %dr7, %dr6, %dr7
    }
    STORE(%dr7, bugs)
    KLOG(msg_bug)
    {
        addd    %dr1, 0x0, A0
    }
    CALL(puts)
    PUTS(msg_nl)
    RET
.Lnot_bug:
    {
        addd    %dr0, 0x0, A0
        addd    0x0, key_peak, A1
    }
    CALL(strprefix)
    {
        cmpedb  A0, 0x0, %pred0
        addd    0x0, param_peak, %dr7
    }
    {
        ibranch .Lnumber ? ~%pred0
    }
    {
        addd    %dr0, 0x0, A0
        addd    0x0, key_cycles, A1
    }
    CALL(strprefix)
    {
        cmpedb  A0, 0x0, %pred0
        addd    0x0, param_cycles, %dr7
    }
    {
        ibranch .Lnumber ? ~%pred0
    }
.Lunknown:
    KLOG(msg_unknown)
    {
        addd    %dr0, 0x0, A0
    }
    CALL(puts)
    PUTS(msg_nl)
    RET
.Lnumber:                               ! decimal value into *%dr7
    {
        addd    0x0, 0x0, %dr8
    }
.Ldigit:
    {
        ldb     A0, 0x0, %r9
        addd    A0, 0x1, A0
    }
    {
        subd    %dr9, 0x30, %dr9
    }
    {
        cmpbdb  %dr9, 0xa, %pred0       ! '0'..'9'
    }
    {
        ibranch .Lnumber_end ? ~%pred0
    }
    {
        muld    %dr8, 0xa, %dr8
    }
    {
        addd    %dr8, %dr9, %dr8
    }
    {
        ibranch .Ldigit
    }
.Lnumber_end:
    {
        std     %dr8, [ %dr7 + 0x0 ]
    }
    RET

! strprefix(%dr0 = s, %dr1 = prefix) -> s + strlen(prefix) if s starts
! with prefix, else 0.
FUNC(strprefix)
    {
        return  %ctpr3
    }
.Lcmp:
    {
        ldb     %dr1, 0x0, %r2
    }
    {
        ldb     %dr0, 0x0, %r3
        cmpesb  %r2, 0x0, %pred0
    }
    {
        ct      %ctpr3 ? %pred0         ! end of the prefix: a match
    }
    {
        cmpesb  %r2, %r3, %pred1
        addd    %dr0, 0x1, %dr0
        addd    %dr1, 0x1, %dr1
    }
    {
        ibranch .Lcmp ? %pred1
    }
    {
        addd    0x0, 0x0, %dr0
        ct      %ctpr3
    }

        .section .rodata
key_bug:        .asciz "bug="
key_peak:       .asciz "peak="
key_cycles:     .asciz "cycles="
name_ignore:    .asciz "ignore-deflate-on-oom"   ! BUG_* bit 0
name_deadlock:  .asciz "oom-deadlock"            ! bit 1
name_reuse:     .asciz "reuse-before-ack"        ! bit 2
msg_bug:        .asciz "cmdline: regression variant bug="
msg_unknown:    .asciz "cmdline: ignoring unknown word "
msg_nl:         .asciz "\n"
        .balign 8
bug_names:      .dword name_ignore, name_deadlock, name_reuse, 0

        .data
        .balign 8
        .global bugs, param_peak, param_cycles
bugs:           .dword 0
param_peak:     .dword 1536
param_cycles:   .dword 3

        .bss
cmdline_buf:    .skip CMDLINE_MAX + 1
