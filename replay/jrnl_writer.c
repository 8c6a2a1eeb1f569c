/*
 * jrnl_writer.c — journal writer: event encoding into a frame buffer, one
 * LZ4 frame per frame record, buffered fd output, index and end record at
 * close. Layout: jrnl_fmt.h and docs/journal-format.md; API: jrnl_writer.h.
 *
 * Each frame is compressed with LZ4F_compressFrame on its own (independent
 * frames; block checksums, content checksum and content size on), so any frame can be
 * decoded knowing only its offset, and a file cut anywhere keeps every
 * frame before the cut. The first error is sticky; everything after it is
 * a no-op except close/free.
 */
#include "replay/jrnl_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <lz4frame.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay/jrnl_header.h"
#include "replay/jrnl_kinds.h"
#include "replay/varint.h"

struct idx_entry {
    uint64_t offset;       /* file offset of the frame record */
    uint64_t first_icount;
    uint64_t last_icount;
    uint64_t first_seq;
};

struct jrnl_writer {
    int fd;                     /* owned; -1 after close */
    struct jrnl_err err;        /* first error; err.code 0 while ok */
    uint64_t file_off;          /* offset of the next byte (written + buffered) */
    uint8_t *out;               /* fd write buffer */
    size_t out_len, out_cap;
    /* Frame being filled. */
    uint8_t *raw;               /* encoded events */
    size_t raw_len, raw_cap;
    uint32_t frame_events;      /* events in raw */
    uint64_t frame_first_icount;
    uint64_t frame_first_seq;
    uint64_t last_icount;       /* icount of the last completed event */
    uint64_t seq;               /* completed events so far */
    /* Event under construction. */
    int in_event;
    uint32_t ev_kind;
    uint64_t ev_icount;
    uint8_t *ev;                /* payload bytes */
    size_t ev_len, ev_cap;
    /* Compression. */
    uint8_t *lz4;
    size_t lz4_cap;
    LZ4F_preferences_t prefs;
    /* Index. */
    struct idx_entry *idx;
    size_t idx_len, idx_cap;
    uint64_t raw_total;         /* stats: raw bytes of written frames */
    uint32_t frame_events_max, frame_bytes_max;
};

static int failed(const struct jrnl_writer *w)
{
    return w->err.code != 0;
}

/* Records the first error only. */
#define W_FAIL(w, code, ...)                                                          \
    do {                                                                              \
        if (!failed(w))                                                               \
            jrnl_err_set(&(w)->err, (code), (w)->file_off, (w)->last_icount,          \
                         __VA_ARGS__);                                                \
    } while (0)

static void write_all(struct jrnl_writer *w, const uint8_t *p, size_t n)
{
    uint64_t at = w->file_off - w->out_len; /* where these bytes land */
    while (n && !failed(w)) {
        ssize_t r = write(w->fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0) {
            int e = r < 0 ? errno : EIO;
            jrnl_err_set(&w->err, JRNL_E_IO, at, w->last_icount,
                         "write failed at offset %llu: %s", (unsigned long long)at,
                         strerror(e));
            return;
        }
        p += r;
        n -= (size_t)r;
        at += (uint64_t)r;
    }
}

static void out_flush(struct jrnl_writer *w)
{
    if (failed(w) || !w->out_len)
        return;
    size_t n = w->out_len;
    write_all(w, w->out, n);
    w->out_len = 0;
}

/* Appends to the output stream through the buffer. */
static void out_put(struct jrnl_writer *w, const void *p, size_t n)
{
    if (failed(w))
        return;
    if (w->out_len + n > w->out_cap) {
        out_flush(w);
        if (n >= w->out_cap) {
            write_all(w, p, n);
            w->file_off += n;
            return;
        }
    }
    memcpy(w->out + w->out_len, p, n);
    w->out_len += n;
    w->file_off += n;
}

/* Grows *buf to hold need bytes (need <= limit). */
static int grow(struct jrnl_writer *w, uint8_t **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 4096;
    while (n < need)
        n *= 2;
    uint8_t *nb = realloc(*buf, n);
    if (!nb) {
        W_FAIL(w, JRNL_E_NOMEM, "no memory for a %zu-byte journal buffer", n);
        return -1;
    }
    *buf = nb;
    *cap = n;
    return 0;
}

