/*
 * con_rstepi.c — `rstepi [N]`: go back N wide instructions (replay only).
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    uint64_t n = 1;
    if (argc > 2)
        return con_error(c, "usage: rstepi [N]");
    if (argc == 2 && (con_parse_value(c, argv[1], &n) || n == 0))
        return con_error(c, "rstepi: N must be a positive number, not '%s'", argv[1]);
    return con_move(c, CON_RSTEP, n);
}

const struct con_cmd con_cmd_rstepi = {
    .name = "rstepi",
    .args = "[N]",
    .summary = "go back N wide instructions (default 1)",
    .help = "rstepi [N]  (short: rsi)\n"
            "Reverse-step: return to the state N wide instructions earlier\n"
            "(icount - N). Stops early at a breakpoint or watchpoint hit met on\n"
            "the way back, or at the start of the recording. Only when replaying\n"
            "a journal.\n",
    .run = run,
};
