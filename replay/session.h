/*
 * session.h — record and replay of a whole run of a Linux user-mode
 * program: the drivers behind `e2k-rr record` and `e2k-rr replay`
 * (docs/record-replay.md).
 *
 * Record: load the program into a fresh machine behind a recording gate,
 * run it in slices of the header's hash interval, put a STATE_HASH event at
 * every slice boundary, and close the journal with the exit status, the
 * final icount and the final state digests.
 * Replay: build the same machine from the journal alone (embedded program,
 * command line, environment, ISA), answer its host requests from the
 * journal, run the same slices and compare every digest. The result is
 * either "identical" (with the final state hash) or the first divergence.
 */
#ifndef E2K_REPLAY_SESSION_H
#define E2K_REPLAY_SESSION_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/hooks.h"
#include "replay/gate.h"

struct machine;
struct jrnl_reader;

#define SESS_DEFAULT_HASH_INTERVAL (1ull << 26) /* icount between STATE_HASH */

/* An optional observer of a record or replay, for front ends and trace/
 * (progress line, instruction traces, balloon statistics). Every field is
 * optional; the observer never changes the run: calls happen between
 * run slices, and single-stepping stops the machine at exact icounts,
 * which it supports anywhere (the reverse engine relies on the same).
 * Borrowed by the opts that point to it. */
struct sess_observer {
    void *ctx;                    /* passed to every callback */
    /* Called after every run slice (at least at every hash-interval
     * boundary, so every 2^26 instructions by default; every bundle while
     * single-stepping) with the icount reached and, in a replay of a
     * complete journal, the final icount (else 0). Host-side only. */
    void (*progress)(void *ctx, uint64_t icount, uint64_t end_icount);
    /* Replay only: when set, the bundles whose icount lies in [step_from,
     * step_to] run one per run call, and step() sees the machine (read it,
     * never write it) stopped before each of them, then once more after
     * the last one (at step_to + 1, or where the guest exited or the
     * replay ended); at most once per icount. A nonzero return ends the
     * replay at once: outcome SESS_OK with res->stopped = 1. */
    int (*step)(void *ctx, struct machine *m);
    uint64_t step_from, step_to;
    /* Replay only: each device event as the replaying machine produces it,
     * after the gate checked it (virt machine: balloon traffic, panics, and
     * the balloon statistics reports, which are not journaled). */
    emu_dev_event_fn dev_event;
};

struct sess_record_opts {
    const char *journal;          /* output path */
    const uint8_t *program;       /* the ELF image (borrowed) */
    size_t program_bytes;
    int argc;                     /* guest argv (argv[0] = program name) */
    const char *const *argv;
    const char *const *envp;      /* NULL-terminated; NULL = empty */
    int isa;                      /* 2..7, 0 = from the ELF (else v5) */
    uint64_t hash_interval;       /* 0 = SESS_DEFAULT_HASH_INTERVAL */
    uint64_t checkpoint_every;    /* > 0: a journal checkpoint (CHECKPOINT
                                     events, replay/ckpt_jrnl.h) at every
                                     multiple of this icount; 0 = none */
    FILE *log;                    /* diagnostics; NULL = stderr */
    const struct sess_observer *obs; /* NULL = none (progress only) */
};

/* Builds a virt machine (docs/virt-machine.md) in a fresh MACH_VIRT
 * machine whose hooks are already set: RAM, kernel and devices, from the
 * machine options argv (argv[0] = the kernel's name). replay/ cannot
 * include devices/, so the front end supplies this (tools/e2k-rr). The
 * UART's output goes to uart_out (NULL: stdout), or nowhere if
 * mute_output. Returns 0, or -1 with a one-line reason in err. */
typedef int (*sess_virt_build_fn)(void *opaque, struct machine *m,
                                  const uint8_t *kernel, size_t kernel_bytes,
                                  int argc, const char *const *argv,
                                  int mute_output, FILE *uart_out, char *err,
                                  size_t errlen);

struct sess_replay_opts {
    const char *journal;          /* input path */
    int emit_output;              /* re-emit the guest's stdout/stderr */
    FILE *log;                    /* diagnostics; NULL = stderr */
    sess_virt_build_fn virt_build;/* system-mode journals (NULL: refused) */
    void *virt_opaque;
    const struct sess_observer *obs; /* NULL = none */
};

