/*
 * jrnl_locate.c — finds a journal's frames at open time.
 *
 * A complete journal ends with an end record of fixed size, which points at
 * the seek index; both are checked (check values, then every entry for
 * consistency with its neighbours, the header and the file size) and the
 * frame list comes from the index without touching the frames. If the end
 * record is absent (the file was cut short) or either record is damaged,
 * the frames are found by walking the 48-byte frame headers from the end of
 * the journal header: cheap (no decompression), and it stops at the first
 * frame that is incomplete or whose header does not check, so everything
 * before that point stays readable. The reason is kept in r->tail.
 */
#include "replay/jrnl_reader_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay/varint.h"

static int push_frame(struct jrnl_reader *r, const struct jrnl_frame_ref *f, uint64_t *cap,
                      struct jrnl_err *err)
{
    if (r->nframes == *cap) {
        uint64_t nc = *cap ? *cap * 2 : 64;
        struct jrnl_frame_ref *nf = realloc(r->frames, nc * sizeof *nf);
        if (!nf)
            return jrnl_err_set(err, JRNL_E_NOMEM, f->offset, JRNL_NO_VALUE,
                                "no memory for %llu frame entries", (unsigned long long)nc);
        r->frames = nf;
        *cap = nc;
    }
    r->frames[r->nframes++] = *f;
    return 0;
}

/* ---- End record and index ---- */

/* 1: complete and frames[] filled; 0: no usable end record (r->tail says
 * why if it was there but damaged); <0: I/O or memory error. */
