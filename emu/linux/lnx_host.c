/*
 * lnx_host.c — host requests of the Linux machine (lnx_host.h): routing
 * through the machine's hooks, and the live performer.
 *
 * The performer is the only code in emu/ that touches the host for a guest
 * (files, clocks, randomness, identity), and it runs only when no hook is
 * installed or when a recording gate asks it to. It converts host results
 * into guest terms (e2k struct stat, utsname with machine "e2k") so that a
 * journal holds nothing host-specific.
 */
#include "emu/linux/lnx_host.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "emu/hooks.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/* Host struct stat -> e2k struct stat (docs/linux-user.md §3). */
static void stat_to_e2k(const struct stat *st, uint8_t *out)
{
    memset(out, 0, LNX_STAT_SIZE);
    put32(out + 0, (uint32_t)st->st_dev);
    put64(out + 8, (uint64_t)st->st_ino);
    put32(out + 16, (uint32_t)st->st_mode);
    put32(out + 20, (uint32_t)st->st_nlink);
    put32(out + 24, (uint32_t)st->st_uid);
    put32(out + 28, (uint32_t)st->st_gid);
    put32(out + 32, (uint32_t)st->st_rdev);
    put64(out + 40, (uint64_t)st->st_size);
    put64(out + 48, (uint64_t)st->st_blksize);
    put64(out + 56, (uint64_t)st->st_blocks);
    put64(out + 64, (uint64_t)st->st_atim.tv_sec);
    put64(out + 72, (uint64_t)st->st_atim.tv_nsec);
    put64(out + 80, (uint64_t)st->st_mtim.tv_sec);
    put64(out + 88, (uint64_t)st->st_mtim.tv_nsec);
    put64(out + 96, (uint64_t)st->st_ctim.tv_sec);
    put64(out + 104, (uint64_t)st->st_ctim.tv_nsec);
}

static void uts_field(uint8_t *out, unsigned idx, const char *s)
{
    uint8_t *f = out + idx * LNX_UTS_LEN;
    size_t n = strlen(s);
    if (n > LNX_UTS_LEN - 1)
        n = LNX_UTS_LEN - 1;
    memcpy(f, s, n);
    f[n] = 0;
}

static int64_t neg_errno(long r)
{
    return r < 0 ? -(int64_t)errno : (int64_t)r;
}

static struct emu_host_buf *out0(struct emu_host_resp *resp, size_t need)
{
    if (resp->n_out < 1 || !resp->out[0].ptr || resp->out[0].cap < need)
        return NULL;
    return &resp->out[0];
}

