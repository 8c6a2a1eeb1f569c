/*
 * lnx_sys_io.c — file-descriptor system calls: read, write, writev, open,
 * openat, close, lseek, fstat, ioctl (lnx_syscall.h).
 *
 * The guest has its own descriptor numbers (lnx_proc.fds, lowest free
 * first, as Linux allocates); each maps to a host descriptor obtained from
 * an openat request. Every host interaction is a request (lnx_host.h).
 * Deliberate differences from a kernel (docs/linux-user.md §5): closing
 * guest fd 0..2 does not close the emulator's own stdio; at most
 * LNX_IO_MAX bytes move per call (a short read/write, which callers must
 * handle anyway); ioctl answers -ENOTTY for everything (so stdio is not a
 * terminal to the guest).
 */
#include "emu/linux/lnx_syscall.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include "emu/hooks.h"
#include "emu/linux/lnx_host.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"

#define GUEST_AT_FDCWD (-100)
#define MAX_IOV 1024
#define PATH_MAX_ 4096

/* Guest open flags use the generic Linux values (qemu-e2k target_fcntl.h
 * includes generic/fcntl.h); translate bit by bit to the host's. */
static const struct {
    uint32_t guest;
    int host;
} kOpenFlags[] = {
    {00000100, O_CREAT},     {00000200, O_EXCL},     {00000400, O_NOCTTY},
    {00001000, O_TRUNC},     {00002000, O_APPEND},   {00004000, O_NONBLOCK},
    {00010000, O_DSYNC},     {00200000, O_DIRECTORY}, {00400000, O_NOFOLLOW},
    {02000000, O_CLOEXEC},   {04010000, O_SYNC},
};

static int host_open_flags(uint64_t g)
{
    int h = (int)(g & 3); /* O_RDONLY/O_WRONLY/O_RDWR are 0/1/2 everywhere */
    for (size_t i = 0; i < sizeof kOpenFlags / sizeof kOpenFlags[0]; i++)
        if ((g & kOpenFlags[i].guest) == kOpenFlags[i].guest)
            h |= kOpenFlags[i].host;
    return h;
}

static int host_fd(struct lnx_proc *p, uint64_t gfd)
{
    if (gfd >= LNX_MAX_FDS)
        return -EBADF;
    return p->fds[gfd] >= 0 ? p->fds[gfd] : -EBADF;
}

static int64_t host_syscall(struct machine *m, int nr, uint64_t a0,
                            uint64_t a1, uint64_t a2, const void *in,
                            size_t in_len, void *out, size_t out_cap)
{
    struct emu_host_req req = {.kind = EMU_HOST_SYSCALL, .nr = nr};
    struct emu_host_resp resp = {0};
    req.args[0] = a0;
    req.args[1] = a1;
    req.args[2] = a2;
    if (in) {
        req.n_in = 1;
        req.in[0].ptr = (void *)in;
        req.in[0].len = in_len;
    }
    if (out) {
        resp.n_out = 1;
        resp.out[0].ptr = out;
        resp.out[0].cap = out_cap;
    }
    if (lnx_host_call(m, &req, &resp) < 0)
        return -EIO;
    if (resp.ret > 0 && out && (uint64_t)resp.ret > resp.out[0].len &&
        nr != LNX_HOST_FSTAT && nr != LNX_HOST_UNAME)
        resp.ret = (int64_t)resp.out[0].len; /* never trust more bytes */
    return resp.ret;
}

int64_t lnx_sys_read(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    uint64_t n = a[2] > LNX_IO_MAX ? LNX_IO_MAX : a[2];
    uint8_t *buf = lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    int64_t r = host_syscall(m, LNX_HOST_READ, (uint64_t)fd, n, 0, NULL, 0,
                             buf, n);
    if (r > 0 && lnx_copy_out(m, a[1], buf, (size_t)r))
        return -EFAULT;
    return r;
}

int64_t lnx_sys_write(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    uint64_t n = a[2] > LNX_IO_MAX ? LNX_IO_MAX : a[2];
    uint8_t *buf = lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    if (lnx_copy_in(m, buf, a[1], (size_t)n))
        return -EFAULT;
    return host_syscall(m, LNX_HOST_WRITE, (uint64_t)fd, 0, 0, buf,
                        (size_t)n, NULL, 0);
}

