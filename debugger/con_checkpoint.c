/*
 * con_checkpoint.c — `checkpoint`: keep the current state for quick
 * returns.
 */
#include "debugger/con.h"

#include <inttypes.h>

#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: checkpoint");
    uint64_t id = 0;
    struct rev_err err = {0};
    int rc = rev_checkpoint(c->s, &id, &err);
    if (rc < 0)
        return con_error(c, "checkpoint: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    con_printf(c, "checkpoint %" PRIu64 " at icount %" PRIu64 "\n", id, rev_icount(c->s));
    return 0;
}

const struct con_cmd con_cmd_checkpoint = {
    .name = "checkpoint",
    .args = "",
    .summary = "take a checkpoint at the current icount",
    .help = "checkpoint\n"
            "Save the whole machine state at the current icount. User\n"
            "checkpoints are never dropped by the checkpoint policy, so a\n"
            "later goto or reverse execution near here is fast.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
