// loadstore.S — loads and stores (e2k-isa.md §5.5): widths, zero
// extension, address = s1 + s2, little-endian byte order, speculative
// loads and diagnostic tags (§4.10).

#include "e2k-test.h"

TEST_BEGIN

CASE(loads_zero_extend)
    { ldb,0 0, pattern, %r1 ; ldh,2 0, pattern, %r2 }
    { ldw,0 0, pattern, %r3 ; ldd,2 0, pattern, %r4 }
    CHECK_D(%r1, 0x88)
    CHECK_D(%r2, 0x9988)
    CHECK_D(%r3, 0xbbaa9988)
    CHECK_D(%r4, 0xffeeddccbbaa9988)

CASE(address_is_s1_plus_s2)
    { addd,0 0, pattern, %r1 }
    { ldb,0 %r1, 3, %r2 ; ldh,3 %r1, 6, %r3 }
    CHECK_D(%r2, 0xbb)
    CHECK_D(%r3, 0xffee)

CASE(address_from_two_registers)
    { addd,0 0, pattern, %r1 ; addd,1 0, 8, %r2 }
    { ldd,0 %r1, %r2, %r3 }
    CHECK_D(%r3, 0x0123456789abcdef)

CASE(negative_offset_wraps)
    { addd,0 0, pattern + 16, %r1 ; subd,1 0, 8, %r2 }
    { ldd,5 %r1, %r2, %r3 }
    CHECK_D(%r3, 0x0123456789abcdef)

CASE(bracket_address_syntax)
    { addd,0 0, pattern, %r1 }
    { ldw,0 [ %r1 + 4 ], %r2 }
    CHECK_D(%r2, 0xffeeddcc)

CASE(stores_write_only_their_width)
    { addd,0 0, -1, %r1 ; addd,1 0, scratch, %r2 }
    { std,2 %r1, [ %r2 ] }
    { addd,0 0, 0x1234, %r3 }
    { stb,2 %r3, [ %r2 + 0 ] ; sth,5 %r3, [ %r2 + 2 ] }
    CHECK_MEM_D(scratch, 0xffffffff1234ff34)
    { addd,0 0, 0x5566778899aabbcc, %r4 }
    { stw,2 %r4, [ %r2 + 4 ] }
    CHECK_MEM_D(scratch, 0x99aabbcc1234ff34)

CASE(store_then_load_round_trip)
    { addd,0 0, scratch + 8, %r2 ; addd,1 0, 0x0badc0ffee, %r3 }
    { std,5 %r3, [ %r2 ] }
    { ldd,3 [ %r2 ], %r4 }
    CHECK_D(%r4, 0x0badc0ffee)

CASE(two_stores_in_one_bundle)
    { addd,0 0, scratch + 16, %r2 }
    { addd,0 0, 0x61, %r3 ; addd,1 0, 0x62, %r4 }
    { std,2 %r3, [ %r2 ] ; std,5 %r4, [ %r2 + 8 ] }
    CHECK_MEM_D(scratch + 16, 0x61)
    CHECK_MEM_D(scratch + 24, 0x62)

CASE(loads_in_four_channels)
    { addd,0 0, pattern, %r1 }
    { ldb,0 %r1, 0, %r2 ; ldb,2 %r1, 1, %r3 ; ldb,3 %r1, 2, %r4 ; ldb,5 %r1, 3, %r5 }
    CHECK_D(%r2, 0x88)
    CHECK_D(%r3, 0x99)
    CHECK_D(%r4, 0xaa)
    CHECK_D(%r5, 0xbb)

CASE(load_and_store_same_bundle_other_address)
    // store in channel 2 with loads in 0 and 5 is a legal group
    // [T decode/store-load-group-1]
    { addd,0 0, scratch + 32, %r2 ; addd,1 0, 14, %r3 }
    { addd,0 0, pattern, %r1 }
    { ldb,0 %r1, 0, %r4 ; std,2 %r3, [ %r2 ] ; ldb,5 %r1, 1, %r5 }
    CHECK_D(%r4, 0x88)
    CHECK_D(%r5, 0x99)
    CHECK_MEM_D(scratch + 32, 14)

CASE(speculative_load_from_unmapped_is_diagnostic)
    // ldd,sm from an unmapped address gives a tagged value, no fault;
    // gettagd reads the tag as a number (0x5) [T sm/gettagd-1]
    { ldd,0,sm 0, 0, %r1 }
    { gettagd,2 %r1, %r2 }
    CHECK_S(%r2, 5)

CASE(speculative_load_from_mapped_is_normal)
    { ldd,0,sm 0, pattern, %r1 }
    { gettagd,2 %r1, %r2 }
    CHECK_S(%r2, 0)
    CHECK_D(%r1, 0xffeeddccbbaa9988)

CASE(speculative_store_to_unmapped_is_dropped)
    { addd,0 0, 1, %r1 }
    { std,2,sm %r1, 0, 0x1000 }
    CHECK_D(%r1, 1)

CASE(stores_do_not_keep_tags)
    // a diagnostic value stored with std,sm reads back untagged [T sm/std-1]
    { udivd,5,sm 0, 0, %r1 }
    { std,2,sm %r1, 0, scratch + 40 }
    { ldd,0 0, scratch + 40, %r2 }
    { gettagd,2 %r2, %r3 }
    CHECK_S(%r3, 0)

CASE(movtd_keeps_the_tag)
    { udivd,5,sm 0, 0, %r1 }
    { movtd,0 %r1, %r2 }
    { gettagd,2 %r2, %r3 }
    CHECK_S(%r3, 5)

TEST_END

    .data
    .balign 8
pattern:
    .quad 0xffeeddccbbaa9988
    .quad 0x0123456789abcdef
scratch:
    .fill 48, 1, 0
