// alu.S — integer arithmetic and logic (e2k-isa.md §5.1, §5.3, §5.4, §9).
//
// Expected values follow the semantics of e2k-isa.md; where the document
// names a hardware-verified peer test it is cited as [T name].

#include "e2k-test.h"

TEST_BEGIN

CASE(adds_wraps_at_32_bits)
    { addd,0 0, 0x7fffffff, %r1 }
    { adds,0 %r1, 1, %r2 }
    CHECK_S(%r2, 0x80000000)

CASE(addd_carries_out_of_64_bits)
    { addd,0 0, -1, %r1 }
    { addd,0 %r1, 1, %r2 }
    CHECK_D(%r2, 0)

CASE(subd_negative_result)
    { subd,0 5, 7, %r1 }
    CHECK_D(%r1, -2)

CASE(subs_borrow_32)
    { subs,0 0, 1, %r1 }
    CHECK_S(%r1, 0xffffffff)

CASE(literal16_sign_extends)
    // e2k-isa.md §3.2: 16- and 32-bit literals are sign-extended [T decode/lit-1]
    { addd,0 0, _f16s,_lts0lo 0xffff, %r1 }
    CHECK_D(%r1, -1)

CASE(literal32_sign_extends)
    { addd,0 0, _f32s,_lts0 0xfffffffe, %r1 }
    CHECK_D(%r1, -2)

CASE(literal64_is_exact)
    { addd,0 0, 0x123456789abcdef0, %r1 }
    { subd,0 %r1, 0x12345678, %r2 }
    CHECK_D(%r2, 0x1234567888888878)

CASE(andd_ord_xord)
    { addd,0 0, 0xff00ff00ff00ff00, %r1 ; addd,1 0, 0x0ff00ff00ff00ff0, %r2 }
    { andd,0 %r1, %r2, %r3 ; ord,1 %r1, %r2, %r4 ; xord,3 %r1, %r2, %r5 }
    CHECK_D(%r3, 0x0f000f000f000f00)
    CHECK_D(%r4, 0xfff0fff0fff0fff0)
    CHECK_D(%r5, 0xf0f0f0f0f0f0f0f0)

CASE(andnd_ornd_xornd_complement_src2)
    // s1 & ~s2, s1 | ~s2, s1 ^ ~s2 [T int/basic-1]
    { addd,0 0, 0xf0, %r1 ; addd,1 0, 0x3c, %r2 }
    { andnd,0 %r1, %r2, %r3 ; ornd,1 %r1, %r2, %r4 ; xornd,3 %r1, %r2, %r5 }
    CHECK_D(%r3, 0xc0)
    CHECK_D(%r4, 0xfffffffffffffff3)
    CHECK_D(%r5, 0xffffffffffffff33)

CASE(andns_32)
    { andns,0 0x1f, 0x5, %r1 }
    CHECK_S(%r1, 0x1a)

CASE(sxt_sign_and_zero_extend)
    // s1[1:0] = width (8, 16, 32), s1[2] = zero-extend [T int/sxt-1]
    { sxt,0 0, 0x80, %r1 ; sxt,1 4, 0x1ff, %r2 ; sxt,3 1, 0x8001, %r3 }
    { sxt,0 2, 0x80000000, %r4 ; sxt,1 6, 0xffffffff, %r5 ; sxt,3 5, 0x18001, %r6 }
    CHECK_D(%r1, 0xffffffffffffff80)
    CHECK_D(%r2, 0xff)
    CHECK_D(%r3, 0xffffffffffff8001)
    CHECK_D(%r4, 0xffffffff80000000)
    CHECK_D(%r5, 0xffffffff)
    CHECK_D(%r6, 0x8001)

CASE(muls_low_32_bits)
    { addd,0 0, 0x10001, %r1 }
    { muls,0 %r1, %r1, %r2 }
    CHECK_S(%r2, 0x00020001)

CASE(muld_low_64_bits)
    { addd,0 0, 0x100000001, %r1 }
    { muld,0 %r1, 3, %r2 }
    CHECK_D(%r2, 0x300000003)

CASE(umulx_full_product)
    { addd,0 0, 0xffffffff, %r1 }
    { umulx,0 %r1, %r1, %r2 }
    CHECK_D(%r2, 0xfffffffe00000001)

CASE(smulx_signed_product)
    { addd,0 0, 0xffffffff, %r1 }
    { smulx,0 %r1, 3, %r2 }
    CHECK_D(%r2, -3)

#if __iset__ >= 3
CASE(umulhd_high_half)
    { addd,0 0, -1, %r1 }
    { umulhd,0 %r1, 16, %r2 ; smulhd,1 %r1, 16, %r3 }
    CHECK_D(%r2, 15)
    CHECK_D(%r3, -1)
#endif

