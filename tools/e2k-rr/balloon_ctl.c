/*
 * balloon_ctl.c — host control of the balloon (balloon_ctl.h): the
 * schedule, periodic statistics, console commands and control socket
 * requests, answered at the machine's input poll points.
 *
 * The poll answers are the only way anything here reaches the guest, and
 * each answer is one input, so a recording journals exactly what the host
 * decided and when (the icount of the poll). Host time (`at 200ms`,
 * intervals) is this front end's own CLOCK_MONOTONIC since the machine's
 * first input poll (the guest's start: building the machine and writing
 * the journal header do not count), for --balloon-target and the schedule
 * alike; icount triggers fire at the first poll point at or after their
 * icount (polls come every VIRT_POLL_QUANTUM instructions,
 * docs/virt-machine.md §4).
 */
#include "tools/e2k-rr/balloon_ctl.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "tools/e2k-rr/ctl_proto.h"
#include "tools/e2k-rr/ctl_sock.h"

#define BCTL_QUEUE 64          /* console commands waiting for a poll */
#define BCTL_LINES_PER_ANSWER 64 /* socket lines looked at per poll answer */

struct bctl_cmd {
    unsigned kind;             /* EMU_INPUT_BALLOON_* */
    uint64_t val;              /* target pages */
};

struct bctl {
    struct bscript sched;      /* copy: time actions, then icount actions */
    size_t n_time;             /* sched.a[0..n_time) are time actions */
    size_t next_time, next_icount; /* the next action of each kind */
    uint64_t start_ns;         /* host monotonic time of the first poll */
    int started;               /* start_ns is set */
    uint64_t interval_ns;      /* periodic stats requests, 0 = none */
    uint64_t next_stats_ns;    /* monotonic */
    uint64_t ram_bytes;
    struct virt_host *host;    /* borrowed */
    struct machine *m;         /* borrowed, may be NULL */
    struct ctl_sock *sock;     /* NULL without --control */
    int pumped;                /* the socket was serviced at pumped_icount */
    uint64_t pumped_icount;
    struct bctl_cmd queue[BCTL_QUEUE];
    unsigned q_head, q_len;
    uint64_t commands;         /* inputs delivered */
    char line[CTL_SOCK_LINE_MAX + 1];
    char reply[CTL_REPLY_MAX];
};

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int bctl_new(struct bctl **out, const struct bctl_opts *o, char *err, size_t errlen)
{
    *out = NULL;
    struct bctl *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    bscript_init(&c->sched);
    c->host = o->host;
    c->ram_bytes = o->ram_bytes ? o->ram_bytes : VIRT_RAM_DEFAULT;
    for (size_t i = 0; o->schedule && i < o->schedule->n; i++) {
        const struct bscript_action *a = &o->schedule->a[i];
        if (a->op == BSCRIPT_SET && a->value > c->ram_bytes) {
            char line[80], where[24] = "";
            bscript_format(a, line, sizeof line);
            if (a->line)
                snprintf(where, sizeof where, " (line %u)", a->line);
            snprintf(err, errlen, "balloon target of %llu bytes%s is more than the guest's "
                     "RAM (%llu bytes): %s", (unsigned long long)a->value, where,
                     (unsigned long long)c->ram_bytes, line);
            bctl_free(c);
            return -1;
        }
        if (bscript_add(&c->sched, a->when, a->at, a->op, a->value, a->line) != 0) {
            snprintf(err, errlen, "out of memory");
            bctl_free(c);
            return -1;
        }
        if (a->when == BSCRIPT_AT_TIME)
            c->n_time++;
    }
    c->next_icount = c->n_time;
    if (o->control && ctl_sock_open(&c->sock, o->control, err, errlen) != 0) {
        bctl_free(c);
        return -1;
    }
    c->interval_ns = o->stats_interval_ns;
    *out = c;
    return 0;
}

void bctl_free(struct bctl *c)
{
    if (!c)
        return;
    ctl_sock_close(c->sock);
    bscript_fini(&c->sched);
    free(c);
}

void bctl_attach(struct bctl *c, struct machine *m)
{
    c->m = m;
}

