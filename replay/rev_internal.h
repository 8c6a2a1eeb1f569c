/*
 * rev_internal.h — the state of a reverse-execution session, shared by
 * rev.c (session, breakpoints, watchpoints, state access, events) and
 * rev_run.c (moving in time). Nothing outside replay/rev*.c includes it.
 *
 * Positions and their order. A position is an icount plus, rarely, a
 * phase: lnx_run() with icount limit N stops before bundle N is tried (the
 * canonical state at N). When bundle N faults, the machine handles the
 * exception (delivers a signal, returns from a handler, grows a stack)
 * without counting an instruction, so a breakpoint in a signal handler can
 * stop at icount N in a later state (lnx_exception_at says so). Stops are
 * ordered by a key of four per icount h:
 *   4h + 0  a watchpoint hit by bundle h-1 (stopped after it, at h)
 *   4h + 1  a breakpoint at h, or any canonical position h
 *   4h + 2  a stop at h after an exception was handled at h
 * Reverse-continue goes to the stop with the largest key below the
 * present's. The virt machine has its own "more at the same icount"
 * (virt_canonical): virt_run does its work at h (device clocks, input
 * poll, an interrupt entering the trap table) after the state a limit of
 * h leaves, so a breakpoint there, or a watched DMA write by that work,
 * stops at h in a later state: key 4h + 2 as well.
 */
#ifndef E2K_REPLAY_REV_INTERNAL_H
#define E2K_REPLAY_REV_INTERNAL_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/hooks.h"
#include "replay/ckpt_policy.h"
#include "replay/rev.h"

struct gate;
struct machine;
struct jrnl_reader;
struct ckpt_store;
struct ckpt_jrnl_entry;

#define REV_MAX_WATCH 64
#define REV_MAX_BREAK 4096

/* Checkpoint flags (ckpt_set_flags). */
#define REV_CK_PINNED 0x1u /* never dropped by the policy */
#define REV_CK_USER 0x2u   /* taken by rev_checkpoint */

struct rev_watch {
    uint64_t addr, len;
    int kind;             /* enum rev_watch_kind */
};

/* A stop found while running with stops armed. */
struct rev_hit {
    int what;             /* 0 none, 1 breakpoint, 2 watchpoint */
    uint64_t key;         /* order key (above) */
    uint64_t pc;          /* breakpoint: its address */
    uint64_t addr, len;   /* watchpoint: the watched bytes accessed */
    int watch_kind;
};

struct rev_session {
    struct machine *m;            /* owned */
    int replay;                   /* 1: a journal; 0: live */
    int virt;                     /* 1: the virt machine (a system-mode
                                     journal); 0: Linux user mode */
    FILE *uart_out;               /* virt: the UART's output, re-emitted
                                     from bundle uart_next on (owned) */
    uint64_t uart_next;
    char *journal;                /* path (replay), owned copy */
    uint8_t *live_program;        /* live: a copy of the program (owned) */
    size_t live_program_bytes;
    struct jrnl_reader *r;        /* the gate's reader, owned */
    struct jrnl_reader *er;       /* rev_events' own reader, lazily */
    struct gate *g;               /* owned */
    struct emu_hooks_fwd fwd;     /* installed: the gate's hooks forwarded,
                                     plus guest output and watchpoints */
    struct ckpt_store *ck;        /* replay only */
    struct ckpt_policy pol;
    uint64_t budget_opt;          /* rev_opts.checkpoint_mem (0: 2x guest) */
    int emit_output;
    uint64_t out_mark;            /* output re-emitted up to this icount */
    FILE *null_log;               /* lnx diagnostics go nowhere */
    uint64_t hash_interval;       /* the journal's STATE_HASH spacing: runs
                                     stop at its multiples (0: none) */
    uint64_t end_icount;          /* end of the recording (see end_known) */
    int end_known;                /* 0: incomplete journal, not found yet */
    int end_cut;                  /* the journal is incomplete and its end
                                     (end_icount) was found: the guest stops
                                     there without exiting */
    uint64_t *bps;                /* breakpoint addresses */
    size_t nbps, cap_bps;
    struct rev_watch watch[REV_MAX_WATCH];
    size_t nwatch;
    uint64_t watch_layout_gen;    /* mem layout when flags were applied */
    int watch_applied;
    int armed;                    /* the current run reports watch hits */
    struct rev_hit pending;       /* a watch hit of the current run */
    int at_watch;                 /* the present was reached by a watch stop */
    uint64_t signal_at1;          /* icount + 1 where a fatal signal was
                                     reported (0: none) */
    uint64_t exit_reported1;      /* icount + 1 where REV_STOP_EXITED was
                                     reported: going on is the end */
    atomic_int intr;              /* rev_interrupt() */
    /* Journal checkpoints (ckpt_jrnl.h), found on first need with `er`. */
    struct ckpt_jrnl_entry *jck;
    size_t njck;
    int jck_state;                /* 0 not looked for, 1 usable, -1 not */
    uint64_t jck_applied;         /* how many were applied (tests) */
    char jck_msg[200];            /* why they became unusable */
};

/* Results of the internal forward runner. */
enum rev_run {
    RUN_LIMIT = 0,   /* reached the requested icount */
    RUN_BREAK,       /* a breakpoint (stops armed) */
    RUN_WATCH,       /* a watchpoint hit (stops armed): s->pending */
    RUN_EXITED,      /* the guest has exited */
    RUN_END,         /* the recording ends here (incomplete journal) */
    RUN_INTR,        /* rev_interrupt */
    RUN_ERROR        /* *err filled */
};

int rev_fail(struct rev_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set the watch flags of every page a watchpoint covers (after restores
 * and mapping changes) and cpu_exit_after_loads. */
void rev_watch_apply(struct rev_session *s);
/* 1 if the machine's state is the canonical one at its icount. */
int rev_canonical(const struct rev_session *s);
/* The machine kind's run loop (lnx_run / virt_run) with a LNX_RUN_*
 * result, or a negative code with msg filled; 1 + *status once the guest
 * exited (the process, or the virt machine powered off). */
int rev_mach_run(struct rev_session *s, uint64_t limit, char *msg, size_t msglen);
int rev_exited(const struct rev_session *s, int *status);
/* sess_hooks_fn: the session's hooks in front of the gate's, and the
 * read-watch callback (rev.c). */
void rev_install_hooks(void *ctx, struct machine *m, struct gate *g);
/* rev_virt.c: open a virt journal's machine on s->r (s->virt, s->m, s->g
 * set); register its checkpoint parts after the gate's (0 or nonzero). */
int rev_open_virt(struct rev_session *s, const struct rev_opts *o, struct rev_err *err);
int rev_virt_parts(struct rev_session *s);
/* The session's side reader of the journal (events, journal checkpoints),
 * opened on first use; NULL if it cannot be opened. */
struct jrnl_reader *rev_side_reader(struct rev_session *s);

#endif
