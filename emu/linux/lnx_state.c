/*
 * lnx_state.c — save and restore the Linux process state behind
 * machine.os for checkpoints (lnx.h: lnx_state_*), and the cause of death.
 *
 * struct lnx_proc is plain data apart from two host pointers (the I/O
 * scratch buffer, owned, and the diagnostics log, borrowed). A blob is a
 * small header (magic, struct size) and the struct with those pointers
 * cleared; loading copies it back and keeps the live machine's pointers.
 * The host fd numbers in the fd table are part of the state: in replay they
 * are the numbers the recording's host returned, only ever passed back to
 * the journal, never to this host.
 *
 * What this is not: a portable format. The blob follows this build's
 * struct layout; a journal that stores one (replay/ckpt.c) records the size
 * and refuses others.
 */
#include "emu/linux/lnx.h"

#include <string.h>

#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"

#define LNX_STATE_MAGIC 0x534e584cu /* "LXNS" */

struct lnx_state_hdr {
    uint32_t magic;
    uint32_t proc_bytes; /* sizeof(struct lnx_proc) of the writer */
};

int lnx_exit_signal(const struct machine *m)
{
    const struct lnx_proc *p =
        m && m->kind == MACH_USER ? (const struct lnx_proc *)m->os : NULL;
    return p && p->exited ? p->term_sig : 0;
}

int lnx_exception_at(const struct machine *m, uint64_t icount)
{
    const struct lnx_proc *p =
        m && m->kind == MACH_USER ? (const struct lnx_proc *)m->os : NULL;
    return p && p->exc_icount1 == icount + 1;
}

size_t lnx_state_bytes(const struct machine *m)
{
    if (!m || m->kind != MACH_USER || !m->os)
        return 0;
    return sizeof(struct lnx_state_hdr) + sizeof(struct lnx_proc);
}

int lnx_state_save(const struct machine *m, void *buf, size_t len)
{
    size_t need = lnx_state_bytes(m);
    if (!need)
        return LNX_E_STATE;
    if (len < need)
        return LNX_E_ARGS;
    struct lnx_state_hdr h = {LNX_STATE_MAGIC, (uint32_t)sizeof(struct lnx_proc)};
    struct lnx_proc p = *(const struct lnx_proc *)m->os;
    p.scratch = NULL;
    p.log = NULL;
    memcpy(buf, &h, sizeof h);
    memcpy((uint8_t *)buf + sizeof h, &p, sizeof p);
    return 0;
}

int lnx_state_load(struct machine *m, const void *buf, size_t len)
{
    struct lnx_proc *cur = lnx_proc_of(m);
    if (!cur)
        return LNX_E_STATE;
    struct lnx_state_hdr h;
    if (len != lnx_state_bytes(m))
        return LNX_E_ARGS;
    memcpy(&h, buf, sizeof h);
    if (h.magic != LNX_STATE_MAGIC || h.proc_bytes != sizeof(struct lnx_proc))
        return LNX_E_ARGS;
    uint8_t *scratch = cur->scratch;
    FILE *log = cur->log;
    memcpy(cur, (const uint8_t *)buf + sizeof h, sizeof *cur);
    cur->scratch = scratch;
    cur->log = log;
    cur->why[sizeof cur->why - 1] = 0; /* a blob may come from a file */
    return 0;
}
