/*
 * lnx_syscall.c — the system-call table and dispatch (lnx_syscall.h).
 *
 * Entry 3 is the 64-bit system-call table, entry 6 the fast calls (their
 * own table of two-argument calls, as the kernel has; qemu-e2k routes 6
 * like 3 instead). Any other sdisp entry has no code behind it: as in
 * qemu-e2k the call lands in the unmapped fake kernel and the process gets
 * SIGSEGV (docs/linux-user.md §3, [T syscall/invalid-sdisp-1]).
 *
 * The number is read from callee %r0; if its low half is diagnostic
 * (tagged) the call is not made and returns -ENOSYS, while tagged
 * arguments are used as plain values — what the peer tests show the
 * hardware does ([T syscall/invalid-nr-1, invalid-nr-hi-1, invalid-arg-1,
 * invalid-arg-hi-1]). Unknown numbers return -ENOSYS and are reported once
 * each on the log.
 */
#include "emu/linux/lnx_syscall.h"

#include <errno.h>

#include "emu/cpu.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"

#define ENTRY_SYSCALL64 3
#define ENTRY_FAST 6

/* e2k system-call numbers (qemu-e2k linux-user/e2k/syscall_nr.h). */
enum {
    NR_restart_syscall = 0, NR_exit = 1, NR_read = 3, NR_write = 4,
    NR_open = 5, NR_close = 6, NR_lseek = 19, NR_getpid = 20, NR_getuid = 24,
    NR_kill = 37, NR_brk = 45, NR_getgid = 47, NR_geteuid = 49,
    NR_getegid = 50, NR_ioctl = 54, NR_fcntl = 55, NR_gettimeofday = 78,
    NR_mmap = 90, NR_munmap = 91, NR_fstat = 108, NR_sigreturn = 119,
    NR_clone = 120, NR_uname = 122, NR_mprotect = 125, NR_readv = 145,
    NR_writev = 146, NR_sched_yield = 158, NR_nanosleep = 162,
    NR_mremap = 163, NR_rt_sigreturn = 173, NR_rt_sigaction = 174,
    NR_rt_sigprocmask = 175, NR_pread64 = 180, NR_sigaltstack = 186,
    NR_madvise = 219, NR_newfstatat = 224, NR_gettid = 244, NR_tkill = 246,
    NR_futex = 248, NR_access_hw_stacks = 254, NR_set_tid_address = 259,
    NR_clock_gettime = 267, NR_clock_getres = 268, NR_exit_group = 300,
    NR_tgkill = 308, NR_openat = 335, NR_set_robust_list = 366,
    NR_prlimit64 = 375, NR_getrandom = 385, NR_statx = 402
};

struct sys_row {
    const char *name;
    lnx_sys_fn fn; /* NULL: known by name only (unsupported) */
};

static int64_t sys_access_hw_stacks(struct machine *m, const uint64_t *a)
{
    return lnx_sys_access_hw_stacks(m, a);
}

static int64_t sys_rt_sigaction(struct machine *m, const uint64_t *a)
{
    return lnx_sys_rt_sigaction(m, a);
}

static int64_t sys_rt_sigprocmask(struct machine *m, const uint64_t *a)
{
    return lnx_sys_rt_sigprocmask(m, a);
}

static int64_t sys_sigaltstack(struct machine *m, const uint64_t *a)
{
    return lnx_sys_sigaltstack(m, a);
}

static int64_t sys_restart(struct machine *m, const uint64_t *a)
{
    (void)m;
    (void)a;
    return -EINTR; /* nothing to restart */
}

static const struct sys_row kSys[LNX_MAX_NR] = {
    [NR_restart_syscall] = {"restart_syscall", sys_restart},
    [NR_exit] = {"exit", NULL}, /* handled in lnx_syscall() */
    [NR_read] = {"read", lnx_sys_read},
    [NR_write] = {"write", lnx_sys_write},
    [NR_open] = {"open", lnx_sys_open},
    [NR_close] = {"close", lnx_sys_close},
    [NR_lseek] = {"lseek", lnx_sys_lseek},
    [NR_getpid] = {"getpid", lnx_sys_getpid},
    [NR_getuid] = {"getuid", NULL},
    [NR_kill] = {"kill", lnx_sys_kill},
    [NR_brk] = {"brk", lnx_sys_brk},
    [NR_getgid] = {"getgid", NULL},
    [NR_geteuid] = {"geteuid", NULL},
    [NR_getegid] = {"getegid", NULL},
    [NR_ioctl] = {"ioctl", lnx_sys_ioctl},
    [NR_fcntl] = {"fcntl", NULL},
    [NR_gettimeofday] = {"gettimeofday", lnx_sys_gettimeofday},
    [NR_mmap] = {"mmap", lnx_sys_mmap},
    [NR_munmap] = {"munmap", lnx_sys_munmap},
    [NR_fstat] = {"fstat", lnx_sys_fstat},
    [NR_sigreturn] = {"sigreturn", NULL}, /* handled in lnx_syscall() */
    [NR_clone] = {"clone", NULL},
    [NR_uname] = {"uname", lnx_sys_uname},
    [NR_mprotect] = {"mprotect", lnx_sys_mprotect},
    [NR_readv] = {"readv", NULL},
    [NR_writev] = {"writev", lnx_sys_writev},
    [NR_sched_yield] = {"sched_yield", lnx_sys_sched_yield},
    [NR_nanosleep] = {"nanosleep", NULL},
    [NR_mremap] = {"mremap", NULL},
    [NR_rt_sigreturn] = {"rt_sigreturn", NULL}, /* lnx_syscall() */
    [NR_rt_sigaction] = {"rt_sigaction", sys_rt_sigaction},
    [NR_rt_sigprocmask] = {"rt_sigprocmask", sys_rt_sigprocmask},
    [NR_pread64] = {"pread64", NULL},
    [NR_sigaltstack] = {"sigaltstack", sys_sigaltstack},
    [NR_madvise] = {"madvise", lnx_sys_madvise},
    [NR_newfstatat] = {"newfstatat", NULL},
    [NR_gettid] = {"gettid", lnx_sys_gettid},
    [NR_tkill] = {"tkill", lnx_sys_tkill},
    [NR_futex] = {"futex", NULL},
    [NR_access_hw_stacks] = {"access_hw_stacks", sys_access_hw_stacks},
    [NR_set_tid_address] = {"set_tid_address", lnx_sys_set_tid_address},
    [NR_clock_gettime] = {"clock_gettime", lnx_sys_clock_gettime},
    [NR_clock_getres] = {"clock_getres", NULL},
    [NR_exit_group] = {"exit_group", NULL}, /* lnx_syscall() */
    [NR_tgkill] = {"tgkill", lnx_sys_tgkill},
    [NR_openat] = {"openat", lnx_sys_openat},
    [NR_set_robust_list] = {"set_robust_list", NULL},
    [NR_prlimit64] = {"prlimit64", NULL},
    [NR_getrandom] = {"getrandom", lnx_sys_getrandom},
    [NR_statx] = {"statx", NULL},
};

