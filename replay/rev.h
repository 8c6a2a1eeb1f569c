/*
 * rev.h — a replay session that can move in time: the reverse-execution
 * engine behind `e2k-rr debug` (console) and `e2k-rr replay --gdb` (GDB
 * stub), docs/debugging.md.
 *
 * A session replays a journal -- of a Linux user-mode program or of the
 * virt machine -- (or, without one, runs a program live with forward
 * execution only). It keeps checkpoints of the whole machine along
 * the way (replay/ckpt.c; spacing policy in replay/ckpt_policy.c) so that
 * going back to icount N means restoring the nearest checkpoint before N
 * and replaying forward to N exactly. Reverse-stepi, reverse-continue and
 * goto are built from that: reverse-continue finds the last breakpoint or
 * watchpoint hit before the present by replaying the interval between
 * checkpoints forward and remembering the last hit.
 *
 * All positions are icounts (wide instructions executed). The machine's
 * state is read through rev_machine() between calls; it must not be
 * modified by the caller in replay mode (writes would make the replay
 * diverge; the API refuses them: rev_write_* return REV_E_READONLY).
 *
 * Stops are reported in struct rev_stop. Every call returns 0 or a
 * negative REV_E_* code with *err filled.
 */
#ifndef E2K_REPLAY_REV_H
#define E2K_REPLAY_REV_H

#include <stddef.h>
#include <stdint.h>

#include "replay/session.h" /* sess_virt_build_fn */

struct machine;

enum rev_error {
    REV_OK = 0,
    REV_E_ARGS = -1,      /* bad arguments */
    REV_E_JOURNAL = -2,   /* the journal cannot be read */
    REV_E_DIVERGED = -3,  /* the replay diverged from the journal */
    REV_E_NOTSUP = -4,    /* not possible here (reverse in a live session) */
    REV_E_READONLY = -5,  /* state writes are refused in replay */
    REV_E_NOMEM = -6,
    REV_E_LIMIT = -7      /* too many breakpoints/watchpoints/checkpoints */
};

struct rev_err {
    int code;
    char msg[256];
};

const char *rev_strerror(int code);

enum rev_stop_reason {
    REV_STOP_NONE = 0,
    REV_STOP_STEP,        /* the requested number of instructions done */
    REV_STOP_BREAK,       /* a breakpoint at stop.pc (before executing it) */
    REV_STOP_WATCH,       /* a watchpoint hit: stop.addr/len/watch_kind;
                             stopped after the accessing instruction */
    REV_STOP_GOTO,        /* rev_goto reached its icount */
    REV_STOP_BEGIN,       /* reverse execution reached the start of the
                             recording (icount 0) */
    REV_STOP_END,         /* forward execution reached the end of the
                             recording ("end of recording") */
    REV_STOP_EXITED,      /* the guest exited (stop.status) */
    REV_STOP_SIGNAL,      /* the guest got a fatal signal / exception */
    REV_STOP_INTERRUPT    /* rev_interrupt() was called */
};

enum rev_watch_kind { REV_WATCH_WRITE = 1, REV_WATCH_READ = 2, REV_WATCH_ACCESS = 3 };

struct rev_stop {
    int reason;           /* enum rev_stop_reason */
    uint64_t icount;      /* where the session is now */
    uint64_t pc;          /* the current bundle's address */
    uint64_t addr;        /* REV_STOP_WATCH: the watched address accessed */
    uint64_t len;
    int watch_kind;       /* enum rev_watch_kind that matched */
    int status;           /* REV_STOP_EXITED: exit status */
    int signo;            /* REV_STOP_SIGNAL: signal number */
    char msg[160];        /* one line for humans */
};