static void flush_frame(struct jrnl_writer *w)
{
    if (failed(w) || !w->frame_events)
        return;
    LZ4F_preferences_t prefs = w->prefs;
    prefs.frameInfo.contentSize = w->raw_len;
    size_t bound = LZ4F_compressFrameBound(w->raw_len, &prefs);
    if (grow(w, &w->lz4, &w->lz4_cap, bound))
        return;
    size_t n = LZ4F_compressFrame(w->lz4, w->lz4_cap, w->raw, w->raw_len, &prefs);
    if (LZ4F_isError(n)) {
        W_FAIL(w, JRNL_E_LZ4, "LZ4 compression of frame %zu failed: %s", w->idx_len,
               LZ4F_getErrorName(n));
        return;
    }
    if (w->idx_len == w->idx_cap) {
        size_t nc = w->idx_cap ? 2 * w->idx_cap : 256;
        struct idx_entry *ni = realloc(w->idx, nc * sizeof *ni);
        if (!ni) {
            W_FAIL(w, JRNL_E_NOMEM, "no memory for the seek index (%zu frames)", nc);
            return;
        }
        w->idx = ni;
        w->idx_cap = nc;
    }
    uint8_t h[JRNL_FRM_HDR_BYTES];
    varint_put_le32(h, JRNL_FRAME_MAGIC);
    varint_put_le32(h + JRNL_FRM_OFF_EVENTS, w->frame_events);
    varint_put_le64(h + JRNL_FRM_OFF_FIRST_ICOUNT, w->frame_first_icount);
    varint_put_le64(h + JRNL_FRM_OFF_LAST_ICOUNT, w->last_icount);
    varint_put_le32(h + JRNL_FRM_OFF_RAW, (uint32_t)w->raw_len);
    varint_put_le32(h + JRNL_FRM_OFF_LZ4, (uint32_t)n);
    varint_put_le64(h + JRNL_FRM_OFF_FIRST_SEQ, w->frame_first_seq);
    jrnl_chk2(h, JRNL_FRM_OFF_CHK, w->lz4, n < JRNL_FRM_CHK_LZ4_BYTES ? n : JRNL_FRM_CHK_LZ4_BYTES,
              h + JRNL_FRM_OFF_CHK);
    w->idx[w->idx_len++] = (struct idx_entry){w->file_off, w->frame_first_icount,
                                              w->last_icount, w->frame_first_seq};
    out_put(w, h, sizeof h);
    out_put(w, w->lz4, n);
    w->raw_total += w->raw_len;
    w->raw_len = 0;
    w->frame_events = 0;
}

int jrnl_writer_open_fd(struct jrnl_writer **out, int fd, const struct jrnl_header *hdr,
                        const struct jrnl_writer_opts *opts, struct jrnl_err *err)
{
    *out = NULL;
    struct jrnl_writer_opts o = {0};
    if (opts)
        o = *opts;
    if (!o.frame_events_max)
        o.frame_events_max = JRNL_DEFAULT_FRAME_EVENTS;
    if (!o.frame_bytes_max)
        o.frame_bytes_max = JRNL_DEFAULT_FRAME_BYTES;
    if (!o.out_buffer_bytes)
        o.out_buffer_bytes = 256u << 10;
    struct jrnl_header h = *hdr;
    h.frame_events_max = o.frame_events_max;
    h.frame_bytes_max = o.frame_bytes_max;
    uint8_t *hb = NULL;
    size_t hn = 0;
    int r = jrnl_header_encode(&h, &hb, &hn, err);
    if (r) {
        close(fd);
        return r;
    }
    struct jrnl_writer *w = calloc(1, sizeof *w);
    if (!w) {
        r = jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                         "no memory for the journal writer");
        goto fail;
    }
    w->fd = fd;
    w->frame_events_max = o.frame_events_max;
    w->frame_bytes_max = o.frame_bytes_max;
    w->out_cap = o.out_buffer_bytes;
    w->out = malloc(w->out_cap);
    w->raw_cap = (size_t)o.frame_bytes_max + 4096;
    w->raw = malloc(w->raw_cap);
    w->ev_cap = 4096;
    w->ev = malloc(w->ev_cap);
    memset(&w->prefs, 0, sizeof w->prefs);
    w->prefs.frameInfo.blockMode = LZ4F_blockIndependent;
    w->prefs.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
    w->prefs.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
    w->prefs.frameInfo.contentSize = 1; /* nonzero: LZ4F stores the real size */
    w->prefs.compressionLevel = o.lz4_level;
    w->lz4_cap = LZ4F_compressFrameBound(w->raw_cap, &w->prefs);
    w->lz4 = malloc(w->lz4_cap);
    if (!w->out || !w->raw || !w->ev || !w->lz4) {
        r = jrnl_err_set(err, JRNL_E_NOMEM, JRNL_NO_VALUE, JRNL_NO_VALUE,
                         "no memory for the journal buffers");
        goto fail;
    }
    out_put(w, hb, hn);
    free(hb);
    hb = NULL;
    if (failed(w)) {
        r = w->err.code;
        if (err)
            *err = w->err;
        goto fail;
    }
    *out = w;
    return 0;
