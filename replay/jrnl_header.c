/*
 * jrnl_header.c — header encode/decode; layout in jrnl_fmt.h and
 * docs/journal-format.md §3. The fixed part comes first so a reader can
 * check magic, version and length before trusting anything else; the
 * variable part is a run of u32-length-prefixed fields; the check value
 * closes the header.
 */
#include "replay/jrnl_header.h"

#include <stdlib.h>
#include <string.h>

#include "replay/sha256.h"
#include "replay/varint.h"

static size_t str_len(const char *s)
{
    return s ? strlen(s) : 0;
}

static uint8_t *put_field(uint8_t *p, const void *data, uint32_t len)
{
    varint_put_le32(p, len);
    if (len)
        memcpy(p + 4, data, len);
    return p + 4 + len;
}

int jrnl_header_encode(const struct jrnl_header *hdr, uint8_t **out, size_t *out_bytes,
                       struct jrnl_err *err)
{
    *out = NULL;
    *out_bytes = 0;
    const char *names[3] = {hdr->machine, hdr->cpu, hdr->host};
    static const char *const what[3] = {"machine", "cpu", "host"};
    uint64_t total = JRNL_HDR_FIXED_BYTES;
    for (int i = 0; i < 3; i++) {
        size_t n = str_len(names[i]);
        if (n > JRNL_MAX_NAME_BYTES)
            return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                                "header %s name is %zu bytes, limit %u", what[i], n,
                                JRNL_MAX_NAME_BYTES);
        total += 4 + n;
    }
    if (hdr->argc > JRNL_MAX_ARGS || (hdr->argc && !hdr->argv))
        return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "header argc %u invalid (limit %u)", hdr->argc, JRNL_MAX_ARGS);
    total += 4;
    for (uint32_t i = 0; i < hdr->argc; i++) {
        size_t n = str_len(hdr->argv[i]);
        if (n > JRNL_MAX_ARG_BYTES)
            return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                                "argv[%u] is %zu bytes, limit %u", i, n, JRNL_MAX_ARG_BYTES);
        total += 4 + n;
    }
    if (hdr->envc > JRNL_MAX_ARGS || (hdr->envc && !hdr->envp))
        return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "header envc %u invalid (limit %u)", hdr->envc, JRNL_MAX_ARGS);
    total += 4;
    for (uint32_t i = 0; i < hdr->envc; i++) {
        size_t n = str_len(hdr->envp[i]);
        if (n > JRNL_MAX_ARG_BYTES)
            return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                                "envp[%u] is %zu bytes, limit %u", i, n, JRNL_MAX_ARG_BYTES);
        total += 4 + n;
    }
    if (hdr->program_bytes > JRNL_MAX_PROGRAM_BYTES || (hdr->program_bytes && !hdr->program))
        return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "guest program of %llu bytes cannot be embedded (limit %u)",
                            (unsigned long long)hdr->program_bytes, JRNL_MAX_PROGRAM_BYTES);
    total += 4 + hdr->program_bytes + JRNL_CHK_BYTES;
    if (hdr->flags & ~JRNL_HF_KNOWN)
        return jrnl_err_set(err, JRNL_E_USAGE, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "unknown header flags 0x%x", hdr->flags & ~JRNL_HF_KNOWN);
    if (hdr->frame_events_max < 1 || hdr->frame_events_max > JRNL_MAX_FRAME_EVENTS ||
        hdr->frame_bytes_max < 1 || hdr->frame_bytes_max > JRNL_MAX_FRAME_BYTES)
        return jrnl_err_set(err, JRNL_E_USAGE, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "frame limits %u events / %u bytes out of range",
                            hdr->frame_events_max, hdr->frame_bytes_max);
    if (total > JRNL_MAX_HEADER_BYTES)
        return jrnl_err_set(err, JRNL_E_LIMIT, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "header would be %llu bytes, limit %u", (unsigned long long)total,
                            JRNL_MAX_HEADER_BYTES);

    uint8_t *b = calloc(1, (size_t)total);
    if (!b)
        return jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "no memory for a %llu-byte header", (unsigned long long)total);
    uint32_t flags = hdr->flags & ~JRNL_HF_PROGRAM;
    if (hdr->program_bytes)
        flags |= JRNL_HF_PROGRAM;
    memcpy(b, JRNL_MAGIC, JRNL_MAGIC_BYTES);
    varint_put_le32(b + JRNL_HDR_OFF_VERSION, JRNL_VERSION);
    varint_put_le32(b + JRNL_HDR_OFF_BYTES, (uint32_t)total);
    varint_put_le32(b + JRNL_HDR_OFF_FLAGS, flags);
    varint_put_le32(b + JRNL_HDR_OFF_ISA, hdr->isa_version);
    varint_put_le64(b + JRNL_HDR_OFF_RAM, hdr->ram_bytes);
    varint_put_le64(b + JRNL_HDR_OFF_TIME, (uint64_t)hdr->record_time_ns);
    varint_put_le64(b + JRNL_HDR_OFF_HASH_INTERVAL, hdr->hash_interval_icount);
    varint_put_le32(b + JRNL_HDR_OFF_FRAME_EVENTS, hdr->frame_events_max);
    varint_put_le32(b + JRNL_HDR_OFF_FRAME_BYTES, hdr->frame_bytes_max);
    if (hdr->program_bytes)
        sha256(hdr->program, (size_t)hdr->program_bytes, b + JRNL_HDR_OFF_PROGRAM_SHA);
    else
        memcpy(b + JRNL_HDR_OFF_PROGRAM_SHA, hdr->program_sha256, JRNL_HASH_BYTES);
    uint8_t *p = b + JRNL_HDR_FIXED_BYTES;
    for (int i = 0; i < 3; i++)
        p = put_field(p, names[i], (uint32_t)str_len(names[i]));
    varint_put_le32(p, hdr->argc);
    p += 4;
    for (uint32_t i = 0; i < hdr->argc; i++)
        p = put_field(p, hdr->argv[i], (uint32_t)str_len(hdr->argv[i]));
    varint_put_le32(p, hdr->envc);
    p += 4;
    for (uint32_t i = 0; i < hdr->envc; i++)
        p = put_field(p, hdr->envp[i], (uint32_t)str_len(hdr->envp[i]));
    p = put_field(p, hdr->program, (uint32_t)hdr->program_bytes);
    jrnl_chk(b, (size_t)(p - b), p);
    *out = b;
    *out_bytes = (size_t)total;
    return 0;
}

