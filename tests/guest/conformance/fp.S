// fp.S — scalar IEEE single and double operations (e2k-isa.md §5.8):
// arithmetic, min/max, compares into predicates, conversions, with the
// initial rounding mode (to nearest, docs/linux-user.md §2). Values are
// IEEE 754 bit patterns.

#include "e2k-test.h"

#define D_1_0   0x3ff0000000000000
#define D_1_5   0x3ff8000000000000
#define D_2_0   0x4000000000000000
#define D_2_5   0x4004000000000000
#define D_2_7   0x400599999999999a
#define D_3_0   0x4008000000000000
#define D_3_5   0x400c000000000000
#define D_4_0   0x4010000000000000
#define D_7_0   0x401c000000000000
#define D_M1_0  0xbff0000000000000
#define D_M2_0  0xc000000000000000
#define D_M2_5  0xc004000000000000
#define D_M3_0  0xc008000000000000
#define D_0_1   0x3fb999999999999a
#define D_0_25  0x3fd0000000000000
#define D_THIRD 0x3fd5555555555555
#define D_NAN   0x7ff8000000000000
#define F_1_0   0x3f800000
#define F_1_5   0x3fc00000
#define F_2_0   0x40000000
#define F_2_25  0x40100000
#define F_3_0   0x40400000
#define F_0_1   0x3dcccccd

// load two doubles into %r1, %r2
#define LOAD2(a, b) { addd,0 0, a, %r1 } ; { addd,0 0, b, %r2 }

TEST_BEGIN

CASE(faddd)
    LOAD2(D_1_5, D_2_5)
    { faddd,0 %r1, %r2, %r3 }
    CHECK_D(%r3, D_4_0)

CASE(fsubd)
    LOAD2(D_1_0, D_3_0)
    { fsubd,0 %r1, %r2, %r3 }
    CHECK_D(%r3, D_M2_0)

CASE(fmuld)
    LOAD2(D_1_5, D_M2_0)
    { fmuld,0 %r1, %r2, %r3 }
    CHECK_D(%r3, D_M3_0)

CASE(fdivd_exact_and_rounded)
    LOAD2(D_1_0, D_4_0)
    { fdivd,5 %r1, %r2, %r3 }
    CHECK_D(%r3, D_0_25)
    LOAD2(D_1_0, D_3_0)
    { fdivd,5 %r1, %r2, %r3 }
    CHECK_D(%r3, D_THIRD)

CASE(fadds_fmuls)
    { addd,0 0, F_1_0, %r1 ; addd,1 0, F_2_0, %r2 }
    { fadds,0 %r1, %r2, %r3 }
    CHECK_S(%r3, F_3_0)
    { addd,0 0, F_1_5, %r1 }
    { fmuls,0 %r1, %r1, %r3 }
    CHECK_S(%r3, F_2_25)

CASE(fmind_fmaxd)
    LOAD2(D_1_0, D_M1_0)
    { fmind,0 %r1, %r2, %r3 ; fmaxd,1 %r1, %r2, %r4 }
    CHECK_D(%r3, D_M1_0)
    CHECK_D(%r4, D_1_0)

CASE(fcmp_ordered)
    LOAD2(D_1_0, D_2_0)
    { fcmpltdb,0 %r1, %r2, %pred1 ; fcmpltdb,1 %r2, %r1, %pred2 ; fcmpledb,3 %r1, %r1, %pred3 ; nop 4 }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)
    CHECK_PRED(%pred3)

CASE(fcmp_nan_is_unordered)
    LOAD2(D_NAN, D_1_0)
    { fcmpeqdb,0 %r1, %r1, %pred1 ; fcmpuoddb,1 %r1, %r2, %pred2 ; fcmpltdb,3 %r1, %r2, %pred3 ; nop 4 }
    CHECK_NOT_PRED(%pred1)
    CHECK_PRED(%pred2)
    CHECK_NOT_PRED(%pred3)

CASE(fcmp_negative_zero_equals_zero)
    LOAD2(0x8000000000000000, 0)
    { fcmpeqdb,0 %r1, %r2, %pred1 ; nop 4 }
    CHECK_PRED(%pred1)

CASE(idtofd_istofd)
    { idtofd,0 7, %r1 ; addd,1 0, 0xfffffffe, %r2 }
    { istofd,0 %r2, %r3 }
    CHECK_D(%r1, D_7_0)
    CHECK_D(%r3, D_M2_0)

CASE(fdtoid_rounds_to_nearest_even)
    LOAD2(D_2_5, D_3_5)
    { fdtoid,0 %r1, %r3 ; fdtoid,1 %r2, %r4 }
    CHECK_D(%r3, 2)
    CHECK_D(%r4, 4)
    { addd,0 0, D_M2_5, %r1 }
    { fdtoid,0 %r1, %r3 }
    CHECK_D(%r3, -2)

#if __iset__ >= 2
CASE(fdtoidtr_truncates)
    { addd,0 0, D_2_7, %r1 }
    { fdtoidtr,0 %r1, %r3 }
    CHECK_D(%r3, 2)
#endif

CASE(fstofd_fdtofs)
    { addd,0 0, F_1_5, %r1 ; addd,1 0, D_0_1, %r2 }
    { fstofd,0 %r1, %r3 ; fdtofs,1 %r2, %r4 }
    CHECK_D(%r3, D_1_5)
    CHECK_S(%r4, F_0_1)

#if __iset__ >= 4
CASE(fp_on_channels_2_and_5)
    // v4+: faddd/fmuld also on channels 2 and 5 (EXT1 encodings, §5.8)
    LOAD2(D_1_5, D_2_5)
    { faddd,2 %r1, %r2, %r3 ; fmuld,5 %r1, %r1, %r4 }
    CHECK_D(%r3, D_4_0)
    CHECK_D(%r4, 0x4002000000000000)
#endif

TEST_END
