/*
 * lnx_internal.h — the state of one emulated Linux process, shared by the
 * files of emu/linux/ (nothing outside this folder includes it).
 *
 * Address-space layout (all guest addresses, chosen once, never derived
 * from host addresses; docs/linux-user.md §5):
 *
 *   0x0000_0000_1000 ..            the ELF image (ET_DYN at LNX_PIE_BASE)
 *   image end .. LNX_BRK_LIMIT     brk heap, grows up
 *   LNX_MMAP_BASE .. LNX_MMAP_LIMIT mmap area, lowest free address first
 *   LNX_PS_BASE                    procedure stack (reserved LNX_HWS_MAX)
 *   LNX_PS_TAG_BASE                its tag bytes (one per 8 bytes of PS)
 *   LNX_PCS_BASE                   chain stack (reserved LNX_HWS_MAX)
 *   .. LNX_STACK_TOP               user data stack (LNX_STACK_SIZE)
 *   LNX_KERNEL_BASE                fake kernel: never mapped; the signal
 *                                  return address and sdisp targets live here
 *
 * The hardware stacks grow in place (their reservations are never used by
 * anything else), so their base never moves; the unmapped page after the
 * mapped part is the guard page.
 */
#ifndef E2K_EMU_LINUX_LNX_INTERNAL_H
#define E2K_EMU_LINUX_LNX_INTERNAL_H

#include <stdint.h>
#include <stdio.h>

#include "emu/linux/lnx.h"

struct machine;
struct emu_host_req;
struct emu_host_resp;

#define LNX_BRK_LIMIT 0x100000000000ull   /* 16 TiB */
#define LNX_MMAP_BASE 0x200000000000ull   /* 32 TiB */
#define LNX_MMAP_LIMIT 0x600000000000ull
#define LNX_PS_BASE 0x600000000000ull
#define LNX_PS_TAG_BASE 0x610000000000ull
#define LNX_PCS_BASE 0x620000000000ull
#define LNX_HWS_MAX (1ull << 32)          /* 4 GiB per hardware stack */
#define LNX_PS_INIT (4 * 4096ull)         /* qemu: 4 pages */
#define LNX_PCS_INIT 4096ull              /* qemu: 1 page */
#define LNX_STACK_TOP 0x7ffffffff000ull
#define LNX_STACK_SIZE (8ull << 20)       /* RLIMIT_STACK default */
#define LNX_KERNEL_BASE 0xe20000000000ull /* qemu's fake kernel range */
#define LNX_SIGRET_ADDR (LNX_KERNEL_BASE + 0x15800)

#define LNX_IO_MAX (1u << 20)   /* bytes moved per read/write request */
#define LNX_NSIG 64
#define LNX_MAX_FDS 256
#define LNX_MAX_NR 512    /* syscall numbers we keep a "reported" bit for */

/* One signal's disposition (rt_sigaction). */
struct lnx_sigaction {
    uint64_t handler;  /* 0 = SIG_DFL, 1 = SIG_IGN, else guest address */
    uint64_t flags;    /* SA_* */
    uint64_t restorer; /* kept for oldact, unused (e2k returns to kernel) */
    uint64_t mask;     /* blocked during the handler */
};

struct lnx_proc {
    /* --- image and memory layout --- */
    uint64_t brk_start;     /* first brk address (page-aligned image end) */
    uint64_t brk;           /* current break */
    uint64_t ps_size;       /* mapped procedure stack bytes */
    uint64_t pcs_size;      /* mapped chain stack bytes */

    /* --- file descriptors: guest fd -> host fd (-1 = closed) --- */
    int fds[LNX_MAX_FDS];
    uint8_t *scratch;       /* LNX_IO_MAX bytes for host I/O, owned,
                               allocated on first use */

    /* --- signals --- */
    struct lnx_sigaction act[LNX_NSIG + 1]; /* [1..64] */
    uint64_t blocked;       /* bit (sig-1) */
    uint64_t pending;       /* bit (sig-1): raised, not yet delivered */
    uint64_t ss_sp;         /* sigaltstack */
    uint64_t ss_size;
    int ss_flags;           /* SS_DISABLE or 0 */
    unsigned sig_depth;     /* handlers currently running */
    int sig_code[LNX_NSIG + 1];     /* si_code of a pending signal */
    uint64_t sig_addr[LNX_NSIG + 1];/* si_addr of a pending signal */
    char why[120];          /* what caused the current fault (log) */

