/*
 * con_watch.c — `watch [-r|-a] ADDR [LEN]`: stop when guest memory is
 * written (default), read (-r) or accessed (-a).
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <string.h>

#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    int kind = CON_BP_WATCH, rkind = REV_WATCH_WRITE, i = 1;
    if (i < argc && strcmp(argv[i], "-r") == 0) {
        kind = CON_BP_RWATCH;
        rkind = REV_WATCH_READ;
        i++;
    } else if (i < argc && strcmp(argv[i], "-a") == 0) {
        kind = CON_BP_AWATCH;
        rkind = REV_WATCH_ACCESS;
        i++;
    }
    uint64_t addr, len = 8;
    if (argc - i < 1 || argc - i > 2)
        return con_error(c, "usage: watch [-r|-a] ADDR [LEN]");
    if (con_parse_value(c, argv[i], &addr))
        return con_error(c, "watch: '%s' is not an address", argv[i]);
    if (argc - i == 2 && (con_parse_value(c, argv[i + 1], &len) || len == 0 ||
                          len > (1u << 20)))
        return con_error(c, "watch: LEN must be 1..1048576, not '%s'", argv[i + 1]);
    if (c->n_bps == CON_MAX_BPS)
        return con_error(c, "watch: too many breakpoints and watchpoints (%d)",
                         CON_MAX_BPS);
    struct rev_err err = {0};
    int rc = rev_watch_insert(c->s, addr, len, rkind, &err);
    if (rc < 0)
        return con_error(c, "watch: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    struct con_bp *b = &c->bps[c->n_bps++];
    b->id = c->next_bp_id++;
    b->kind = kind;
    b->addr = addr;
    b->len = len;
    con_printf(c, "watchpoint %d: %s of 0x%" PRIx64 " (%" PRIu64 " bytes)\n", b->id,
               kind == CON_BP_RWATCH ? "read" : kind == CON_BP_AWATCH ? "access" : "write",
               addr, len);
    return 0;
}

const struct con_cmd con_cmd_watch = {
    .name = "watch",
    .args = "[-r|-a] ADDR [LEN]",
    .summary = "set a watchpoint on guest memory",
    .help = "watch [-r|-a] ADDR [LEN]\n"
            "Stop after an instruction writes (default), reads (-r) or\n"
            "accesses (-a) any of the LEN bytes (default 8) at ADDR. Works in\n"
            "both directions: rcontinue finds the last access before now.\n",
    .run = run,
};
