/*
 * jrnl_reader.c — journal reader: open and header, frame loading (frame
 * header check, LZ4 frame decompression with its content checksum, full
 * validation of the events), event iteration, seek and save/restore.
 * Locating the frames (index or scan) is in jrnl_locate.c. Format:
 * docs/journal-format.md; API and guarantees: jrnl_reader.h.
 */
#include "replay/jrnl_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader_internal.h"
#include "replay/varint.h"

/* ---- Source ---- */

int jrnl_src_read(struct jrnl_reader *r, uint64_t off, void *buf, size_t n,
                  struct jrnl_err *err)
{
    if (off > r->file_bytes || n > r->file_bytes - off)
        return jrnl_err_set(err, JRNL_E_TRUNCATED, off, JRNL_NO_VALUE,
                            "read of %zu bytes at offset %llu past the end of the file", n,
                            (unsigned long long)off);
    if (r->mem) {
        memcpy(buf, r->mem + off, n);
        return 0;
    }
    uint8_t *p = buf;
    while (n) {
        ssize_t got = pread(r->fd, p, n, (off_t)off);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return jrnl_err_set(err, JRNL_E_IO, off, JRNL_NO_VALUE, "read at offset %llu: %s",
                                (unsigned long long)off,
                                got < 0 ? strerror(errno) : "file shrank while open");
        p += got;
        n -= (size_t)got;
        off += (uint64_t)got;
    }
    return 0;
}

/* ---- Frame headers ---- */

/* Largest LZ4 frame a writer can produce for raw bytes: checksums on, and
 * 64 KB blocks (liblz4's default; larger blocks only lower the bound). */
static size_t lz4_bound(uint32_t raw)
{
    LZ4F_preferences_t p;
    memset(&p, 0, sizeof p);
    p.frameInfo.blockSizeID = LZ4F_max64KB;
    p.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    p.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    p.frameInfo.contentSize = raw;
    return LZ4F_compressFrameBound(raw, &p);
}

/* Why the header fields in f are impossible, or NULL. */
static const char *frame_fields_bad(const struct jrnl_reader *r, const struct jrnl_frame_ref *f)
{
    if (f->events < 1 || f->events > r->hb.hdr.frame_events_max)
        return "event count out of range";
    /* Each event is at least 3 bytes: kind, delta and length varints. */
    if (f->raw_bytes > r->raw_limit || f->raw_bytes / 3 < f->events)
        return "decoded size out of range";
    if (f->lz4_bytes == 0 || f->raw_bytes / JRNL_MAX_LZ4_RATIO > f->lz4_bytes)
        return "compressed size too small for the decoded size";
    if (f->lz4_bytes > lz4_bound(f->raw_bytes))
        return "compressed size too large for the decoded size";
    if (f->first_icount > f->last_icount)
        return "first icount after last icount";
    return NULL;
}

int jrnl_frame_hdr_check(const struct jrnl_reader *r, const uint8_t *h, size_t avail,
                         uint64_t off, uint64_t k, struct jrnl_frame_ref *f,
                         struct jrnl_err *err)
{
    memset(f, 0, sizeof *f);
    f->offset = off;
    f->events = varint_get_le32(h + JRNL_FRM_OFF_EVENTS);
    f->first_icount = varint_get_le64(h + JRNL_FRM_OFF_FIRST_ICOUNT);
    f->last_icount = varint_get_le64(h + JRNL_FRM_OFF_LAST_ICOUNT);
    f->raw_bytes = varint_get_le32(h + JRNL_FRM_OFF_RAW);
    f->lz4_bytes = varint_get_le32(h + JRNL_FRM_OFF_LZ4);
    f->first_seq = varint_get_le64(h + JRNL_FRM_OFF_FIRST_SEQ);
    f->hdr_read = 1;
    size_t cover = f->lz4_bytes < JRNL_FRM_CHK_LZ4_BYTES ? f->lz4_bytes : JRNL_FRM_CHK_LZ4_BYTES;
    const char *why = NULL;
    if (varint_get_le32(h) != JRNL_FRAME_MAGIC) {
        why = "bad frame magic";
    } else if (avail < JRNL_FRM_HDR_BYTES + cover) {
        return jrnl_err_set(err, JRNL_E_TRUNCATED, off, f->first_icount,
                            "frame %llu at offset %llu: incomplete", (unsigned long long)k,
                            (unsigned long long)off);
    } else {
        uint8_t chk[JRNL_CHK_BYTES];
        jrnl_chk2(h, JRNL_FRM_OFF_CHK, h + JRNL_FRM_HDR_BYTES, cover, chk);
        if (memcmp(chk, h + JRNL_FRM_OFF_CHK, JRNL_CHK_BYTES) != 0)
            why = "frame header check value mismatch (corrupt)";
        else
            why = frame_fields_bad(r, f);
    }
    if (!why)
        return 0;
    return jrnl_err_set(err, JRNL_E_FRAME, off, f->first_icount,
                        "frame %llu at offset %llu: %s", (unsigned long long)k,
                        (unsigned long long)off, why);
}