struct rev_opts {
    const char *journal;     /* replay this journal; NULL = live session */
    /* Live sessions only (journal == NULL): the program and its args. */
    const uint8_t *program;
    size_t program_bytes;
    int argc;
    const char *const *argv;
    const char *const *envp;
    int isa;                 /* 0 = from the journal / ELF */
    uint64_t checkpoint_mem; /* checkpoint memory budget in bytes
                                (0 = 2x guest memory in use) */
    int emit_output;         /* re-emit guest stdout/stderr (virt: the
                                UART's output) the first time the replay
                                passes it */
    /* Virt-machine journals: builds RAM, kernel and devices from the
     * header (replay/ cannot include devices/; `e2k-rr` passes
     * virt_cli_build). NULL: such journals are refused. */
    sess_virt_build_fn virt_build;
    void *virt_opaque;
};

struct rev_session;

int rev_open(struct rev_session **out, const struct rev_opts *o, struct rev_err *err);
void rev_close(struct rev_session *s); /* NULL ok */

/* The machine at the current position (borrowed; valid until the next
 * rev_* call that moves). */
struct machine *rev_machine(struct rev_session *s);
uint64_t rev_icount(const struct rev_session *s);
/* 1 if the session replays a journal (reverse execution possible). */
int rev_is_replay(const struct rev_session *s);
/* The guest program image (the ELF embedded in the journal, or the live
 * session's program), for symbols; borrowed, valid until rev_close.
 * 0, or -1 if there is none. */
int rev_program(const struct rev_session *s, const uint8_t **elf, size_t *len);
/* icount of the end of the recording (final icount), or UINT64_MAX live. */
uint64_t rev_end_icount(const struct rev_session *s);

/* Forward. */
int rev_step(struct rev_session *s, uint64_t n, struct rev_stop *stop, struct rev_err *err);
int rev_continue(struct rev_session *s, struct rev_stop *stop, struct rev_err *err);
/* Backward (replay only; REV_E_NOTSUP live). */
int rev_rstep(struct rev_session *s, uint64_t n, struct rev_stop *stop, struct rev_err *err);
int rev_rcontinue(struct rev_session *s, struct rev_stop *stop, struct rev_err *err);
/* Either direction. */
int rev_goto(struct rev_session *s, uint64_t icount, struct rev_stop *stop, struct rev_err *err);
/* Ask a running rev_continue/rev_rcontinue to stop (e.g. gdb ^C);
 * async-signal-safe. */
void rev_interrupt(struct rev_session *s);

/* Breakpoints (by bundle address) and watchpoints (guest byte ranges). */
int rev_break_insert(struct rev_session *s, uint64_t pc, struct rev_err *err);
int rev_break_remove(struct rev_session *s, uint64_t pc, struct rev_err *err);
int rev_watch_insert(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err);
int rev_watch_remove(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err);

/* State access for debuggers. Reads always work; writes only live. */
int rev_read_mem(struct rev_session *s, uint64_t addr, void *buf, size_t len);
int rev_write_mem(struct rev_session *s, uint64_t addr, const void *buf, size_t len,
                  struct rev_err *err);

/* Checkpoints: take one now (id returned), list them. */
struct rev_ckpt_info {
    uint64_t id;
    uint64_t icount;
    uint64_t bytes;       /* memory this checkpoint holds */
    int pinned;           /* taken by the user (never dropped by policy) */
};
int rev_checkpoint(struct rev_session *s, uint64_t *id, struct rev_err *err);
/* Fills up to max entries, returns the total number. */
size_t rev_checkpoints(const struct rev_session *s, struct rev_ckpt_info *out, size_t max);
uint64_t rev_checkpoint_bytes(const struct rev_session *s);
/* The memory budget the policy keeps checkpoints under (rev_opts.
 * checkpoint_mem, or twice the guest memory mapped now: *is_default = 1);
 * 0 in a live session. is_default may be NULL. */
uint64_t rev_checkpoint_budget(const struct rev_session *s, int *is_default);

/* Journal events around a position, for `events` / `info events`:
 * calls fn for each event with icount in [from, to], in order; stops early
 * if fn returns nonzero. ev_kind/icount and a one-line text are given. */
typedef int (*rev_event_fn)(void *ctx, uint32_t kind, uint64_t icount, const char *text);
int rev_events(struct rev_session *s, uint64_t from, uint64_t to, rev_event_fn fn,
               void *ctx, struct rev_err *err);

#endif
