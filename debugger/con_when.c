/*
 * con_when.c — `when`: the current position (icount) in the recording.
 */
#include "debugger/con.h"

#include <inttypes.h>

#include "emu/machine.h"
#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: when");
    struct machine *m = rev_machine(c->s);
    uint64_t end = rev_end_icount(c->s);
    con_printf(c, "icount %" PRIu64, rev_icount(c->s));
    if (end != UINT64_MAX)
        con_printf(c, " of %" PRIu64, end);
    else
        con_printf(c, " (live)");
    if (m)
        con_printf(c, ", pc 0x%" PRIx64, m->cpu.ip);
    con_printf(c, "\n");
    return 0;
}

const struct con_cmd con_cmd_when = {
    .name = "when",
    .args = "",
    .summary = "show the current icount",
    .help = "when\n"
            "Print the current position: the number of wide instructions\n"
            "executed so far (icount), the recording's final icount, and the\n"
            "pc. Every position can be returned to with `goto ICOUNT`.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
