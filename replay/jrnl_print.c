/*
 * jrnl_print.c — prints events by walking their payload with the kind's
 * spec (jrnl_payload_walk), so the output follows jrnl_kinds.def.
 *
 * Text:  #12 icount=1234 SYSCALL nr=64 ret=5 writes=[{addr=0x7ff0 data=68656c6c6f}]
 * JSON:  {"seq":12,"icount":1234,"kind":"SYSCALL","nr":64,"ret":5,
 *         "writes":[{"addr":"0x7ff0","data":"68656c6c6f"}]}
 * In JSON, u and s fields are numbers, x fields and byte fields hex
 * strings, t fields strings (bytes >= 0x80 as \u00XX).
 */
#include "replay/jrnl_print.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "replay/jrnl_kinds.h"

#define TEXT_BYTES_MAX 64

struct pctx {
    FILE *f;
    unsigned flags;
    int first[JRNL_SPEC_MAX_DEPTH + 1]; /* no field printed yet at this depth */
    uint64_t count[JRNL_SPEC_MAX_DEPTH + 1]; /* element count of the open group */
};

static void put_hex(FILE *f, const uint8_t *p, uint32_t n, unsigned flags)
{
    uint32_t m = n;
    if (!(flags & (JRNL_PRINT_FULL | JRNL_PRINT_JSON)) && m > TEXT_BYTES_MAX)
        m = TEXT_BYTES_MAX;
    for (uint32_t i = 0; i < m; i++)
        fprintf(f, "%02x", p[i]);
    if (m < n)
        fprintf(f, "...(%u bytes)", n);
}

static void put_text(FILE *f, const uint8_t *p, uint32_t n, unsigned flags)
{
    int json = flags & JRNL_PRINT_JSON;
    uint32_t m = n;
    if (!(flags & (JRNL_PRINT_FULL | JRNL_PRINT_JSON)) && m > TEXT_BYTES_MAX)
        m = TEXT_BYTES_MAX;
    fputc('"', f);
    for (uint32_t i = 0; i < m; i++) {
        uint8_t c = p[i];
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c >= 0x20 && c < 0x7f)
            fputc(c, f);
        else if (json)
            fprintf(f, "\\u%04x", c);
        else
            fprintf(f, "\\x%02x", c);
    }
    fputc('"', f);
    if (m < n)
        fprintf(f, "...(%u bytes)", n);
}

static void separator(struct pctx *c, int depth)
{
    if (!c->first[depth])
        fputc((c->flags & JRNL_PRINT_JSON) ? ',' : ' ', c->f);
    c->first[depth] = 0;
}

static void on_field(void *ctx, const struct jrnl_field *fl)
{
    struct pctx *c = ctx;
    int json = c->flags & JRNL_PRINT_JSON;
    separator(c, fl->depth);
    if (json)
        fprintf(c->f, "\"%.*s\":", (int)fl->name_len, fl->name);
    else
        fprintf(c->f, "%.*s=", (int)fl->name_len, fl->name);
    switch (fl->type) {
    case 'u':
        fprintf(c->f, "%" PRIu64, fl->u);
        break;
    case 'x':
        fprintf(c->f, json ? "\"0x%" PRIx64 "\"" : "0x%" PRIx64, fl->u);
        break;
    case 's':
        fprintf(c->f, "%" PRId64, fl->s);
        break;
    case 'b':
    case 'h':
        if (json)
            fputc('"', c->f);
        put_hex(c->f, fl->data, fl->data_bytes, c->flags);
        if (json)
            fputc('"', c->f);
        break;
    case 't':
        put_text(c->f, fl->data, fl->data_bytes, c->flags);
        break;
    case '[':
        fputc('[', c->f);
        c->count[fl->depth + 1] = fl->u;
        break;
    }
}

static void on_elem(void *ctx, int depth, uint64_t index)
{
    struct pctx *c = ctx;
    if (index > 0)
        fputs((c->flags & JRNL_PRINT_JSON) ? "}," : "} ", c->f);
    fputc('{', c->f);
    c->first[depth] = 1;
}

static void on_group_end(void *ctx, int depth)
{
    struct pctx *c = ctx;
    fputs(c->count[depth] ? "}]" : "]", c->f);
}

