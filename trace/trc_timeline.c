/*
 * trc_timeline.c — the balloon timeline of a journal (trc_timeline.h).
 *
 * Step series: a point is where a value changes and it holds until the
 * next point, which is how the plot and the Chrome counters read them.
 * Several changes at one icount keep the last value.
 */
#include "trace/trc_timeline.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"

static const char *const kMarkName[TRC_MARK_COUNT] = {
    "oom kill", "deflate-on-oom", "balloon violation", "panic", "hang",
};
static const char *const kMarkClass[TRC_MARK_COUNT] = {
    "oom-kill", "deflate-oom", "violation", "panic", "hang",
};

const char *trc_mark_name(int kind)
{
    return kind >= 0 && kind < TRC_MARK_COUNT ? kMarkName[kind] : "event";
}

const char *trc_mark_class(int kind)
{
    return kind >= 0 && kind < TRC_MARK_COUNT ? kMarkClass[kind] : "event";
}

void trc_timeline_init(struct trc_timeline *t)
{
    memset(t, 0, sizeof *t);
}

void trc_timeline_fini(struct trc_timeline *t)
{
    for (int i = 0; i < TRC_S_COUNT; i++)
        free(t->s[i].p);
    free(t->marks);
    memset(t, 0, sizeof *t);
}

static int add_point(struct trc_series *s, uint64_t icount, uint64_t value)
{
    if (s->n && s->p[s->n - 1].icount == icount) {
        s->p[s->n - 1].value = value;
        return 0;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        struct trc_point *p = realloc(s->p, cap * sizeof *p);
        if (!p)
            return TRC_E_NOMEM;
        s->p = p;
        s->cap = cap;
    }
    s->p[s->n++] = (struct trc_point){icount, value};
    return 0;
}

static uint64_t actual_bytes(const struct trc_timeline *t)
{
    return t->actual_pages > 0 ? (uint64_t)t->actual_pages * TRC_PAGE_BYTES : 0;
}

static struct trc_mark *add_mark(struct trc_timeline *t, int kind, uint64_t icount)
{
    if (t->nmarks == t->cap_marks) {
        size_t cap = t->cap_marks ? t->cap_marks * 2 : 32;
        struct trc_mark *m = realloc(t->marks, cap * sizeof *m);
        if (!m)
            return NULL;
        t->marks = m;
        t->cap_marks = cap;
    }
    struct trc_mark *m = &t->marks[t->nmarks++];
    memset(m, 0, sizeof *m);
    m->icount = icount;
    m->kind = kind;
    m->value = actual_bytes(t);
    t->counts[kind]++;
    return m;
}

