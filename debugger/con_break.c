/*
 * con_break.c — `break ADDR`: stop before the bundle at ADDR executes.
 */
#include "debugger/con.h"

#include <inttypes.h>

#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    uint64_t addr;
    if (argc != 2)
        return con_error(c, "usage: break ADDR");
    if (con_parse_value(c, argv[1], &addr))
        return con_error(c, "break: '%s' is not an address", argv[1]);
    if (addr & 7)
        return con_error(c, "break: 0x%" PRIx64 " is not a bundle address "
                            "(bundles are 8-byte aligned)", addr);
    for (int i = 0; i < c->n_bps; i++)
        if (c->bps[i].kind == CON_BP_BREAK && c->bps[i].addr == addr)
            return con_error(c, "break: breakpoint %d is already at 0x%" PRIx64,
                             c->bps[i].id, addr);
    if (c->n_bps == CON_MAX_BPS)
        return con_error(c, "break: too many breakpoints and watchpoints (%d)",
                         CON_MAX_BPS);
    struct rev_err err = {0};
    int rc = rev_break_insert(c->s, addr, &err);
    if (rc < 0)
        return con_error(c, "break: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    struct con_bp *b = &c->bps[c->n_bps++];
    b->id = c->next_bp_id++;
    b->kind = CON_BP_BREAK;
    b->addr = addr;
    b->len = 8;
    con_printf(c, "breakpoint %d at 0x%" PRIx64 "\n", b->id, addr);
    return 0;
}

const struct con_cmd con_cmd_break = {
    .name = "break",
    .args = "ADDR",
    .summary = "set a breakpoint at a bundle address",
    .help = "break ADDR  (short: b)\n"
            "Stop before the bundle at ADDR executes, going forward or backward.\n"
            "ADDR is a number (0x... hex or decimal), a guest symbol (name or\n"
            "name+N) or $pc. `delete` removes\n"
            "breakpoints; `info breakpoints` lists them.\n",
    .run = run,
};