static void perform_syscall(const struct emu_host_req *req,
                            struct emu_host_resp *resp)
{
    const uint64_t *a = req->args;
    struct emu_host_buf *o;
    switch (req->nr) {
    case LNX_HOST_READ:
        if (!(o = out0(resp, a[1]))) {
            resp->ret = -EINVAL;
            return;
        }
        resp->ret = neg_errno(read((int)a[0], o->ptr, a[1]));
        o->len = resp->ret > 0 ? (size_t)resp->ret : 0;
        return;
    case LNX_HOST_PREAD:
        if (!(o = out0(resp, a[1]))) {
            resp->ret = -EINVAL;
            return;
        }
        resp->ret = neg_errno(pread((int)a[0], o->ptr, a[1], (off_t)a[2]));
        o->len = resp->ret > 0 ? (size_t)resp->ret : 0;
        return;
    case LNX_HOST_WRITE:
        if (req->n_in < 1) {
            resp->ret = -EINVAL;
            return;
        }
        resp->ret = neg_errno(write((int)a[0], req->in[0].ptr,
                                    req->in[0].len));
        return;
    case LNX_HOST_OPENAT: {
        if (req->n_in < 1 || req->in[0].len == 0 ||
            ((const char *)req->in[0].ptr)[req->in[0].len - 1] != 0) {
            resp->ret = -EINVAL;
            return;
        }
        int dirfd = (int64_t)a[0] == AT_FDCWD ? AT_FDCWD : (int)a[0];
        resp->ret = neg_errno(openat(dirfd, req->in[0].ptr, (int)a[1],
                                     (mode_t)a[2]));
        return;
    }
    case LNX_HOST_CLOSE:
        resp->ret = neg_errno(close((int)a[0]));
        return;
    case LNX_HOST_LSEEK:
        resp->ret = neg_errno((long)lseek((int)a[0], (off_t)a[1], (int)a[2]));
        return;
    case LNX_HOST_FSTAT: {
        struct stat st;
        if (!(o = out0(resp, LNX_STAT_SIZE))) {
            resp->ret = -EINVAL;
            return;
        }
        resp->ret = neg_errno(fstat((int)a[0], &st));
        if (resp->ret == 0) {
            stat_to_e2k(&st, o->ptr);
            o->len = LNX_STAT_SIZE;
        }
        return;
    }
    case LNX_HOST_GETPID:
        resp->ret = getpid();
        return;
    case LNX_HOST_GETTID:
        resp->ret = (int64_t)syscall(SYS_gettid);
        return;
    case LNX_HOST_UNAME: {
        struct utsname u;
        if (!(o = out0(resp, LNX_UTSNAME_SIZE))) {
            resp->ret = -EINVAL;
            return;
        }
        resp->ret = neg_errno(uname(&u));
        memset(o->ptr, 0, LNX_UTSNAME_SIZE);
        if (resp->ret == 0) {
            uts_field(o->ptr, 0, "Linux");
            uts_field(o->ptr, 1, u.nodename);
            uts_field(o->ptr, 2, u.release);
            uts_field(o->ptr, 3, u.version);
            uts_field(o->ptr, 4, "e2k");
#ifdef _GNU_SOURCE
            uts_field(o->ptr, 5, u.domainname);
#endif
            o->len = LNX_UTSNAME_SIZE;
        }
        return;
    }
    default:
        resp->ret = -ENOSYS;
        return;
    }
}

int lnx_host_perform(const struct emu_host_req *req,
                     struct emu_host_resp *resp)
{
    resp->ret = -ENOSYS;
    switch (req->kind) {
    case EMU_HOST_SYSCALL:
        perform_syscall(req, resp);
        break;
    case EMU_HOST_CLOCK: {
        struct timespec ts;
        if (clock_gettime((clockid_t)req->nr, &ts) != 0) {
            resp->ret = -errno;
        } else {
            resp->ret = 0;
            resp->vals[0] = (uint64_t)ts.tv_sec;
            resp->vals[1] = (uint64_t)ts.tv_nsec;
        }
        break;
    }
    case EMU_HOST_RANDOM: {
        struct emu_host_buf *o = out0(resp, req->args[0]);
        if (!o) {
            resp->ret = -EINVAL;
            break;
        }
        ssize_t n = getrandom(o->ptr, req->args[0], 0);
        resp->ret = n < 0 ? -errno : n;
        o->len = n > 0 ? (size_t)n : 0;
        break;
    }
    default:
        break;
    }
    return 0;
}

int lnx_host_live(void *opaque, const struct emu_host_req *req,
                  struct emu_host_resp *resp)
{
    (void)opaque;
    return lnx_host_perform(req, resp);
}

int lnx_host_call(struct machine *m, struct emu_host_req *req,
                  struct emu_host_resp *resp)
{
    req->icount = m->cpu.icount;
    for (unsigned i = 0; i < resp->n_out && i < EMU_HOST_MAX_BUFS; i++)
        resp->out[i].len = 0;
    if (m->hooks && m->hooks->host_call) {
        struct lnx_proc *p = lnx_proc_of(m);
        int rc = m->hooks->host_call(m->hooks->opaque, req, resp);
        for (unsigned i = 0; rc == 0 && i < resp->n_out &&
                             i < EMU_HOST_MAX_BUFS; i++)
            if (resp->out[i].len > resp->out[i].cap)
                rc = -1; /* a performer must never overfill */
        if (rc < 0 && p)
            p->host_failed = 1;
        return rc < 0 ? rc : 0;
    }
    return lnx_host_perform(req, resp);
}
