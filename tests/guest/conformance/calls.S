// calls.S — procedure call and return (e2k-isa.md §4.9): results through
// the window, nesting, deep recursion (procedure and chain stacks must grow,
// docs/linux-user.md §2), what the callee sees and what return restores
// (predicates, BR, USD, CR0.hi), CTPRs cleared by call and return.

#include "e2k-test.h"

TEST_BEGIN

CASE(call_returns_a_value)
    { disp %ctpr1, twice ; addd,0 0, 21, %r24 ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 42)

CASE(nested_calls)
    // quad(x) = twice(twice(x))
    { disp %ctpr1, quad ; addd,0 0, 5, %r24 ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 20)

CASE(recursion_sum_200)
    { disp %ctpr1, sum_to ; addd,0 0, 200, %r24 ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 20100)

CASE(deep_recursion_grows_the_hardware_stacks)
    // 5000 levels: far beyond the initial 16 KiB procedure stack and 4 KiB
    // chain stack, so both must grow (by doubling) transparently
    { disp %ctpr1, sum_to ; addd,0 0, 5000, %r24 ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 12502500)

CASE(callee_sees_caller_predicates)
    // predicates are not cleared by a call [T ct/call-invalidate-pregs-1]
    { cmpedb,0 0, 0, %pred3 ; cmpedb,1 0, 1, %pred4 ; disp %ctpr1, pred_probe ; nop 4 }
    call %ctpr1, wbs=12
    { addd,0 %r24, 0, %r1 }
    CHECK_D(%r1, 1)

CASE(return_restores_predicates)
    // the predicate file is saved in CR0.lo by call and restored by return
    { cmpedb,0 0, 0, %pred3 ; cmpedb,1 0, 1, %pred4 ; disp %ctpr1, pred_flip ; nop 4 }
    call %ctpr1, wbs=12
    CHECK_PRED(%pred3)
    CHECK_NOT_PRED(%pred4)

CASE(return_restores_br)
    { setbn rsz=3, rbs=4, rcur=0 ; disp %ctpr1, br_changer ; nop 4 }
    { addd,0 0, 0x12, %r8 }
    call %ctpr1, wbs=12
    CHECK_D(%b[0], 0x12)

CASE(callee_cr0_hi_is_return_address)
    // CR0.hi of the newest chain frame = the bundle after the call
    { disp %ctpr1, read_cr0_hi ; nop 4 }
    call %ctpr1, wbs=12
.Lafter_call:
    { addd,0 %r24, 0, %r1 ; addd,1 0, .Lafter_call, %r2 }
    CHECK_D(%r1, %r2)

CASE(getsp_allocates_and_return_restores)
    // getsp -N moves the user stack pointer down by N (16-aligned) and
    // returns it; the caller's stack pointer is restored on return
    { getsp,0 0, %r1 ; disp %ctpr1, use_stack ; nop 4 }
    call %ctpr1, wbs=12
    { getsp,0 0, %r2 ; addd,1 %r24, 0, %r3 }
    CHECK_D(%r1, %r2)
    { subd,0 %r1, 256, %r4 }
    CHECK_D(%r3, %r4)

CASE(getsp_memory_is_usable)
    { getsp,0 -64, %r1 }
    { addd,0 0, 0x5a5a, %r2 }
    { std,2 %r2, [ %r1 + 56 ] }
    { ldd,0 %r1, 56, %r3 }
    CHECK_D(%r3, 0x5a5a)
    { getsp,0 64, %r1 }

CASE(call_under_false_predicate_is_skipped)
    { cmpedb,0 0, 1, %pred1 ; addd,1 0, 7, %r24 ; disp %ctpr1, twice ; nop 4 }
    call %ctpr1, wbs=12 ? %pred1
    CHECK_D(%r24, 7)

TEST_END

    .balign 8
    // twice(x) = 2x; called with 8 parameter registers
twice:
    { setwd wsz=4, nfx=1 }
    { addd,0 %r0, %r0, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
quad:
    { setwd wsz=8, nfx=1 ; disp %ctpr1, twice ; nop 4 }
    { addd,0 %r0, 0, %r8 }
    call %ctpr1, wbs=4
    { disp %ctpr1, twice ; nop 4 }
    call %ctpr1, wbs=4
    { addd,0 %r8, 0, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // sum_to(n) = n + sum_to(n - 1), sum_to(0) = 0; one window per level
sum_to:
    { setwd wsz=8, nfx=1 ; cmpedb,0 %r0, 0, %pred0 ; disp %ctpr1, sum_to ; nop 4 }
    { return %ctpr3 ; nop 4 }
    ct %ctpr3 ? %pred0
    { subd,0 %r0, 1, %r8 }
    call %ctpr1, wbs=4
    { addd,0 %r0, %r8, %r0 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // returns 1 if %pred3 is true and %pred4 false in the callee
pred_probe:
    { setwd wsz=4, nfx=1 ; addd,0 0, 0, %r0 }
    { addd,0 0, 1, %r0 ? %pred3 }
    { addd,0 0, 0, %r0 ? %pred4 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
pred_flip:
    { setwd wsz=4, nfx=1 ; cmpedb,0 0, 1, %pred3 ; cmpedb,1 0, 0, %pred4 ; nop 2 }
    { return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
br_changer:
    { setwd wsz=8, nfx=1 ; setbn rsz=1, rbs=2, rcur=1 }
    { addd,0 0, 0x99, %b[0] ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
read_cr0_hi:
    { setwd wsz=4, nfx=1 }
    { rrd,0 %cr0.hi, %r0 }
    { return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // allocates 256 bytes and returns the new stack pointer
use_stack:
    { setwd wsz=4, nfx=1 }
    { getsp,0 -256, %r0 }
    { addd,0 0, 1, %r1 }
    { std,2 %r1, [ %r0 ] ; return %ctpr3 ; nop 4 }
    ct %ctpr3
