// control.S — control transfer without calls (e2k-isa.md §7): disp + ct,
// conditional ct, ibranch, movtd to a CTPR, what a transfer bundle
// executes, rrd %ip. Calls are in calls.S, loops in loopmode.S.

#include "e2k-test.h"

TEST_BEGIN

CASE(disp_ct_jumps)
    { addd,0 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    ct %ctpr1
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 0)

CASE(ct_via_each_ctpr)
    // [T ct/ct-1]
    { addd,0 0, 0, %r1 ; disp %ctpr2, 2f ; nop 4 }
    { disp %ctpr3, 3f ; nop 4 }
    ct %ctpr2
    { addd,0 0, 9, %r1 }
2:
    { addd,0 %r1, 1, %r1 ; ct %ctpr3 }
    { addd,0 0, 9, %r1 }
3:
    CHECK_D(%r1, 1)

CASE(ct_taken_on_true_predicate)
    { cmpedb,0 0, 0, %pred1 ; addd,1 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    ct %ctpr1 ? %pred1
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 0)

CASE(ct_not_taken_on_false_predicate)
    { cmpedb,0 0, 1, %pred1 ; addd,1 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    ct %ctpr1 ? %pred1
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 1)

CASE(ct_on_negated_predicate)
    { cmpedb,0 0, 1, %pred1 ; addd,1 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    ct %ctpr1 ? ~%pred1
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 0)

CASE(transfer_bundle_ops_execute)
    // ALU ops in the bundle of a taken transfer take effect
    { addd,0 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
    { addd,0 0, 5, %r1 ; ct %ctpr1 }
    { addd,0 0, 6, %r1 }
1:
    CHECK_D(%r1, 5)

CASE(ibranch_forward)
    { addd,0 0, 0, %r1 }
    ibranch 1f
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 0)

CASE(ibranch_backward_loop)
    // count down 10 -> 0 with a conditional backward ibranch
    { addd,0 0, 10, %r1 ; addd,1 0, 0, %r2 }
1:
    { subd,0 %r1, 1, %r1 ; addd,1 %r2, 3, %r2 }
    { cmpedb,0 %r1, 0, %pred1 ; nop 2 }
    ibranch 1b ? ~%pred1
    CHECK_D(%r2, 30)

CASE(movtd_loads_a_ctpr)
    // indirect jump: movtd of an address to %ctprN [T int/ctpr-write-1]
    { addd,0 0, 0, %r1 ; addd,1 0, 1f, %r2 }
    { movtd,0 %r2, %ctpr2 ; nop 5 }
    ct %ctpr2
    { addd,0 0, 1, %r1 }
1:
    CHECK_D(%r1, 0)

CASE(ctpr_survives_ct)
    // a CTPR prepared by disp stays valid after a plain ct
    { addd,0 0, 0, %r1 ; disp %ctpr1, 1f ; nop 4 }
1:
    { addd,0 %r1, 1, %r1 }
    { cmpedb,0 %r1, 3, %pred1 ; nop 2 }
    ct %ctpr1 ? ~%pred1
    CHECK_D(%r1, 3)

CASE(rrd_ip_is_bundle_address)
    // %ip reads the address of the current bundle (§4.8)
.Lip_here:
    { rrd,0 %ip, %r1 }
    { addd,0 0, .Lip_here, %r2 }
    CHECK_D(%r1, %r2)

CASE(wide_bundle_executes_all_channels)
    {
        addd,0 0, 1, %r1
        addd,1 0, 2, %r2
        addd,2 0, 3, %r3
        addd,3 0, 4, %r4
        addd,4 0, 5, %r5
        addd,5 0, 6, %r6
    }
    { addd,0 %r1, %r2, %r7 ; addd,1 %r3, %r4, %r8 ; addd,2 %r5, %r6, %r9 }
    { addd,0 %r7, %r8, %r7 }
    { addd,0 %r7, %r9, %r7 }
    CHECK_D(%r7, 21)

CASE(nop_bundles)
    { addd,0 0, 1, %r1 }
    nop
    nop 7
    {}
    CHECK_D(%r1, 1)

TEST_END
