/*
 * cpu_unimpl_test.c — which isa.def rows have no semantics yet (they
 * execute as exc_illegal_opcode). Prints the list and its size, and fails
 * if any row of the integer subset of e2k-isa.md §5.1-§5.6 is unbound, so
 * that a rename in isa.def cannot silently drop an implemented op.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "emu/isa.h"
#include "emu/machine.h"
#include "emu/xlat_internal.h"

static const char *const k_required[] = {
    "ands", "andd", "andns", "andnd", "ors", "ord", "orns", "ornd", "xors",
    "xord", "xorns", "xornd", "sxt", "merges", "merged", "adds", "addd",
    "subs", "subd", "scls", "scld", "scrs", "scrd", "shls", "shld", "shrs",
    "shrd", "sars", "sard", "getfs", "getfd", "cmposb", "cmpbsb", "cmpesb",
    "cmpbesb", "cmpssb", "cmppsb", "cmplsb", "cmplesb", "cmpodb", "cmpbdb",
    "cmpedb", "cmpbedb", "cmpsdb", "cmppdb", "cmpldb", "cmpledb",
    "cmpandesb", "cmpandssb", "cmpandpsb", "cmpandlesb", "cmpandedb",
    "cmpandsdb", "cmpandpdb", "cmpandledb", "bitrevs", "bitrevd", "udivs",
    "udivd", "sdivs", "sdivd", "udivx", "umodx", "sdivx", "smodx", "movts",
    "movtcs", "movtrs", "movtrcs", "movtd", "movtcd", "movtrd", "movtrcd",
    "lzcnts", "lzcntd", "popcnts", "popcntd", "muls", "muld", "umulx",
    "smulx", "umulhd", "smulhd", "getfzs", "getfzd", "insfs", "insfd",
    "addcd", "addcd_c", "subcd", "subcd_c", "gettags", "gettagd", "puttags",
    "puttagd", "getsp", "rws", "rwd", "rrs", "rrd", "movtq", "ldb", "ldh",
    "ldw", "ldd", "ldqp", "stb", "sth", "stw", "std", "stqp", "stmqp",
    "movif", "movfi", "movx", "movxa", "movxc", "add_subd", "and_ors",
    "staab", "staah", "staaw", "staad", "staaq", "staaqp", "aaurw",
    "aaurws", "aaurwd", "aaurwq", "ldaab", "ldaah", "ldaaw", "ldaad",
    "ldaaq", "ldaaqp", "aaurr", "aaurrd", "aaurrq", "qppackdl", "qpswitchw",
    "qpswitchd"};

static void test_list_unimplemented(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 0);
    assert_non_null(m);
    const struct xlat_cache *x = m->xlat;
    unsigned missing = 0, comb = 0;
    for (unsigned i = 0; i < isa_nops; i++) {
        if (x->bind[i])
            continue;
        if (isa_ops[i].flags & ISA_F_COMB) {
            comb++;
            continue;
        }
        /* print each mnemonic once */
        unsigned j;
        for (j = 0; j < i; j++)
            if (!x->bind[j] && !strcmp(isa_ops[j].name, isa_ops[i].name))
                break;
        if (j == i) {
            printf("%s%s", missing % 8 ? " " : "\n  unimplemented:", isa_ops[i].name);
            missing++;
        }
    }
    printf("\n  %u mnemonics and %u combined rows unimplemented (of %u rows)\n",
           missing, comb, isa_nops);
    for (unsigned k = 0; k < sizeof k_required / sizeof k_required[0]; k++) {
        const struct isa_op *rows[8];
        unsigned n = isa_by_name(k_required[k], rows, 8);
        if (!n)
            print_message("required op %s is not in isa.def\n", k_required[k]);
        assert_true(n > 0);
        for (unsigned r = 0; r < n && r < 8; r++) {
            if (!x->bind[rows[r]->id])
                print_message("required op %s is unbound\n", k_required[k]);
            assert_non_null(x->bind[rows[r]->id]);
        }
    }
    mach_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_unimplemented),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
