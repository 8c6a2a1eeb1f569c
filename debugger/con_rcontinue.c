/*
 * con_rcontinue.c — `rcontinue`: run backward to the previous stop.
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: rcontinue");
    return con_move(c, CON_RCONT, 0);
}

const struct con_cmd con_cmd_rcontinue = {
    .name = "rcontinue",
    .args = "",
    .summary = "run backward to the last breakpoint/watchpoint hit",
    .help = "rcontinue  (short: rc)\n"
            "Reverse-continue: go back to the most recent breakpoint or\n"
            "watchpoint hit before the present, or to the start of the\n"
            "recording if there is none. A watchpoint stops after the\n"
            "instruction that accessed the memory, as it does going forward.\n"
            "Only when replaying a journal.\n",
    .run = run,
};
