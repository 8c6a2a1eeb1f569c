/*
 * cli_debugger.h — front-end glue for the debugger (debugger/): the
 * disassembler hook (tools/objdump may only be linked here, not into
 * debugger/), and `--gdb [HOST:]PORT` as `replay` and `run` offer it.
 */
#ifndef E2K_TOOLS_E2K_RR_CLI_DEBUGGER_H
#define E2K_TOOLS_E2K_RR_CLI_DEBUGGER_H

#include "debugger/con.h"
#include "tools/e2k-rr/cli.h"

struct rev_opts;

/* dis_insn (MCST syntax) as a console hook, or NULL without e2k_dis. */
con_dis_fn cli_dis_hook(void);

/* Open a rev session with o, serve one gdb client on addr ("[HOST:]PORT",
 * host 127.0.0.1 by default), close. Returns the exit status: 0 when gdb
 * detached or killed the session, 2 (usage) when the address is bad or
 * the session cannot be opened. */
int cli_gdb_run(const struct cmd_def *cmd, const char *addr, const struct rev_opts *o);

#endif