    /* --- exit --- */
    int exited;             /* 1 once exit/exit_group/fatal signal */
    int status;             /* exit status (128 + signo if killed) */
    int term_sig;           /* the signal that killed it, else 0 */
    uint64_t exc_icount1;   /* icount + 1 of the last CPU exception handled
                               (0: none); lnx_exception_at */

    /* --- host requests --- */
    int host_failed;        /* a hook could not serve a request: the run
                               loop stops with LNX_E_HOST */

    /* --- diagnostics --- */
    FILE *log;              /* borrowed; never NULL after load */
    uint8_t reported[LNX_MAX_NR / 8]; /* unknown syscall already reported */
    int reported_big;       /* a number >= LNX_MAX_NR was reported */
};

/* The process of a machine, or NULL if it is not a loaded Linux machine. */
struct lnx_proc *lnx_proc_of(struct machine *m);

/* Guest memory copies with user-access semantics (permission checked, like
 * copy_from_user): 0 or -EFAULT. */
int lnx_copy_in(struct machine *m, void *dst, uint64_t src, size_t len);
int lnx_copy_out(struct machine *m, uint64_t dst, const void *src,
                 size_t len);
/* NUL-terminated guest string into buf[cap]: length, -EFAULT, or
 * -ENAMETOOLONG. */
int lnx_copy_str(struct machine *m, char *buf, size_t cap, uint64_t src);

/* Hardware stacks (lnx_hwstack.c): make room for a call with `wbs` plus
 * `extra_frames` chain frames; grow by doubling. 0 or -1 (limit reached). */
int lnx_hws_reserve(struct machine *m, unsigned wbs, unsigned extra_frames);
/* Grow after the CPU raised exc_proc/chain_stack_bounds: 0 or -1. */
int lnx_hws_grow(struct machine *m, unsigned exc);
/* access_hw_stacks (system call 254); args as the guest passed them. */
int64_t lnx_sys_access_hw_stacks(struct machine *m, const uint64_t *a);

/* Signals (lnx_signal.c). */
#define LNX_SIG_FAULT 1 /* synchronous: cannot be blocked or ignored */
/* Queue `sig`; synchronous faults are delivered by lnx_signal_deliver at
 * once. si_code and addr go into the siginfo. */
void lnx_signal_raise(struct machine *m, int sig, int code, uint64_t addr,
                      unsigned flags);
/* Deliver the fault `sig` now: the interrupted bundle is at `pc`. */
void lnx_signal_fault(struct machine *m, int sig, int code, uint64_t addr,
                      uint64_t pc);
/* Deliver pending unblocked signals before resuming at c->ip. */
void lnx_signal_deliver_pending(struct machine *m);
/* The handler returned into LNX_SIGRET_ADDR (or called rt_sigreturn). */
void lnx_signal_return(struct machine *m, int from_syscall);
/* System calls. */
int64_t lnx_sys_rt_sigaction(struct machine *m, const uint64_t *a);
int64_t lnx_sys_rt_sigprocmask(struct machine *m, const uint64_t *a);
int64_t lnx_sys_sigaltstack(struct machine *m, const uint64_t *a);

/* The I/O scratch buffer (LNX_IO_MAX bytes), or NULL if out of memory. */
uint8_t *lnx_scratch(struct lnx_proc *p);

/* Process exit (status 0..255, or 128 + signo). */
void lnx_exit(struct machine *m, int status);

/* Host requests (lnx_host.c): through the machine's hooks if set, else
 * performed on the host. 0, or a negative code if the request could not be
 * served (the run loop then stops with LNX_E_HOST). */
int lnx_host_call(struct machine *m, struct emu_host_req *req,
                  struct emu_host_resp *resp);

/* Report something to the process log, prefixed "e2k-rr: ". */
void lnx_log(struct machine *m, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
