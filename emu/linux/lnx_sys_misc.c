/*
 * lnx_sys_misc.c — identity, time, randomness and self-signalling system
 * calls, and the fast system calls of sdisp entry 6 (lnx_syscall.h).
 *
 * Process and thread ids, uname, clocks and random bytes come from the
 * host through requests (lnx_host.h), so a replay gets the recorded
 * answers. kill/tkill/tgkill only reach the process itself (one thread).
 * Fast calls follow the kernel's entry-6 table [K fast_sys_calls_table]:
 * 0 gettimeofday, 1 clock_gettime, 2 getcpu, 3 siggetmask; getcontext and
 * set_return are not emulated (-ENOSYS).
 */
#include "emu/linux/lnx_syscall.h"

#include <errno.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/linux/lnx_host.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"

#define CLOCK_REALTIME_ 0
#define MAX_CLOCK_ 11 /* CLOCK_TAI is the highest clock id */
#define MAX_RANDOM 4096

static int64_t simple_request(struct machine *m, int nr)
{
    struct emu_host_req req = {.kind = EMU_HOST_SYSCALL, .nr = nr};
    struct emu_host_resp resp = {0};
    if (lnx_host_call(m, &req, &resp) < 0)
        return -EIO;
    return resp.ret;
}

int64_t lnx_sys_getpid(struct machine *m, const uint64_t *a)
{
    (void)a;
    return simple_request(m, LNX_HOST_GETPID);
}

int64_t lnx_sys_gettid(struct machine *m, const uint64_t *a)
{
    (void)a;
    return simple_request(m, LNX_HOST_GETTID);
}

int64_t lnx_sys_set_tid_address(struct machine *m, const uint64_t *a)
{
    (void)a; /* no threads: nobody waits on the futex */
    return simple_request(m, LNX_HOST_GETTID);
}

int64_t lnx_sys_sched_yield(struct machine *m, const uint64_t *a)
{
    (void)m;
    (void)a;
    return 0;
}

int64_t lnx_sys_uname(struct machine *m, const uint64_t *a)
{
    uint8_t uts[LNX_UTSNAME_SIZE];
    struct emu_host_req req = {.kind = EMU_HOST_SYSCALL,
                               .nr = LNX_HOST_UNAME};
    struct emu_host_resp resp = {.n_out = 1};
    resp.out[0].ptr = uts;
    resp.out[0].cap = sizeof uts;
    memset(uts, 0, sizeof uts);
    if (lnx_host_call(m, &req, &resp) < 0)
        return -EIO;
    if (resp.ret < 0)
        return resp.ret;
    return lnx_copy_out(m, a[0], uts, sizeof uts);
}

/* Read host clock `id`: 0 (and the time in sec, nsec) or -errno. */
static int64_t read_clock(struct machine *m, uint64_t id, uint64_t *sec,
                          uint64_t *nsec)
{
    if (id > MAX_CLOCK_)
        return -EINVAL;
    struct emu_host_req req = {.kind = EMU_HOST_CLOCK, .nr = (int64_t)id};
    struct emu_host_resp resp = {0};
    if (lnx_host_call(m, &req, &resp) < 0)
        return -EIO;
    if (resp.ret < 0)
        return resp.ret;
    *sec = resp.vals[0];
    *nsec = resp.vals[1] % 1000000000u;
    return 0;
}

int64_t lnx_sys_clock_gettime(struct machine *m, const uint64_t *a)
{
    uint64_t ts[2];
    int64_t r = read_clock(m, a[0], &ts[0], &ts[1]);
    if (r)
        return r;
    return lnx_copy_out(m, a[1], ts, sizeof ts);
}

int64_t lnx_sys_gettimeofday(struct machine *m, const uint64_t *a)
{
    if (a[0]) {
        uint64_t tv[2];
        int64_t r = read_clock(m, CLOCK_REALTIME_, &tv[0], &tv[1]);
        if (r)
            return r;
        tv[1] /= 1000;
        if (lnx_copy_out(m, a[0], tv, sizeof tv))
            return -EFAULT;
    }
    if (a[1]) {
        static const uint32_t tz[2] = {0, 0}; /* UTC, no DST */
        if (lnx_copy_out(m, a[1], tz, sizeof tz))
            return -EFAULT;
    }
    return 0;
}

int64_t lnx_sys_getrandom(struct machine *m, const uint64_t *a)
{
    uint8_t buf[MAX_RANDOM];
    uint64_t n = a[1] > MAX_RANDOM ? MAX_RANDOM : a[1];
    if (a[2] & ~(uint64_t)7)
        return -EINVAL; /* GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE */
    if (n == 0)
        return 0;
    struct emu_host_req req = {.kind = EMU_HOST_RANDOM};
    struct emu_host_resp resp = {.n_out = 1};
    req.args[0] = n;
    resp.out[0].ptr = buf;
    resp.out[0].cap = n;
    if (lnx_host_call(m, &req, &resp) < 0)
        return -EIO;
    if (resp.ret < 0)
        return resp.ret;
    size_t got = resp.out[0].len;
    if (lnx_copy_out(m, a[0], buf, got))
        return -EFAULT;
    return (int64_t)got;
}

/* Signal to ourselves; pid 0, -1 and our own pid count as ourselves. */
static int64_t self_signal(struct machine *m, int64_t pid, uint64_t sig)
{
    if (sig > LNX_NSIG)
        return -EINVAL;
    if (pid != 0 && pid != -1) {
        int64_t me = simple_request(m, LNX_HOST_GETPID);
        if (me < 0)
            return me;
        if (pid != me)
            return -ESRCH; /* no other processes in this machine */
    }
    if (sig)
        lnx_signal_raise(m, (int)sig, 0 /* SI_USER */, 0, 0);
    return 0;
}

int64_t lnx_sys_kill(struct machine *m, const uint64_t *a)
{
    return self_signal(m, (int32_t)a[0], a[1]);
}

int64_t lnx_sys_tkill(struct machine *m, const uint64_t *a)
{
    if ((int32_t)a[0] <= 0)
        return -EINVAL;
    return self_signal(m, (int32_t)a[0], a[1]);
}

int64_t lnx_sys_tgkill(struct machine *m, const uint64_t *a)
{
    if ((int32_t)a[0] <= 0 || (int32_t)a[1] <= 0)
        return -EINVAL;
    return self_signal(m, (int32_t)a[0], a[2]);
}

int64_t lnx_fast_syscall(struct machine *m, uint64_t nr, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    switch (nr) {
    case 0: /* gettimeofday(tv, tz) */
        return lnx_sys_gettimeofday(m, a);
    case 1: /* clock_gettime(which, tp) */
        return lnx_sys_clock_gettime(m, a);
    case 2: { /* getcpu(cpu, node): always CPU 0, node 0 */
        static const uint32_t zero = 0;
        if ((a[0] && lnx_copy_out(m, a[0], &zero, 4)) ||
            (a[1] && lnx_copy_out(m, a[1], &zero, 4)))
            return -EFAULT;
        return 0;
    }
    case 3: /* siggetmask(oset, sigsetsize) */
        if (a[1] != 8)
            return -EINVAL;
        return lnx_copy_out(m, a[0], &p->blocked, 8);
    default:
        return -ENOSYS;
    }
}