int jrnl_header_probe(const uint8_t *p, size_t avail, uint64_t file_bytes,
                      uint32_t *header_bytes, struct jrnl_err *err)
{
    size_t m = avail < JRNL_MAGIC_BYTES ? avail : JRNL_MAGIC_BYTES;
    if (memcmp(p, JRNL_MAGIC, m) != 0)
        return jrnl_err_set(err, JRNL_E_MAGIC, 0, JRNL_NO_VALUE,
                            "not an e2k-rr journal (bad magic at offset 0)");
    if (avail < JRNL_HDR_PROBE_BYTES)
        return jrnl_err_set(err, JRNL_E_TRUNCATED, file_bytes, JRNL_NO_VALUE,
                            "journal truncated in its header: file is %llu bytes",
                            (unsigned long long)file_bytes);
    uint32_t version = varint_get_le32(p + JRNL_HDR_OFF_VERSION);
    if (version != JRNL_VERSION)
        return jrnl_err_set(err, JRNL_E_VERSION, JRNL_HDR_OFF_VERSION, JRNL_NO_VALUE,
                            "journal format version %u, this build reads only version %u",
                            version, JRNL_VERSION);
    uint32_t n = varint_get_le32(p + JRNL_HDR_OFF_BYTES);
    if (n < JRNL_HDR_MIN_BYTES || n > JRNL_MAX_HEADER_BYTES)
        return jrnl_err_set(err, JRNL_E_HEADER, JRNL_HDR_OFF_BYTES, JRNL_NO_VALUE,
                            "header length %u at offset %d out of range %u..%u", n,
                            JRNL_HDR_OFF_BYTES, (unsigned)JRNL_HDR_MIN_BYTES,
                            JRNL_MAX_HEADER_BYTES);
    if (n > file_bytes)
        return jrnl_err_set(err, JRNL_E_TRUNCATED, file_bytes, JRNL_NO_VALUE,
                            "journal truncated in its header: header is %u bytes, file %llu",
                            n, (unsigned long long)file_bytes);
    *header_bytes = n;
    return 0;
}

/* Field reader over the variable part; *pos advances. */
struct hcur {
    const uint8_t *raw;
    uint32_t pos;
    uint32_t end; /* start of the check value */
};

