/*
 * ctl_proto.c — control socket requests and replies (ctl_proto.h).
 *
 * Requests are checked as Firecracker's API checks its bodies: the fields
 * of the operation and no others, each of the right type and range.
 * Member names and units follow Firecracker (amount_mib,
 * stats_polling_interval_s, target_pages/actual_pages/target_mib/
 * actual_mib, statistics by name); a MiB is 256 balloon pages. Our
 * additions carry names of their own: icount (when the reply was made, or
 * when a command took effect), stats_icount (when the statistics
 * arrived), stats_polling_interval_ns, request_balloon_stats.
 */
#include "tools/e2k-rr/ctl_proto.h"

#include <stdio.h>
#include <string.h>

#include "tools/e2k-rr/ctl_json.h"

#define PAGES_PER_MIB 256 /* 1 MiB / 4 KiB balloon pages */

static const struct {
    const char *name;
    int op;
    const char *field;   /* the one required member besides "op", or NULL */
    uint64_t max;
} k_ops[] = {
    {"patch_balloon", CTL_OP_PATCH_BALLOON, "amount_mib", CTL_MAX_AMOUNT_MIB},
    {"get_balloon", CTL_OP_GET_BALLOON, NULL, 0},
    {"get_balloon_stats", CTL_OP_GET_BALLOON_STATS, NULL, 0},
    {"patch_balloon_stats_interval", CTL_OP_PATCH_STATS_INTERVAL, "stats_polling_interval_s",
     CTL_MAX_INTERVAL_S},
    {"request_balloon_stats", CTL_OP_REQUEST_STATS, NULL, 0},
};

static int fail(char *err, size_t errlen, const char *msg, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "%s%s%s", msg, what ? " " : "", what ? what : "");
    return -1;
}

/* A member name for a message: printable ASCII, quoted, cut. */
static const char *quoted(const char *k, char *buf, size_t n)
{
    size_t j = 0;
    buf[j++] = '\'';
    for (size_t i = 0; k[i] && j + 5 < n && i < 32; i++)
        buf[j++] = k[i] >= 0x20 && k[i] < 0x7f ? k[i] : '?';
    buf[j++] = '\'';
    buf[j] = 0;
    return buf;
}

int ctl_parse_request(const char *line, size_t len, struct ctl_req *r, char *err, size_t errlen)
{
    struct ctl_json_obj o; /* about 10 KiB */
    const struct ctl_json_obj *obj = &o;
    memset(r, 0, sizeof *r);
    char jerr[200];
    if (ctl_json_parse(line, len, &o, jerr, sizeof jerr) != 0)
        return fail(err, errlen, jerr, NULL);
    const struct ctl_json_member *op = ctl_json_get(obj, "op");
    if (!op || op->type != CTL_JSON_STRING)
        return fail(err, errlen, "a request needs \"op\": a string naming the operation", NULL);
    size_t k = 0;
    for (; k < sizeof k_ops / sizeof k_ops[0]; k++)
        if (strlen(op->str) == op->str_len && strcmp(op->str, k_ops[k].name) == 0)
            break;
    char q[48];
    if (k == sizeof k_ops / sizeof k_ops[0])
        return fail(err, errlen,
                    "unknown op (patch_balloon, get_balloon, get_balloon_stats, "
                    "patch_balloon_stats_interval, request_balloon_stats):",
                    quoted(op->str, q, sizeof q));
    r->op = k_ops[k].op;
    for (unsigned i = 0; i < obj->n; i++) {
        const char *key = obj->m[i].key;
        if (strcmp(key, "op") != 0 && (!k_ops[k].field || strcmp(key, k_ops[k].field) != 0))
            return fail(err, errlen, "unknown member", quoted(key, q, sizeof q));
    }
    if (!k_ops[k].field)
        return 0;
    const struct ctl_json_member *f = ctl_json_get(obj, k_ops[k].field);
    if (!f)
        return fail(err, errlen, "missing member", quoted(k_ops[k].field, q, sizeof q));
    if (f->type != CTL_JSON_NUMBER || !f->is_int || f->neg)
        return fail(err, errlen, "must be a non-negative integer:",
                    quoted(k_ops[k].field, q, sizeof q));
    if (f->u > k_ops[k].max) {
        char msg[80];
        snprintf(msg, sizeof msg, "out of range (at most %llu):",
                 (unsigned long long)k_ops[k].max);
        return fail(err, errlen, msg, quoted(k_ops[k].field, q, sizeof q));
    }
    if (r->op == CTL_OP_PATCH_BALLOON)
        r->amount_mib = f->u;
    else
        r->interval_s = f->u;
    return 0;
}

size_t ctl_reply_ok(char *buf, size_t cap, uint64_t icount)
{
    struct ctl_json_out w;
    ctl_json_begin(&w, buf, cap);
    ctl_json_bool(&w, "ok", 1);
    ctl_json_u64(&w, "icount", icount);
    return ctl_json_end(&w);
}

size_t ctl_reply_error(char *buf, size_t cap, const char *msg)
{
    struct ctl_json_out w;
    ctl_json_begin(&w, buf, cap);
    ctl_json_str(&w, "error", msg);
    return ctl_json_end(&w);
}

static void sizes(struct ctl_json_out *w, const struct virt_balloon_info *in)
{
    ctl_json_u64(w, "target_pages", in->target_pages);
    ctl_json_u64(w, "actual_pages", in->actual_pages);
    ctl_json_u64(w, "target_mib", in->target_pages / PAGES_PER_MIB);
    ctl_json_u64(w, "actual_mib", in->actual_pages / PAGES_PER_MIB);
}

size_t ctl_reply_balloon(char *buf, size_t cap, const struct ctl_balloon_view *v)
{
    struct ctl_json_out w;
    ctl_json_begin(&w, buf, cap);
    ctl_json_u64(&w, "amount_mib", v->info.target_pages / PAGES_PER_MIB);
    ctl_json_bool(&w, "deflate_on_oom", v->info.deflate_on_oom);
    ctl_json_u64(&w, "stats_polling_interval_s", v->stats_interval_ns / 1000000000ull);
    ctl_json_u64(&w, "stats_polling_interval_ns", v->stats_interval_ns);
    sizes(&w, &v->info);
    ctl_json_u64(&w, "icount", v->icount);
    return ctl_json_end(&w);
}

size_t ctl_reply_stats(char *buf, size_t cap, const struct ctl_balloon_view *v)
{
    struct ctl_json_out w;
    ctl_json_begin(&w, buf, cap);
    sizes(&w, &v->info);
    for (unsigned t = 0; t < VIRT_BALLOON_NSTATS; t++)
        if (v->info.stats_valid >> t & 1)
            ctl_json_u64(&w, virt_balloon_stat_name(t), v->info.stats[t]);
    if (v->info.stats_icount != UINT64_MAX)
        ctl_json_u64(&w, "stats_icount", v->info.stats_icount);
    ctl_json_u64(&w, "icount", v->icount);
    return ctl_json_end(&w);
}
