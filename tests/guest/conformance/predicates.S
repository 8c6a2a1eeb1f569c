// predicates.S — predicate logic (PLS: pass/andp/landp/movep), conditional
// execution of ALU ops (CDS RLP) and merges (MRGC): e2k-isa.md §8, §5.1.
// Verified on hardware: [T plu/andp-1, plu/movep-1, plu/cascading-1,
// sm/merged-1].

#include "e2k-test.h"

#define SET_TRUE(p)  { cmpedb,0 0, 0, p ; nop 2 }
#define SET_FALSE(p) { cmpedb,0 0, 1, p ; nop 2 }

TEST_BEGIN

CASE(pass_copies_a_predicate)
    SET_TRUE(%pred1)
    SET_FALSE(%pred2)
    {
        pass %pred1, @p0
        pass %pred2, @p1
        andp @p0, ~@p1, @p4
        pass @p4, %pred3
    }
    CHECK_PRED(%pred3)

CASE(andp_truth_table)
    SET_TRUE(%pred1)
    SET_FALSE(%pred2)
    {
        pass %pred1, @p0
        pass %pred2, @p1
        andp @p0, @p1, @p4
        pass @p4, %pred4
        andp ~@p0, ~@p1, @p5
        pass @p5, %pred5
        andp ~@p1, @p0, @p6
        pass @p6, %pred6
    }
    CHECK_NOT_PRED(%pred4)
    CHECK_NOT_PRED(%pred5)
    CHECK_PRED(%pred6)

CASE(landp_same_value_as_andp)
    SET_TRUE(%pred1)
    SET_TRUE(%pred2)
    {
        pass %pred1, @p0
        pass %pred2, @p1
        landp @p0, @p1, @p4
        pass @p4, %pred4
    }
    CHECK_PRED(%pred4)

CASE(clp_cascade_uses_earlier_result)
    // CLP1 and CLP2 may read CLP0's result (@p4); chains are at most two
    // deep [T plu/cascading-1]
    SET_TRUE(%pred1)
    SET_TRUE(%pred2)
    SET_FALSE(%pred3)
    {
        pass %pred1, @p0
        pass %pred2, @p1
        pass %pred3, @p2
        andp @p0, @p1, @p4
        andp @p4, ~@p2, @p5
        andp @p4, @p2, @p6
        pass @p5, %pred5
        pass @p6, %pred6
    }
    CHECK_PRED(%pred5)
    CHECK_NOT_PRED(%pred6)

CASE(movep_writes_only_when_first_operand_true)
    // movep a, b -> if (a) dst = b, else dst unchanged [T plu/movep-1]
    SET_TRUE(%pred1)
    SET_FALSE(%pred2)
    SET_TRUE(%pred4)
    SET_TRUE(%pred5)
    {
        pass %pred1, @p0
        pass %pred2, @p1
        movep @p0, @p1, @p4
        pass @p4, %pred4
        movep @p1, @p1, @p5
        pass @p5, %pred5
    }
    CHECK_NOT_PRED(%pred4)
    CHECK_PRED(%pred5)

CASE(elp_reads_predicates_from_bundle_start)
    SET_FALSE(%pred1)
    {
        cmpedb,0 0, 0, %pred1
        pass %pred1, @p0
        pass %pred1, @p1
        andp @p0, @p1, @p4
        pass @p4, %pred2
    }
    CHECK_PRED(%pred1)
    CHECK_NOT_PRED(%pred2)

CASE(op_under_true_predicate_executes)
    SET_TRUE(%pred1)
    { addd,0 0, 1, %r1 }
    { addd,0 0, 7, %r1 ? %pred1 }
    CHECK_D(%r1, 7)

CASE(op_under_false_predicate_does_nothing)
    SET_FALSE(%pred1)
    { addd,0 0, 1, %r1 }
    { addd,0 0, 7, %r1 ? %pred1 }
    CHECK_D(%r1, 1)

CASE(negated_condition)
    SET_FALSE(%pred1)
    { addd,0 0, 1, %r1 ; addd,1 0, 1, %r2 }
    { addd,0 0, 7, %r1 ? ~%pred1 ; addd,3 0, 9, %r2 ? %pred1 }
    CHECK_D(%r1, 7)
    CHECK_D(%r2, 1)

CASE(condition_reads_predicate_from_bundle_start)
    SET_FALSE(%pred1)
    { addd,0 0, 1, %r1 }
    { cmpedb,0 0, 0, %pred1 ; addd,1 0, 7, %r1 ? %pred1 }
    CHECK_D(%r1, 1)

CASE(false_store_is_not_performed)
    SET_FALSE(%pred1)
    { addd,0 0, 0x11, %r1 ; addd,1 0, 0x22, %r2 }
    { std,2 %r1, 0, pred_cell }
    { std,2 %r2, 0, pred_cell ? %pred1 }
    CHECK_MEM_D(pred_cell, 0x11)

CASE(merged_selects_by_predicate)
    // merged s1, s2, dst, cond: cond ? s2 : s1 (§5.1)
    SET_TRUE(%pred1)
    SET_FALSE(%pred2)
    { addd,0 0, 10, %r1 ; addd,1 0, 20, %r2 }
    { merged,0 %r1, %r2, %r3, %pred1 ; merged,1 %r1, %r2, %r4, %pred2 }
    { merged,0 %r1, %r2, %r5, ~%pred1 }
    CHECK_D(%r3, 20)
    CHECK_D(%r4, 10)
    CHECK_D(%r5, 10)

CASE(merges_32)
    SET_TRUE(%pred1)
    { merges,0 3, 4, %r1, %pred1 }
    CHECK_S(%r1, 4)

CASE(thirty_two_predicates)
    { cmpedb,0 0, 0, %pred0 ; cmpedb,1 0, 1, %pred31 ; nop 2 }
    CHECK_PRED(%pred0)
    CHECK_NOT_PRED(%pred31)

TEST_END

    .data
    .balign 8
pred_cell:
    .quad 0
