/*
 * cpu_run.c — the run loop (cpu_run in cpu.h).
 *
 * Finds or translates the block at (ip, static context), links it to the
 * block that exited into it, and runs its ops until one leaves; handlers
 * chain to successor blocks themselves as long as the icount limit allows.
 * When the next block would run past the limit, a temporary block of
 * exactly the remaining number of bundles is translated instead, so the
 * run stops at the exact icount. Nothing here reads host time or host
 * state: the only inputs are the machine state and the limit.
 */
#include "emu/cpu.h"

#include "emu/cpu_sys.h"
#include "emu/hooks.h"
#include "emu/machine.h"
#include "emu/xlat_internal.h"

static struct xlat_block *get_block(struct machine *m, uint64_t remaining)
{
    struct cpu_state *c = &m->cpu;
    struct xlat_cache *x = m->xlat;
    struct xlat_ctx k;
    xlat_ctx_of(c, &k);
    uint64_t key = xlat_ctx_key(&k);
    struct xlat_block *b = xlat_find(x, c->ip, key);
    if (!b) {
        b = xlat_translate(x, c->ip, &k, 0, 0);
        if (!b) { /* arena full */
            xlat_flush(x);
            c->link_blk = NULL;
            b = xlat_translate(x, c->ip, &k, 0, 0);
            if (!b)
                return NULL;
        }
    }
    if (b->n > remaining) {
        c->link_blk = NULL;
        return xlat_translate(x, c->ip, &k, (unsigned)remaining, 1);
    }
    if (c->link_blk && !c->link_blk->dead && !b->dead &&
        c->link_blk->exit_ctx == key)
        c->link_blk->chain[c->link_slot] = b;
    c->link_blk = NULL;
    return b;
}

int cpu_run(struct machine *m, uint64_t icount_limit)
{
    struct cpu_state *c = &m->cpu;
    struct xlat_cache *x = m->xlat;
    const struct emu_hooks *h = m->hooks;
    char stack_probe;
    c->stack_top = (uintptr_t)&stack_probe;
    c->icount_limit = icount_limit;
    c->stop.reason = CPU_STOP_NONE;
    c->stop.msg[0] = 0;
    c->link_blk = NULL;
    c->no_chain = h && h->before_block;
    if (c->bp_skip && !xlat_bp_at(x, c->ip))
        c->bp_skip = 0;
    uint32_t host_mxcsr;
    uint16_t host_cw;
    sem_fp_enter(c, &host_mxcsr, &host_cw);
    for (;;) {
        c->exit_req = 0;
        c->smc = 0;
        c->chain_limit = c->no_chain ? 0 : icount_limit;
        if (x->flush_req) {
            xlat_flush(x);
            c->link_blk = NULL;
        }
        if (c->halt_req) {
            c->halt_req = 0;
            c->stop.reason = CPU_STOP_HALT;
            c->stop.pc = c->ip;
            break;
        }
        if (c->icount >= icount_limit) {
            c->stop.reason = CPU_STOP_ICOUNT;
            c->stop.pc = c->ip;
            break;
        }
        /* System mode: a deliverable interrupt is taken before the next
         * bundle (cpu_sys.h; the line changes only where blocks end). */
        if (XLAT_UNLIKELY(c->irq_line) && !c->user_mode &&
            cpu_irq_deliverable(c) && cpu_sys_interrupt(c))
            break;
        if (c->no_chain) {
            if (h->before_block(h->opaque, m, c->ip, c->icount)) {
                c->stop.reason = CPU_STOP_HOOK;
                c->stop.pc = c->ip;
                break;
            }
        }
        struct xlat_block *b = get_block(m, icount_limit - c->icount);
        if (!b) {
            cpu_raise(c, EXC_ILLEGAL_OPCODE, c->ip, 0,
                      "translation cache too small");
            break;
        }
        c->cur_block = b;
        const struct xlat_op *op = b->ops;
        while (op)
            op = op->fn(c, op);
        /* System mode: exceptions enter the guest's trap table. */
        if (c->stop.reason == CPU_STOP_EXCEPTION && !c->user_mode &&
            cpu_sys_exception(c) == 0)
            continue;
        if (c->stop.reason != CPU_STOP_NONE)
            break;
    }
    sem_fp_leave(c, host_mxcsr, host_cw);
    c->nip = c->ip;
    c->cur_block = NULL;
    c->link_blk = NULL;
    return (int)c->stop.reason;
}