/* ---- Open / close ---- */

static int reader_init(struct jrnl_reader *r, struct jrnl_err *err)
{
    uint8_t probe[JRNL_HDR_PROBE_BYTES];
    size_t pn = r->file_bytes < sizeof probe ? (size_t)r->file_bytes : sizeof probe;
    int rc = jrnl_src_read(r, 0, probe, pn, err);
    if (rc)
        return rc;
    uint32_t hbytes;
    if ((rc = jrnl_header_probe(probe, pn, r->file_bytes, &hbytes, err)))
        return rc;
    uint8_t *raw = malloc(hbytes);
    if (!raw)
        return jrnl_err_set(err, JRNL_E_NOMEM, 0, JRNL_NO_VALUE,
                            "no memory for a %u-byte header", hbytes);
    if ((rc = jrnl_src_read(r, 0, raw, hbytes, err))) {
        free(raw);
        return rc;
    }
    if ((rc = jrnl_header_decode(&r->hb, raw, hbytes, err)))
        return rc;
    uint32_t one_event = JRNL_MAX_EVENT_BYTES + JRNL_MAX_ENVELOPE_BYTES;
    r->raw_limit = r->hb.hdr.frame_bytes_max > one_event ? r->hb.hdr.frame_bytes_max : one_event;
    size_t lr = LZ4F_createDecompressionContext(&r->dctx, LZ4F_VERSION);
    if (LZ4F_isError(lr))
        return jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "cannot create an LZ4 decompression context: %s",
                            LZ4F_getErrorName(lr));
    if ((rc = jrnl_locate_frames(r, err)))
        return rc;
    r->loaded = JRNL_NO_FRAME;
    r->cur_icount = r->nframes ? r->frames[0].first_icount : 0;
    return 0;
}

static struct jrnl_reader *reader_new(void)
{
    struct jrnl_reader *r = calloc(1, sizeof *r);
    if (r) {
        r->fd = -1;
        r->loaded = JRNL_NO_FRAME;
    }
    return r;
}

int jrnl_reader_open_mem(struct jrnl_reader **out, const void *data, size_t len,
                         struct jrnl_err *err)
{
    *out = NULL;
    struct jrnl_reader *r = reader_new();
    if (!r)
        return jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "no memory for the journal reader");
    static const uint8_t empty[1];
    r->mem = data ? data : empty;
    r->file_bytes = data ? len : 0;
    int rc = reader_init(r, err);
    if (rc) {
        jrnl_reader_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int jrnl_reader_open(struct jrnl_reader **out, const char *path, struct jrnl_err *err)
{
    *out = NULL;
    struct jrnl_reader *r = reader_new();
    if (!r)
        return jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "no memory for the journal reader");
    int rc;
    struct stat st;
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0 || fstat(r->fd, &st) != 0) {
        rc = jrnl_err_set(err, JRNL_E_IO, JRNL_NO_VALUE, JRNL_NO_VALUE, "cannot open %s: %s",
                          path, strerror(errno));
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = jrnl_err_set(err, JRNL_E_IO, JRNL_NO_VALUE, JRNL_NO_VALUE,
                          "%s is not a regular file", path);
        goto fail;
    }
    r->file_bytes = (uint64_t)st.st_size;
    if ((rc = reader_init(r, err)))
        goto fail;
    *out = r;
    return 0;
fail:
    jrnl_reader_close(r);
    return rc;
}

void jrnl_reader_close(struct jrnl_reader *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    jrnl_header_buf_fini(&r->hb);
    if (r->dctx)
        LZ4F_freeDecompressionContext(r->dctx);
    free(r->frames);
    free(r->raw);
    free(r->comp);
    free(r);
}

const struct jrnl_header *jrnl_reader_header(const struct jrnl_reader *r)
{
    return &r->hb.hdr;
}

void jrnl_reader_status(const struct jrnl_reader *r, struct jrnl_status *st)
{
    memset(st, 0, sizeof *st);
    st->complete = r->complete;
    st->tail = r->tail;
    if (r->complete)
        jrnl_err_set(&st->tail, 0, JRNL_NO_VALUE, JRNL_NO_VALUE, "complete");
    st->file_bytes = r->file_bytes;
    st->header_bytes = r->hb.bytes;
    st->frames = r->nframes;
    st->events = r->events;
    if (r->nframes) {
        st->first_icount = r->frames[0].first_icount;
        st->last_icount = r->frames[r->nframes - 1].last_icount;
    }
    if (r->complete)
        st->end = r->end;
}

