/*
 * con_events.c — `events [near|next|prev] [KIND]`: journal events
 * (replay/jrnl_kinds.def) around the current position.
 */
#include "debugger/con.h"

#include <inttypes.h>
#include <string.h>
#include <strings.h>

#include "replay/jrnl_kinds.h"
#include "replay/rev.h"

#define NEAR_EACH 3  /* events shown on each side by `events near` */
#define TEXT_MAX 160

struct ev {
    uint32_t kind;
    uint64_t icount;
    char text[TEXT_MAX];
};

struct scan {
    uint32_t want;       /* kind to keep, 0 = any */
    struct ev ring[NEAR_EACH]; /* the last ones seen (prev / near before) */
    unsigned seen;
    unsigned limit;      /* stop after this many matches (0 = no limit) */
};

/* The engine's text may be a whole `e2k-rr dump` line ("#3 icount=17
 * HOST_RESULT nr=20 ..."); the index, icount and kind are shown in our
 * own columns already, so only the fields are kept. */
static const char *fields_only(const char *text)
{
    if (!text)
        return "";
    if (text[0] != '#')
        return text;
    const char *p = strchr(text, ' ');
    if (!p || strncmp(p + 1, "icount=", 7) != 0)
        return text;
    p = strchr(p + 1, ' '); /* after icount=N */
    p = p ? strchr(p + 1, ' ') : NULL; /* after KIND */
    return p ? p + 1 : "";
}

static int collect(void *ctx, uint32_t kind, uint64_t icount, const char *text)
{
    struct scan *s = ctx;
    if (s->want && kind != s->want)
        return 0;
    struct ev *e = &s->ring[s->seen % NEAR_EACH];
    e->kind = kind;
    e->icount = icount;
    snprintf(e->text, sizeof e->text, "%s", fields_only(text));
    s->seen++;
    return s->limit && s->seen >= s->limit;
}

static void print_ev(struct con *c, const struct ev *e, uint64_t now)
{
    const struct jrnl_kind_info *k = jrnl_kind_info(e->kind);
    con_printf(c, "%s icount %-10" PRIu64 " %-12s %s\n", e->icount == now ? "=>" : "  ",
               e->icount, k ? k->name : "?", e->text);
}

/* Print the last min(seen, n) entries of the ring, oldest first. */
static void print_ring(struct con *c, const struct scan *s, unsigned n, uint64_t now)
{
    unsigned have = s->seen < NEAR_EACH ? s->seen : NEAR_EACH;
    if (n > have)
        n = have;
    for (unsigned i = s->seen - n; i < s->seen; i++)
        print_ev(c, &s->ring[i % NEAR_EACH], now);
}

static int scan(struct con *c, struct scan *s, uint64_t from, uint64_t to)
{
    struct rev_err err = {0};
    int rc = rev_events(c->s, from, to, collect, s, &err);
    if (rc < 0)
        return con_error(c, "events: %s", err.msg[0] ? err.msg : rev_strerror(rc));
    return 0;
}

static int run(struct con *c, int argc, char **argv)
{
    const char *mode = "near";
    int i = 1;
    if (i < argc && (strcmp(argv[i], "near") == 0 || strcmp(argv[i], "next") == 0 ||
                     strcmp(argv[i], "prev") == 0))
        mode = argv[i++];
    uint32_t want = 0;
    if (i < argc) {
        const struct jrnl_kind_info *k = jrnl_kind_by_name(argv[i]);
        if (!k)
            return con_error(c, "events: unknown event kind '%s' (e.g. HOST_RESULT, "
                                "OUTPUT, SIGNAL)", argv[i]);
        want = k->num;
        i++;
    }
    if (i != argc)
        return con_error(c, "usage: events [near|next|prev] [KIND]");
    uint64_t now = rev_icount(c->s), end = rev_end_icount(c->s);
    struct scan before = {.want = want}, after = {.want = want};
    if (strcmp(mode, "next") == 0) {
        after.limit = 1;
        if (now < UINT64_MAX && scan(c, &after, now + 1, end))
            return -1;
        if (!after.seen)
            return con_error(c, "events: no %s event after icount %" PRIu64,
                             want ? argv[argc - 1] : "later", now);
        print_ring(c, &after, 1, now);
        return 0;
    }
    if (strcmp(mode, "prev") == 0) {
        if (now > 0 && scan(c, &before, 0, now - 1))
            return -1;
        if (!before.seen)
            return con_error(c, "events: no %s event before icount %" PRIu64,
                             want ? argv[argc - 1] : "earlier", now);
        print_ring(c, &before, 1, now);
        return 0;
    }
    if (scan(c, &before, 0, now))
        return -1;
    after.limit = NEAR_EACH;
    if (now < UINT64_MAX && scan(c, &after, now + 1, end))
        return -1;
    if (!before.seen && !after.seen) {
        con_printf(c, "no events\n");
        return 0;
    }
    print_ring(c, &before, NEAR_EACH, now);
    print_ring(c, &after, NEAR_EACH, now);
    return 0;
}

const struct con_cmd con_cmd_events = {
    .name = "events",
    .args = "[near|next|prev] [KIND]",
    .summary = "journal events around the current icount",
    .help = "events [near|next|prev] [KIND]\n"
            "List journal events (system-call results, output, signals, ...).\n"
            "near (default): up to 3 at or before the current icount and 3\n"
            "after it (=> marks one at the current icount); next / prev: the\n"
            "first one after / the last one before it. KIND restricts the list\n"
            "to one event kind, e.g. HOST_RESULT, OUTPUT, SIGNAL (see\n"
            "`e2k-rr info`). `goto` moves to an event's icount.\n",
    .flags = CON_F_MONITOR,
    .run = run,
};
