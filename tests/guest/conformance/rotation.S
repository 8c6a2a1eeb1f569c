// rotation.S — based (rotating) registers and rotating predicates
// (e2k-isa.md §4.3, §4.4, §7.3): %b[N] = %r[2*rbs + (2*rcur + N) mod
// 2*(rsz+1)], abn moves rcur down by one, abp moves pcur down by one.
// Verified: [T win/br-1, win/setbn-1].

#include "e2k-test.h"

TEST_BEGIN

CASE(based_register_maps_into_window)
    // rsz=3, rbs=4: %b[0..7] = %r8..%r15
    { setbn rsz=3, rbs=4, rcur=0 }
    { addd,0 0, 0x10, %b[0] ; addd,1 0, 0x17, %b[7] }
    CHECK_D(%r8, 0x10)
    CHECK_D(%r15, 0x17)

CASE(rcur_offsets_the_mapping)
    // rsz=1, rbs=8, rcur=1: area %r16..%r19, %b[0] = %r18, %b[2] = %r16
    { setbn rsz=1, rbs=8, rcur=1 }
    { addd,0 0, 0x20, %b[0] ; addd,1 0, 0x22, %b[2] }
    CHECK_D(%r18, 0x20)
    CHECK_D(%r16, 0x22)
    { setbn rsz=3, rbs=4, rcur=0 }

CASE(abn_rotates_without_a_transfer)
    // a bundle with no transfer counts as "false": abnf rotates; the value
    // written as %b[0] is afterwards %b[2]
    { setbn rsz=3, rbs=4, rcur=0 }
    { addd,0 0, 0, %r8 ; addd,1 0, 0, %r14 }
    { addd,0 0, 0x31, %b[0] ; abn abnf=1, abnt=0 }
    { addd,0 0, 0x32, %b[0] }
    CHECK_D(%r8, 0x31)
    CHECK_D(%r14, 0x32)
    CHECK_D(%b[2], 0x31)
    { setbn rsz=3, rbs=4, rcur=0 }

CASE(abnt_needs_a_taken_transfer)
    { setbn rsz=3, rbs=4, rcur=0 }
    { addd,0 0, 0, %r8 ; addd,1 0, 0, %r14 }
    { addd,0 0, 0x41, %b[0] ; abn abnf=0, abnt=1 }
    { addd,0 0, 0x42, %b[0] }
    CHECK_D(%r8, 0x42)
    { addd,0 0, 0x43, %b[0] ; abn abnf=0, abnt=1 ; ibranch 1f }
1:
    { addd,0 0, 0x44, %b[0] }
    CHECK_D(%r8, 0x43)
    CHECK_D(%r14, 0x44)
    { setbn rsz=3, rbs=4, rcur=0 }

CASE(rotation_wraps_around_the_area)
    // four rotations of a 4-quad area come back to the start
    { setbn rsz=3, rbs=4, rcur=0 }
    { abn abnf=1, abnt=0 }
    { abn abnf=1, abnt=0 }
    { abn abnf=1, abnt=0 }
    { abn abnf=1, abnt=0 }
    { addd,0 0, 0x51, %b[1] }
    CHECK_D(%r9, 0x51)

CASE(setbn_applies_after_the_bundle)
    // ops of the setbn bundle still use the old BR [T win/out-of-bounds-3]
    { setbn rsz=3, rbs=4, rcur=0 }
    { setbn rsz=3, rbs=6, rcur=0 ; addd,0 0, 0x61, %b[0] }
    { addd,0 0, 0x62, %b[0] }
    CHECK_D(%r8, 0x61)
    CHECK_D(%r12, 0x62)
    { setbn rsz=3, rbs=4, rcur=0 }

CASE(setbn_keeps_register_contents)
    { addd,0 0, 0x71, %r10 }
    { setbn rsz=0, rbs=5, rcur=0 }
    CHECK_D(%b[0], 0x71)
    { setbn rsz=3, rbs=4, rcur=0 }

CASE(rotating_predicates)
    // setbp psz=1: %pred0 and %pred1 rotate; after abp %pred1 is the old
    // %pred0 (§4.4)
    { setbp psz=1 }
    { cmpedb,0 0, 0, %pred0 ; cmpedb,1 0, 1, %pred1 ; nop 2 }
    { abp abpf=1, abpt=0 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred0)
    { setbp psz=0 }

CASE(predicates_above_psz_do_not_rotate)
    { setbp psz=1 }
    { cmpedb,0 0, 0, %pred5 ; nop 2 }
    { abp abpf=1, abpt=0 }
    CHECK_PRED(%pred5)
    { setbp psz=0 }

TEST_END