/* Record a run of the virt machine (session_virt.c). */
struct sess_virt_record_opts {
    const char *journal;          /* output path */
    const uint8_t *kernel;        /* the kernel ELF (borrowed), embedded */
    size_t kernel_bytes;
    int argc;                     /* machine options, argv[0] = kernel name; */
    const char *const *argv;      /* stored in the header for replay */
    int isa;                      /* 2..7, 0 = from the ELF (else v5) */
    uint64_t ram_bytes;           /* for the header */
    uint64_t hash_interval;       /* 0 = SESS_DEFAULT_HASH_INTERVAL */
    sess_virt_build_fn build;
    void *build_opaque;
    emu_host_call_fn live;        /* host performer (virt_host_live) */
    void *live_opaque;
    FILE *log;                    /* diagnostics; NULL = stderr */
    const struct sess_observer *obs; /* NULL = none (progress only) */
    emu_next_poll_fn next_poll;   /* extra input polls (chaos mode,
                                     virt_chaos_next_poll); NULL = none */
    void *next_poll_opaque;
};

enum sess_outcome {
    SESS_OK = 0,          /* recorded / replayed identically */
    SESS_DIVERGED = 1,    /* replay: the run differs from the recording */
    SESS_JOURNAL = 2,     /* the journal could not be written / read */
    SESS_SETUP = 3        /* bad program, options, ... (nothing ran) */
};

struct sess_result {
    int outcome;                  /* enum sess_outcome */
    int exit_status;              /* the guest's (valid when it exited) */
    int exited;                   /* 1: the guest exited */
    uint64_t icount;              /* wide instructions executed */
    uint64_t events;              /* host requests answered */
    uint64_t hashes;              /* STATE_HASH events written / checked */
    uint64_t checkpoints;         /* record: journal checkpoints written */
    uint8_t state[32];            /* final state digest (sh_state_digest) */
    char state_hex[17];           /* its short form */
    uint64_t journal_bytes;       /* record: file size */
    int stopped;                  /* replay: the observer's step() ended it
                                     early (outcome SESS_OK) */
    struct gate_report report;    /* outcome DIVERGED / JOURNAL: why */
    char msg[512];                /* outcome SETUP / JOURNAL: one line */
};

/* All return res->outcome (also stored in *res). sess_replay replays both
 * kinds of journal (virt ones through o->virt_build). */
int sess_record(const struct sess_record_opts *o, struct sess_result *res);
int sess_replay(const struct sess_replay_opts *o, struct sess_result *res);
int sess_virt_record(const struct sess_virt_record_opts *o, struct sess_result *res);
/* sess_replay's half for system-mode journals: takes over the open reader
 * (closes it). */
int sess_virt_replay_reader(const struct sess_replay_opts *o, struct jrnl_reader *r,
                            struct sess_result *res);

/* The machine of a virt journal, built the way sess_virt_replay_reader
 * builds it (the reverse engine, replay/rev.c, shares this): checks the
 * header (machine "virt", embedded kernel, ISA, machine options), makes a
 * MACH_VIRT machine behind a replaying gate on r (borrowed), installs the
 * gate's hooks -- or calls install(ctx, m, g) to put the caller's own in
 * front of them -- and builds RAM, kernel and devices with o->virt_build
 * (UART output to uart_out, muted unless o->emit_output). SESS_OK with *m
 * and *g (the caller frees both, the machine first), or SESS_SETUP with a
 * one-line reason in msg. */
typedef void (*sess_hooks_fn)(void *ctx, struct machine *m, struct gate *g);
int sess_virt_machine(const struct sess_replay_opts *o, struct jrnl_reader *r,
                      FILE *uart_out, sess_hooks_fn install, void *ctx,
                      struct machine **m, struct gate **g, char *msg, size_t msglen);
/* The state digests a virt journal's STATE_HASH and END events hold:
 * registers (sh_regs_digest) and "memory" = SHA-256 over the RAM digest
 * and the complete device state. */
void sess_virt_digests(struct machine *m, uint8_t regs[32], uint8_t mem[32]);

/* The header's machine name of virt journals. */
#define SESS_MACHINE_VIRT "virt"

#endif