CASE(udivd_quotient)
    { addd,0 0, 1000003, %r1 }
    { udivd,5 %r1, 7, %r2 }
    CHECK_D(%r2, 142857)

CASE(udivs_unsigned)
    { addd,0 0, 0xffffffff, %r1 }
    { udivs,5 %r1, 2, %r2 }
    CHECK_S(%r2, 0x7fffffff)

CASE(sdivd_truncates_toward_zero)
    { subd,0 0, 100, %r1 }
    { sdivd,5 %r1, 7, %r2 }
    CHECK_D(%r2, -14)

CASE(sdivs_signed)
    { addd,0 0, 0xfffffff9, %r1 }
    { sdivs,5 %r1, 2, %r2 }
    CHECK_S(%r2, 0xfffffffd)

CASE(udivx_umodx_64_by_32)
    { addd,0 0, 0x100000005, %r1 }
    { udivx,5 %r1, 3, %r2 }
    { umodx,5 %r1, 3, %r3 }
    CHECK_S(%r2, 0x55555557)
    CHECK_S(%r3, 0)

CASE(smodx_sign_of_dividend)
    { subd,0 0, 100, %r1 }
    { smodx,5 %r1, 7, %r2 }
    CHECK_S(%r2, 0xfffffffe)

#if __iset__ >= 2
CASE(lzcnt_popcnt)
    { lzcntd,1 1, %r1 ; popcntd,4 0xff, %r2 }
    { lzcnts,1 0, %r3 ; popcnts,4 0x80000001, %r4 }
    CHECK_D(%r1, 63)
    CHECK_D(%r2, 8)
    CHECK_S(%r3, 32)
    CHECK_S(%r4, 2)

CASE(bitrev)
    { bitrevd,0 1, %r1 ; bitrevs,1 6, %r2 }
    CHECK_D(%r1, 0x8000000000000000)
    CHECK_S(%r2, 0x60000000)
#endif

CASE(getfd_extracts_rotated_field)
    // f = rotr(s1, O) & ((1 << L) - 1), selector O | L << 6 (§5.3)
    { addd,0 0, 0x1122334455667788, %r1 }
    { getfd,0 %r1, 16 | (16 << 6), %r2 }
    CHECK_D(%r2, 0x5566)

CASE(getfd_field_wraps_around)
    { addd,0 0, 0x1122334455667788, %r1 }
    { getfd,0 %r1, 56 | (16 << 6), %r2 }
    CHECK_D(%r2, 0x8811)

CASE(getfd_sign_rule)
    // v5+: plain sign extension of the L-bit field; v<=4: the sign bit is
    // bit 8*B + ((O+L-1) & 7) of s1 [T int/getfd-1]
    { addd,0 0, 0xf0a50000, %r1 }
    { getfd,0 %r1, 16 | (8 << 6) | (1 << 12), %r2 }
#if __iset__ >= 5
    CHECK_D(%r2, 0xffffffffffffffa5)
#else
    CHECK_D(%r2, 0xa5)
#endif

CASE(getfs_32)
    { addd,0 0, 0x12345678, %r1 }
    { getfs,0 %r1, 4 | (8 << 6), %r2 }
    CHECK_S(%r2, 0x67)

CASE(insfd_inserts_into_rotated_s1)
    // dst = (rotr(s1, O) & ~mask) | (s3 & mask) [T int/insfd-1]
    { addd,0 0, 0x1122334455667788, %r1 ; addd,1 0, 0xabcd, %r2 }
    { insfd,0 %r1, 16 | (16 << 6), %r2, %r3 }
    CHECK_D(%r3, 0x778811223344abcd)

CASE(sources_read_before_writes)
    // every source reads the value from before the bundle (§9 step 4)
    { addd,0 0, 1, %r1 ; addd,1 0, 2, %r2 }
    { addd,0 %r2, 0, %r1 ; addd,1 %r1, 0, %r2 }
    CHECK_D(%r1, 2)
    CHECK_D(%r2, 1)

CASE(highest_channel_wins)
    // same destination in several channels: the highest channel's result
    // is kept, even for a divide [T base/same-reg-output-1]
    { addd,0 0, 1, %r1 ; addd,3 0, 2, %r1 }
    CHECK_D(%r1, 2)
    { addd,0 0, 100, %r2 }
    { addd,0 0, 9, %r3 ; udivd,5 %r2, 10, %r3 }
    CHECK_D(%r3, 10)

CASE(empty_destination_discards)
    { addd,0 0, 5, %r1 }
    { addd,0 %r1, 1, %empty }
    CHECK_D(%r1, 5)

CASE(global_registers)
    { addd,0 0, 0x55, %g16 ; addd,1 0, 0x66, %g31 }
    { addd,0 %g16, %g31, %g17 }
    CHECK_D(%g17, 0xbb)

TEST_END
