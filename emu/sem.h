/*
 * sem.h — shared by the semantic-handler files sem_*.c (internal to emu/).
 *
 * Each sem_<group>.c defines its handlers static and exports one binding
 * table, generated from its sem_<group>.def (one SEM row per mnemonic of
 * isa.def). sem_table.c searches the group tables by name; the translator
 * binds every isa_ops[] row once when the cache is created
 * (xlat_translate.c). A mnemonic without a row is unimplemented: it
 * translates to sem_unimpl (exc_illegal_opcode), and the test
 * tests/unit/emu/cpu_unimpl_test.c lists such rows.
 */
#ifndef E2K_EMU_SEM_H
#define E2K_EMU_SEM_H

#include <stdint.h>

#include "emu/isa.h"
#include "emu/isa_fields.h"
#include "emu/xlat_internal.h"

/* The group tables, each ending with a NULL name. */
extern const struct sem_entry sem_alu_table[];
extern const struct sem_entry sem_cmp_table[];
extern const struct sem_entry sem_mem_table[];
extern const struct sem_entry sem_misc_table[];
extern const struct sem_entry sem_fp_table[];
extern const struct sem_entry sem_pk_table[];
extern const struct sem_entry sem_aau_table[];

/* Helpers shared between groups. */
uint64_t sem_getfd(uint64_t s1, uint64_t s2, unsigned isa);
uint32_t sem_getfs(uint32_t s1, uint32_t s2, unsigned isa);
int sem_parity(uint64_t v);
/* staa whose RLP condition is false: the %aasti increment still happens
 * (qemu gen_alop: the increment follows the predicate's skip label), unless
 * loop mode suppresses the store (sem_aau.c). */
void sem_aau_rlp_skip(struct cpu_state *c, const struct xlat_op *op);

/* Memory-op helpers shared by sem_mem.c and sem_aau.c. */
const struct xlat_op *sem_mem_fault(struct cpu_state *c, const struct xlat_op *op,
                                    int err, uint64_t addr);
/* Does an access of `size` bytes at addr fault for alignment? 16-byte
 * accesses must be aligned before v7; smaller ones unless the machine
 * allows misalignment (e2k-isa.md §5.5). */
static inline int sem_misaligned(const struct cpu_state *c, uint64_t addr, unsigned size)
{
    if (size == 16)
        return (addr & 15) && c->isa < 7;
    return (addr & (size - 1)) && !c->misalign_ok;
}

#endif
