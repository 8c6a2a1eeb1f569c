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
    FILE *log;                    /* diagnostics; NULL = stderr */
};

struct sess_replay_opts {
    const char *journal;          /* input path */
    int emit_output;              /* re-emit the guest's stdout/stderr */
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
    uint8_t state[32];            /* final state digest (sh_state_digest) */
    char state_hex[17];           /* its short form */
    uint64_t journal_bytes;       /* record: file size */
    struct gate_report report;    /* outcome DIVERGED / JOURNAL: why */
    char msg[512];                /* outcome SETUP / JOURNAL: one line */
};

/* Both return res->outcome (also stored in *res). */
int sess_record(const struct sess_record_opts *o, struct sess_result *res);
int sess_replay(const struct sess_replay_opts *o, struct sess_result *res);

#endif