fail:
    free(hb);
    if (w) {
        w->out_len = 0;
        jrnl_writer_free(w);
    } else {
        close(fd);
    }
    return r;
}

int jrnl_writer_open(struct jrnl_writer **out, const char *path, const struct jrnl_header *hdr,
                     const struct jrnl_writer_opts *opts, struct jrnl_err *err)
{
    *out = NULL;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return jrnl_err_set(err, JRNL_E_IO, JRNL_NO_VALUE, JRNL_NO_VALUE, "cannot create %s: %s",
                            path, strerror(errno));
    return jrnl_writer_open_fd(out, fd, hdr, opts, err);
}

/* ---- Events ---- */

void jrnl_put_begin(struct jrnl_writer *w, uint32_t kind, uint64_t icount)
{
    if (failed(w))
        return;
    if (w->in_event) {
        W_FAIL(w, JRNL_E_USAGE, "jrnl_put_begin inside an unfinished event");
        return;
    }
    if (!jrnl_kind_info(kind)) {
        W_FAIL(w, JRNL_E_KIND, "unknown event kind %u", kind);
        return;
    }
    if ((w->seq || w->frame_events) && icount < w->last_icount) {
        W_FAIL(w, JRNL_E_ORDER, "event at icount %llu after icount %llu",
               (unsigned long long)icount, (unsigned long long)w->last_icount);
        return;
    }
    w->in_event = 1;
    w->ev_kind = kind;
    w->ev_icount = icount;
    w->ev_len = 0;
}

/* Room for n more payload bytes, or a sticky error. */
static int ev_room(struct jrnl_writer *w, size_t n)
{
    if (failed(w))
        return -1;
    if (!w->in_event) {
        W_FAIL(w, JRNL_E_USAGE, "jrnl_put_* field outside jrnl_put_begin/jrnl_put_end");
        return -1;
    }
    if (n > JRNL_MAX_EVENT_BYTES || w->ev_len > JRNL_MAX_EVENT_BYTES - n) {
        W_FAIL(w, JRNL_E_LIMIT, "event payload over %u bytes", JRNL_MAX_EVENT_BYTES);
        return -1;
    }
    return grow(w, &w->ev, &w->ev_cap, w->ev_len + n);
}

void jrnl_put_u(struct jrnl_writer *w, uint64_t v)
{
    if (ev_room(w, VARINT_MAX_BYTES))
        return;
    w->ev_len += varint_put_u(w->ev + w->ev_len, v);
}

void jrnl_put_s(struct jrnl_writer *w, int64_t v)
{
    if (ev_room(w, VARINT_MAX_BYTES))
        return;
    w->ev_len += varint_put_s(w->ev + w->ev_len, v);
}

void jrnl_put_bytes(struct jrnl_writer *w, const void *p, size_t n)
{
    if (n > JRNL_MAX_EVENT_BYTES) {
        W_FAIL(w, JRNL_E_LIMIT, "event field of %zu bytes over the %u-byte limit", n,
               JRNL_MAX_EVENT_BYTES);
        return;
    }
    if (ev_room(w, VARINT_MAX_BYTES + n))
        return;
    w->ev_len += varint_put_u(w->ev + w->ev_len, n);
    if (n)
        memcpy(w->ev + w->ev_len, p, n);
    w->ev_len += n;
}

void jrnl_put_hash(struct jrnl_writer *w, const uint8_t h[JRNL_HASH_BYTES])
{
    if (ev_room(w, JRNL_HASH_BYTES))
        return;
    memcpy(w->ev + w->ev_len, h, JRNL_HASH_BYTES);
    w->ev_len += JRNL_HASH_BYTES;
}

