/*
 * con.h — the `e2k-rr debug` console: a line-oriented command interpreter
 * over a rev_* session (replay/rev.h), also used for gdb `monitor`
 * commands (gdb_server.c runs a line through con_exec with the output
 * going to gdb).
 *
 * Commands are one file each (con_<name>.c), each described by a `const
 * struct con_cmd` with its help text, all listed once in con_cmds.def
 * (style.md "Files", as rr's Command/RmCommand and tools/e2k-rr/cli.h).
 * The console parses its commands into the same rev_* actions the gdb stub
 * uses (style.md "Protocol vs. policy").
 *
 * Output: everything, errors included ("error: ..."), goes to con.out in
 * order, so a script piped into `e2k-rr debug` gets one deterministic
 * transcript. No mutable globals here; the interactive loop (con_repl.c)
 * needs one for its SIGINT handler and says so.
 */
#ifndef E2K_DEBUGGER_CON_H
#define E2K_DEBUGGER_CON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct rev_session;
struct rev_stop;

/* Disassembler hook (the front end supplies tools/objdump's dis_insn; the
 * debugger library may not depend on tools/). Writes text (lines ending in
 * '\n') into out and the bytes used into *consumed; returns 0, or -1 if
 * it cannot (then the console prints raw syllables). */
typedef int (*con_dis_fn)(void *ctx, const uint8_t *buf, size_t avail,
                          uint64_t addr, unsigned isa, char *out, size_t size,
                          unsigned *consumed);

/* Watchpoint kinds have the numbers of enum rev_watch_kind. */
enum con_bp_kind {
    CON_BP_BREAK = 0,
    CON_BP_WATCH = 1,  /* write */
    CON_BP_RWATCH = 2, /* read */
    CON_BP_AWATCH = 3  /* access */
};

struct con_bp {
    int id;         /* number shown to the user (1, 2, ...) */
    int kind;       /* enum con_bp_kind */
    uint64_t addr;
    uint64_t len;   /* watchpoints */
};

#define CON_MAX_BPS 64
#define CON_MAX_ARGS 16
#define CON_LINE_MAX 1024

struct con {
    struct rev_session *s;     /* borrowed */
    FILE *out;                 /* borrowed: all output */
    con_dis_fn dis;            /* may be NULL */
    void *dis_ctx;
    struct con_bp bps[CON_MAX_BPS]; /* breakpoints and watchpoints set */
    int n_bps;
    int next_bp_id;
    int monitor;               /* running a gdb `monitor` command */
    int quit;                  /* `quit` was given */
    int failed;                /* some command failed */
    uint64_t x_next;           /* where a bare `x` continues */
    /* Host control of the virt machine's balloon in a live session: the
     * front end queues "target = bytes" (a 4 KiB multiple) for the next
     * poll point (tools/e2k-rr balloon_ctl.h bctl_console_set). 0, or -1
     * with a one-line reason in err. NULL: `balloon SIZE` is refused. */
    int (*balloon_set)(void *ctx, uint64_t bytes, char *err, size_t errlen);
    void *balloon_ctx;
};

/* Flags of a command. */
#define CON_F_MONITOR 0x1 /* also offered as a gdb `monitor` command */

struct con_cmd {
    const char *name;
    const char *args;    /* argument synopsis ("" for none) */
    const char *summary; /* one line for `help` */
    const char *help;    /* full text for `help NAME` */
    unsigned flags;      /* CON_F_* */
    /* argv[0] is the command word; returns 0, or -1 after printing an
     * error with con_error(). */
    int (*run)(struct con *c, int argc, char **argv);
};

#define CON_CMD(name) extern const struct con_cmd con_cmd_##name;
#include "debugger/con_cmds.def"
#undef CON_CMD

/* All commands in con_cmds.def order, NULL-terminated. */
extern const struct con_cmd *const con_cmds[];

void con_init(struct con *c, struct rev_session *s, FILE *out);
/* Run one line. Empty lines and `#` comments do nothing. Returns 0 or -1
 * (and sets c->failed). */
int con_exec(struct con *c, const char *line);
/* A command by exact name or unique prefix (NULL if none/ambiguous). */
const struct con_cmd *con_find(const char *word);

/* Read commands until EOF or `quit`: readline with history and completion
 * when `in` is a terminal, else plain lines with no prompt. Returns 0, or
 * 1 if input was not a terminal and some command failed. */
int con_run(struct con *c, FILE *in);

/* --- helpers for the commands --- */
int con_error(struct con *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void con_printf(struct con *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A number (decimal, 0x hex) or $pc / $sp / $rN / $gN, optionally
 * +/- a second one ($sp+16). 0 or -1. */
int con_parse_value(struct con *c, const char *s, uint64_t *v);
/* Movement verbs shared by stepi/rstepi/continue/rcontinue/goto. */
enum con_move { CON_STEP, CON_RSTEP, CON_CONT, CON_RCONT, CON_GOTO };
int con_move(struct con *c, int how, uint64_t n);
/* "icount N, pc 0x...: reason" and the bundle at the PC. */
void con_print_stop(struct con *c, const struct rev_stop *st);
/* Disassemble n bundles from addr; returns the address after them. */
uint64_t con_disasm(struct con *c, uint64_t addr, unsigned n);
/* The breakpoint/watchpoint that a stop refers to (or NULL). */
const struct con_bp *con_bp_for_stop(const struct con *c,
                                     const struct rev_stop *st);

#endif
