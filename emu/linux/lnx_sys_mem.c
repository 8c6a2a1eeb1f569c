/*
 * lnx_sys_mem.c — address-space system calls: brk, mmap, munmap,
 * mprotect, madvise (lnx_syscall.h).
 *
 * Placement is deterministic and depends only on guest state: a mapping
 * without MAP_FIXED goes to the lowest free range at or above the hint (if
 * the hint range is free and inside the mmap area) or else above
 * LNX_MMAP_BASE (mem_find_free walks in address order); brk grows from the
 * page after the image. The hardware-stack reservations, the user stack and
 * the fake kernel can never be mapped over or unmapped by the guest.
 * File mappings are private copies filled by host pread requests (one
 * process, so MAP_SHARED behaves like MAP_PRIVATE; docs/linux-user.md §5).
 * Flag values are e2k's (MAP_ANONYMOUS 0x10, MAP_FIXED 0x100,
 * docs/linux-user.md §3).
 */
#include "emu/linux/lnx_syscall.h"

#include <errno.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/linux/lnx_host.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "emu/xlat.h"

#define PAGE MEM_PAGE_SIZE
#define PROT_READ_ 0x1
#define PROT_WRITE_ 0x2
#define PROT_EXEC_ 0x4
#define MAP_SHARED_ 0x01
#define MAP_PRIVATE_ 0x02
#define MAP_TYPE_ 0x0f
#define MAP_ANONYMOUS_ 0x10
#define MAP_FIXED_ 0x100

static unsigned mem_prot(uint64_t prot)
{
    unsigned r = 0;
    if (prot & PROT_READ_)
        r |= MEM_PROT_R;
    if (prot & PROT_WRITE_)
        r |= MEM_PROT_W;
    if (prot & PROT_EXEC_)
        r |= MEM_PROT_X;
    return r;
}

/* May the guest map/unmap [addr, addr+len)? (len > 0, no overflow) */
static int user_range_ok(uint64_t addr, uint64_t len)
{
    if (addr < PAGE || len > LNX_PS_BASE || addr > LNX_PS_BASE - len)
        return 0; /* page 0, or into the stacks and the kernel */
    return 1;
}

static uint64_t round_len(uint64_t len)
{
    return len > UINT64_MAX - (PAGE - 1) ? 0 : (len + PAGE - 1) & ~(PAGE - 1);
}

/* A guest mapping changed: translations of that range are stale. */
static void mapping_changed(struct machine *m, uint64_t addr, uint64_t len)
{
    xlat_invalidate(m->xlat, addr, len);
    mem_tlb_flush(m->mem);
}

int64_t lnx_sys_brk(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t want = a[0];
    if (want < p->brk_start || want > LNX_BRK_LIMIT)
        return (int64_t)p->brk;
    uint64_t old_end = round_len(p->brk);
    uint64_t new_end = round_len(want);
    if (new_end > old_end) {
        uint64_t at;
        if (mem_find_free(m->mem, old_end, new_end, new_end - old_end, &at) ||
            at != old_end)
            return (int64_t)p->brk; /* something is mapped in the way */
        if (mem_map(m->mem, old_end, new_end - old_end,
                    MEM_PROT_R | MEM_PROT_W))
            return (int64_t)p->brk;
    } else if (new_end < old_end) {
        mem_unmap(m->mem, new_end, old_end - new_end);
        mapping_changed(m, new_end, old_end - new_end);
    }
    p->brk = want;
    return (int64_t)want;
}

/* Fill [addr, addr+len) from host fd at offset off (short file: zeros). */
static int64_t fill_from_file(struct machine *m, struct lnx_proc *p, int fd,
                              uint64_t addr, uint64_t len, uint64_t off)
{
    uint8_t *buf = lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    uint64_t done = 0;
    while (done < len) {
        uint64_t n = len - done > LNX_IO_MAX ? LNX_IO_MAX : len - done;
        struct emu_host_req req = {.kind = EMU_HOST_SYSCALL,
                                   .nr = LNX_HOST_PREAD};
        struct emu_host_resp resp = {.n_out = 1};
        req.args[0] = (uint64_t)fd;
        req.args[1] = n;
        req.args[2] = off + done;
        resp.out[0].ptr = buf;
        resp.out[0].cap = n;
        if (lnx_host_call(m, &req, &resp) < 0)
            return -EIO;
        if (resp.ret < 0)
            return resp.ret;
        size_t got = resp.out[0].len;
        if (got == 0)
            break; /* end of file: the rest stays zero */
        if (mem_poke(m->mem, addr + done, buf, got))
            return -ENOMEM;
        done += got;
    }
    return 0;
}