/* writev: gather the iovecs (each {base, len}) into one write request. */
int64_t lnx_sys_writev(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    if (a[2] > MAX_IOV)
        return -EINVAL;
    uint8_t *buf = lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    size_t total = 0;
    for (uint64_t i = 0; i < a[2] && total < LNX_IO_MAX; i++) {
        uint64_t iov[2];
        if (lnx_copy_in(m, iov, a[1] + 16 * i, sizeof iov))
            return -EFAULT;
        if (iov[1] > (uint64_t)INT64_MAX)
            return -EINVAL;
        size_t n = iov[1] > LNX_IO_MAX - total ? LNX_IO_MAX - total
                                               : (size_t)iov[1];
        if (lnx_copy_in(m, buf + total, iov[0], n))
            return -EFAULT;
        total += n;
    }
    if (total == 0)
        return 0;
    return host_syscall(m, LNX_HOST_WRITE, (uint64_t)fd, 0, 0, buf, total,
                        NULL, 0);
}

static int64_t do_openat(struct machine *m, int64_t gdirfd, uint64_t path,
                         uint64_t flags, uint64_t mode)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int64_t hdir;
    if (gdirfd == GUEST_AT_FDCWD) {
        hdir = AT_FDCWD;
    } else {
        int fd = host_fd(p, (uint64_t)gdirfd);
        if (fd < 0)
            return fd;
        hdir = fd;
    }
    char *buf = (char *)lnx_scratch(p);
    if (!buf)
        return -ENOMEM;
    int len = lnx_copy_str(m, buf, PATH_MAX_, path);
    if (len < 0)
        return len;
    int gfd = -1;
    for (int i = 0; i < LNX_MAX_FDS; i++)
        if (p->fds[i] < 0) {
            gfd = i;
            break;
        }
    if (gfd < 0)
        return -EMFILE;
    int64_t r = host_syscall(m, LNX_HOST_OPENAT, (uint64_t)hdir,
                             (uint64_t)host_open_flags(flags), mode & 07777,
                             buf, (size_t)len + 1, NULL, 0);
    if (r < 0)
        return r;
    if (r > 0x7fffffff) {
        host_syscall(m, LNX_HOST_CLOSE, (uint64_t)r, 0, 0, NULL, 0, NULL, 0);
        return -EMFILE;
    }
    p->fds[gfd] = (int)r;
    return gfd;
}

int64_t lnx_sys_open(struct machine *m, const uint64_t *a)
{
    return do_openat(m, GUEST_AT_FDCWD, a[0], a[1], a[2]);
}

int64_t lnx_sys_openat(struct machine *m, const uint64_t *a)
{
    return do_openat(m, (int32_t)a[0], a[1], a[2], a[3]);
}

int64_t lnx_sys_close(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    p->fds[a[0]] = -1;
    if (fd <= 2)
        return 0; /* keep the emulator's stdio open */
    int64_t r = host_syscall(m, LNX_HOST_CLOSE, (uint64_t)fd, 0, 0, NULL, 0,
                             NULL, 0);
    return r == -EINTR ? 0 : r;
}

int64_t lnx_sys_lseek(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    if (a[2] > 4)
        return -EINVAL;
    return host_syscall(m, LNX_HOST_LSEEK, (uint64_t)fd, a[1], a[2], NULL,
                        0, NULL, 0);
}

int64_t lnx_sys_fstat(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    int fd = host_fd(p, a[0]);
    if (fd < 0)
        return fd;
    uint8_t st[LNX_STAT_SIZE];
    memset(st, 0, sizeof st);
    int64_t r = host_syscall(m, LNX_HOST_FSTAT, (uint64_t)fd, 0, 0, NULL, 0,
                             st, sizeof st);
    if (r == 0 && lnx_copy_out(m, a[1], st, sizeof st))
        return -EFAULT;
    return r;
}

int64_t lnx_sys_ioctl(struct machine *m, const uint64_t *a)
{
    int fd = host_fd(lnx_proc_of(m), a[0]);
    return fd < 0 ? fd : -ENOTTY;
}
