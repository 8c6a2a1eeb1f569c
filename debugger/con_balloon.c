/*
 * con_balloon.c — `balloon` (also `info balloon`) and `balloon SIZE`: the
 * virtio-balloon of the virt machine (docs/virt-machine.md §3.7, §8).
 *
 * `balloon` shows the device at the present position as the host sees it
 * (emu/machine_virt.h virt_balloon_info: target, actual, pages held, the
 * last statistics and their age in icount and virtual time) and, in a
 * replay, the journal's balloon events up to now (host commands,
 * inflates, deflates, stats requests, violations).
 *
 * `balloon SIZE` is the host command "set the target": in a live session
 * it is handed to the front end (con.balloon_set), which delivers it
 * through the gate at the next poll point. A replay cannot take it: the
 * recording's host commands are inputs at fixed icounts, and another one
 * would make the run diverge; the message says how to record one instead.
 * A Linux user-mode session has no balloon.
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "replay/jrnl_fmt.h"
#include "replay/rev.h"

#define PAGE_BYTES UINT64_C(4096) /* balloon page (virtio v1.2 §5.5.6) */
#define PAGES_PER_MIB 256

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

/* "1.250 ms" for a number of nanoseconds. */
static void duration(uint64_t ns, char *buf, size_t n)
{
    if (ns < 1000)
        snprintf(buf, n, "%" PRIu64 " ns", ns);
    else if (ns < 1000000)
        snprintf(buf, n, "%.3f us", ns / 1e3);
    else if (ns < 1000000000)
        snprintf(buf, n, "%.3f ms", ns / 1e6);
    else
        snprintf(buf, n, "%.3f s", ns / 1e9);
}

static void show_stats(struct con *c, const struct virt_balloon_info *in, uint64_t now)
{
    if (!in->stats_on) {
        con_printf(c, "stats: not offered (--balloon stats=off)\n");
        return;
    }
    if (!in->stats_valid) {
        con_printf(c, "stats: none reported yet\n");
        return;
    }
    if (in->stats_icount != UINT64_MAX && in->stats_icount <= now) {
        char age[32];
        duration(now - in->stats_icount, age, sizeof age); /* 1 ns per icount (D14) */
        con_printf(c, "stats: last report at icount %" PRIu64 ", %" PRIu64
                      " icount ago (%s of virtual time)\n",
                   in->stats_icount, now - in->stats_icount, age);
    } else {
        /* The machine's stamp goes back with checkpoints (virt_state_save);
         * a stamp after the present means a machine restored without it,
         * so the age is not known here. */
        con_printf(c, "stats: as last reported (when: not known at this position)\n");
    }
    for (unsigned t = 0; t < VIRT_BALLOON_NSTATS; t++)
        if (in->stats_valid >> t & 1)
            con_printf(c, "  %-20s %" PRIu64 "\n", virt_balloon_stat_name(t), in->stats[t]);
}