int64_t lnx_sys_mmap(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t addr = a[0], prot = a[2], flags = a[3], off = a[5];
    int64_t gfd = (int32_t)a[4];
    uint64_t len = round_len(a[1]);
    if (a[1] == 0 || len == 0)
        return a[1] == 0 ? -EINVAL : -ENOMEM;
    if (off & (PAGE - 1))
        return -EINVAL;
    unsigned type = flags & MAP_TYPE_;
    if (type != MAP_SHARED_ && type != MAP_PRIVATE_ && type != 3)
        return -EINVAL;
    int hfd = -1;
    if (!(flags & MAP_ANONYMOUS_)) {
        if (gfd < 0 || gfd >= LNX_MAX_FDS || p->fds[gfd] < 0)
            return -EBADF;
        hfd = p->fds[gfd];
    }
    uint64_t at;
    if (flags & MAP_FIXED_) {
        if ((addr & (PAGE - 1)) || !user_range_ok(addr, len))
            return -EINVAL;
        at = addr;
    } else {
        uint64_t hint = addr & ~(PAGE - 1);
        if (hint >= LNX_MMAP_BASE && user_range_ok(hint, len) &&
            hint + len <= LNX_MMAP_LIMIT &&
            mem_find_free(m->mem, hint, hint + len, len, &at) == 0 &&
            at == hint) {
            /* the hint is free */
        } else if (mem_find_free(m->mem, LNX_MMAP_BASE, LNX_MMAP_LIMIT, len,
                                 &at)) {
            return -ENOMEM;
        }
    }
    /* Map writable first so the file contents can be filled in. */
    if (mem_map(m->mem, at, len, MEM_PROT_R | MEM_PROT_W))
        return -ENOMEM;
    mapping_changed(m, at, len);
    if (hfd >= 0) {
        int64_t r = fill_from_file(m, p, hfd, at, len, off);
        if (r < 0) {
            mem_unmap(m->mem, at, len);
            return r;
        }
    }
    if (mem_protect(m->mem, at, len, mem_prot(prot)))
        return -ENOMEM;
    return (int64_t)at;
}

int64_t lnx_sys_munmap(struct machine *m, const uint64_t *a)
{
    uint64_t addr = a[0], len = round_len(a[1]);
    if ((addr & (PAGE - 1)) || a[1] == 0 || len == 0 ||
        !user_range_ok(addr, len))
        return -EINVAL;
    mem_unmap(m->mem, addr, len);
    mapping_changed(m, addr, len);
    return 0;
}

int64_t lnx_sys_mprotect(struct machine *m, const uint64_t *a)
{
    uint64_t addr = a[0], len = round_len(a[1]);
    if (addr & (PAGE - 1))
        return -EINVAL;
    if (a[1] == 0)
        return 0;
    if (len == 0 || !user_range_ok(addr, len))
        return -ENOMEM;
    if (a[2] & ~(uint64_t)(PROT_READ_ | PROT_WRITE_ | PROT_EXEC_))
        return -EINVAL;
    int rc = mem_protect(m->mem, addr, len, mem_prot(a[2]));
    if (rc == MEM_E_UNMAPPED)
        return -ENOMEM;
    if (rc)
        return -EINVAL;
    mapping_changed(m, addr, len);
    return 0;
}

int64_t lnx_sys_madvise(struct machine *m, const uint64_t *a)
{
    (void)m;
    return (a[0] & (PAGE - 1)) ? -EINVAL : 0; /* advice only */
}
