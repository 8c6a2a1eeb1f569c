/*
 * con_stepi.c — `stepi [N]`: execute N wide instructions (default 1).
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    uint64_t n = 1;
    if (argc > 2)
        return con_error(c, "usage: stepi [N]");
    if (argc == 2 && (con_parse_value(c, argv[1], &n) || n == 0))
        return con_error(c, "stepi: N must be a positive number, not '%s'", argv[1]);
    return con_move(c, CON_STEP, n);
}

const struct con_cmd con_cmd_stepi = {
    .name = "stepi",
    .args = "[N]",
    .summary = "execute N wide instructions (default 1)",
    .help = "stepi [N]  (short: si)\n"
            "Execute N wide instructions (bundles) forward and show where the\n"
            "program stopped: icount, pc and the next bundle. Stops early at a\n"
            "breakpoint, a watchpoint, the end of the recording or the program's\n"
            "exit.\n",
    .run = run,
};
