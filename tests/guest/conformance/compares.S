// compares.S — integer compares into predicates (e2k-isa.md §5.2): the
// eight cmpopce kinds (o b e be s p l le), the 32-bit forms looking at the
// low halves only, and cmpand* on s1 & s2. Verified kinds: [T int/cmpd-1].

#include "e2k-test.h"

TEST_BEGIN

CASE(cmpe)
    { cmpedb,0 5, 5, %pred1 ; cmpedb,1 5, 6, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpb_is_unsigned)
    { addd,0 0, -1, %r1 }
    { cmpbdb,0 1, %r1, %pred1 ; cmpbdb,1 %r1, 1, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpl_is_signed)
    { addd,0 0, -1, %r1 }
    { cmpldb,0 %r1, 1, %pred1 ; cmpldb,1 1, %r1, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpbe_and_cmple_include_equal)
    { cmpbedb,0 7, 7, %pred1 ; cmpledb,1 7, 7, %pred2 ; cmpbedb,3 8, 7, %pred3 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_PRED(%pred2)
    CHECK_NOT_PRED(%pred3)

CASE(cmps_sign_of_difference)
    { cmpsdb,0 1, 2, %pred1 ; cmpsdb,1 2, 1, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpo_signed_overflow)
    // INT64_MIN - 1 overflows; 1 - 1 does not
    { addd,0 0, 0x8000000000000000, %r1 }
    { cmpodb,0 %r1, 1, %pred1 ; cmpodb,1 1, 1, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpp_even_parity_of_low_byte)
    // 3 - 0 = 0b11 (two ones: even); 7 - 0 = 0b111 (odd);
    // 0x100 - 0 has low byte 0 (even)
    { addd,0 0, 0x100, %r1 }
    { cmppdb,0 3, 0, %pred1 ; cmppdb,1 7, 0, %pred2 ; cmppdb,3 %r1, 0, %pred3 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)
    CHECK_PRED(%pred3)

CASE(cmp_32bit_uses_low_halves)
    { addd,0 0, 0x100000005, %r1 }
    { cmpesb,0 %r1, 5, %pred1 ; cmpedb,1 %r1, 5, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmplsb_signed_32)
    { addd,0 0, 0x80000000, %r1 }
    { cmplsb,0 %r1, 0, %pred1 ; cmpldb,1 %r1, 0, %pred2 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(cmpand_tests_s1_and_s2)
    { addd,0 0, 0x8000000000000000, %r1 ; addd,1 0, 0xf0, %r2 }
    { cmpandedb,0 %r2, 0x0f, %pred1 ; cmpandedb,1 3, 1, %pred2 ; nop 2 }
    { cmpandsdb,0 %r1, %r1, %pred3 ; cmpandledb,1 0, 5, %pred4 ; nop 2 }
    { cmpandpdb,0 7, 3, %pred5 ; cmpandpdb,1 7, 1, %pred6 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)
    CHECK_PRED(%pred3)
    CHECK_PRED(%pred4)
    CHECK_PRED(%pred5)
    CHECK_NOT_PRED(%pred6)

CASE(compare_in_any_alu_channel)
    { cmpedb,0 1, 1, %pred1 ; cmpedb,1 1, 1, %pred2 ; cmpedb,3 1, 1, %pred3 ; cmpedb,4 1, 1, %pred4 ; nop 2 }
    CHECK_PRED(%pred1)
    CHECK_PRED(%pred2)
    CHECK_PRED(%pred3)
    CHECK_PRED(%pred4)

CASE(compare_overwrites_previous_value)
    { cmpedb,0 1, 1, %pred7 ; nop 2 }
    { cmpedb,0 1, 2, %pred7 ; nop 2 }
    CHECK_NOT_PRED(%pred7)

TEST_END
