/*
 * trc_chrome.c — Chrome trace-event JSON for a journal (trc_chrome.h).
 *
 * One JSON object per line inside "traceEvents", so the file is also easy
 * to grep. Event fields are written by walking the payload with its
 * kind's spec (jrnl_payload_walk), like `e2k-rr dump --json`, with limits
 * so one large event (a read of megabytes) cannot bloat the trace.
 */
#include "trace/trc_chrome.h"

#include <inttypes.h>
#include <string.h>

#include "replay/jrnl_kinds.h"
#include "trace/trc_timeline.h"

#define BYTES_MAX 64   /* b/h fields: hex of the first 64 bytes */
#define TEXT_MAX 256   /* t fields */
#define ELEMS_MAX 16   /* group elements written */
#define JSON_SAFE_INT (1ull << 53)

enum track {
    TR_INPUTS = 1,     /* host inputs: syscalls, clocks, UART, RTC */
    TR_INTERRUPTS,     /* IRQ lines, host timer expiries */
    TR_BALLOON,        /* balloon commands and traffic */
    TR_GUEST,          /* guest reports: output, OOM kills, panics, hangs */
    TR_REPLAY,         /* state hashes, checkpoints, end */
    TR_COUNT
};

static const char *const kTrackName[TR_COUNT] = {
    NULL, "host inputs", "interrupts", "balloon", "guest", "replay checks",
};

static const char *const kTrackCat[TR_COUNT] = {
    NULL, "input", "irq", "balloon", "guest", "replay",
};

static int track_of(uint32_t kind)
{
    switch (kind) {
    case JRNL_K_IRQ:
    case JRNL_K_TIMER:
        return TR_INTERRUPTS;
    case JRNL_K_BALLOON_CMD:
    case JRNL_K_BALLOON_STATS_REQ:
    case JRNL_K_BALLOON_INFLATE:
    case JRNL_K_BALLOON_DEFLATE:
    case JRNL_K_BALLOON_VIOLATION:
        return TR_BALLOON;
    case JRNL_K_OUTPUT:
    case JRNL_K_OOM_KILL:
    case JRNL_K_PANIC:
    case JRNL_K_HANG:
        return TR_GUEST;
    case JRNL_K_STATE_HASH:
    case JRNL_K_CHECKPOINT:
    case JRNL_K_END:
        return TR_REPLAY;
    default:
        return TR_INPUTS;
    }
}

void trc_json_string(FILE *f, const uint8_t *p, size_t n, size_t max)
{
    size_t m = n < max ? n : max;
    fputc('"', f);
    for (size_t i = 0; i < m; i++) {
        uint8_t c = p[i];
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20 || c >= 0x7f)
                fprintf(f, "\\u%04x", c);
            else
                fputc(c, f);
        }
    }
    if (m < n)
        fputs("...", f);
    fputc('"', f);
}

static void json_cstr(FILE *f, const char *s)
{
    trc_json_string(f, (const uint8_t *)(s ? s : ""), s ? strlen(s) : 0, 4096);
}

static void json_u64(FILE *f, uint64_t v)
{
    if (v < JSON_SAFE_INT)
        fprintf(f, "%" PRIu64, v);
    else
        fprintf(f, "\"%" PRIu64 "\"", v);
}

static void json_i64(FILE *f, int64_t v)
{
    if (v > -(int64_t)JSON_SAFE_INT && v < (int64_t)JSON_SAFE_INT)
        fprintf(f, "%" PRId64, v);
    else
        fprintf(f, "\"%" PRId64 "\"", v);
}

/* Exact decimal microseconds: icount / per_us with three decimals. */
static void json_ts(const struct trc_chrome *c, uint64_t icount)
{
    uint64_t whole = icount / c->per_us, rest = icount % c->per_us;
    unsigned milli = (unsigned)((double)rest * 1000.0 / (double)c->per_us);
    if (milli > 999)
        milli = 999;
    fprintf(c->f, "%" PRIu64 ".%03u", whole, milli);
}

/* Starts a trace event object (after the separator). */
static void ev_open(struct trc_chrome *c)
{
    fputs(c->written ? ",\n" : "\n", c->f);
    c->written++;
}

