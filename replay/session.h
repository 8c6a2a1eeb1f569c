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

#include "replay/gate.h"

struct machine;
struct jrnl_reader;

#define SESS_DEFAULT_HASH_INTERVAL (1ull << 26) /* icount between STATE_HASH */

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
};

/* Builds a virt machine (docs/virt-machine.md) in a fresh MACH_VIRT
 * machine whose hooks are already set: RAM, kernel and devices, from the
 * machine options argv (argv[0] = the kernel's name). replay/ cannot
 * include devices/, so the front end supplies this (tools/e2k-rr). Returns
 * 0, or -1 with a one-line reason in err. */
typedef int (*sess_virt_build_fn)(void *opaque, struct machine *m,
                                  const uint8_t *kernel, size_t kernel_bytes,
                                  int argc, const char *const *argv,
                                  int mute_output, char *err, size_t errlen);

struct sess_replay_opts {
    const char *journal;          /* input path */
    int emit_output;              /* re-emit the guest's stdout/stderr */
    FILE *log;                    /* diagnostics; NULL = stderr */
    sess_virt_build_fn virt_build;/* system-mode journals (NULL: refused) */
    void *virt_opaque;
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

/* The header's machine name of virt journals. */
#define SESS_MACHINE_VIRT "virt"

#endif
