/*
 * lnx_load.c — building the initial process: lnx_load() (lnx.h).
 *
 * Follows the kernel/qemu-e2k process start (docs/linux-user.md §2): the
 * PT_LOAD segments at their addresses (pages shared by two segments get
 * both permissions), brk right after the image, an 8 MiB user data stack
 * holding argc, argv, envp and auxv at the stack pointer with the strings
 * above it, a 16 KiB procedure stack (plus its tag area) and a 4 KiB chain
 * stack with indices 0, and the registers of cpu_reset() with PC = e_entry,
 * USD/SBR set as qemu-e2k's init_thread does. The 16 AT_RANDOM bytes are a
 * host request (EMU_HOST_RANDOM), so a replay sees the recorded bytes.
 */
#include "emu/linux/lnx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/linux/lnx_elf.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"
#include "emu/mem.h"

#define PAGE MEM_PAGE_SIZE
#define ROUND_UP(x) (((x) + PAGE - 1) & ~(PAGE - 1))
#define DESC_RW ((1ull << 59) | (1ull << 60)) /* read + write bits of *.lo */
#define MAX_ARGS_BYTES (256u << 10)           /* argv + envp + auxv block */

/* auxv types (Linux, common to all architectures). */
enum {
    AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6,
    AT_BASE_ = 7, AT_FLAGS_ = 8, AT_ENTRY_ = 9, AT_HWCAP_ = 16,
    AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25, AT_EXECFN_ = 31
};
#define N_AUXV 13