void jrnl_put_end(struct jrnl_writer *w)
{
    if (failed(w))
        return;
    if (!w->in_event) {
        W_FAIL(w, JRNL_E_USAGE, "jrnl_put_end without jrnl_put_begin");
        return;
    }
    w->in_event = 0;
    char why[96];
    size_t bad;
    if (jrnl_payload_walk(w->ev_kind, w->ev, w->ev_len, NULL, &bad, why, sizeof why)) {
        W_FAIL(w, JRNL_E_USAGE, "%s event does not match its spec at payload byte %zu: %s",
               jrnl_kind_info(w->ev_kind)->name, bad, why);
        return;
    }
    uint8_t env[JRNL_MAX_ENVELOPE_BYTES];
    uint64_t base = w->frame_events ? w->last_icount : w->ev_icount;
    size_t en = varint_put_u(env, w->ev_kind);
    size_t delta_at = en;
    en += varint_put_u(env + en, w->ev_icount - base);
    en += varint_put_u(env + en, w->ev_len);
    size_t total = en + w->ev_len;
    if (w->frame_events && w->raw_len + total > w->frame_bytes_max) {
        flush_frame(w);
        if (failed(w))
            return;
        /* First event of the new frame: delta 0 from the frame's icount. */
        en = delta_at;
        en += varint_put_u(env + en, 0);
        en += varint_put_u(env + en, w->ev_len);
        total = en + w->ev_len;
    }
    if (grow(w, &w->raw, &w->raw_cap, w->raw_len + total))
        return;
    if (!w->frame_events) {
        w->frame_first_icount = w->ev_icount;
        w->frame_first_seq = w->seq;
    }
    memcpy(w->raw + w->raw_len, env, en);
    memcpy(w->raw + w->raw_len + en, w->ev, w->ev_len);
    w->raw_len += total;
    w->frame_events++;
    w->last_icount = w->ev_icount;
    w->seq++;
    if (w->frame_events >= w->frame_events_max || w->raw_len >= w->frame_bytes_max)
        flush_frame(w);
}

void jrnl_put_syscall(struct jrnl_writer *w, uint64_t icount, uint64_t nr, int64_t ret,
                      const struct jrnl_memw *writes, size_t nwrites)
{
    jrnl_put_begin(w, JRNL_K_SYSCALL, icount);
    jrnl_put_u(w, nr);
    jrnl_put_s(w, ret);
    jrnl_put_u(w, nwrites);
    for (size_t i = 0; i < nwrites; i++) {
        jrnl_put_u(w, writes[i].addr);
        jrnl_put_bytes(w, writes[i].data, writes[i].bytes);
    }
    jrnl_put_end(w);
}

void jrnl_put_output(struct jrnl_writer *w, uint64_t icount, uint32_t fd, const void *data,
                     size_t bytes)
{
    jrnl_put_begin(w, JRNL_K_OUTPUT, icount);
    jrnl_put_u(w, fd);
    jrnl_put_bytes(w, data, bytes);
    jrnl_put_end(w);
}

void jrnl_put_state_hash(struct jrnl_writer *w, uint64_t icount,
                         const uint8_t regs[JRNL_HASH_BYTES], const uint8_t mem[JRNL_HASH_BYTES])
{
    jrnl_put_begin(w, JRNL_K_STATE_HASH, icount);
    jrnl_put_hash(w, regs);
    jrnl_put_hash(w, mem);
    jrnl_put_end(w);
}

void jrnl_put_signal(struct jrnl_writer *w, uint64_t icount, uint32_t signo, const void *info,
                     size_t info_bytes)
{
    jrnl_put_begin(w, JRNL_K_SIGNAL, icount);
    jrnl_put_u(w, signo);
    jrnl_put_bytes(w, info, info_bytes);
    jrnl_put_end(w);
}

void jrnl_put_irq(struct jrnl_writer *w, uint64_t icount, uint32_t line, uint32_t level)
{
    jrnl_put_begin(w, JRNL_K_IRQ, icount);
    jrnl_put_u(w, line);
    jrnl_put_u(w, level);
    jrnl_put_end(w);
}

/* ---- Sync points and close ---- */

int jrnl_writer_flush(struct jrnl_writer *w)
{
    if (w->in_event)
        W_FAIL(w, JRNL_E_USAGE, "jrnl_writer_flush inside an unfinished event");
    flush_frame(w);
    out_flush(w);
    return w->err.code;
}