uint64_t bctl_commands(const struct bctl *c)
{
    return c->commands;
}

static void set_interval(struct bctl *c, uint64_t ns, uint64_t now)
{
    c->interval_ns = ns;
    c->next_stats_ns = now + ns;
}

int bctl_set_target(struct bctl *c, uint64_t bytes, char *err, size_t errlen)
{
    if (bytes % BSCRIPT_PAGE_BYTES || bytes / BSCRIPT_PAGE_BYTES > UINT32_MAX) {
        snprintf(err, errlen, "the target must be a multiple of 4 KiB below 16 TiB");
        return -1;
    }
    if (bytes > c->ram_bytes) {
        snprintf(err, errlen, "%llu bytes is more than the guest's RAM (%llu bytes)",
                 (unsigned long long)bytes, (unsigned long long)c->ram_bytes);
        return -1;
    }
    if (c->q_len == BCTL_QUEUE) {
        snprintf(err, errlen, "too many balloon commands waiting for the guest");
        return -1;
    }
    struct bctl_cmd *q = &c->queue[(c->q_head + c->q_len++) % BCTL_QUEUE];
    q->kind = EMU_INPUT_BALLOON_TARGET;
    q->val = bytes / BSCRIPT_PAGE_BYTES;
    return 0;
}

int bctl_console_set(void *ctx, uint64_t bytes, char *err, size_t errlen)
{
    return bctl_set_target(ctx, bytes, err, errlen);
}

/* One due schedule action: the input it makes, or EMU_INPUT_NONE. */
static int run_action(struct bctl *c, const struct bscript_action *a,
                      const struct emu_host_req *req, struct emu_host_resp *resp, uint64_t now)
{
    switch (a->op) {
    case BSCRIPT_SET:
        resp->vals[0] = a->value / BSCRIPT_PAGE_BYTES;
        return EMU_INPUT_BALLOON_TARGET;
    case BSCRIPT_STATS_INTERVAL:
        set_interval(c, a->value, now);
        return EMU_INPUT_NONE;
    case BSCRIPT_STATS:
        return req->args[4] ? EMU_INPUT_BALLOON_STATS : EMU_INPUT_NONE;
    default:
        return EMU_INPUT_NONE;
    }
}

static int reply_error(struct bctl *c, int client, const char *msg)
{
    size_t n = ctl_reply_error(c->reply, sizeof c->reply, msg);
    ctl_sock_reply(c->sock, client, c->reply, n);
    return EMU_INPUT_NONE;
}

/* One request line from a client: replied to here; a command also
 * returns its input (applied right after, at this poll's icount). */
static int serve(struct bctl *c, int client, size_t len, const struct emu_host_req *req,
                 struct emu_host_resp *resp)
{
    struct ctl_req r;
    char err[256];
    if (ctl_parse_request(c->line, len, &r, err, sizeof err) != 0)
        return reply_error(c, client, err);
    struct ctl_balloon_view v;
    memset(&v, 0, sizeof v);
    v.icount = req->icount;
    v.stats_interval_ns = c->interval_ns;
    if (!c->m || virt_balloon_info(c->m, &v.info) != 0)
        return reply_error(c, client, "this machine has no balloon");
    size_t n = 0;
    int input = EMU_INPUT_NONE;
    switch (r.op) {
    case CTL_OP_PATCH_BALLOON:
        if (r.amount_mib * (1ull << 20) > c->ram_bytes) {
            snprintf(err, sizeof err, "amount_mib %llu is more than the guest's RAM (%llu MiB)",
                     (unsigned long long)r.amount_mib,
                     (unsigned long long)(c->ram_bytes >> 20));
            return reply_error(c, client, err);
        }
        resp->vals[0] = r.amount_mib * ((1ull << 20) / BSCRIPT_PAGE_BYTES);
        input = EMU_INPUT_BALLOON_TARGET;
        n = ctl_reply_ok(c->reply, sizeof c->reply, req->icount);
        break;
    case CTL_OP_GET_BALLOON:
        n = ctl_reply_balloon(c->reply, sizeof c->reply, &v);
        break;
    case CTL_OP_GET_BALLOON_STATS:
        if (!v.info.stats_on)
            return reply_error(c, client, "balloon statistics are not enabled (--balloon stats=on)");
        n = ctl_reply_stats(c->reply, sizeof c->reply, &v);
        break;
    case CTL_OP_PATCH_STATS_INTERVAL:
        if (!v.info.stats_on)
            return reply_error(c, client, "balloon statistics are not enabled (--balloon stats=on)");
        set_interval(c, r.interval_s * 1000000000ull, mono_ns());
        n = ctl_reply_ok(c->reply, sizeof c->reply, req->icount);
        break;
    case CTL_OP_REQUEST_STATS:
        if (!v.info.stats_on || !req->args[4])
            return reply_error(c, client, "balloon statistics are not enabled (--balloon stats=on)");
        input = EMU_INPUT_BALLOON_STATS;
        n = ctl_reply_ok(c->reply, sizeof c->reply, req->icount);
        break;
    default:
        return reply_error(c, client, "unsupported op");
    }
    if (!n)
        return reply_error(c, client, "reply too long");
    ctl_sock_reply(c->sock, client, c->reply, n);
    return input;
}

