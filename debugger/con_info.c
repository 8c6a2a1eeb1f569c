/*
 * con_info.c — `info WHAT`: breakpoints, events, checkpoints, balloon.
 * The subjects are other commands' reports under gdb's familiar names.
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <string.h>

static int list_bps(struct con *c)
{
    if (c->n_bps == 0) {
        con_printf(c, "no breakpoints or watchpoints\n");
        return 0;
    }
    for (int i = 0; i < c->n_bps; i++) {
        const struct con_bp *b = &c->bps[i];
        if (b->kind == CON_BP_BREAK)
            con_printf(c, "%-3d breakpoint  0x%" PRIx64 "\n", b->id, b->addr);
        else
            con_printf(c, "%-3d watchpoint  0x%" PRIx64 " %" PRIu64 " bytes, %s\n", b->id,
                       b->addr, b->len,
                       b->kind == CON_BP_RWATCH   ? "read"
                       : b->kind == CON_BP_AWATCH ? "access"
                                                  : "write");
    }
    return 0;
}

static int run(struct con *c, int argc, char **argv)
{
    if (argc < 2)
        return con_error(c, "usage: info breakpoints|events|checkpoints|balloon");
    size_t n = strlen(argv[1]);
    char *sub[] = {argv[1], NULL};
    if (strncmp(argv[1], "breakpoints", n) == 0 || strncmp(argv[1], "watchpoints", n) == 0) {
        if (c->monitor)
            return con_error(c, "info breakpoints: use gdb's own `info breakpoints`");
        return list_bps(c);
    }
    if (strncmp(argv[1], "events", n) == 0) {
        /* `info events [near|next|prev] [KIND]` = `events ...` */
        return con_cmd_events.run(c, argc - 1, argv + 1);
    }
    if (strncmp(argv[1], "checkpoints", n) == 0 && argc == 2)
        return con_cmd_checkpoints.run(c, 1, sub);
    if (strncmp(argv[1], "balloon", n) == 0 && argc == 2)
        return con_cmd_balloon.run(c, 1, sub);
    return con_error(c, "info: unknown subject '%s' (breakpoints, events, "
                        "checkpoints, balloon)", argv[1]);
}

const struct con_cmd con_cmd_info = {
    .name = "info",
    .args = "breakpoints|events|checkpoints|balloon",
    .summary = "breakpoints, events, checkpoints or balloon state",
    .help = "info breakpoints   list breakpoints and watchpoints (console only)\n"
            "info events [near|next|prev] [KIND]   same as `events`\n"
            "info checkpoints  same as `checkpoints`\n"
            "info balloon      same as `balloon`: target, actual, last stats and\n"
            "                  their age (virt machine)\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