int jrnl_writer_ok(const struct jrnl_writer *w)
{
    return !failed(w);
}

const struct jrnl_err *jrnl_writer_error(const struct jrnl_writer *w)
{
    return &w->err;
}

void jrnl_writer_stats(const struct jrnl_writer *w, struct jrnl_writer_stats *st)
{
    st->events = w->seq;
    st->frames = w->idx_len;
    st->raw_bytes = w->raw_total + w->raw_len;
    st->file_bytes = w->file_off;
}

static void write_index(struct jrnl_writer *w)
{
    size_t n = JRNL_IDX_OFF_ENTRIES + w->idx_len * JRNL_IDX_ENTRY_BYTES + JRNL_CHK_BYTES;
    uint8_t *b = malloc(n);
    if (!b) {
        W_FAIL(w, JRNL_E_NOMEM, "no memory for the %zu-byte index", n);
        return;
    }
    memcpy(b, JRNL_INDEX_MAGIC, JRNL_MAGIC_BYTES);
    varint_put_le64(b + JRNL_IDX_OFF_COUNT, w->idx_len);
    uint8_t *p = b + JRNL_IDX_OFF_ENTRIES;
    for (size_t i = 0; i < w->idx_len; i++, p += JRNL_IDX_ENTRY_BYTES) {
        varint_put_le64(p, w->idx[i].offset);
        varint_put_le64(p + 8, w->idx[i].first_icount);
        varint_put_le64(p + 16, w->idx[i].last_icount);
        varint_put_le64(p + 24, w->idx[i].first_seq);
    }
    jrnl_chk(b, (size_t)(p - b), p);
    out_put(w, b, n);
    free(b);
}

int jrnl_writer_close(struct jrnl_writer *w, const struct jrnl_end *end, struct jrnl_err *err)
{
    static const struct jrnl_end no_end;
    if (w->in_event)
        W_FAIL(w, JRNL_E_USAGE, "jrnl_writer_close inside an unfinished event");
    if (!end) {
        W_FAIL(w, JRNL_E_USAGE, "jrnl_writer_close without an end record");
        end = &no_end;
    }
    jrnl_put_begin(w, JRNL_K_END, end->final_icount);
    jrnl_put_s(w, end->exit_status);
    jrnl_put_hash(w, end->regs_hash);
    jrnl_put_hash(w, end->mem_hash);
    jrnl_put_end(w);
    flush_frame(w);
    uint64_t index_off = w->file_off;
    write_index(w);
    uint8_t e[JRNL_END_BYTES];
    memset(e, 0, sizeof e);
    memcpy(e, JRNL_END_MAGIC, JRNL_MAGIC_BYTES);
    varint_put_le64(e + JRNL_END_OFF_FINAL_ICOUNT, end->final_icount);
    varint_put_le64(e + JRNL_END_OFF_EVENTS, w->seq);
    varint_put_le64(e + JRNL_END_OFF_FRAMES, w->idx_len);
    varint_put_le64(e + JRNL_END_OFF_INDEX, index_off);
    varint_put_le32(e + JRNL_END_OFF_STATUS, (uint32_t)end->exit_status);
    memcpy(e + JRNL_END_OFF_REGS_HASH, end->regs_hash, JRNL_HASH_BYTES);
    memcpy(e + JRNL_END_OFF_MEM_HASH, end->mem_hash, JRNL_HASH_BYTES);
    jrnl_chk(e, JRNL_END_OFF_CHK, e + JRNL_END_OFF_CHK);
    out_put(w, e, sizeof e);
    out_flush(w);
    if (close(w->fd) != 0 && !failed(w))
        jrnl_err_set(&w->err, JRNL_E_IO, w->file_off, w->last_icount,
                     "closing the journal failed: %s", strerror(errno));
    w->fd = -1;
    int r = w->err.code;
    if (err) {
        if (r)
            *err = w->err;
        else
            jrnl_err_set(err, 0, JRNL_NO_VALUE, JRNL_NO_VALUE, "ok");
    }
    jrnl_writer_free(w);
    return r;
}

void jrnl_writer_free(struct jrnl_writer *w)
{
    if (!w)
        return;
    if (w->fd >= 0)
        close(w->fd);
    free(w->out);
    free(w->raw);
    free(w->ev);
    free(w->lz4);
    free(w->idx);
    free(w);
}
