/*
 * lnx_host.h — the host requests of the Linux machine: what each one means
 * and the live performer that carries it out on the host.
 *
 * Every host-touching system call is one struct emu_host_req (emu/hooks.h):
 * scalars in args[], guest bytes in in[], results in resp.ret / vals[] /
 * out[]. Requests never carry host pointers other than the borrowed
 * in/out buffers, and everything a response carries is in guest terms (the
 * e2k struct stat and utsname layouts), so a recording can be replayed on
 * any host. File descriptors in requests are host descriptors from earlier
 * responses (openat's ret); the guest sees its own numbers (lnx_proc.fds).
 *
 *   kind             nr                 args / in / out -> result
 *   EMU_HOST_SYSCALL LNX_HOST_READ      a0 host fd, a1 count; out0 -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_WRITE     a0 host fd; in0 data -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_OPENAT    a0 host dirfd or AT_FDCWD, a1 host
 *                                       O_* flags, a2 mode; in0 path (with
 *                                       NUL) -> ret = host fd
 *   EMU_HOST_SYSCALL LNX_HOST_CLOSE     a0 host fd -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_LSEEK     a0 fd, a1 offset, a2 whence -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_PREAD     a0 fd, a1 count, a2 offset; out0
 *   EMU_HOST_SYSCALL LNX_HOST_FSTAT     a0 fd; out0 = e2k struct stat (112)
 *   EMU_HOST_SYSCALL LNX_HOST_GETPID    -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_GETTID    -> ret
 *   EMU_HOST_SYSCALL LNX_HOST_UNAME     out0 = struct utsname (6 x 65)
 *   EMU_HOST_CLOCK   clock id           -> ret 0/-errno, vals[0] sec,
 *                                          vals[1] nsec
 *   EMU_HOST_RANDOM  0                  a0 count; out0 -> ret = count
 *
 * The LNX_HOST_* numbers are the e2k system-call numbers of the same calls
 * (docs/linux-user.md §3), so a journal dump reads naturally. Results are
 * the host's -errno values (Linux numbering, the same on e2k).
 */
#ifndef E2K_EMU_LINUX_LNX_HOST_H
#define E2K_EMU_LINUX_LNX_HOST_H

#include <stdint.h>

struct emu_host_req;
struct emu_host_resp;

enum lnx_host_nr {
    LNX_HOST_READ = 3,
    LNX_HOST_WRITE = 4,
    LNX_HOST_CLOSE = 6,
    LNX_HOST_LSEEK = 19,
    LNX_HOST_GETPID = 20,
    LNX_HOST_FSTAT = 108,
    LNX_HOST_UNAME = 122,
    LNX_HOST_PREAD = 180,
    LNX_HOST_GETTID = 244,
    LNX_HOST_OPENAT = 335
};

#define LNX_STAT_SIZE 112   /* e2k struct stat, docs/linux-user.md §3 */
#define LNX_UTS_LEN 65
#define LNX_UTSNAME_SIZE (6 * LNX_UTS_LEN)

/* Perform `req` on the host (what happens when no hook is installed, and
 * what a recording gate calls). Always returns 0: host failures are
 * -errno results in resp->ret. */
int lnx_host_perform(const struct emu_host_req *req,
                     struct emu_host_resp *resp);

/* The same with the emu_host_call_fn signature (opaque unused), for a gate
 * that wants the Linux machine's live performer (gate_opts.live). */
int lnx_host_live(void *opaque, const struct emu_host_req *req,
                  struct emu_host_resp *resp);

#endif
