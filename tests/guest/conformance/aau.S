// aau.S — the array access unit (e2k-isa.md §5.10, docs/cpu.md "AAU"):
// AAU registers written by aaurw and read back by aaurr, array stores
// staa with the %aasti increment and a literal, and the asynchronous
// array prefetch: a fapb program started by bap through an ldisp %ctpr2,
// read by mova with am advancing the area, the element-format check, the
// big-endian form and misaligned elements (v5). Hardware facts come from
// the peer tests named in [T ...]; aaurr is our mirror of aaurw (UNSURE).

#include "e2k-test.h"

TEST_BEGIN

CASE(registers_read_back)
    { addd,0 0, 0x4321, %r1 ; addd,1 0, 40, %r2 }
    { aaurwd,2 %r1, %aad5 ; aaurwd,5 %r2, %aasti3 }
    { aaurw,2 %r2, %aaincr4 ; aaurw,5 %r2, %aaind0 }
    { aaurrd,2 %aad5, %r3 ; aaurr,5 %aasti3, %r4 }
    { aaurr,2 %aaincr4, %r5 ; aaurr,5 %aaind0, %r6 }
    // an AAD keeps the base in 47:0 and gets rw = 3 (bits 60:59)
    CHECK_D(%r3, 0x1800000000004321)
    CHECK_D(%r4, 40)
    CHECK_D(%r5, 40)
    // %aaind0 cannot be written
    CHECK_D(%r6, 0)

CASE(staa_steps_by_the_increment)
    // incr adds %aaincr << log2(size) after the store [T aau/staa-1]
    { addd,0 0, harr, %r1 ; addd,1 0, 0, %r2 ; addd,2 0, 3, %r3 }
    { aaurwd,2 %r1, %aad2 ; aaurwd,5 %r2, %aasti1 }
    { aaurw,2 %r3, %aaincr2 }
    { addd,0 0, 0x111, %r4 ; addd,1 0, 0x222, %r5 }
    { staah,2 %r4, %aad2 [ %aasti1 ] ; incr,2 %aaincr0 }
    { staah,5 %r5, %aad2 [ %aasti1 ] ; incr,5 %aaincr2 }
    { staah,2 %r4, %aad2 [ %aasti1 ] }
    { aaurr,2 %aasti1, %r6 }
    CHECK_MEM_D(harr, 0x0000000002220111)
    CHECK_MEM_W(harr + 8, 0x0111)
    CHECK_D(%r6, 8)

CASE(staa_adds_a_literal)
    { addd,0 0, harr, %r1 ; addd,1 0, 0, %r2 ; addd,2 0, 0x5a5a, %r3 }
    { aaurwd,2 %r1, %aad6 ; aaurwd,5 %r2, %aasti9 }
    { staad,2 %r3, %aad6 [ %aasti9 + _f32s,_lts0 16 ] }
    CHECK_MEM_D(harr + 16, 0x5a5a)

CASE(mova_walks_two_areas)
    // area 0 from word 0, area 1 from word 3; am advances each by one
    // element per read [T aau/movaw-1]
    { addd,0 0, warr, %r1 ; ldisp %ctpr2, prog_two_areas }
    { aaurwd,2 %r1, %aad7 }
    { bap }
    { nop 7 }
    { movaw,0 area = 0, ind = 0, am = 1, be = 0, %r2 ; movaw,1 area = 1, ind = 0, am = 1, be = 0, %r3 }
    { movaw,0 area = 0, ind = 0, am = 1, be = 0, %r4 ; movaw,1 area = 1, ind = 0, am = 0, be = 0, %r5 }
    { movaw,0 area = 1, ind = 4, am = 0, be = 0, %r6 }
    { eap }
    CHECK_D(%r2, 10)
    CHECK_D(%r3, 13)
    CHECK_D(%r4, 11)
    CHECK_D(%r5, 14)
    CHECK_D(%r6, 15)

CASE(mova_element_too_narrow_is_diagnostic)
    // movaw from an area of 2-byte elements fails on hardware
    // [T aau/movaw-fmt-2]; movab from it is fine [T aau/movab-fmt-2]
    { addd,0 0, warr, %r1 ; ldisp %ctpr2, prog_halfwords }
    { aaurwd,2 %r1, %aad7 }
    { bap }
    { nop 7 }
    { movaw,0 area = 0, ind = 0, am = 0, be = 0, %r2 ; movab,1 area = 0, ind = 0, am = 0, be = 0, %r3 }
    { gettagd,2 %r2, %r4 ; gettagd,5 %r3, %r5 }
    { eap }
    CHECK_S(%r4, 5)
    CHECK_S(%r5, 0)
    CHECK_D(%r3, 10)

CASE(mova_big_endian_and_misaligned)
    // be = 1 swaps the bytes; a misaligned element is fine on v5
    // [T aau/movaw-unaligned-2]
    { addd,0 0, warr + 1, %r1 ; ldisp %ctpr2, prog_words }
    { aaurwd,2 %r1, %aad7 }
    { bap }
    { nop 7 }
    { movaw,0 area = 0, ind = 0, am = 0, be = 0, %r2 ; movaw,1 area = 0, ind = 0, am = 0, be = 1, %r3 }
    { eap }
    CHECK_D(%r2, 0x0b000000)
    CHECK_D(%r3, 0x0000000b)

TEST_END

    .text
    .balign 16
prog_two_areas:
    { fapb ct=0, dcd=0, fmt=3, mrng=8, d=7, incr=0, ind=0, asz=1, abs=0, disp=0 }
    { fapb ct=1, dcd=0, fmt=3, mrng=8, d=7, incr=0, ind=0, asz=1, abs=0, disp=12 }
prog_halfwords:
    { fapb ct=1, dcd=0, fmt=2, mrng=8, d=7, incr=0, ind=0, asz=1, abs=0, disp=0 }
prog_words:
    { fapb ct=1, dcd=0, fmt=3, mrng=8, d=7, incr=0, ind=0, asz=1, abs=0, disp=0 }

    .data
    .balign 8
warr:
    .word 10, 11, 12, 13, 14, 15, 16, 17
harr:
    .fill 32, 1, 0