static int show(struct con *c, struct machine *m)
{
    uint64_t now = rev_icount(c->s);
    struct virt_balloon_info in;
    if (virt_balloon_info(m, &in) != 0) {
        con_printf(c, "no balloon: this virt machine was built without one\n");
        return 0;
    }
    con_printf(c, "balloon at icount %" PRIu64 ": target %" PRIu32 " pages (%" PRIu32
                  " MiB), actual %" PRIu32 " pages (%" PRIu32 " MiB), %" PRIu64
                  " pages held%s\n",
               now, in.target_pages, in.target_pages / PAGES_PER_MIB, in.actual_pages,
               in.actual_pages / PAGES_PER_MIB, in.held_pages,
               in.deflate_on_oom ? ", deflate-on-oom" : "");
    show_stats(c, &in, now);
    if (!rev_is_replay(c->s))
        return 0;
    struct tally t;
    memset(&t, 0, sizeof t);
    struct rev_err err = {0};
    int rc = rev_events(c->s, 0, now, count, &t, &err);
    if (rc < 0)
        return con_error(c, "balloon: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    con_printf(c, "journal: %" PRIu64 " host commands", t.n[JRNL_K_BALLOON_CMD]);
    if (t.n[JRNL_K_BALLOON_CMD])
        con_printf(c, " (last at icount %" PRIu64 ": %s)", t.last_cmd_icount, t.last_cmd);
    con_printf(c, ", %" PRIu64 " inflates, %" PRIu64 " deflates, %" PRIu64
                  " stats requests, %" PRIu64 " violations\n",
               t.n[JRNL_K_BALLOON_INFLATE], t.n[JRNL_K_BALLOON_DEFLATE],
               t.n[JRNL_K_BALLOON_STATS_REQ], t.n[JRNL_K_BALLOON_VIOLATION]);
    return 0;
}

/* "48M", "1G", "4096K", "12288" (bytes), "1024 pages": bytes, a 4 KiB
 * multiple; 0 or -1. */
static int parse_size(const char *num, const char *unit2, uint64_t *bytes)
{
    static const struct { const char *unit; uint64_t mul; } k_units[] = {
        {"", 1}, {"b", 1}, {"k", 1ull << 10}, {"kb", 1ull << 10}, {"kib", 1ull << 10},
        {"m", 1ull << 20}, {"mb", 1ull << 20}, {"mib", 1ull << 20},
        {"g", 1ull << 30}, {"gb", 1ull << 30}, {"gib", 1ull << 30},
        {"page", PAGE_BYTES}, {"pages", PAGE_BYTES},
    };
    if (*num < '0' || *num > '9')
        return -1;
    char *end = NULL;
    unsigned long long n = strtoull(num, &end, 10);
    const char *unit = *end ? end : unit2 ? unit2 : "";
    if (*end && unit2)
        return -1;
    for (size_t i = 0; i < sizeof k_units / sizeof k_units[0]; i++) {
        if (strcasecmp(unit, k_units[i].unit) != 0)
            continue;
        if (n > UINT64_MAX / k_units[i].mul)
            return -1;
        *bytes = n * k_units[i].mul;
        return *bytes % PAGE_BYTES || *bytes / PAGE_BYTES > UINT32_MAX ? -1 : 0;
    }
    return -1;
}

static int set_target(struct con *c, struct machine *m, int argc, char **argv)
{
    if (rev_is_replay(c->s))
        return con_error(c, "balloon: the balloon cannot be changed while replaying: the "
                            "recording's host commands are inputs at fixed icounts, and "
                            "another one would make the run diverge. To try another target, "
                            "record again with `e2k-rr record --machine virt "
                            "--balloon-script FILE` (or drive it live with --control "
                            "unix:PATH); `balloon` alone shows its state");
    if (!m || m->kind != MACH_VIRT)
        return con_error(c, "balloon: no balloon: this session runs a Linux user-mode "
                            "program; the virtio-balloon exists on the virt machine");
    uint64_t bytes = 0;
    if (argc > 3 || parse_size(argv[1], argc == 3 ? argv[2] : NULL, &bytes) != 0)
        return con_error(c, "balloon: SIZE is a multiple of 4 KiB such as 48M, 1G or "
                            "'1024 pages'");
    if (!c->balloon_set)
        return con_error(c, "balloon: this session has no host control of the balloon "
                            "(e2k-rr run/record --machine virt --control unix:PATH has)");
    char err[200] = "";
    if (c->balloon_set(c->balloon_ctx, bytes, err, sizeof err) != 0)
        return con_error(c, "balloon: %s", err);
    con_printf(c, "balloon: target %" PRIu64 " pages (%" PRIu64 " MiB) goes to the guest "
                  "at the next poll point\n",
               bytes / PAGE_BYTES, bytes / PAGE_BYTES / PAGES_PER_MIB);
    return 0;
}

static int run(struct con *c, int argc, char **argv)
{
    struct machine *m = rev_machine(c->s);
    if (argc > 1)
        return set_target(c, m, argc, argv);
    if (!m || m->kind != MACH_VIRT) {
        con_printf(c, "no balloon: this session runs a Linux user-mode program; "
                      "the virtio-balloon exists on the virt machine\n");
        return 0;
    }
    return show(c, m);
}

const struct con_cmd con_cmd_balloon = {
    .name = "balloon",
    .args = "[SIZE]",
    .summary = "virtio-balloon state, or set its target (virt machine)",
    .help = "balloon          (same as: info balloon)\n"
            "On the virt machine: the balloon's target and actual size, the pages it\n"
            "holds, the guest's last statistics with their age in icount and virtual\n"
            "time, and in a replay the host commands, inflates, deflates, statistics\n"
            "requests and violations recorded up to the current icount.\n"
            "balloon SIZE     (live sessions) ask the guest for a balloon of SIZE\n"
            "(48M, 1G, '1024 pages'); it arrives at the next poll point. A replay\n"
            "cannot change it: record with --balloon-script or --control instead.\n"
            "A Linux user-mode session has no balloon.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
