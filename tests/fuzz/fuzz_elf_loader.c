/*
 * fuzz_elf_loader.c — the Linux machine's ELF loader on hostile input:
 * lnx_elf_parse() on every input, and for inputs it accepts with a small
 * image, a full lnx_load() into a fresh user-mode machine (segment mapping,
 * stacks, argv/envp/auxv). Host requests (AT_RANDOM) are answered by a fake
 * hook, so a run is deterministic and touches nothing outside. A crash, a
 * sanitizer report or a plan that breaks lnx_elf.h's promises is a bug.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/linux/lnx.h"
#include "emu/linux/lnx_elf.h"
#include "emu/machine.h"

static int fake_host(void *opaque, const struct emu_host_req *req,
                     struct emu_host_resp *resp)
{
    (void)opaque;
    (void)req;
    for (unsigned i = 0; i < resp->n_out; i++) {
        memset(resp->out[i].ptr, 0x5a, resp->out[i].cap);
        resp->out[i].len = resp->out[i].cap;
    }
    resp->ret = resp->n_out ? (int64_t)resp->out[0].cap : 0;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct lnx_elf_plan plan;
    struct lnx_err err;
    if (lnx_elf_parse(data, size, &plan, &err) != 0) {
        if (!memchr(err.msg, 0, sizeof err.msg))
            abort();
        return 0;
    }
    uint64_t total = 0;
    for (unsigned i = 0; i < plan.n_segs; i++) {
        const struct lnx_elf_seg *s = &plan.segs[i];
        /* A segment without file bytes (.bss only) may have any offset. */
        if (s->filesz > s->memsz ||
            (s->filesz > 0 && (s->offset > size || s->filesz > size - s->offset)) ||
            s->vaddr < LNX_ELF_MIN_ADDR ||
            s->vaddr + s->memsz > LNX_ELF_MAX_ADDR)
            abort();
        total += s->memsz;
    }
    if (total > (16u << 20))
        return 0; /* keep each run cheap: the parser was the point */
    int isa = plan.isa ? plan.isa : 5;
    struct machine *m = mach_new(MACH_USER, (unsigned)isa, 1u << 20);
    if (!m)
        return 0;
    static const struct emu_hooks hooks = {.host_call = fake_host};
    mach_set_hooks(m, &hooks);
    const char *argv[] = {"prog", "arg"};
    const char *envp[] = {"A=B", NULL};
    struct lnx_opts o = {.argv = argv, .argc = 2, .envp = envp};
    lnx_load(m, data, size, &o, &err);
    mach_free(m);
    return 0;
}
