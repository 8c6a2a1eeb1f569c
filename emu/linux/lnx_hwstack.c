/*
 * lnx_hwstack.c — the procedure and chain stacks of the process: growth
 * by doubling, and the access_hw_stacks system call (lnx_internal.h).
 *
 * Growth: the CPU raises exc_proc_stack_bounds / exc_chain_stack_bounds
 * before a call that would not fit (the bundle has no effects); the
 * machine doubles the stack and the bundle runs again, as qemu-e2k's
 * cpu_loop does with mremap (docs/linux-user.md §2). Our stacks grow in
 * place inside their reservations (lnx_internal.h), so PSP/PCSP bases
 * never move; past LNX_HWS_MAX the process gets SIGSEGV.
 *
 * access_hw_stacks sees the stacks as the kernel does during the call:
 * the `call` into the system-call entry has pushed a chain frame and
 * spilled the caller's %r0..%r(2*wbs-1), which the tests rely on
 * ([T syscall/read-ps-ex-1, write-ps-ex-1], docs/linux-user.md §3). We
 * make that call for the duration of the system call and return from it
 * afterwards, so a write into the spilled area changes the caller's
 * registers. Modes and checks follow the kernel (see access_modes).
 * UNSURE: qemu-e2k shows v5+ procedure stacks in the pre-v5 word order;
 * the hardware-written peer tests [T base/excp-3..5] expect the native
 * order (lo, hi per register), which is what we show.
 */
#include "emu/linux/lnx_internal.h"

#include <errno.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"

#define PAGE MEM_PAGE_SIZE
#define FRAME 32u
#define HWS_LIMIT (1ull << 31) /* PSP/PCSP size fields are 32-bit */
#define DESC_BASE(lo) ((lo) & 0xffffffffffffull)
#define DESC_IND(hi) ((hi) & 0xffffffffull)
#define DESC_SIZE(hi) ((hi) >> 32)

enum {
    READ_CHAIN_STACK, READ_PROCEDURE_STACK, WRITE_PROCEDURE_STACK,
    GET_CHAIN_STACK_OFFSET, GET_CHAIN_STACK_SIZE, GET_PROCEDURE_STACK_SIZE,
    READ_CHAIN_STACK_EX, READ_PROCEDURE_STACK_EX, WRITE_PROCEDURE_STACK_EX,
    WRITE_CHAIN_STACK_EX
};

static uint64_t round_pages(uint64_t n)
{
    return (n + PAGE - 1) & ~(PAGE - 1);
}

static int grow_ps(struct machine *m, struct lnx_proc *p, uint64_t need)
{
    uint64_t size = p->ps_size;
    while (size < need && size < HWS_LIMIT)
        size *= 2;
    if (size < need || size > HWS_LIMIT)
        return -1;
    if (size == p->ps_size)
        return 0;
    uint64_t old_tags = round_pages(p->ps_size / 8);
    uint64_t new_tags = round_pages(size / 8);
    if (mem_map(m->mem, LNX_PS_BASE + p->ps_size, size - p->ps_size,
                MEM_PROT_R | MEM_PROT_W))
        return -1;
    if (new_tags > old_tags &&
        mem_map(m->mem, LNX_PS_TAG_BASE + old_tags, new_tags - old_tags,
                MEM_PROT_R | MEM_PROT_W))
        return -1;
    p->ps_size = size;
    m->cpu.psp_hi = (m->cpu.psp_hi & 0xffffffffull) | (size << 32);
    return 0;
}

static int grow_pcs(struct machine *m, struct lnx_proc *p, uint64_t need)
{
    uint64_t size = p->pcs_size;
    while (size < need && size < HWS_LIMIT)
        size *= 2;
    if (size < need || size > HWS_LIMIT)
        return -1;
    if (size == p->pcs_size)
        return 0;
    if (mem_map(m->mem, LNX_PCS_BASE + p->pcs_size, size - p->pcs_size,
                MEM_PROT_R | MEM_PROT_W))
        return -1;
    p->pcs_size = size;
    m->cpu.pcsp_hi = (m->cpu.pcsp_hi & 0xffffffffull) | (size << 32);
    return 0;
}

