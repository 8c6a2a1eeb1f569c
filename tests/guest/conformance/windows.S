// windows.S — the register window: setwd sizes and timing, dbl, what a
// call passes and preserves (e2k-isa.md §4.2, §4.9). Faults on window
// bounds are in exceptions.S.

#include "e2k-test.h"

TEST_BEGIN

CASE(setwd_grows_window_for_same_bundle_writes)
    // the new size already applies to destinations of the same bundle
    // [T win/setwd-1]
    { setwd wsz=20, nfx=1 ; addd,0 0, 0x77, %r39 }
    { addd,0 %r39, 1, %r38 }
    CHECK_D(%r38, 0x78)
    { setwd wsz=16, nfx=1 }

CASE(dbl0_keeps_high_half_of_32bit_results)
    // dbl = 0: a 32-bit result replaces bits 31:0 only [T win/dbl-1]
    { setwd wsz=16, nfx=1, dbl=0 ; subd,0 0, 1, %r1 ; subd,1 0, 1, %g16 }
    { adds,0 0, 5, %r1 ; adds,1 0, 5, %g16 }
    CHECK_D(%r1, 0xffffffff00000005)
    CHECK_D(%g16, 0xffffffff00000005)

#if __iset__ >= 3
CASE(dbl1_zero_extends_32bit_results)
    { setwd wsz=16, nfx=1, dbl=1 ; subd,0 0, 1, %r1 ; subd,1 0, 1, %g16 }
    { adds,0 0, 5, %r1 ; adds,1 0, 5, %g16 }
    { setwd wsz=16, nfx=1, dbl=0 }
    CHECK_D(%r1, 5)
    CHECK_D(%g16, 5)

CASE(dbl_applies_in_the_setwd_bundle)
    { subd,0 0, 1, %r2 }
    { setwd wsz=16, nfx=1, dbl=1 ; adds,0 0, 6, %r2 }
    { setwd wsz=16, nfx=1, dbl=0 }
    CHECK_D(%r2, 6)
#endif

CASE(call_passes_arguments_through_the_window)
    // caller %r(2*wbs + i) is callee %ri (§4.9); wbs=12 leaves the callee
    // 8 registers (its psize), so it may shrink its window to 8
    { disp %ctpr1, add3 ; addd,0 0, 5, %r24 ; addd,1 0, 6, %r25 ; addd,2 0, 7, %r26 ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 18)

CASE(call_preserves_caller_low_registers)
    { addd,0 0, 0x1111, %r0 ; addd,1 0, 0x2222, %r7 ; addd,2 0, 3, %r8 }
    { disp %ctpr1, clobber ; nop 4 }
    call %ctpr1, wbs=4
    CHECK_D(%r0, 0x1111)
    CHECK_D(%r7, 0x2222)
    CHECK_D(%r8, 0x3333)

CASE(callee_window_holds_remaining_caller_registers)
    // callee psize = the caller registers above 2*wbs; they come back
    { addd,0 0, 0xa, %r16 ; addd,1 0, 0xb, %r23 }
    { disp %ctpr1, bump_r8_r15 ; nop 4 }
    call %ctpr1, wbs=4
    CHECK_D(%r16, 0xb)
    CHECK_D(%r23, 0xc)

CASE(globals_are_not_windowed)
    { addd,0 0, 0x42, %g20 ; disp %ctpr1, set_g20 ; nop 4 }
    call %ctpr1, wbs=4
    CHECK_D(%g20, 0x43)

CASE(window_after_return_has_caller_size)
    // %r31 (beyond the callee's 8-register window) is still usable
    { addd,0 0, 0x99, %r23 ; disp %ctpr1, small_callee ; nop 4 }
    call %ctpr1, wbs=8
    { addd,0 %r23, 1, %r23 }
    CHECK_D(%r23, 0x9a)

TEST_END

    .balign 8
    // add3(a, b, c) = a + b + c, in %r0 (called with psize 8)
add3:
    { setwd wsz=4, nfx=1 }
    { addd,0 %r0, %r1, %r3 }
    { addd,0 %r3, %r2, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // writes junk over its whole window; %r0 = 0x3333. Called with wbs=4
    // from 32 registers: psize 24, so the window cannot be smaller than 24
    // (setwd below psize faults, [T win/setwd-psize-2])
clobber:
    { setwd wsz=12, nfx=1 }
    { addd,0 0, -1, %r0 ; addd,1 0, -1, %r1 ; addd,2 0, -1, %r2 ; addd,3 0, -1, %r3 ; addd,4 0, -1, %r4 ; addd,5 0, -1, %r5 }
    { addd,0 0, -1, %r6 ; addd,1 0, -1, %r7 ; addd,2 0, -1, %r8 ; addd,3 0, -1, %r9 ; addd,4 0, -1, %r10 ; addd,5 0, -1, %r11 }
    { addd,0 0, -1, %r20 ; addd,1 0, -1, %r21 ; addd,2 0, -1, %r22 ; addd,3 0, -1, %r23 }
    { addd,0 0, 0x3333, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // called with wbs=4 from a 32-register window: psize = 24, so caller
    // %r16 is our %r8 and caller %r23 our %r15
bump_r8_r15:
    { setwd wsz=12, nfx=1 }
    { addd,0 %r8, 1, %r8 ; addd,1 %r15, 1, %r15 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
set_g20:
    { setwd wsz=12, nfx=1 }
    { addd,0 %g20, 1, %g20 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
small_callee:
    { setwd wsz=8, nfx=1 }
    { addd,0 0, 0, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3
