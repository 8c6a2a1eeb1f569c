/*
 * con_quit.c — `quit`: leave the console.
 */
#include "debugger/con.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    c->quit = 1;
    return 0;
}

const struct con_cmd con_cmd_quit = {
    .name = "quit",
    .args = "",
    .summary = "leave the debugger",
    .help = "quit  (also: q, exit, end of input)\n"
            "Leave the debugger.\n",
    .run = run,
};