static int get_u32(struct hcur *c, uint32_t *v, const char *what, struct jrnl_err *err)
{
    if (c->end - c->pos < 4)
        return jrnl_err_set(err, JRNL_E_HEADER, c->pos, JRNL_NO_VALUE,
                            "header field %s at offset %u runs past the header", what, c->pos);
    *v = varint_get_le32(c->raw + c->pos);
    c->pos += 4;
    return 0;
}

/* A length-prefixed field of at most max bytes; text must hold no NUL. */
static int get_blob(struct hcur *c, const uint8_t **p, uint32_t *len, uint32_t max, int text,
                    const char *what, struct jrnl_err *err)
{
    uint32_t at = c->pos;
    int r = get_u32(c, len, what, err);
    if (r)
        return r;
    if (*len > max || *len > c->end - c->pos)
        return jrnl_err_set(err, JRNL_E_HEADER, at, JRNL_NO_VALUE,
                            "header field %s at offset %u: length %u too large", what, at,
                            *len);
    *p = c->raw + c->pos;
    if (text && memchr(*p, 0, *len))
        return jrnl_err_set(err, JRNL_E_HEADER, at, JRNL_NO_VALUE,
                            "header field %s at offset %u contains a NUL byte", what, at);
    c->pos += *len;
    return 0;
}

static char *copy_str(char **dst, const uint8_t *p, uint32_t n)
{
    char *s = *dst;
    memcpy(s, p, n);
    s[n] = '\0';
    *dst += n + 1;
    return s;
}

int jrnl_header_decode(struct jrnl_header_buf *hb, uint8_t *raw, uint32_t bytes,
                       struct jrnl_err *err)
{
    memset(hb, 0, sizeof *hb);
    int r;
    if (bytes < JRNL_HDR_MIN_BYTES) {
        r = jrnl_err_set(err, JRNL_E_HEADER, 0, JRNL_NO_VALUE, "header too short");
        goto fail;
    }
    uint32_t body = bytes - JRNL_CHK_BYTES;
    if (!jrnl_chk_ok(raw, body)) {
        r = jrnl_err_set(err, JRNL_E_HEADER, body, JRNL_NO_VALUE,
                         "header check value at offset %u does not match bytes 0..%u "
                         "(header corrupt)", body, body - 1);
        goto fail;
    }
    struct jrnl_header *h = &hb->hdr;
    h->flags = varint_get_le32(raw + JRNL_HDR_OFF_FLAGS);
    h->isa_version = varint_get_le32(raw + JRNL_HDR_OFF_ISA);
    h->ram_bytes = varint_get_le64(raw + JRNL_HDR_OFF_RAM);
    h->record_time_ns = (int64_t)varint_get_le64(raw + JRNL_HDR_OFF_TIME);
    h->hash_interval_icount = varint_get_le64(raw + JRNL_HDR_OFF_HASH_INTERVAL);
    h->frame_events_max = varint_get_le32(raw + JRNL_HDR_OFF_FRAME_EVENTS);
    h->frame_bytes_max = varint_get_le32(raw + JRNL_HDR_OFF_FRAME_BYTES);
    memcpy(h->program_sha256, raw + JRNL_HDR_OFF_PROGRAM_SHA, JRNL_HASH_BYTES);
    if (h->flags & ~JRNL_HF_KNOWN) {
        r = jrnl_err_set(err, JRNL_E_HEADER, JRNL_HDR_OFF_FLAGS, JRNL_NO_VALUE,
                         "unknown header flags 0x%x at offset %d", h->flags,
                         JRNL_HDR_OFF_FLAGS);
        goto fail;
    }
    if (h->frame_events_max < 1 || h->frame_events_max > JRNL_MAX_FRAME_EVENTS ||
        h->frame_bytes_max < 1 || h->frame_bytes_max > JRNL_MAX_FRAME_BYTES) {
        r = jrnl_err_set(err, JRNL_E_HEADER, JRNL_HDR_OFF_FRAME_EVENTS, JRNL_NO_VALUE,
                         "frame limits %u events / %u bytes at offset %d out of range",
                         h->frame_events_max, h->frame_bytes_max, JRNL_HDR_OFF_FRAME_EVENTS);
        goto fail;
    }