int lnx_hws_reserve(struct machine *m, unsigned wbs, unsigned extra_frames)
{
    struct lnx_proc *p = lnx_proc_of(m);
    const struct cpu_state *c = &m->cpu;
    if (!p)
        return -1;
    if (grow_ps(m, p, DESC_IND(c->psp_hi) + 2ull * wbs * 16) ||
        grow_pcs(m, p, DESC_IND(c->pcsp_hi) + (extra_frames + 1ull) * FRAME))
        return -1;
    return 0;
}

/* The same exceptions also report underflow (a return with nothing to
 * pop, e.g. from _start): growing cannot help then. A call needs at most
 * two chain frames and a whole window (224 registers x 16 bytes) of room,
 * so a stack with that much room left did not overflow. */
#define PS_MAX_SPILL (224u * 16u)

int lnx_hws_grow(struct machine *m, unsigned exc)
{
    struct lnx_proc *p = lnx_proc_of(m);
    const struct cpu_state *c = &m->cpu;
    if (!p)
        return -1;
    if (exc == EXC_PROC_STACK_BOUNDS) {
        if (DESC_IND(c->psp_hi) + PS_MAX_SPILL <= DESC_SIZE(c->psp_hi))
            return -1;
        return grow_ps(m, p, p->ps_size * 2);
    }
    if (exc == EXC_CHAIN_STACK_BOUNDS) {
        if (DESC_IND(c->pcsp_hi) + 2 * FRAME <= DESC_SIZE(c->pcsp_hi))
            return -1;
        return grow_pcs(m, p, p->pcs_size * 2);
    }
    return -1;
}

/* Copy between a user buffer and a hardware stack, in scratch-sized
 * pieces. to_stack: user -> stack. 0 or -EFAULT. */
static int64_t copy_stack(struct machine *m, uint64_t stack_addr,
                          uint64_t user_addr, uint64_t len, int to_stack,
                          int clear_tags)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint8_t *buf = lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    for (uint64_t done = 0; done < len;) {
        size_t n = len - done > LNX_IO_MAX ? LNX_IO_MAX : (size_t)(len - done);
        if (to_stack) {
            if (lnx_copy_in(m, buf, user_addr + done, n) ||
                mem_poke(m->mem, stack_addr + done, buf, n))
                return -EFAULT;
        } else {
            if (mem_peek(m->mem, stack_addr + done, buf, n) ||
                lnx_copy_out(m, user_addr + done, buf, n))
                return -EFAULT;
        }
        done += n;
    }
    if (to_stack && clear_tags && m->cpu.ps_tag_base) {
        /* qemu: words written by the user carry no tags */
        uint64_t off = stack_addr - DESC_BASE(m->cpu.psp_lo);
        uint8_t zero[64];
        memset(zero, 0, sizeof zero);
        for (uint64_t t = off / 8; t < (off + len + 7) / 8;) {
            uint64_t n = (off + len + 7) / 8 - t;
            if (n > sizeof zero)
                n = sizeof zero;
            mem_poke(m->mem, m->cpu.ps_tag_base + t, zero, n);
            t += n;
        }
    }
    return 0;
}

static int64_t put_u64(struct machine *m, uint64_t addr, uint64_t v)
{
    return lnx_copy_out(m, addr, &v, sizeof v);
}

static int64_t get_u64(struct machine *m, uint64_t addr, uint64_t *v)
{
    return lnx_copy_in(m, v, addr, sizeof *v);
}

/* The modes, with the kernel-view stacks in place. Checks and error codes
 * are the kernel's do_access_hw_stacks (docs/linux-user.md [K]), which
 * differs from qemu-e2k in a few codes (-EAGAIN for a frame outside the
 * used stack, -EINVAL for an _EX range past the top). The kernel copies
 * procedure-stack words "with tags", which needs an 8-byte aligned user
 * buffer; a misaligned one fails with -EFAULT
 * [T syscall/read-ps-ex-unaligned-1, should_fail]. */
