// shifts.S — shifts and rotates (e2k-isa.md §5.1). Counts are taken modulo
// the operand width on hardware [T int/basic-1]; §12 notes QEMU relies on
// the host for this, so these cases pin it down.

#include "e2k-test.h"

TEST_BEGIN

CASE(shld_basic)
    { shld,0 3, 4, %r1 }
    CHECK_D(%r1, 48)

CASE(shld_count_mod_64)
    { shld,0 1, 65, %r1 }
    CHECK_D(%r1, 2)

CASE(shls_count_mod_32)
    { shls,0 1, 33, %r1 }
    CHECK_S(%r1, 2)

CASE(shls_drops_high_bits)
    { addd,0 0, 0x80000001, %r1 }
    { shls,0 %r1, 1, %r2 }
    CHECK_S(%r2, 2)

CASE(shrd_logical)
    { addd,0 0, 0x8000000000000000, %r1 }
    { shrd,0 %r1, 63, %r2 }
    CHECK_D(%r2, 1)

CASE(shrs_logical_mod_32)
    { addd,0 0, 0x80000000, %r1 }
    { shrs,0 %r1, 35, %r2 }
    CHECK_S(%r2, 0x10000000)

CASE(sard_arithmetic)
    { addd,0 0, 0x8000000000000000, %r1 }
    { sard,0 %r1, 60, %r2 }
    CHECK_D(%r2, 0xfffffffffffffff8)

CASE(sars_arithmetic_mod_32)
    { addd,0 0, 0x80000000, %r1 }
    { sars,0 %r1, 33, %r2 ; sars,1 %r1, 32, %r3 }
    CHECK_S(%r2, 0xc0000000)
    CHECK_S(%r3, 0x80000000)

CASE(scld_rotates_left)
    { addd,0 0, 0x8000000000000003, %r1 }
    { scld,0 %r1, 4, %r2 }
    CHECK_D(%r2, 0x38)

CASE(scld_count_64_is_identity)
    { addd,0 0, 0x0123456789abcdef, %r1 }
    { scld,0 %r1, 64, %r2 }
    CHECK_D(%r2, 0x0123456789abcdef)

CASE(scrd_rotates_right)
    { addd,0 0, 0x0000000000000031, %r1 }
    { scrd,0 %r1, 4, %r2 }
    CHECK_D(%r2, 0x1000000000000003)

CASE(scls_scrs_32)
    { addd,0 0, 0xf0000001, %r1 }
    { scls,0 %r1, 4, %r2 ; scrs,1 %r1, 4, %r3 }
    CHECK_S(%r2, 0x0000001f)
    CHECK_S(%r3, 0x1f000000)

CASE(shift_count_from_register)
    { addd,0 0, 1, %r1 ; addd,1 0, 0x47, %r2 }
    { shld,0 %r1, %r2, %r3 }
    CHECK_D(%r3, 0x80)

TEST_END