static int fail(struct lnx_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static void proc_free(void *os)
{
    struct lnx_proc *p = os;
    if (p)
        free(p->scratch);
    free(p);
}

/* Map [start, end) (page-aligned) with `prot`, or add `prot` to pages that
 * an earlier segment already mapped. */
static int map_union(struct mem *mem, uint64_t start, uint64_t end,
                     unsigned prot)
{
    uint64_t run = 0; /* start of a run of unmapped pages, 0 = none */
    for (uint64_t a = start; a < end; a += PAGE) {
        unsigned old;
        if (mem_query(mem, a, &old, NULL) == 0) {
            if (run && mem_map(mem, run, a - run, prot))
                return -1;
            run = 0;
            if (mem_protect(mem, a, PAGE, old | prot))
                return -1;
        } else if (!run) {
            run = a;
        }
    }
    if (run && mem_map(mem, run, end - run, prot))
        return -1;
    return 0;
}

static int map_image(struct machine *m, const uint8_t *elf,
                     const struct lnx_elf_plan *plan, struct lnx_err *err)
{
    for (unsigned i = 0; i < plan->n_segs; i++) {
        const struct lnx_elf_seg *s = &plan->segs[i];
        uint64_t start = s->vaddr & ~(PAGE - 1);
        uint64_t end = ROUND_UP(s->vaddr + s->memsz);
        if (map_union(m->mem, start, end, s->prot))
            return fail(err, LNX_E_NOMEM, "cannot map segment %u at 0x%llx "
                        "(0x%llx bytes)", i, (unsigned long long)start,
                        (unsigned long long)(end - start));
    }
    /* Copy file bytes after all mappings exist (a later segment's map must
     * not zero an earlier one's data). */
    for (unsigned i = 0; i < plan->n_segs; i++) {
        const struct lnx_elf_seg *s = &plan->segs[i];
        if (s->filesz && mem_poke(m->mem, s->vaddr, elf + s->offset,
                                  s->filesz))
            return fail(err, LNX_E_NOMEM, "cannot fill segment %u", i);
    }
    return 0;
}

static int map_hw_stacks(struct machine *m, struct lnx_proc *p,
                         struct lnx_err *err)
{
    struct cpu_state *c = &m->cpu;
    if (mem_map(m->mem, LNX_PS_BASE, LNX_PS_INIT, MEM_PROT_R | MEM_PROT_W) ||
        mem_map(m->mem, LNX_PS_TAG_BASE, ROUND_UP(LNX_PS_INIT / 8),
                MEM_PROT_R | MEM_PROT_W) ||
        mem_map(m->mem, LNX_PCS_BASE, LNX_PCS_INIT, MEM_PROT_R | MEM_PROT_W))
        return fail(err, LNX_E_NOMEM, "cannot map the hardware stacks");
    p->ps_size = LNX_PS_INIT;
    p->pcs_size = LNX_PCS_INIT;
    c->psp_lo = DESC_RW | LNX_PS_BASE;
    c->psp_hi = LNX_PS_INIT << 32;
    c->pcsp_lo = DESC_RW | LNX_PCS_BASE;
    c->pcsp_hi = LNX_PCS_INIT << 32;
    c->ps_tag_base = LNX_PS_TAG_BASE;
    return 0;
}

/* Host randomness for AT_RANDOM (a host request, see lnx_host.h). */
static int random_bytes(struct machine *m, uint8_t *buf, size_t n)
{
    struct emu_host_req req = {.kind = EMU_HOST_RANDOM};
    struct emu_host_resp resp = {.n_out = 1};
    req.args[0] = n;
    resp.out[0].ptr = buf;
    resp.out[0].cap = n;
    memset(buf, 0, n);
    if (lnx_host_call(m, &req, &resp) < 0)
        return -1;
    return 0;
}

/*
 * The user data stack. From the top down: the strings (AT_EXECFN, envp,
 * argv), SBR below them (qemu: arg_strings & ~0xF), the AT_RANDOM bytes,
 * then at the 16-aligned stack pointer argc, argv[], NULL, envp[], NULL and
 * the auxv pairs (docs/linux-user.md §2).
 */
static int build_stack(struct machine *m, const struct lnx_elf_plan *plan,
                       const struct lnx_opts *o, struct lnx_err *err)
{
    const char *const *envp = o->envp;
    size_t envc = 0;
    while (envp && envp[envc])
        envc++;
    int argc = o->argc > 0 && o->argv ? o->argc : 0;
    const char *execfn = o->execfn ? o->execfn
                         : (argc ? o->argv[0] : "");
    size_t strbytes = strlen(execfn) + 1;
    for (int i = 0; i < argc; i++)
        strbytes += strlen(o->argv[i]) + 1;
    for (size_t i = 0; i < envc; i++)
        strbytes += strlen(envp[i]) + 1;
    size_t nptr = 1 + (size_t)argc + 1 + envc + 1 + 2 * N_AUXV;
    if (strbytes > MAX_ARGS_BYTES || nptr * 8 > MAX_ARGS_BYTES)
        return fail(err, LNX_E_ARGS, "arguments and environment too large "
                    "(%zu bytes of strings, %zu pointers)", strbytes, nptr);

    uint64_t top = LNX_STACK_TOP;
    uint64_t lo = top - LNX_STACK_SIZE;
    if (mem_map(m->mem, lo, LNX_STACK_SIZE, MEM_PROT_R | MEM_PROT_W))
        return fail(err, LNX_E_NOMEM, "cannot map the user stack");

    /* The strings, packed downward from the top (minus a spare word). */
    uint64_t sp = top - 8;
    uint64_t execfn_addr, *argv_addr, *envp_addr;
    argv_addr = calloc((size_t)argc + 1, sizeof *argv_addr);
    envp_addr = calloc(envc + 1, sizeof *envp_addr);
    uint64_t *block = calloc(nptr, sizeof *block);
    int rc = 0;
    if (!argv_addr || !envp_addr || !block) {
        rc = fail(err, LNX_E_NOMEM, "out of memory building the stack");
        goto out;
    }
#define PUSH_STR(s, where)                                          \
    do {                                                            \
        size_t n_ = strlen(s) + 1;                                  \
        sp -= n_;                                                   \
        if (mem_poke(m->mem, sp, (s), n_)) {                        \
            rc = fail(err, LNX_E_NOMEM, "cannot write the stack");  \
            goto out;                                               \
        }                                                           \
        (where) = sp;                                               \
    } while (0)
    PUSH_STR(execfn, execfn_addr);
    for (size_t i = envc; i-- > 0;)
        PUSH_STR(envp[i], envp_addr[i]);
    for (int i = argc; i-- > 0;)
        PUSH_STR(o->argv[i], argv_addr[i]);
#undef PUSH_STR
    uint64_t sbr = sp & ~0xfull;

    uint8_t rnd[16];
    if (random_bytes(m, rnd, sizeof rnd)) {
        rc = fail(err, LNX_E_HOST, "host request for AT_RANDOM failed");
        goto out;
    }
    uint64_t rnd_addr = sbr - 16;
    mem_poke(m->mem, rnd_addr, rnd, sizeof rnd);

    uint64_t start = (rnd_addr - nptr * 8) & ~0xfull;
    size_t k = 0;
    block[k++] = (uint64_t)argc;
    for (int i = 0; i < argc; i++)
        block[k++] = argv_addr[i];
    block[k++] = 0;
    for (size_t i = 0; i < envc; i++)
        block[k++] = envp_addr[i];
    block[k++] = 0;
#define AUX(t, v) (block[k++] = (t), block[k++] = (v))
    AUX(AT_PHDR_, plan->phdr);
    AUX(AT_PHENT_, plan->phent);
    AUX(AT_PHNUM_, plan->phnum);
    AUX(AT_PAGESZ_, PAGE);
    AUX(AT_BASE_, 0);
    AUX(AT_FLAGS_, 0);
    AUX(AT_ENTRY_, plan->entry);
    AUX(AT_HWCAP_, 0);
    AUX(AT_CLKTCK_, 100);
    AUX(AT_SECURE_, 0);
    AUX(AT_RANDOM_, rnd_addr);
    AUX(AT_EXECFN_, execfn_addr);
    AUX(AT_NULL_, 0);
#undef AUX
    if (mem_poke(m->mem, start, block, k * 8)) {
        rc = fail(err, LNX_E_NOMEM, "cannot write the stack");
        goto out;
    }

    /* qemu-e2k init_thread: USD.lo = start | r/w bits, USD.hi.size =
     * SBR - start. */
    struct cpu_state *c = &m->cpu;
    c->sbr = sbr;
    c->usd_lo = DESC_RW | start;
    c->usd_hi = (sbr - start) << 32;
out:
    free(argv_addr);
    free(envp_addr);
    free(block);
    return rc;
}

int lnx_load(struct machine *m, const uint8_t *elf, size_t len,
             const struct lnx_opts *opts, struct lnx_err *err)
{
    static const struct lnx_opts no_opts;
    if (!opts)
        opts = &no_opts;
    if (!m || m->kind != MACH_USER || m->os)
        return fail(err, LNX_E_STATE, "not a fresh user-mode machine");
    struct lnx_elf_plan plan;
    int rc = lnx_elf_parse(elf, len, &plan, err);
    if (rc)
        return rc;

    struct lnx_proc *p = calloc(1, sizeof *p);
    if (!p)
        return fail(err, LNX_E_NOMEM, "out of memory");
    p->log = opts->log ? opts->log : stderr;
    for (int i = 0; i < LNX_MAX_FDS; i++)
        p->fds[i] = i < 3 ? i : -1;
    p->ss_flags = 2; /* SS_DISABLE */
    m->os = p;
    m->os_free = proc_free;

    if ((rc = map_image(m, elf, &plan, err)) ||
        (rc = map_hw_stacks(m, p, err)) ||
        (rc = build_stack(m, &plan, opts, err)))
        return rc;
    p->brk_start = p->brk = ROUND_UP(plan.image_end);
    m->cpu.ip = plan.entry;
    m->cpu.nip = plan.entry;
    return 0;
}
