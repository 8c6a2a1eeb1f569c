/*
 * jrnl_reader.h — reads a journal written by jrnl_writer: validates the
 * header, finds the frames (through the seek index, or by a sequential scan
 * when the index or end record is missing or damaged), and returns events
 * in order, with seek by icount and save/restore of the position.
 *
 * Nothing from the file is trusted: every length is checked against the
 * JRNL_MAX_* limits, the header's frame limits and the file size before it
 * is used; every structure's check value and every frame's LZ4 content
 * checksum are verified; and a frame is validated in full (every event
 * against its kind's spec, counts and icounts against the frame header)
 * before any of its events is returned. A bad frame is an error naming its
 * number, offset and icount range; the reader never skips past it.
 *
 * A journal cut short (recorder killed, disk full) after its header opens
 * fine (one cut inside the header is JRNL_E_TRUNCATED at open): the reader
 * returns every event of every complete frame, then JRNL_E_TRUNCATED with
 * "truncated after frame K at offset X, last icount N". jrnl_reader_status
 * says so up front. Single-threaded; the event payloads returned stay
 * valid until the next call that moves the position.
 */
#ifndef E2K_REPLAY_JRNL_READER_H
#define E2K_REPLAY_JRNL_READER_H

#include <stddef.h>
#include <stdint.h>

#include "replay/jrnl_fmt.h"

struct jrnl_reader;

/* Opens a journal file (regular file: it is read with pread). On failure
 * *out is NULL and err names the problem and its offset. */
int jrnl_reader_open(struct jrnl_reader **out, const char *path, struct jrnl_err *err);
/* Same over len bytes in memory; data is borrowed and must outlive the reader. */
int jrnl_reader_open_mem(struct jrnl_reader **out, const void *data, size_t len,
                         struct jrnl_err *err);
void jrnl_reader_close(struct jrnl_reader *r); /* NULL ok */

/* The decoded header; strings are NUL-terminated; owned by the reader. */
const struct jrnl_header *jrnl_reader_header(const struct jrnl_reader *r);

struct jrnl_status {
    int complete;          /* index and end record present and consistent */
    struct jrnl_err tail;  /* when not complete: why (code JRNL_E_TRUNCATED, or the
                              corruption found at the tail, e.g. JRNL_E_INDEX) */
    uint64_t file_bytes;
    uint64_t header_bytes;
    uint64_t frames;       /* frames that can be read (indexed, or found by scanning) */
    uint64_t events;       /* events in those frames */
    uint64_t first_icount; /* of the first event (0 if none) */
    uint64_t last_icount;  /* of the last event in those frames */
    struct jrnl_end end;   /* from the end record; valid when complete */
};
void jrnl_reader_status(const struct jrnl_reader *r, struct jrnl_status *st);

struct jrnl_frame_info {
    uint64_t offset;       /* of the frame record */
    uint64_t first_icount, last_icount;
    uint64_t first_seq;    /* ordinal of its first event */
    uint32_t events;
    uint32_t raw_bytes;    /* events as encoded */
    uint32_t lz4_bytes;    /* as stored */
};
/* Frame k (< status.frames): reads and checks its 48-byte header only. */
int jrnl_reader_frame(struct jrnl_reader *r, uint64_t k, struct jrnl_frame_info *fi,
                      struct jrnl_err *err);

/* Next event: 1 and *ev filled; 0 at the end of a complete journal; or a
 * negative JRNL_E_* code (JRNL_E_TRUNCATED after the last complete frame
 * of a cut-short journal, or the corruption met). Errors are sticky until
 * the next seek or restore. */
int jrnl_reader_next(struct jrnl_reader *r, struct jrnl_event *ev, struct jrnl_err *err);

/* Position: before event `event` of frame `frame` (frame == frames: at end). */
struct jrnl_pos {
    uint64_t frame;
    uint64_t event;
};
void jrnl_reader_save(const struct jrnl_reader *r, struct jrnl_pos *pos);
int jrnl_reader_restore(struct jrnl_reader *r, const struct jrnl_pos *pos, struct jrnl_err *err);

/* Positions before the first event whose icount >= icount (at the end if
 * none), using the index: decodes only the one frame that holds it. */
int jrnl_reader_seek(struct jrnl_reader *r, uint64_t icount, struct jrnl_err *err);

#endif /* E2K_REPLAY_JRNL_READER_H */
