/*
 * machine.c — creating and freeing a machine (machine.h): CPU reset, guest
 * memory, translation cache. Kind-specific setup (ELF loading, stacks,
 * system calls) lives with the kind, e.g. emu/linux/.
 */
#include "emu/machine.h"

#include <stdlib.h>

#include "emu/hooks.h"
#include "emu/isa.h"
#include "emu/mem.h"
#include "emu/xlat.h"

#define XLAT_DEFAULT_BYTES ((size_t)64 << 20)

struct machine *mach_new(unsigned kind, unsigned isa, size_t xlat_bytes)
{
    if ((kind != MACH_USER && kind != MACH_VIRT) || isa < ISA_VERSION_MIN ||
        isa > ISA_VERSION_MAX)
        return NULL;
    struct machine *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->kind = kind;
    m->isa = isa;
    m->mem = mem_new();
    if (!m->mem)
        goto fail;
    cpu_reset(&m->cpu, isa);
    m->cpu.mem = m->mem;
    m->cpu.mach = m;
    m->cpu.user_mode = kind == MACH_USER;
    m->xlat = xlat_new(m, xlat_bytes ? xlat_bytes : XLAT_DEFAULT_BYTES);
    if (!m->xlat)
        goto fail;
    return m;
fail:
    mach_free(m);
    return NULL;
}

void mach_free(struct machine *m)
{
    if (!m)
        return;
    if (m->os && m->os_free)
        m->os_free(m->os);
    xlat_free(m->xlat);
    mem_free(m->mem);
    free(m);
}

/* Guest writes to watched pages go to hooks->mem_write. */
static void watch_tramp(void *opaque, uint64_t addr, size_t len)
{
    struct machine *m = opaque;
    if (m->hooks && m->hooks->mem_write)
        m->hooks->mem_write(m->hooks->opaque, m, addr, len);
}

void mach_set_hooks(struct machine *m, const struct emu_hooks *hooks)
{
    m->hooks = hooks;
    mem_set_watch_cb(m->mem, hooks && hooks->mem_write ? watch_tramp : NULL,
                     m);
    cpu_request_exit(&m->cpu); /* re-evaluate chaining with the new hooks */
}

void mach_flush_code(struct machine *m)
{
    xlat_flush(m->xlat);
}