static void meta(struct trc_chrome *c, const char *what, int tid, const char *key,
                 const char *sval, int64_t ival)
{
    ev_open(c);
    fprintf(c->f, "{\"name\":\"%s\",\"ph\":\"M\",\"pid\":1,\"tid\":%d,\"args\":{\"%s\":", what,
            tid, key);
    if (sval)
        json_cstr(c->f, sval);
    else
        json_i64(c->f, ival);
    fputs("}}", c->f);
}

void trc_chrome_begin(struct trc_chrome *c, FILE *f, const struct trc_chrome_opts *o,
                      const struct jrnl_header *h)
{
    memset(c, 0, sizeof *c);
    c->f = f;
    c->per_us = o && o->insn_per_us ? o->insn_per_us : TRC_CHROME_INSN_PER_US;
    fputs("{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"e2k-rr export\"", f);
    fprintf(f, ",\"icount_per_us\":%" PRIu64, c->per_us);
    if (h) {
        fputs(",\"machine\":", f);
        json_cstr(f, h->machine);
        fputs(",\"cpu\":", f);
        json_cstr(f, h->cpu);
        fputs(",\"host\":", f);
        json_cstr(f, h->host);
        fputs(",\"ram_bytes\":", f);
        json_u64(f, h->ram_bytes);
        fputs(",\"record_time_ns\":", f);
        json_i64(f, h->record_time_ns);
        if (h->argc > 0 && h->argv) {
            fputs(",\"program\":", f);
            json_cstr(f, h->argv[0]);
        }
    }
    fputs("},\"traceEvents\":[", f);
    meta(c, "process_name", 0, "name", o && o->name ? o->name : "e2k-rr journal", 0);
    for (int t = 1; t < TR_COUNT; t++) {
        meta(c, "thread_name", t, "name", kTrackName[t], 0);
        meta(c, "thread_sort_index", t, "sort_index", NULL, t);
    }
}

/* ---- event fields as args ----
 *
 * Field depth d is the group nesting (0 at top level); elements of a group
 * opened by a field at depth d are at depth d + 1 (jrnl_kinds.c). Past
 * ELEMS_MAX elements a group's remaining elements are muted; its length
 * is always written as "<name>": count, the elements as "<name>_list". */

#define DEPTHS (JRNL_SPEC_MAX_DEPTH + 2)

struct actx {
    FILE *f;
    int first[DEPTHS];  /* nothing written yet at this depth */
    int skip[DEPTHS];   /* elements past ELEMS_MAX at this depth */
    int open[DEPTHS];   /* an element object is open at this depth */
};

static int muted(const struct actx *a, int depth)
{
    for (int d = 0; d <= depth && d < DEPTHS; d++)
        if (a->skip[d])
            return 1;
    return depth >= DEPTHS;
}

static void a_field(void *ctx, const struct jrnl_field *fl)
{
    struct actx *a = ctx;
    if (muted(a, fl->depth))
        return;
    FILE *f = a->f;
    if (!a->first[fl->depth])
        fputc(',', f);
    a->first[fl->depth] = 0;
    fputc('"', f);
    fwrite(fl->name, 1, fl->name_len, f); /* spec names: [a-z_0-9] */
    fputs("\":", f);
    switch (fl->type) {
    case 'u':
        json_u64(f, fl->u);
        break;
    case 'x':
        fprintf(f, "\"0x%" PRIx64 "\"", fl->u);
        break;
    case 's':
        json_i64(f, fl->s);
        break;
    case 'b':
    case 'h': {
        uint32_t m = fl->data_bytes < BYTES_MAX ? fl->data_bytes : BYTES_MAX;
        fputc('"', f);
        for (uint32_t i = 0; i < m; i++)
            fprintf(f, "%02x", fl->data[i]);
        if (m < fl->data_bytes)
            fprintf(f, "...(%u bytes)", fl->data_bytes);
        fputc('"', f);
        break;
    }
    case 't':
        trc_json_string(f, fl->data, fl->data_bytes, TEXT_MAX);
        break;
    case '[':
        json_u64(f, fl->u);
        fputs(",\"", f);
        fwrite(fl->name, 1, fl->name_len, f);
        fputs("_list\":[", f);
        a->open[fl->depth + 1] = 0;
        a->skip[fl->depth + 1] = 0;
        break;
    }
}

