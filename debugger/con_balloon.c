/*
 * con_balloon.c — `balloon` (also `info balloon`): the virtio-balloon's
 * state at the current icount, from the journal's balloon events
 * (replay/jrnl_kinds.def, docs/virt-machine.md §3.7).
 *
 * Read-only on purpose: in a replay the balloon target is whatever the
 * recording's host commands say (BALLOON_CMD events), and changing it
 * would make the run diverge. A Linux user-mode session has no balloon.
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <string.h>

#include "emu/machine.h"
#include "replay/jrnl_fmt.h"
#include "replay/rev.h"

struct tally {
    uint64_t n[JRNL_K_BALLOON_VIOLATION + 1];
    uint64_t last_cmd_icount;
    char last_cmd[160];
};

static int count(void *ctx, uint32_t kind, uint64_t icount, const char *text)
{
    struct tally *t = ctx;
    if (kind < JRNL_K_BALLOON_CMD || kind > JRNL_K_BALLOON_VIOLATION)
        return 0;
    t->n[kind]++;
    if (kind == JRNL_K_BALLOON_CMD) {
        t->last_cmd_icount = icount;
        snprintf(t->last_cmd, sizeof t->last_cmd, "%s", text ? text : "");
    }
    return 0;
}

static int run(struct con *c, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[0], "balloon") == 0)
        return con_error(c, "balloon: the balloon cannot be changed while "
                            "debugging (a replay follows the recorded host "
                            "commands); `balloon` alone shows its state");
    struct machine *m = rev_machine(c->s);
    if (m && m->kind != MACH_VIRT) {
        con_printf(c, "no balloon: this session runs a Linux user-mode program; "
                      "the virtio-balloon exists on the virt machine\n");
        return 0;
    }
    struct tally t;
    memset(&t, 0, sizeof t);
    struct rev_err err = {0};
    int rc = rev_events(c->s, 0, rev_icount(c->s), count, &t, &err);
    if (rc < 0)
        return con_error(c, "balloon: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    con_printf(c, "balloon at icount %" PRIu64 ": %" PRIu64 " host commands", rev_icount(c->s),
               t.n[JRNL_K_BALLOON_CMD]);
    if (t.n[JRNL_K_BALLOON_CMD])
        con_printf(c, " (last at icount %" PRIu64 ": %s)", t.last_cmd_icount, t.last_cmd);
    con_printf(c, ", %" PRIu64 " inflates, %" PRIu64 " deflates, %" PRIu64
                  " stats requests, %" PRIu64 " violations\n",
               t.n[JRNL_K_BALLOON_INFLATE], t.n[JRNL_K_BALLOON_DEFLATE],
               t.n[JRNL_K_BALLOON_STATS_REQ], t.n[JRNL_K_BALLOON_VIOLATION]);
    return 0;
}

const struct con_cmd con_cmd_balloon = {
    .name = "balloon",
    .args = "",
    .summary = "virtio-balloon state (virt machine)",
    .help = "balloon  (same as: info balloon)\n"
            "On the virt machine: the balloon's host commands (target sizes),\n"
            "inflates, deflates, statistics requests and violations recorded up\n"
            "to the current icount. Read-only. A Linux user-mode session has\n"
            "no balloon.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
