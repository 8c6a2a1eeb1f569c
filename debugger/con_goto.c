/*
 * con_goto.c — `goto ICOUNT`: jump to any point of the recording.
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    uint64_t n;
    if (argc != 2)
        return con_error(c, "usage: goto ICOUNT");
    if (con_parse_value(c, argv[1], &n))
        return con_error(c, "goto: '%s' is not an icount", argv[1]);
    return con_move(c, CON_GOTO, n);
}

const struct con_cmd con_cmd_goto = {
    .name = "goto",
    .args = "ICOUNT",
    .summary = "go to the point where ICOUNT instructions have run",
    .help = "goto ICOUNT\n"
            "Move to the state after exactly ICOUNT wide instructions, forward\n"
            "or backward (restoring the nearest checkpoint and replaying from\n"
            "it). Breakpoints do not stop a goto. As a gdb monitor command, run\n"
            "`flushregs` in gdb afterwards so it forgets the registers it read.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