const char *lnx_syscall_name(uint64_t nr)
{
    return nr < LNX_MAX_NR ? kSys[nr].name : NULL;
}

/* Report an unsupported call once per number. */
static void report_unknown(struct machine *m, struct lnx_proc *p,
                           unsigned entry, uint64_t nr)
{
    if (entry == ENTRY_SYSCALL64 && nr < LNX_MAX_NR) {
        if (p->reported[nr / 8] & (1u << (nr % 8)))
            return;
        p->reported[nr / 8] |= (uint8_t)(1u << (nr % 8));
    } else {
        if (p->reported_big)
            return;
        p->reported_big = 1;
    }
    const char *name = entry == ENTRY_SYSCALL64 ? lnx_syscall_name(nr) : NULL;
    lnx_log(m, "unsupported %s %llu%s%s%s at pc 0x%llx: returning -ENOSYS "
            "(reported once)",
            entry == ENTRY_FAST ? "fast system call" : "system call",
            (unsigned long long)nr, name ? " (" : "", name ? name : "",
            name ? ")" : "", (unsigned long long)m->cpu.stop.pc);
}

void lnx_syscall(struct machine *m)
{
    struct cpu_state *c = &m->cpu;
    struct lnx_proc *p = lnx_proc_of(m);
    unsigned entry = c->stop.sys_entry;
    unsigned base = 2 * c->stop.sys_wbs;

    if (entry != ENTRY_SYSCALL64 && entry != ENTRY_FAST) {
        /* Nothing lives at that kernel entry (qemu: fetch fault). */
        uint64_t target = LNX_KERNEL_BASE + (uint64_t)entry * 0x800;
        if (lnx_hws_reserve(m, c->stop.sys_wbs, 1) == 0 &&
            cpu_proc_call(c, target, c->stop.sys_wbs, c->stop.sys_next) == 0)
            lnx_signal_fault(m, 11 /* SIGSEGV */, 1 /* SEGV_MAPERR */,
                             target, target);
        else
            lnx_signal_fault(m, 11, 1, target, c->stop.sys_next);
        return;
    }
    if (base >= c->wd_size) {
        /* Empty callee window: no number, no arguments, nowhere to put a
         * result (qemu: the same) [T syscall/zero-wsz-1]. */
        cpu_syscall_finish(c, (uint64_t)-EINTR);
        return;
    }
    uint64_t nr = cpu_syscall_arg(c, 0);
    uint64_t a[6];
    for (unsigned i = 0; i < 6; i++)
        a[i] = cpu_syscall_arg(c, i + 1);
    int64_t ret;

    if (c->tags_on && (c->rf[base].tag & 3)) {
        ret = -ENOSYS; /* diagnostic number: not executed */
    } else if (entry == ENTRY_FAST) {
        ret = lnx_fast_syscall(m, nr, a);
        if (ret == -ENOSYS)
            report_unknown(m, p, entry, nr);
    } else if (nr == NR_exit || nr == NR_exit_group) {
        cpu_syscall_finish(c, 0);
        lnx_exit(m, (int)(a[0] & 0xff));
        return;
    } else if (nr == NR_rt_sigreturn || nr == NR_sigreturn) {
        lnx_signal_return(m, 1);
        return;
    } else if (nr < LNX_MAX_NR && kSys[nr].fn) {
        ret = kSys[nr].fn(m, a);
    } else {
        report_unknown(m, p, entry, nr);
        ret = -ENOSYS;
    }
    cpu_syscall_finish(c, (uint64_t)ret);
    lnx_signal_deliver_pending(m);
}