static int read_end_and_index(struct jrnl_reader *r, struct jrnl_err *err)
{
    uint64_t hb = r->hb.bytes, fb = r->file_bytes;
    if (fb < hb + JRNL_END_BYTES)
        return 0;
    uint64_t end_off = fb - JRNL_END_BYTES;
    uint8_t e[JRNL_END_BYTES];
    int rc = jrnl_src_read(r, end_off, e, sizeof e, err);
    if (rc)
        return rc;
    if (memcmp(e, JRNL_END_MAGIC, JRNL_MAGIC_BYTES) != 0)
        return 0; /* most likely cut short: scan */
    if (!jrnl_chk_ok(e, JRNL_END_OFF_CHK)) {
        jrnl_err_set(&r->tail, JRNL_E_END, end_off, JRNL_NO_VALUE,
                     "end record at offset %llu: check value mismatch (corrupt)",
                     (unsigned long long)end_off);
        return 0;
    }
    struct jrnl_end end;
    end.final_icount = varint_get_le64(e + JRNL_END_OFF_FINAL_ICOUNT);
    uint64_t n_events = varint_get_le64(e + JRNL_END_OFF_EVENTS);
    uint64_t n = varint_get_le64(e + JRNL_END_OFF_FRAMES);
    uint64_t idx_off = varint_get_le64(e + JRNL_END_OFF_INDEX);
    end.exit_status = (int32_t)varint_get_le32(e + JRNL_END_OFF_STATUS);
    memcpy(end.regs_hash, e + JRNL_END_OFF_REGS_HASH, JRNL_HASH_BYTES);
    memcpy(end.mem_hash, e + JRNL_END_OFF_MEM_HASH, JRNL_HASH_BYTES);
    uint64_t min_idx = JRNL_IDX_OFF_ENTRIES + JRNL_CHK_BYTES;
    /* n >= 1: the END event is always in a frame. */
    if (idx_off < hb || idx_off > end_off || end_off - idx_off < min_idx || n == 0 ||
        n > (end_off - idx_off - min_idx) / JRNL_IDX_ENTRY_BYTES ||
        end_off - idx_off != min_idx + n * JRNL_IDX_ENTRY_BYTES ||
        varint_get_le32(e + JRNL_END_OFF_RESERVED) != 0) {
        jrnl_err_set(&r->tail, JRNL_E_END, end_off, JRNL_NO_VALUE,
                     "end record at offset %llu: index offset %llu / %llu frames do not "
                     "fit the file",
                     (unsigned long long)end_off, (unsigned long long)idx_off,
                     (unsigned long long)n);
        return 0;
    }
    size_t isz = (size_t)(end_off - idx_off);
    uint8_t *ib = malloc(isz);
    if (!ib)
        return jrnl_err_set(err, JRNL_E_NOMEM, idx_off, JRNL_NO_VALUE,
                            "no memory for a %zu-byte index", isz);
    rc = jrnl_src_read(r, idx_off, ib, isz, err);
    if (rc) {
        free(ib);
        return rc;
    }
    const char *why = NULL;
    uint64_t bad_at = idx_off, k = 0;
    if (memcmp(ib, JRNL_INDEX_MAGIC, JRNL_MAGIC_BYTES) != 0)
        why = "bad magic";
    else if (!jrnl_chk_ok(ib, isz - JRNL_CHK_BYTES))
        why = "check value mismatch (corrupt)", bad_at = idx_off + isz - JRNL_CHK_BYTES;
    else if (varint_get_le64(ib + JRNL_IDX_OFF_COUNT) != n)
        why = "entry count disagrees with the end record", bad_at = idx_off + JRNL_IDX_OFF_COUNT;
    struct jrnl_frame_ref *fr = NULL;
    if (!why && !(fr = calloc((size_t)n, sizeof *fr))) {
        free(ib);
        return jrnl_err_set(err, JRNL_E_NOMEM, idx_off, JRNL_NO_VALUE,
                            "no memory for %llu frame entries", (unsigned long long)n);
    }
    for (k = 0; !why && k < n; k++) {
        const uint8_t *p = ib + JRNL_IDX_OFF_ENTRIES + k * JRNL_IDX_ENTRY_BYTES;
        struct jrnl_frame_ref *f = &fr[k];
        f->offset = varint_get_le64(p);
        f->first_icount = varint_get_le64(p + 8);
        f->last_icount = varint_get_le64(p + 16);
        f->first_seq = varint_get_le64(p + 24);
        bad_at = idx_off + (uint64_t)(p - ib);
        if (f->first_icount > f->last_icount)
            why = "first icount after last icount";
        else if (k == 0 && (f->offset != hb || f->first_seq != 0))
            why = "first frame not right after the header";
        else if (k > 0 && (f->offset <= fr[k - 1].offset + JRNL_FRM_HDR_BYTES ||
                           f->first_icount < fr[k - 1].last_icount ||
                           f->first_seq <= fr[k - 1].first_seq))
            why = "entry out of order with the previous one";
        else if (k > 0 && (f->first_seq - fr[k - 1].first_seq > r->hb.hdr.frame_events_max ||
                           f->offset - fr[k - 1].offset - JRNL_FRM_HDR_BYTES > UINT32_MAX))
            why = "previous frame too large";
        if (why)
            break;
        if (k > 0) {
            fr[k - 1].events = (uint32_t)(f->first_seq - fr[k - 1].first_seq);
            fr[k - 1].lz4_bytes = (uint32_t)(f->offset - fr[k - 1].offset - JRNL_FRM_HDR_BYTES);
        }
    }
    if (!why) {
        struct jrnl_frame_ref *f = &fr[n - 1];
        bad_at = end_off;
        if (f->offset + JRNL_FRM_HDR_BYTES >= idx_off ||
            idx_off - f->offset - JRNL_FRM_HDR_BYTES > UINT32_MAX)
            why = "last frame does not end at the index";
        else if (n_events <= f->first_seq || n_events - f->first_seq > r->hb.hdr.frame_events_max)
            why = "event count disagrees with the last frame";
        else if (end.final_icount != f->last_icount)
            why = "final icount disagrees with the last frame";
        else {
            f->events = (uint32_t)(n_events - f->first_seq);
            f->lz4_bytes = (uint32_t)(idx_off - f->offset - JRNL_FRM_HDR_BYTES);
        }
    }
    free(ib);
    if (why) {
        free(fr);
        jrnl_err_set(&r->tail, bad_at == end_off ? JRNL_E_END : JRNL_E_INDEX, bad_at,
                     JRNL_NO_VALUE, "seek index at offset %llu: %s (at offset %llu%s)",
                     (unsigned long long)idx_off, why, (unsigned long long)bad_at,
                     bad_at == end_off ? ", end record" : "");
        return 0;
    }
    r->frames = fr;
    r->nframes = n;
    r->events = n_events;
    r->end = end;
    r->complete = 1;
    return 1;
}

/* ---- Sequential scan ---- */

static void set_truncated(struct jrnl_reader *r, uint64_t cut, const char *detail)
{
    uint64_t last_icount = r->nframes ? r->frames[r->nframes - 1].last_icount : 0;
    if (r->nframes)
        jrnl_err_set(&r->tail, JRNL_E_TRUNCATED, cut, last_icount,
                     "journal truncated after frame %llu at offset %llu, last icount %llu "
                     "(%s)",
                     (unsigned long long)(r->nframes - 1), (unsigned long long)cut,
                     (unsigned long long)last_icount, detail);
    else
        jrnl_err_set(&r->tail, JRNL_E_TRUNCATED, cut, JRNL_NO_VALUE,
                     "journal truncated before its first frame, at offset %llu (%s)",
                     (unsigned long long)cut, detail);
}

/* The scan met the index magic at off. If the index and an end record fit
 * the rest of the file exactly, the end record is there but damaged;
 * otherwise the file was cut in the index or end record. */
