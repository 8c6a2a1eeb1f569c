/*
 * con_delete.c — `delete [N...]`: remove breakpoints/watchpoints.
 */
#include "debugger/con.h"

#include <string.h>

#include "replay/rev.h"

static int remove_one(struct con *c, int idx)
{
    struct con_bp *b = &c->bps[idx];
    struct rev_err err = {0};
    int rc;
    if (b->kind == CON_BP_BREAK)
        rc = rev_break_remove(c->s, b->addr, &err);
    else
        rc = rev_watch_remove(c->s, b->addr, b->len,
                              b->kind == CON_BP_RWATCH   ? REV_WATCH_READ
                              : b->kind == CON_BP_AWATCH ? REV_WATCH_ACCESS
                                                         : REV_WATCH_WRITE,
                              &err);
    int id = b->id;
    memmove(b, b + 1, (size_t)(c->n_bps - idx - 1) * sizeof *b);
    c->n_bps--;
    if (rc < 0)
        return con_error(c, "delete %d: %s", id, err.msg[0] ? err.msg : rev_strerror(rc));
    return 0;
}

static int run(struct con *c, int argc, char **argv)
{
    int status = 0;
    if (argc == 1) {
        while (c->n_bps > 0)
            if (remove_one(c, c->n_bps - 1))
                status = -1;
        return status;
    }
    for (int i = 1; i < argc; i++) {
        uint64_t id;
        if (con_parse_value(c, argv[i], &id))
            return con_error(c, "delete: '%s' is not a breakpoint number", argv[i]);
        int found = -1;
        for (int k = 0; k < c->n_bps; k++)
            if ((uint64_t)c->bps[k].id == id)
                found = k;
        if (found < 0) {
            con_error(c, "delete: no breakpoint or watchpoint %s", argv[i]);
            status = -1;
            continue;
        }
        if (remove_one(c, found))
            status = -1;
    }
    return status;
}

const struct con_cmd con_cmd_delete = {
    .name = "delete",
    .args = "[N...]",
    .summary = "delete breakpoints/watchpoints (all, or by number)",
    .help = "delete [N...]  (short: d)\n"
            "Delete the breakpoints and watchpoints numbered N (as `break`,\n"
            "`watch` and `info breakpoints` show them), or all of them.\n",
    .run = run,
};
