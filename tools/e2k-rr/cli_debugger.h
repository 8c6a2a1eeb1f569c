/*
 * cli_debugger.h — front-end glue for the debugger (debugger/): the
 * disassembler hook (tools/objdump may only be linked here, not into
 * debugger/), and `--gdb [HOST:]PORT` as `replay` and `run` offer it.
 */
#ifndef E2K_TOOLS_E2K_RR_CLI_DEBUGGER_H
#define E2K_TOOLS_E2K_RR_CLI_DEBUGGER_H

#include <stdint.h>

#include "debugger/con.h"
#include "tools/e2k-rr/cli.h"

struct rev_opts;

/* dis_insn (MCST syntax) as a console hook, or NULL without e2k_dis. */
con_dis_fn cli_dis_hook(void);

/* `--checkpoint-mem SIZE` (or `=SIZE`) at argv[*i]: SIZE in bytes with an
 * optional K, M or G suffix (powers of 1024; "KiB"/"KB" too). 1 = consumed
 * (*bytes set, *i advanced past a separate value), 0 = another option,
 * -1 = bad value (usage message printed for cmd). */
int cli_checkpoint_mem_opt(const struct cmd_def *cmd, int argc, char **argv, int *i,
                           uint64_t *bytes);
#define CLI_CHECKPOINT_MEM_HELP \
    "  --checkpoint-mem SIZE  memory kept for checkpoints while moving in\n" \
    "               time (K/M/G suffixes; default twice the guest memory)\n"

/* Open a rev session with o, serve one gdb client on addr ("[HOST:]PORT",
 * host 127.0.0.1 by default), close. Returns the exit status: 0 when gdb
 * detached or killed the session, 2 (usage) when the address is bad or
 * the session cannot be opened. */
int cli_gdb_run(const struct cmd_def *cmd, const char *addr, const struct rev_opts *o);

#endif
