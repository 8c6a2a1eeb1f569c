/*
 * sem_table.c — finds the semantic binding of a mnemonic across the group
 * tables (sem.h). Runs only when a translation cache is created: the
 * translator keeps the result per isa_ops[] row, so nothing here is on the
 * execution path.
 */
#include "emu/sem.h"

#include <stdlib.h>
#include <string.h>

static const struct sem_entry *const k_groups[] = {
    sem_alu_table, sem_cmp_table, sem_mem_table,
    sem_misc_table, sem_fp_table, sem_pk_table, sem_aau_table};

static int by_name(const void *a, const void *b)
{
    return strcmp((*(const struct sem_entry *const *)a)->name,
                  (*(const struct sem_entry *const *)b)->name);
}

unsigned sem_sorted(const struct sem_entry **out, unsigned max)
{
    unsigned n = 0;
    for (unsigned g = 0; g < sizeof k_groups / sizeof k_groups[0]; g++)
        for (const struct sem_entry *e = k_groups[g]; e->name; e++)
            if (n < max)
                out[n++] = e;
    qsort(out, n, sizeof *out, by_name);
    return n;
}

const struct sem_entry *sem_find(const struct sem_entry *const *sorted,
                                 unsigned n, const char *name)
{
    unsigned lo = 0, hi = n;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        int c = strcmp(sorted[mid]->name, name);
        if (!c)
            return sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const struct sem_entry *sem_lookup(const char *name)
{
    for (unsigned g = 0; g < sizeof k_groups / sizeof k_groups[0]; g++)
        for (const struct sem_entry *e = k_groups[g]; e->name; e++)
            if (e->name[0] == name[0] && !strcmp(e->name, name))
                return e;
    return NULL;
}

const struct xlat_op *sem_unimpl(struct cpu_state *c, const struct xlat_op *op)
{
    return xlat_raise(c, op, EXC_ILLEGAL_OPCODE, 0,
                      "operation not implemented");
}
