/*
 * lnx_syscall.h — system-call dispatch of the Linux machine and the
 * handler prototypes of the lnx_sys_*.c files (internal to emu/linux/).
 *
 * A handler gets the guest arguments a[0..5] (callee %r1..%r6 of the
 * `call` into sdisp entry 3) and returns the result or -errno, which goes
 * to callee %r0 (docs/linux-user.md §3).
 */
#ifndef E2K_EMU_LINUX_LNX_SYSCALL_H
#define E2K_EMU_LINUX_LNX_SYSCALL_H

#include <stdint.h>

struct machine;

/* Handle a CPU_STOP_SYSCALL: the system call, its result, then any
 * signal that became deliverable. */
void lnx_syscall(struct machine *m);

/* Name of an e2k system call number (for messages), or NULL. */
const char *lnx_syscall_name(uint64_t nr);

typedef int64_t (*lnx_sys_fn)(struct machine *m, const uint64_t *a);

/* lnx_sys_io.c */
int64_t lnx_sys_read(struct machine *m, const uint64_t *a);
int64_t lnx_sys_write(struct machine *m, const uint64_t *a);
int64_t lnx_sys_writev(struct machine *m, const uint64_t *a);
int64_t lnx_sys_open(struct machine *m, const uint64_t *a);
int64_t lnx_sys_openat(struct machine *m, const uint64_t *a);
int64_t lnx_sys_close(struct machine *m, const uint64_t *a);
int64_t lnx_sys_lseek(struct machine *m, const uint64_t *a);
int64_t lnx_sys_fstat(struct machine *m, const uint64_t *a);
int64_t lnx_sys_ioctl(struct machine *m, const uint64_t *a);

/* lnx_sys_mem.c */
int64_t lnx_sys_brk(struct machine *m, const uint64_t *a);
int64_t lnx_sys_mmap(struct machine *m, const uint64_t *a);
int64_t lnx_sys_munmap(struct machine *m, const uint64_t *a);
int64_t lnx_sys_mprotect(struct machine *m, const uint64_t *a);
int64_t lnx_sys_madvise(struct machine *m, const uint64_t *a);

/* lnx_sys_misc.c */
int64_t lnx_sys_getpid(struct machine *m, const uint64_t *a);
int64_t lnx_sys_gettid(struct machine *m, const uint64_t *a);
int64_t lnx_sys_set_tid_address(struct machine *m, const uint64_t *a);
int64_t lnx_sys_uname(struct machine *m, const uint64_t *a);
int64_t lnx_sys_clock_gettime(struct machine *m, const uint64_t *a);
int64_t lnx_sys_gettimeofday(struct machine *m, const uint64_t *a);
int64_t lnx_sys_getrandom(struct machine *m, const uint64_t *a);
int64_t lnx_sys_kill(struct machine *m, const uint64_t *a);
int64_t lnx_sys_tkill(struct machine *m, const uint64_t *a);
int64_t lnx_sys_tgkill(struct machine *m, const uint64_t *a);
int64_t lnx_sys_sched_yield(struct machine *m, const uint64_t *a);
/* fast system calls (sdisp entry 6), a[0..1] */
int64_t lnx_fast_syscall(struct machine *m, uint64_t nr, const uint64_t *a);

#endif
