/*
 * con_continue.c — `continue`: run forward to the next stop.
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: continue");
    return con_move(c, CON_CONT, 0);
}

const struct con_cmd con_cmd_continue = {
    .name = "continue",
    .args = "",
    .summary = "run forward to a breakpoint, watchpoint or the end",
    .help = "continue  (short: c)\n"
            "Run forward until a breakpoint or watchpoint is hit, the recording\n"
            "ends, or the program exits. Ctrl-C interrupts it.\n",
    .run = run,
};