    struct hcur c = {raw, JRNL_HDR_FIXED_BYTES, body};
    const uint8_t *np[3];
    uint32_t nl[3];
    static const char *const what[3] = {"machine", "cpu", "host"};
    for (int i = 0; i < 3; i++)
        if ((r = get_blob(&c, &np[i], &nl[i], JRNL_MAX_NAME_BYTES, 1, what[i], err)))
            goto fail;
    uint32_t argc_at = c.pos;
    if ((r = get_u32(&c, &h->argc, "argc", err)))
        goto fail;
    /* Each argument takes at least its 4-byte length. */
    if (h->argc > JRNL_MAX_ARGS || h->argc > (c.end - c.pos) / 4) {
        r = jrnl_err_set(err, JRNL_E_HEADER, argc_at, JRNL_NO_VALUE,
                         "header argc %u at offset %u too large", h->argc, argc_at);
        goto fail;
    }
    /* Strings: all of them fit in `bytes`, plus one NUL each (the
     * environment's count is bounded the same way as argc, below). */
    hb->strings = malloc((size_t)bytes + bytes / 4 + 3);
    hb->argv = calloc((size_t)h->argc + 1, sizeof *hb->argv);
    if (!hb->strings || !hb->argv) {
        r = jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                         "no memory for the header strings");
        goto fail;
    }
    char *sp = hb->strings;
    h->machine = copy_str(&sp, np[0], nl[0]);
    h->cpu = copy_str(&sp, np[1], nl[1]);
    h->host = copy_str(&sp, np[2], nl[2]);
    for (uint32_t i = 0; i < h->argc; i++) {
        const uint8_t *ap;
        uint32_t al;
        if ((r = get_blob(&c, &ap, &al, JRNL_MAX_ARG_BYTES, 1, "argv", err)))
            goto fail;
        hb->argv[i] = copy_str(&sp, ap, al);
    }
    h->argv = hb->argv;
    uint32_t envc_at = c.pos;
    if ((r = get_u32(&c, &h->envc, "envc", err)))
        goto fail;
    if (h->envc > JRNL_MAX_ARGS || h->envc > (c.end - c.pos) / 4) {
        r = jrnl_err_set(err, JRNL_E_HEADER, envc_at, JRNL_NO_VALUE,
                         "header envc %u at offset %u too large", h->envc, envc_at);
        goto fail;
    }
    hb->envp = calloc((size_t)h->envc + 1, sizeof *hb->envp);
    if (!hb->envp) {
        r = jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                         "no memory for the header environment");
        goto fail;
    }
    for (uint32_t i = 0; i < h->envc; i++) {
        const uint8_t *ep;
        uint32_t el;
        if ((r = get_blob(&c, &ep, &el, JRNL_MAX_ARG_BYTES, 1, "envp", err)))
            goto fail;
        hb->envp[i] = copy_str(&sp, ep, el);
    }
    h->envp = hb->envp;
    const uint8_t *prog;
    uint32_t prog_len;
    uint32_t prog_at = c.pos;
    if ((r = get_blob(&c, &prog, &prog_len, JRNL_MAX_PROGRAM_BYTES, 0, "program", err)))
        goto fail;
    if (c.pos != c.end) {
        r = jrnl_err_set(err, JRNL_E_HEADER, c.pos, JRNL_NO_VALUE,
                         "%u unexpected bytes at offset %u before the header check",
                         c.end - c.pos, c.pos);
        goto fail;
    }
    if (!!(h->flags & JRNL_HF_PROGRAM) != (prog_len != 0)) {
        r = jrnl_err_set(err, JRNL_E_HEADER, prog_at, JRNL_NO_VALUE,
                         "program flag and program length %u at offset %u disagree",
                         prog_len, prog_at);
        goto fail;
    }
    if (prog_len) {
        uint8_t d[SHA256_BYTES];
        sha256(prog, prog_len, d);
        if (memcmp(d, h->program_sha256, SHA256_BYTES) != 0) {
            r = jrnl_err_set(err, JRNL_E_HEADER, prog_at, JRNL_NO_VALUE,
                             "embedded program at offset %u does not match its SHA-256",
                             prog_at);
            goto fail;
        }
        h->program = prog;
    }
    h->program_bytes = prog_len;
    hb->raw = raw;
    hb->bytes = bytes;
    return 0;
fail:
    free(raw);
    hb->raw = NULL;
    jrnl_header_buf_fini(hb);
    return r;
}

void jrnl_header_buf_fini(struct jrnl_header_buf *hb)
{
    free(hb->raw);
    free(hb->strings);
    free(hb->argv);
    free(hb->envp);
    memset(hb, 0, sizeof *hb);
}
