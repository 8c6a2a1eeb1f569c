/*
 * con_checkpoints.c — `checkpoints`: list the checkpoints held.
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <stdlib.h>

#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    (void)argv;
    if (argc != 1)
        return con_error(c, "usage: checkpoints");
    size_t n = rev_checkpoints(c->s, NULL, 0);
    struct rev_ckpt_info *v = n ? calloc(n, sizeof *v) : NULL;
    if (n && !v)
        return con_error(c, "checkpoints: out of memory");
    n = rev_checkpoints(c->s, v, n);
    int dflt = 0;
    uint64_t budget = rev_checkpoint_budget(c->s, &dflt);
    con_printf(c, "%zu checkpoint%s, %" PRIu64 " bytes", n, n == 1 ? "" : "s",
               rev_checkpoint_bytes(c->s));
    if (budget)
        con_printf(c, " of a %" PRIu64 "-byte budget (%s)", budget,
                   dflt ? "twice the guest memory" : "--checkpoint-mem");
    con_printf(c, "\n");
    for (size_t i = 0; i < n; i++)
        con_printf(c, "  %-4" PRIu64 " icount %-12" PRIu64 " %10" PRIu64 " bytes%s\n",
                   v[i].id, v[i].icount, v[i].bytes, v[i].pinned ? "  (user)" : "");
    free(v);
    return 0;
}

const struct con_cmd con_cmd_checkpoints = {
    .name = "checkpoints",
    .args = "",
    .summary = "list checkpoints and the memory they use",
    .help = "checkpoints\n"
            "List the checkpoints the session holds (id, icount, bytes), the\n"
            "ones taken with `checkpoint` marked (user), and the memory budget\n"
            "they are kept under (--checkpoint-mem, default twice the guest\n"
            "memory): above it the farthest ones are dropped.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
