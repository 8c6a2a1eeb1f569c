/*
 * lnx.h — the Linux user-mode machine: an e2k Linux process on top of a
 * struct machine of kind MACH_USER (docs/linux-user.md).
 *
 * lnx_load() turns a static ELF64 executable into a process inside the
 * machine: segments mapped, user data stack with argv/envp/auxv, procedure
 * and chain stacks, initial registers (docs/linux-user.md §2). lnx_run()
 * runs the CPU and plays the kernel: system calls (entry 3 and the fast
 * entry 6), growth of the hardware stacks, signals for CPU exceptions, the
 * exit status. Everything host-touching (file descriptors, clocks,
 * randomness, process identity) goes through the machine's emu_hooks
 * host_call as a serializable request (lnx_host.h), so a recording gate can
 * log it and a replaying gate can answer it; with no hook installed the
 * requests are performed on the host directly.
 *
 * Guest address-space decisions (mmap placement, brk, stacks) depend only
 * on guest inputs: no host addresses, no randomization.
 *
 * The process state lives behind machine.os (owned: mach_free frees it).
 */
#ifndef E2K_EMU_LINUX_LNX_H
#define E2K_EMU_LINUX_LNX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;

/* Error codes of the loader and the run loop (negative). */
enum lnx_error {
    LNX_OK = 0,
    LNX_E_FORMAT = -1,   /* not an ELF64 little-endian file / malformed */
    LNX_E_MACHINE = -2,  /* not an e2k executable */
    LNX_E_UNSUPPORTED = -3, /* protected mode, x86 app, dynamic, ... */
    LNX_E_RANGE = -4,    /* a segment outside the allowed address range */
    LNX_E_NOMEM = -5,    /* host allocation failed */
    LNX_E_ARGS = -6,     /* bad arguments (argv too large, ...) */
    LNX_E_HOST = -7,     /* a host request failed (replay divergence) */
    LNX_E_STATE = -8     /* the machine is not a loaded Linux process */
};

/* Optional context for errors: one line saying what failed and where. */
struct lnx_err {
    int code;
    char msg[200];
};

const char *lnx_strerror(int code);

/* How to build the process. Strings are borrowed for the call. */
struct lnx_opts {
    const char *const *argv; /* argv[0..argc) (argv[0] = program name) */
    int argc;
    const char *const *envp; /* NULL-terminated; NULL = empty environment */
    const char *execfn;      /* AT_EXECFN string; NULL = argv[0] */
    FILE *log;               /* diagnostics (unknown syscalls, fatal
                                signals); NULL = stderr; borrowed */
};

/* Load the executable image `elf` (len bytes) into machine `m` (kind
 * MACH_USER, freshly created, its ISA already chosen) and make it ready to
 * run. Returns 0 or a negative LNX_E_* code with *err filled. */
int lnx_load(struct machine *m, const uint8_t *elf, size_t len,
             const struct lnx_opts *opts, struct lnx_err *err);

/* The ISA version an executable asks for in e_flags (2..7), 0 if it does
 * not say, or a negative LNX_E_* code if it is not an e2k ELF file. */
int lnx_elf_isa(const uint8_t *elf, size_t len, struct lnx_err *err);

/* Why lnx_run() returned. */
enum lnx_run_result {
    LNX_RUN_EXITED = 1, /* the process ended: *status is its exit status
                           (128 + signo when a signal killed it) */
    LNX_RUN_LIMIT = 2,  /* icount reached the limit */
    LNX_RUN_STOPPED = 3 /* the CPU stopped for an outside reason (hook,
                           debugger breakpoint, halt); call again to go on */
};

/* Run the process until it exits or icount reaches `icount_limit`
 * (absolute). Returns an lnx_run_result, or a negative LNX_E_* code
 * (*err filled) if the machine cannot go on (host request failure). */
int lnx_run(struct machine *m, uint64_t icount_limit, int *status,
            struct lnx_err *err);

/* 1 once the process has exited; *status (if not NULL) its exit status. */
int lnx_exited(const struct machine *m, int *status);
/* The signal that killed the process (default action of a fatal signal),
 * or 0 if it is running or exited by itself. */
int lnx_exit_signal(const struct machine *m);

/* 1 if a CPU exception was handled (a signal delivered, a handler
 * returned, a stack grown) at this icount: the machine's state then differs
 * from the one lnx_run() stops at with `icount` as its limit, which comes
 * before the faulting bundle is tried (the reverse engine orders such
 * states after it). */
int lnx_exception_at(const struct machine *m, uint64_t icount);

/* Checkpoints (replay/ckpt.c; lnx_state.c): the process state behind
 * machine.os (brk, stack sizes, fd table, signal dispositions, pending
 * signals, exit status...) as an opaque blob. The blob is only meaningful
 * to the same build (it is the process struct without its host pointers);
 * lnx_state_load refuses one of another size. Guest memory and registers
 * are not part of it. */
size_t lnx_state_bytes(const struct machine *m); /* 0: not a Linux machine */
int lnx_state_save(const struct machine *m, void *buf, size_t len);
int lnx_state_load(struct machine *m, const void *buf, size_t len);

#endif