/* Guest text (a process name, a message) as printable ASCII, cut short. */
static void clean_text(char *out, size_t n, const uint8_t *p, uint32_t len)
{
    size_t k = 0;
    for (uint32_t i = 0; i < len && k + 4 < n; i++)
        out[k++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
    if (len && k + 4 >= n && k + 3 < n) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = 0;
}

void trc_timeline_header(struct trc_timeline *t, const struct jrnl_header *h)
{
    t->have_header = 1;
    t->system = (h->flags & JRNL_HF_SYSTEM) != 0;
    t->ram_bytes = h->ram_bytes;
    if (t->system) {
        add_point(&t->s[TRC_S_TARGET], 0, 0);
        add_point(&t->s[TRC_S_ACTUAL], 0, 0);
    }
}

int trc_timeline_event(struct trc_timeline *t, const struct jrnl_event *ev)
{
    struct jrnl_cur c;
    jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
    uint64_t a = 0, b = 0, n = 0;
    const uint8_t *p = NULL;
    uint32_t len = 0;
    char txt[100];
    struct trc_mark *m;
    t->events++;
    if (ev->icount > t->end_icount)
        t->end_icount = ev->icount;
    switch (ev->kind) {
    case JRNL_K_BALLOON_CMD:
        if (jrnl_cur_u(&c, &a))
            return 0;
        return add_point(&t->s[TRC_S_TARGET], ev->icount, a * TRC_PAGE_BYTES);
    case JRNL_K_BALLOON_INFLATE:
        if (jrnl_cur_u(&c, &n))
            return 0;
        t->actual_pages += (int64_t)n;
        return add_point(&t->s[TRC_S_ACTUAL], ev->icount, actual_bytes(t));
    case JRNL_K_BALLOON_DEFLATE:
        if (jrnl_cur_u(&c, &a) || jrnl_cur_u(&c, &n))
            return 0;
        t->actual_pages -= (int64_t)n;
        if (t->actual_pages < 0)
            t->actual_pages = 0;
        if (add_point(&t->s[TRC_S_ACTUAL], ev->icount, actual_bytes(t)))
            return TRC_E_NOMEM;
        if (!(a & TRC_DEFL_OOM))
            return 0;
        if (!(m = add_mark(t, TRC_MARK_DEFLATE_OOM, ev->icount)))
            return TRC_E_NOMEM;
        snprintf(m->text, sizeof m->text,
                 "deflate-on-oom: %" PRIu64 " pages returned at icount %" PRIu64
                 " (flags 0x%" PRIx64 ")", n, ev->icount, a);
        return 0;
    case JRNL_K_BALLOON_VIOLATION:
        if (jrnl_cur_u(&c, &a) || jrnl_cur_u(&c, &b))
            return 0;
        if (!(m = add_mark(t, TRC_MARK_VIOLATION, ev->icount)))
            return TRC_E_NOMEM;
        snprintf(m->text, sizeof m->text,
                 "balloon violation: pfn 0x%" PRIx64 ", address 0x%" PRIx64 " at icount %" PRIu64,
                 a, b, ev->icount);
        return 0;
    case JRNL_K_OOM_KILL:
        if (jrnl_cur_u(&c, &a) || jrnl_cur_u(&c, &b) || jrnl_cur_bytes(&c, &p, &len))
            return 0;
        if (!(m = add_mark(t, TRC_MARK_OOM_KILL, ev->icount)))
            return TRC_E_NOMEM;
        clean_text(txt, sizeof txt, p, len);
        snprintf(m->text, sizeof m->text,
                 "oom kill: pid %" PRIu64 " (%s), %" PRIu64 " pages at icount %" PRIu64, a, txt,
                 b, ev->icount);
        return 0;
    case JRNL_K_PANIC:
    case JRNL_K_HANG:
        if (jrnl_cur_bytes(&c, &p, &len))
            return 0;
        if (!(m = add_mark(t, ev->kind == JRNL_K_PANIC ? TRC_MARK_PANIC : TRC_MARK_HANG,
                           ev->icount)))
            return TRC_E_NOMEM;
        clean_text(txt, sizeof txt, p, len);
        snprintf(m->text, sizeof m->text, "%s at icount %" PRIu64 ": %s",
                 ev->kind == JRNL_K_PANIC ? "panic" : "hang", ev->icount, txt);
        return 0;
    default:
        return 0;
    }
}

int trc_timeline_dev_event(struct trc_timeline *t, const struct emu_dev_event *ev)
{
    if (ev->kind != EMU_DEV_BALLOON_STATS || !ev->stats)
        return 0;
    t->stats_reports++;
    if (!(ev->a & (1u << TRC_STAT_MEMFREE)) || ev->n_stats <= TRC_STAT_MEMFREE)
        return 0;
    return add_point(&t->s[TRC_S_FREE], ev->icount, ev->stats[TRC_STAT_MEMFREE]);
}

int trc_timeline_read(struct trc_timeline *t, const char *journal, struct trc_err *err)
{
    struct jrnl_reader *r = NULL;
    struct jrnl_err je = {0};
    if (jrnl_reader_open(&r, journal, &je) != 0)
        return trc_fail(err, TRC_E_JOURNAL, "%s: %s", journal, je.msg);
    trc_timeline_header(t, jrnl_reader_header(r));
    struct jrnl_event ev;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &je)) == 1)
        if (trc_timeline_event(t, &ev)) {
            jrnl_reader_close(r);
            return trc_fail(err, TRC_E_NOMEM, "out of memory");
        }
    jrnl_reader_close(r);
    if (rc < 0)
        return trc_fail(err, TRC_E_JOURNAL, "%s: %s", journal, je.msg);
    return 0;
}

/* ---- statistics from a replay ---- */

struct replay_ctx {
    struct trc_timeline *t;
    void (*progress)(void *ctx, uint64_t icount, uint64_t end_icount);
    void *progress_ctx;
    int nomem;
};

static void on_dev_event(void *ctx, struct machine *m, const struct emu_dev_event *ev)
{
    (void)m;
    struct replay_ctx *rc = ctx;
    if (trc_timeline_dev_event(rc->t, ev))
        rc->nomem = 1;
}

static void on_progress(void *ctx, uint64_t icount, uint64_t end_icount)
{
    struct replay_ctx *rc = ctx;
    rc->progress(rc->progress_ctx, icount, end_icount);
}

int trc_timeline_replay(struct trc_timeline *t, const char *journal,
                        sess_virt_build_fn virt_build, void *virt_opaque,
                        void (*progress)(void *ctx, uint64_t icount, uint64_t end_icount),
                        void *progress_ctx, struct trc_err *err)
{
    struct replay_ctx rc = {t, progress, progress_ctx, 0};
    struct sess_observer obs = {
        .ctx = &rc,
        .progress = progress ? on_progress : NULL,
        .dev_event = on_dev_event,
    };
    struct sess_replay_opts ro = {
        .journal = journal,
        .emit_output = 0,
        .virt_build = virt_build,
        .virt_opaque = virt_opaque,
        .obs = &obs,
    };
    struct sess_result res;
    int outcome = sess_replay(&ro, &res);
    if (rc.nomem)
        return trc_fail(err, TRC_E_NOMEM, "out of memory");
    switch (outcome) {
    case SESS_OK:
        return 0;
    case SESS_DIVERGED:
        return trc_fail(err, TRC_E_DIVERGED, "the replay diverged at icount %llu: %s",
                        (unsigned long long)res.report.icount, res.report.what);
    case SESS_JOURNAL:
        return trc_fail(err, TRC_E_JOURNAL, "%s", res.msg[0] ? res.msg : res.report.what);
    default:
        return trc_fail(err, TRC_E_REPLAY, "%s", res.msg);
    }
}