static void a_elem(void *ctx, int depth, uint64_t index)
{
    struct actx *a = ctx;
    if (muted(a, depth))
        return;
    if (index >= ELEMS_MAX) {
        if (a->open[depth])
            fputc('}', a->f);
        a->open[depth] = 0;
        a->skip[depth] = 1;
        return;
    }
    fputs(a->open[depth] ? "},{" : "{", a->f);
    a->open[depth] = 1;
    a->first[depth] = 1;
}

static void a_group_end(void *ctx, int depth)
{
    struct actx *a = ctx;
    if (depth >= DEPTHS || muted(a, depth - 1))
        return;
    fputs(a->open[depth] ? "}]" : "]", a->f);
    a->open[depth] = 0;
    a->skip[depth] = 0;
}

static const char *event_name(const struct jrnl_event *ev, const struct jrnl_kind_info *ki)
{
    if (ev->kind == JRNL_K_BALLOON_DEFLATE) {
        struct jrnl_cur c;
        uint64_t flags = 0;
        jrnl_cur_init(&c, ev->payload, ev->payload_bytes);
        if (jrnl_cur_u(&c, &flags) == 0 && (flags & TRC_DEFL_OOM))
            return "BALLOON_DEFLATE (deflate-on-oom)";
    }
    return ki ? ki->name : "UNKNOWN";
}

void trc_chrome_event(struct trc_chrome *c, const struct jrnl_event *ev)
{
    const struct jrnl_kind_info *ki = jrnl_kind_info(ev->kind);
    int tr = track_of(ev->kind);
    int global = ev->kind == JRNL_K_OOM_KILL || ev->kind == JRNL_K_PANIC ||
                 ev->kind == JRNL_K_HANG;
    ev_open(c);
    fputs("{\"name\":", c->f);
    json_cstr(c->f, event_name(ev, ki));
    fprintf(c->f, ",\"cat\":\"%s\",\"ph\":\"i\",\"s\":\"%s\",\"ts\":", kTrackCat[tr],
            global ? "g" : "t");
    json_ts(c, ev->icount);
    fprintf(c->f, ",\"pid\":1,\"tid\":%d,\"args\":{\"icount\":", tr);
    json_u64(c->f, ev->icount);
    fputs(",\"seq\":", c->f);
    json_u64(c->f, ev->seq);
    if (jrnl_payload_walk(ev->kind, ev->payload, ev->payload_bytes, NULL, NULL, NULL, 0) == 0) {
        struct actx a;
        memset(&a, 0, sizeof a);
        a.f = c->f;
        struct jrnl_visitor v = {a_field, a_elem, a_group_end, &a};
        jrnl_payload_walk(ev->kind, ev->payload, ev->payload_bytes, &v, NULL, NULL, 0);
    } else {
        fprintf(c->f, ",\"payload_bytes\":%u", ev->payload_bytes);
    }
    fputs("}}", c->f);
}

/* ---- counters ---- */

static void counter(struct trc_chrome *c, const char *name, uint64_t icount, uint64_t bytes)
{
    ev_open(c);
    fputs("{\"name\":", c->f);
    json_cstr(c->f, name);
    fputs(",\"cat\":\"balloon\",\"ph\":\"C\",\"ts\":", c->f);
    json_ts(c, icount);
    /* MiB with 3 decimals, exact enough for pages (4 KiB = 0.0039 MiB). */
    fprintf(c->f, ",\"pid\":1,\"args\":{\"MiB\":%" PRIu64 ".%03u}}", bytes >> 20,
            (unsigned)(((bytes & 0xfffff) * 1000) >> 20));
}

void trc_chrome_timeline(struct trc_chrome *c, const struct trc_timeline *t)
{
    static const char *const names[TRC_S_COUNT] = {
        "balloon target", "balloon actual", "guest free memory",
    };
    for (int s = 0; s < TRC_S_COUNT; s++) {
        const struct trc_series *se = &t->s[s];
        for (size_t i = 0; i < se->n; i++)
            counter(c, names[s], se->p[i].icount, se->p[i].value);
        if (se->n && se->p[se->n - 1].icount < t->end_icount)
            counter(c, names[s], t->end_icount, se->p[se->n - 1].value);
    }
}

int trc_chrome_end(struct trc_chrome *c, struct trc_err *err)
{
    fputs("\n]}\n", c->f);
    if (fflush(c->f) != 0 || ferror(c->f))
        return trc_fail(err, TRC_E_IO, "writing the trace failed");
    return 0;
}