/* ---- Frames ---- */

#define FRAME_FAIL(r, err, k, code, ...) frame_fail((r), (err), (k), (code), __VA_ARGS__)

static int frame_fail(struct jrnl_reader *r, struct jrnl_err *err, uint64_t k, int code,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int frame_fail(struct jrnl_reader *r, struct jrnl_err *err, uint64_t k, int code,
                      const char *fmt, ...)
{
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    const struct jrnl_frame_ref *f = &r->frames[k];
    return jrnl_err_set(err, code, f->offset, f->first_icount,
                        "frame %llu at offset %llu (icount %llu..%llu): %s",
                        (unsigned long long)k, (unsigned long long)f->offset,
                        (unsigned long long)f->first_icount,
                        (unsigned long long)f->last_icount, what);
}

/* Reads and checks frame k's header against what the index or scan said. */
static int frame_hdr(struct jrnl_reader *r, uint64_t k, struct jrnl_err *err)
{
    struct jrnl_frame_ref *f = &r->frames[k];
    if (f->hdr_read)
        return 0;
    uint8_t h[JRNL_FRM_PEEK_BYTES];
    size_t avail = JRNL_FRM_HDR_BYTES +
                   (f->lz4_bytes < JRNL_FRM_CHK_LZ4_BYTES ? f->lz4_bytes : JRNL_FRM_CHK_LZ4_BYTES);
    int rc = jrnl_src_read(r, f->offset, h, avail, err);
    if (rc)
        return rc;
    struct jrnl_frame_ref got;
    rc = jrnl_frame_hdr_check(r, h, avail, f->offset, k, &got, err);
    if (rc == JRNL_E_TRUNCATED) /* its size disagrees with the index */
        return FRAME_FAIL(r, err, k, JRNL_E_FRAME, "frame header disagrees with the seek index");
    if (rc)
        return rc;
    if (got.events != f->events || got.lz4_bytes != f->lz4_bytes ||
        got.first_icount != f->first_icount || got.last_icount != f->last_icount ||
        got.first_seq != f->first_seq)
        return FRAME_FAIL(r, err, k, JRNL_E_FRAME, "frame header disagrees with the seek index");
    *f = got;
    return 0;
}

static int grow(uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    uint8_t *nb = realloc(*buf, need);
    if (!nb)
        return -1;
    *buf = nb;
    *cap = need;
    return 0;
}

/* Event envelope at p: kind, icount delta, payload length. Returns its
 * size or -1. */
static int parse_env(const uint8_t *p, size_t avail, uint32_t *kind, uint64_t *delta,
                     uint32_t *len)
{
    uint64_t k, l;
    int a = varint_get_u(p, avail, &k);
    if (a < 0)
        return -1;
    int b = varint_get_u(p + a, avail - (size_t)a, delta);
    if (b < 0)
        return -1;
    int c = varint_get_u(p + a + b, avail - (size_t)(a + b), &l);
    if (c < 0 || k >= JRNL_KIND_LIMIT || l > JRNL_MAX_EVENT_BYTES)
        return -1;
    *kind = (uint32_t)k;
    *len = (uint32_t)l;
    return a + b + c;
}

/* Every event of the decoded frame k against its spec and the header. */
static int validate_events(struct jrnl_reader *r, uint64_t k, struct jrnl_err *err)
{
    const struct jrnl_frame_ref *f = &r->frames[k];
    uint32_t off = 0;
    uint64_t icount = f->first_icount;
    for (uint32_t i = 0; i < f->events; i++) {
        uint32_t kind, len;
        uint64_t delta;
        uint64_t seq = f->first_seq + i;
        int n = parse_env(r->raw + off, r->raw_len - off, &kind, &delta, &len);
        if (n < 0 || len > r->raw_len - off - (uint32_t)n)
            return FRAME_FAIL(r, err, k, JRNL_E_EVENT,
                              "event %llu at data byte %u: malformed envelope",
                              (unsigned long long)seq, off);
        if ((i == 0 && delta != 0) || delta > f->last_icount - icount)
            return FRAME_FAIL(r, err, k, JRNL_E_EVENT,
                              "event %llu at data byte %u: icount delta %llu out of range",
                              (unsigned long long)seq, off, (unsigned long long)delta);
        icount += delta;
        char why[96];
        size_t bad;
        int rc = jrnl_payload_walk(kind, r->raw + off + n, len, NULL, &bad, why, sizeof why);
        if (rc) {
            const struct jrnl_kind_info *ki = jrnl_kind_info(kind);
            return FRAME_FAIL(r, err, k, rc,
                              "event %llu (%s, icount %llu) at data byte %u: payload byte "
                              "%zu: %s",
                              (unsigned long long)seq, ki ? ki->name : "?",
                              (unsigned long long)icount, off, bad, why);
        }
        off += (uint32_t)n + len;
    }
    if (off != r->raw_len)
        return FRAME_FAIL(r, err, k, JRNL_E_EVENT, "%u bytes after the last event",
                          r->raw_len - off);
    if (icount != f->last_icount)
        return FRAME_FAIL(r, err, k, JRNL_E_EVENT,
                          "last event at icount %llu, frame header says %llu",
                          (unsigned long long)icount, (unsigned long long)f->last_icount);
    return 0;
}

/* Decodes and validates frame k into r->raw. */
static int load_frame(struct jrnl_reader *r, uint64_t k, struct jrnl_err *err)
{
    if (r->loaded == k)
        return 0;
    r->loaded = JRNL_NO_FRAME;
    int rc = frame_hdr(r, k, err);
    if (rc)
        return rc;
    const struct jrnl_frame_ref *f = &r->frames[k];
    uint64_t data_off = f->offset + JRNL_FRM_HDR_BYTES;
    const uint8_t *src;
    if (r->mem) {
        if (data_off > r->file_bytes || f->lz4_bytes > r->file_bytes - data_off)
            return FRAME_FAIL(r, err, k, JRNL_E_TRUNCATED, "data runs past the end of the file");
        src = r->mem + data_off;
    } else {
        if (grow(&r->comp, &r->comp_cap, f->lz4_bytes))
            return FRAME_FAIL(r, err, k, JRNL_E_NOMEM, "no memory for %u bytes", f->lz4_bytes);
        if ((rc = jrnl_src_read(r, data_off, r->comp, f->lz4_bytes, err)))
            return rc;
        src = r->comp;
    }
    if (grow(&r->raw, &r->raw_cap, f->raw_bytes ? f->raw_bytes : 1))
        return FRAME_FAIL(r, err, k, JRNL_E_NOMEM, "no memory for %u bytes", f->raw_bytes);

    /* The LZ4 frame must be ours: checksums on, content size right. */
    LZ4F_resetDecompressionContext(r->dctx);
    LZ4F_frameInfo_t fi;
    size_t sp = f->lz4_bytes;
    size_t lr = LZ4F_getFrameInfo(r->dctx, &fi, src, &sp);
    if (LZ4F_isError(lr))
        return FRAME_FAIL(r, err, k, JRNL_E_LZ4, "LZ4 frame header: %s", LZ4F_getErrorName(lr));
    if (fi.contentChecksumFlag != LZ4F_contentChecksumEnabled ||
        fi.blockChecksumFlag != LZ4F_blockChecksumEnabled || fi.contentSize != f->raw_bytes)
        return FRAME_FAIL(r, err, k, JRNL_E_LZ4,
                          "LZ4 frame lacks its checksums or has the wrong content size");
    size_t dp = 0;
    for (;;) {
        size_t sn = f->lz4_bytes - sp, dn = f->raw_bytes - dp;
        lr = LZ4F_decompress(r->dctx, r->raw + dp, &dn, src + sp, &sn, NULL);
        if (LZ4F_isError(lr))
            return FRAME_FAIL(r, err, k, JRNL_E_LZ4, "LZ4 data at frame byte %zu: %s", sp,
                              LZ4F_getErrorName(lr));
        sp += sn;
        dp += dn;
        if (lr == 0)
            break;
        if (sn == 0 && dn == 0)
            return FRAME_FAIL(r, err, k, JRNL_E_LZ4, "LZ4 frame incomplete after %zu bytes", sp);
    }
    if (sp != f->lz4_bytes || dp != f->raw_bytes)
        return FRAME_FAIL(r, err, k, JRNL_E_LZ4,
                          "LZ4 frame is %zu of %u bytes and decodes to %zu of %u", sp,
                          f->lz4_bytes, dp, f->raw_bytes);
    r->raw_len = f->raw_bytes;
    if ((rc = validate_events(r, k, err)))
        return rc;
    r->loaded = k;
    return 0;
}

int jrnl_reader_frame(struct jrnl_reader *r, uint64_t k, struct jrnl_frame_info *fi,
                      struct jrnl_err *err)
{
    if (k >= r->nframes)
        return jrnl_err_set(err, JRNL_E_USAGE, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "frame %llu does not exist (%llu frames)", (unsigned long long)k,
                            (unsigned long long)r->nframes);
    int rc = frame_hdr(r, k, err);
    if (rc)
        return rc;
    const struct jrnl_frame_ref *f = &r->frames[k];
    *fi = (struct jrnl_frame_info){f->offset,    f->first_icount, f->last_icount, f->first_seq,
                                   f->events,    f->raw_bytes,    f->lz4_bytes};
    return 0;
}

/* ---- Events and position ---- */

static void cursor_at_frame(struct jrnl_reader *r, uint64_t k)
{
    r->cur_frame = k;
    r->cur_event = 0;
    r->cur_off = 0;
    r->cur_icount = k < r->nframes ? r->frames[k].first_icount : 0;
}

/* Decodes the event under the cursor of the loaded frame without moving. */
static uint32_t peek(const struct jrnl_reader *r, struct jrnl_event *ev)
{
    uint32_t kind, len;
    uint64_t delta;
    /* Validated by load_frame, so this cannot fail. */
    int n = parse_env(r->raw + r->cur_off, r->raw_len - r->cur_off, &kind, &delta, &len);
    const struct jrnl_frame_ref *f = &r->frames[r->cur_frame];
    ev->kind = kind;
    ev->icount = r->cur_icount + delta;
    ev->seq = f->first_seq + r->cur_event;
    ev->frame = r->cur_frame;
    ev->frame_offset = f->offset;
    ev->payload = r->raw + r->cur_off + n;
    ev->payload_bytes = len;
    return (uint32_t)n + len;
}

static void advance(struct jrnl_reader *r, const struct jrnl_event *ev, uint32_t size)
{
    r->cur_off += size;
    r->cur_event++;
    r->cur_icount = ev->icount;
}

int jrnl_reader_next(struct jrnl_reader *r, struct jrnl_event *ev, struct jrnl_err *err)
{
    if (r->sticky.code) {
        if (err)
            *err = r->sticky;
        return r->sticky.code;
    }
    while (r->cur_frame < r->nframes) {
        if (r->cur_event < r->frames[r->cur_frame].events) {
            int rc = load_frame(r, r->cur_frame, &r->sticky);
            if (rc) {
                if (err)
                    *err = r->sticky;
                return rc;
            }
            advance(r, ev, peek(r, ev));
            return 1;
        }
        cursor_at_frame(r, r->cur_frame + 1);
    }
    if (r->complete)
        return 0;
    r->sticky = r->tail;
    if (err)
        *err = r->sticky;
    return r->sticky.code;
}

void jrnl_reader_save(const struct jrnl_reader *r, struct jrnl_pos *pos)
{
    pos->frame = r->cur_frame;
    pos->event = r->cur_event;
}

int jrnl_reader_restore(struct jrnl_reader *r, const struct jrnl_pos *pos, struct jrnl_err *err)
{
    memset(&r->sticky, 0, sizeof r->sticky);
    if (pos->frame > r->nframes ||
        (pos->frame < r->nframes && pos->event > r->frames[pos->frame].events) ||
        (pos->frame == r->nframes && pos->event != 0))
        return jrnl_err_set(err, JRNL_E_USAGE, JRNL_NO_VALUE, JRNL_NO_VALUE,
                            "position frame %llu event %llu does not exist",
                            (unsigned long long)pos->frame, (unsigned long long)pos->event);
    cursor_at_frame(r, pos->frame);
    if (pos->event == 0)
        return 0;
    int rc = load_frame(r, pos->frame, &r->sticky);
    if (rc) {
        if (err)
            *err = r->sticky;
        return rc;
    }
    struct jrnl_event ev;
    while (r->cur_event < pos->event)
        advance(r, &ev, peek(r, &ev));
    return 0;
}

int jrnl_reader_seek(struct jrnl_reader *r, uint64_t icount, struct jrnl_err *err)
{
    memset(&r->sticky, 0, sizeof r->sticky);
    /* First frame whose last icount reaches the target. */
    uint64_t lo = 0, hi = r->nframes;
    while (lo < hi) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (r->frames[mid].last_icount < icount)
            lo = mid + 1;
        else
            hi = mid;
    }
    cursor_at_frame(r, lo);
    if (lo == r->nframes)
        return 0;
    int rc = load_frame(r, lo, &r->sticky);
    if (rc) {
        if (err)
            *err = r->sticky;
        return rc;
    }
    struct jrnl_event ev;
    for (;;) {
        uint32_t size = peek(r, &ev);
        if (ev.icount >= icount)
            break;
        advance(r, &ev, size);
    }
    return 0;
}