static int from_socket(struct bctl *c, const struct emu_host_req *req,
                       struct emu_host_resp *resp)
{
    if (!c->pumped || req->icount != c->pumped_icount) {
        ctl_sock_pump(c->sock);
        c->pumped = 1;
        c->pumped_icount = req->icount;
    }
    for (int k = 0; k < BCTL_LINES_PER_ANSWER; k++) {
        int client = -1;
        size_t len = 0;
        int r = ctl_sock_next(c->sock, &client, c->line, sizeof c->line, &len);
        if (r == CTL_SOCK_NONE)
            return EMU_INPUT_NONE;
        if (r == CTL_SOCK_OVERLONG) {
            reply_error(c, client, "request line too long");
            continue;
        }
        int input = serve(c, client, len, req, resp);
        if (input != EMU_INPUT_NONE)
            return input;
    }
    return EMU_INPUT_NONE;
}

/* The next balloon input at this poll, or EMU_INPUT_NONE. */
static int next_input(struct bctl *c, const struct emu_host_req *req, struct emu_host_resp *resp)
{
    uint64_t now = mono_ns();
    if (!c->started) {
        c->started = 1;
        c->start_ns = now;
        c->next_stats_ns = now + c->interval_ns;
    }
    if (c->q_len) {
        struct bctl_cmd *q = &c->queue[c->q_head];
        c->q_head = (c->q_head + 1) % BCTL_QUEUE;
        c->q_len--;
        resp->vals[0] = q->val;
        return (int)q->kind;
    }
    while (c->next_time < c->n_time && now - c->start_ns >= c->sched.a[c->next_time].at) {
        int k = run_action(c, &c->sched.a[c->next_time++], req, resp, now);
        if (k != EMU_INPUT_NONE)
            return k;
    }
    while (c->next_icount < c->sched.n && req->icount >= c->sched.a[c->next_icount].at) {
        int k = run_action(c, &c->sched.a[c->next_icount++], req, resp, now);
        if (k != EMU_INPUT_NONE)
            return k;
    }
    if (c->interval_ns && req->args[4] && now >= c->next_stats_ns) {
        c->next_stats_ns = now + c->interval_ns;
        return EMU_INPUT_BALLOON_STATS;
    }
    return c->sock ? from_socket(c, req, resp) : EMU_INPUT_NONE;
}

int bctl_host_call(void *opaque, const struct emu_host_req *req, struct emu_host_resp *resp)
{
    struct bctl *c = opaque;
    if (req->kind == EMU_HOST_INPUT && req->nr == EMU_INPUT_POLL) {
        int k = next_input(c, req, resp);
        if (k != EMU_INPUT_NONE) {
            for (unsigned i = 0; i < resp->n_out && i < EMU_HOST_MAX_BUFS; i++)
                resp->out[i].len = 0;
            resp->ret = k;
            c->commands++;
            return 0;
        }
    }
    return virt_host_live(c->host, req, resp);
}