static void index_found(struct jrnl_reader *r, uint64_t off, const uint8_t *h, size_t got)
{
    uint64_t left = r->file_bytes - off;
    if (got >= JRNL_IDX_OFF_ENTRIES && left >= JRNL_END_BYTES) {
        uint64_t n = varint_get_le64(h + JRNL_IDX_OFF_COUNT);
        uint64_t fixed = JRNL_IDX_OFF_ENTRIES + JRNL_CHK_BYTES + JRNL_END_BYTES;
        if (left >= fixed && n == (left - fixed) / JRNL_IDX_ENTRY_BYTES &&
            (left - fixed) % JRNL_IDX_ENTRY_BYTES == 0) {
            uint64_t end_off = r->file_bytes - JRNL_END_BYTES;
            jrnl_err_set(&r->tail, JRNL_E_END, end_off, JRNL_NO_VALUE,
                         "end record at offset %llu: bad magic (corrupt)",
                         (unsigned long long)end_off);
            return;
        }
    }
    set_truncated(r, off, "frames complete; seek index or end record cut short");
}

static int scan_frames(struct jrnl_reader *r, struct jrnl_err *err)
{
    uint64_t cap = 0, off = r->hb.bytes, fb = r->file_bytes, seq = 0;
    char detail[200];
    for (;;) {
        uint64_t left = fb - off;
        if (left == 0) {
            if (!r->tail.code)
                set_truncated(r, off, "no seek index or end record");
            break;
        }
        uint8_t h[JRNL_FRM_PEEK_BYTES];
        size_t got = left < sizeof h ? (size_t)left : sizeof h;
        int rc = jrnl_src_read(r, off, h, got, err);
        if (rc)
            return rc;
        if (got >= JRNL_MAGIC_BYTES && memcmp(h, JRNL_INDEX_MAGIC, JRNL_MAGIC_BYTES) == 0) {
            if (!r->tail.code)
                index_found(r, off, h, got);
            break;
        }
        if (got < JRNL_FRM_HDR_BYTES) {
            if (!r->tail.code) {
                snprintf(detail, sizeof detail, "%zu bytes of frame %llu's header present",
                         got, (unsigned long long)r->nframes);
                set_truncated(r, off, detail);
            }
            break;
        }
        struct jrnl_frame_ref f;
        struct jrnl_err fe;
        rc = jrnl_frame_hdr_check(r, h, got, off, r->nframes, &f, &fe);
        if (rc == JRNL_E_TRUNCATED) {
            if (!r->tail.code) {
                snprintf(detail, sizeof detail, "frame %llu incomplete: %llu bytes present",
                         (unsigned long long)r->nframes, (unsigned long long)left);
                set_truncated(r, off, detail);
            }
            break;
        }
        if (rc) {
            if (!r->tail.code)
                r->tail = fe;
            break;
        }
        uint64_t prev_last = r->nframes ? r->frames[r->nframes - 1].last_icount : 0;
        if (f.first_seq != seq || f.first_icount < prev_last) {
            if (!r->tail.code)
                jrnl_err_set(&r->tail, JRNL_E_FRAME, off, f.first_icount,
                             "frame %llu at offset %llu: event ordinal %llu / icount %llu do "
                             "not follow the previous frame",
                             (unsigned long long)r->nframes, (unsigned long long)off,
                             (unsigned long long)f.first_seq,
                             (unsigned long long)f.first_icount);
            break;
        }
        if (left - JRNL_FRM_HDR_BYTES < f.lz4_bytes) {
            if (!r->tail.code) {
                snprintf(detail, sizeof detail,
                         "frame %llu needs %u data bytes, %llu present",
                         (unsigned long long)r->nframes, f.lz4_bytes,
                         (unsigned long long)(left - JRNL_FRM_HDR_BYTES));
                set_truncated(r, off, detail);
            }
            break;
        }
        if ((rc = push_frame(r, &f, &cap, err)))
            return rc;
        seq += f.events;
        off += JRNL_FRM_HDR_BYTES + f.lz4_bytes;
    }
    r->events = seq;
    return 0;
}

int jrnl_locate_frames(struct jrnl_reader *r, struct jrnl_err *err)
{
    int rc = read_end_and_index(r, err);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    rc = scan_frames(r, err);
    if (rc)
        return rc;
    if (r->tail.code && r->tail.code != JRNL_E_TRUNCATED) {
        /* Damage, not a cut: say also how far the scan got. */
        uint64_t last = r->nframes ? r->frames[r->nframes - 1].last_icount : 0;
        char msg[sizeof r->tail.msg + 96];
        int n = snprintf(msg, sizeof msg, "%s; %llu frames readable by scanning, last icount %llu",
                         r->tail.msg, (unsigned long long)r->nframes, (unsigned long long)last);
        size_t keep = n < 0 ? 0 : (size_t)n;
        if (keep >= sizeof r->tail.msg)
            keep = sizeof r->tail.msg - 1;
        memcpy(r->tail.msg, msg, keep);
        r->tail.msg[keep] = '\0';
    }
    return 0;
}