static int64_t access_modes(struct machine *m, const uint64_t *a)
{
    const struct cpu_state *c = &m->cpu;
    uint64_t mode = a[0], frame_ptr = a[1], buf = a[2], buf_size = a[3];
    uint64_t size_ptr = a[4];
    uint64_t ps_base = DESC_BASE(c->psp_lo), ps_ind = DESC_IND(c->psp_hi);
    uint64_t pcs_base = DESC_BASE(c->pcsp_lo), pcs_ind = DESC_IND(c->pcsp_hi);
    uint64_t pcs_size = DESC_SIZE(c->pcsp_hi);
    uint64_t frame = 0;
    if (mode > WRITE_CHAIN_STACK_EX)
        return -EINVAL;
    if (mode != GET_CHAIN_STACK_SIZE && mode != GET_PROCEDURE_STACK_SIZE &&
        mode != WRITE_PROCEDURE_STACK && get_u64(m, frame_ptr, &frame))
        return -EFAULT;
    if (mode == GET_CHAIN_STACK_OFFSET) {
        if (frame < pcs_base || frame - pcs_base >= pcs_size)
            return -ESRCH;
        return put_u64(m, size_ptr, frame - pcs_base);
    }
    if (size_ptr && (mode == READ_CHAIN_STACK ||
                     mode == READ_PROCEDURE_STACK) &&
        put_u64(m, size_ptr, frame - (mode == READ_CHAIN_STACK ? pcs_base
                                                               : ps_base)))
        return -EFAULT;
    int ps_copy = mode == READ_PROCEDURE_STACK ||
                  mode == WRITE_PROCEDURE_STACK ||
                  mode == READ_PROCEDURE_STACK_EX ||
                  mode == WRITE_PROCEDURE_STACK_EX;
    if (ps_copy && (buf & 7))
        return -EFAULT;
    switch (mode) {
    case GET_CHAIN_STACK_SIZE:
        return put_u64(m, size_ptr, pcs_ind + FRAME);
    case GET_PROCEDURE_STACK_SIZE:
        return put_u64(m, size_ptr, ps_ind);
    case READ_CHAIN_STACK:
        if (frame < pcs_base || frame - pcs_base > pcs_ind)
            return -EAGAIN;
        if (frame - pcs_base > buf_size)
            return -ENOMEM;
        return copy_stack(m, pcs_base, buf, frame - pcs_base, 0, 0);
    case READ_PROCEDURE_STACK:
        if (frame < ps_base || frame - ps_base > ps_ind)
            return -EAGAIN;
        if (frame - ps_base > buf_size)
            return -ENOMEM;
        return copy_stack(m, ps_base, buf, frame - ps_base, 0, 0);
    case WRITE_PROCEDURE_STACK:
        if (buf_size > ps_ind)
            return -EINVAL;
        return copy_stack(m, ps_base, buf, buf_size, 1, 1);
    case READ_CHAIN_STACK_EX:
    case WRITE_CHAIN_STACK_EX:
        if (frame > pcs_ind + FRAME || buf_size > pcs_ind + FRAME - frame)
            return -EINVAL;
        return copy_stack(m, pcs_base + frame, buf, buf_size,
                          mode == WRITE_CHAIN_STACK_EX, 0);
    default: /* READ_ / WRITE_PROCEDURE_STACK_EX */
        if (frame > ps_ind || buf_size > ps_ind - frame)
            return -EINVAL;
        return copy_stack(m, ps_base + frame, buf, buf_size,
                          mode == WRITE_PROCEDURE_STACK_EX, 1);
    }
}

int64_t lnx_sys_access_hw_stacks(struct machine *m, const uint64_t *a)
{
    struct cpu_state *c = &m->cpu;
    unsigned wbs = c->stop.sys_wbs;
    uint64_t entry = LNX_KERNEL_BASE + (uint64_t)c->stop.sys_entry * 0x800;
    if (lnx_hws_reserve(m, wbs, 1) ||
        cpu_proc_call(c, entry, wbs, c->stop.sys_next))
        return -ENOMEM;
    int64_t r = access_modes(m, a);
    if (cpu_proc_return(c)) {
        /* The guest wrecked the frame it may write (WRITE_CHAIN_STACK_EX):
         * the process cannot continue. */
        lnx_log(m, "access_hw_stacks left an unusable chain stack");
        struct lnx_proc *p = lnx_proc_of(m);
        if (p && !p->exited)
            p->term_sig = 11;
        lnx_exit(m, 128 + 11);
    }
    return r;
}