void jrnl_print_event(FILE *f, const struct jrnl_event *ev, unsigned flags)
{
    const struct jrnl_kind_info *ki = jrnl_kind_info(ev->kind);
    int json = flags & JRNL_PRINT_JSON;
    if (json)
        fprintf(f, "{\"seq\":%" PRIu64 ",\"icount\":%" PRIu64 ",\"kind\":\"%s\"", ev->seq,
                ev->icount, ki ? ki->name : "UNKNOWN");
    else
        fprintf(f, "#%" PRIu64 " icount=%" PRIu64 " %s", ev->seq, ev->icount,
                ki ? ki->name : "UNKNOWN");
    /* Check first so a bad payload is not printed half-decoded. */
    if (jrnl_payload_walk(ev->kind, ev->payload, ev->payload_bytes, NULL, NULL, NULL, 0) == 0) {
        struct pctx c = {.f = f, .flags = flags};
        c.first[0] = 0; /* the envelope fields came before */
        struct jrnl_visitor v = {on_field, on_elem, on_group_end, &c};
        jrnl_payload_walk(ev->kind, ev->payload, ev->payload_bytes, &v, NULL, NULL, 0);
    } else {
        fputs(json ? ",\"raw\":\"" : " raw=", f);
        put_hex(f, ev->payload, ev->payload_bytes, flags);
        if (json)
            fputc('"', f);
    }
    fputs(json ? "}\n" : "\n", f);
}

void jrnl_print_header(FILE *f, const struct jrnl_header *h, unsigned flags)
{
    int json = flags & JRNL_PRINT_JSON;
    const char *machine = h->machine ? h->machine : "";
    const char *cpu = h->cpu ? h->cpu : "";
    const char *host = h->host ? h->host : "";
    if (json) {
        fprintf(f, "{\"version\":%d,\"flags\":%u,\"isa_version\":%u,\"ram_bytes\":%" PRIu64
                   ",\"record_time_ns\":%" PRId64 ",\"hash_interval_icount\":%" PRIu64
                   ",\"frame_events_max\":%u,\"frame_bytes_max\":%u,\"machine\":",
                JRNL_VERSION, h->flags, h->isa_version, h->ram_bytes, h->record_time_ns,
                h->hash_interval_icount, h->frame_events_max, h->frame_bytes_max);
        put_text(f, (const uint8_t *)machine, (uint32_t)strlen(machine), flags);
        fputs(",\"cpu\":", f);
        put_text(f, (const uint8_t *)cpu, (uint32_t)strlen(cpu), flags);
        fputs(",\"host\":", f);
        put_text(f, (const uint8_t *)host, (uint32_t)strlen(host), flags);
        fputs(",\"argv\":[", f);
        for (uint32_t i = 0; i < h->argc; i++) {
            if (i)
                fputc(',', f);
            put_text(f, (const uint8_t *)h->argv[i], (uint32_t)strlen(h->argv[i]), flags);
        }
        fputs("],\"envp\":[", f);
        for (uint32_t i = 0; i < h->envc; i++) {
            if (i)
                fputc(',', f);
            put_text(f, (const uint8_t *)h->envp[i], (uint32_t)strlen(h->envp[i]), flags);
        }
        fprintf(f, "],\"program_bytes\":%" PRIu64 ",\"program_sha256\":\"", h->program_bytes);
        put_hex(f, h->program_sha256, JRNL_HASH_BYTES, flags);
        fputs("\"}\n", f);
        return;
    }
    fprintf(f, "version         %d\n", JRNL_VERSION);
    fprintf(f, "machine         %s%s\n", machine,
            (h->flags & JRNL_HF_SYSTEM) ? " (system mode)" : " (user mode)");
    fprintf(f, "cpu             %s (ISA v%u)\n", cpu, h->isa_version);
    if (h->ram_bytes)
        fprintf(f, "ram             %" PRIu64 " bytes\n", h->ram_bytes);
    char when[64] = "?";
    time_t secs = (time_t)(h->record_time_ns / 1000000000);
    struct tm tm;
    if (gmtime_r(&secs, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    fprintf(f, "recorded        %s on %s\n", when, host);
    fputs("command         ", f);
    for (uint32_t i = 0; i < h->argc; i++) {
        if (i)
            fputc(' ', f);
        put_text(f, (const uint8_t *)h->argv[i], (uint32_t)strlen(h->argv[i]), flags);
    }
    fprintf(f, "\nenvironment     %u variables\n", h->envc);
    fprintf(f, "program         %" PRIu64 " bytes%s, sha256 ", h->program_bytes,
            (h->flags & JRNL_HF_PROGRAM) ? " embedded" : " (not embedded)");
    put_hex(f, h->program_sha256, JRNL_HASH_BYTES, JRNL_PRINT_FULL);
    fprintf(f, "\nhash interval   %" PRIu64 " icount\n", h->hash_interval_icount);
    fprintf(f, "frame limits    %u events, %u bytes\n", h->frame_events_max, h->frame_bytes_max);
}
