/*
 * hooks.c — forwarding hook tables (emu/hooks.h struct emu_hooks_fwd), so
 * observers layered over the gate do not each write the same pass-through
 * callbacks.
 */
#include "emu/hooks.h"

#include <stddef.h>

static int fwd_host_call(void *opaque, const struct emu_host_req *req,
                         struct emu_host_resp *resp)
{
    return emu_fwd_host_call(opaque, req, resp);
}

static int fwd_before_block(void *opaque, struct machine *m, uint64_t pc, uint64_t icount)
{
    const struct emu_hooks_fwd *f = opaque;
    return f->inner->before_block(f->inner->opaque, m, pc, icount);
}

static void fwd_mem_write(void *opaque, struct machine *m, uint64_t addr, size_t len)
{
    emu_fwd_mem_write(opaque, m, addr, len);
}

static void fwd_dev_event(void *opaque, struct machine *m, const struct emu_dev_event *ev)
{
    emu_fwd_dev_event(opaque, m, ev);
}

static uint64_t fwd_next_poll(void *opaque, struct machine *m, uint64_t icount)
{
    const struct emu_hooks_fwd *f = opaque;
    return f->inner->next_poll(f->inner->opaque, m, icount);
}

void emu_hooks_fwd_init(struct emu_hooks_fwd *f, const struct emu_hooks *inner, void *ctx)
{
    static const struct emu_hooks none = {0};
    f->inner = inner ? inner : &none;
    f->ctx = ctx;
    f->hooks = (struct emu_hooks){
        .opaque = f,
        .host_call = f->inner->host_call ? fwd_host_call : NULL,
        .before_block = f->inner->before_block ? fwd_before_block : NULL,
        .mem_write = f->inner->mem_write ? fwd_mem_write : NULL,
        .dev_event = f->inner->dev_event ? fwd_dev_event : NULL,
        .next_poll = f->inner->next_poll ? fwd_next_poll : NULL,
    };
}

int emu_fwd_host_call(const struct emu_hooks_fwd *f, const struct emu_host_req *req,
                      struct emu_host_resp *resp)
{
    return f->inner->host_call(f->inner->opaque, req, resp);
}

void emu_fwd_mem_write(const struct emu_hooks_fwd *f, struct machine *m, uint64_t addr,
                       size_t len)
{
    if (f->inner->mem_write)
        f->inner->mem_write(f->inner->opaque, m, addr, len);
}

void emu_fwd_dev_event(const struct emu_hooks_fwd *f, struct machine *m,
                       const struct emu_dev_event *ev)
{
    if (f->inner->dev_event)
        f->inner->dev_event(f->inner->opaque, m, ev);
}
