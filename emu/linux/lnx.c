/*
 * lnx.c — small shared pieces of the Linux machine: error names, access to
 * the process state, guest-memory copies with user-access semantics, the
 * diagnostic log, process exit.
 */
#include "emu/linux/lnx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"
#include "emu/mem.h"

const char *lnx_strerror(int code)
{
    switch (code) {
    case LNX_OK: return "success";
    case LNX_E_FORMAT: return "malformed ELF file";
    case LNX_E_MACHINE: return "not an e2k executable";
    case LNX_E_UNSUPPORTED: return "unsupported kind of executable";
    case LNX_E_RANGE: return "segment outside the user address range";
    case LNX_E_NOMEM: return "out of memory";
    case LNX_E_ARGS: return "bad arguments";
    case LNX_E_HOST: return "host request failed";
    case LNX_E_STATE: return "not a loaded Linux process";
    default: return "unknown error";
    }
}

struct lnx_proc *lnx_proc_of(struct machine *m)
{
    if (!m || m->kind != MACH_USER || !m->os)
        return NULL;
    return m->os;
}

int lnx_exited(const struct machine *m, int *status)
{
    const struct lnx_proc *p =
        m && m->kind == MACH_USER ? (const struct lnx_proc *)m->os : NULL;
    if (!p || !p->exited)
        return 0;
    if (status)
        *status = p->status;
    return 1;
}

int lnx_copy_in(struct machine *m, void *dst, uint64_t src, size_t len)
{
    if (len == 0)
        return 0;
    return mem_read(m->mem, src, dst, len, NULL) ? -EFAULT : 0;
}

int lnx_copy_out(struct machine *m, uint64_t dst, const void *src,
                 size_t len)
{
    if (len == 0)
        return 0;
    return mem_write(m->mem, dst, src, len, NULL) ? -EFAULT : 0;
}

int lnx_copy_str(struct machine *m, char *buf, size_t cap, uint64_t src)
{
    for (size_t i = 0; i < cap; i++) {
        if (mem_read(m->mem, src + i, &buf[i], 1, NULL))
            return -EFAULT;
        if (buf[i] == 0)
            return (int)i;
    }
    return -ENAMETOOLONG;
}

void lnx_log(struct machine *m, const char *fmt, ...)
{
    struct lnx_proc *p = lnx_proc_of(m);
    FILE *f = p && p->log ? p->log : stderr;
    va_list ap;
    va_start(ap, fmt);
    fputs("e2k-rr: ", f);
    vfprintf(f, fmt, ap);
    fputc('\n', f);
    va_end(ap);
    fflush(f);
}

void lnx_exit(struct machine *m, int status)
{
    struct lnx_proc *p = lnx_proc_of(m);
    if (!p || p->exited)
        return;
    p->exited = 1;
    p->status = status;
    cpu_request_exit(&m->cpu);
}

uint8_t *lnx_scratch(struct lnx_proc *p)
{
    if (!p->scratch)
        p->scratch = malloc(LNX_IO_MAX);
    return p->scratch;
}
