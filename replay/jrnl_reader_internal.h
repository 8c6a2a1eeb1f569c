/*
 * jrnl_reader_internal.h — reader state shared by jrnl_reader.c (open,
 * frames, events, position) and jrnl_locate.c (finding the frames: end
 * record and index, or a sequential scan). Nothing outside replay/
 * includes this.
 */
#ifndef E2K_REPLAY_JRNL_READER_INTERNAL_H
#define E2K_REPLAY_JRNL_READER_INTERNAL_H

#include <lz4frame.h>
#include <stdint.h>

#include "replay/jrnl_fmt.h"
#include "replay/jrnl_header.h"

/* One frame as far as it is known before decoding it. */
struct jrnl_frame_ref {
    uint64_t offset;       /* of the frame record */
    uint64_t first_icount;
    uint64_t last_icount;
    uint64_t first_seq;
    uint32_t events;       /* from the scan, or derived from the index */
    uint32_t lz4_bytes;    /* likewise (index: gap to the next offset) */
    uint32_t raw_bytes;    /* known once hdr_read */
    int hdr_read;          /* the frame header was read and matched */
};

#define JRNL_NO_FRAME UINT64_MAX

struct jrnl_reader {
    int fd;                    /* owned, or -1 when reading memory */
    const uint8_t *mem;        /* borrowed journal bytes, or NULL */
    uint64_t file_bytes;
    struct jrnl_header_buf hb; /* decoded header */
    struct jrnl_frame_ref *frames;
    uint64_t nframes;
    uint64_t events;           /* in frames[] */
    int complete;              /* end record and index valid */
    struct jrnl_end end;       /* from the end record when complete */
    struct jrnl_err tail;      /* why not complete (code 0 when complete) */
    uint32_t raw_limit;        /* largest raw_bytes a frame may claim */
    LZ4F_dctx *dctx;
    uint8_t *raw;              /* decoded events of frame `loaded` */
    size_t raw_cap;
    uint32_t raw_len;
    uint8_t *comp;             /* compressed bytes read from the fd */
    size_t comp_cap;
    uint64_t loaded;           /* frame in raw, or JRNL_NO_FRAME */
    /* Cursor: before event cur_event of frame cur_frame. */
    uint64_t cur_frame;
    uint32_t cur_event;
    uint32_t cur_off;          /* byte offset of that event in raw */
    uint64_t cur_icount;       /* icount of the previous event (frame start: first_icount) */
    struct jrnl_err sticky;    /* read error, code 0 if none */
};

/* Reads n bytes at off; JRNL_E_IO (or JRNL_E_TRUNCATED past the end). */
int jrnl_src_read(struct jrnl_reader *r, uint64_t off, void *buf, size_t n,
                  struct jrnl_err *err);

/* Bytes to read at a frame's offset to check its header. */
#define JRNL_FRM_PEEK_BYTES (JRNL_FRM_HDR_BYTES + JRNL_FRM_CHK_LZ4_BYTES)

/* Checks the frame header at h (avail >= JRNL_FRM_HDR_BYTES bytes read at
 * off, up to JRNL_FRM_PEEK_BYTES) as frame k and fills f. JRNL_E_FRAME if
 * damaged; JRNL_E_TRUNCATED if avail is less than the header and the LZ4
 * bytes its check covers (the frame cannot be complete). */
int jrnl_frame_hdr_check(const struct jrnl_reader *r, const uint8_t *h, size_t avail,
                         uint64_t off, uint64_t k, struct jrnl_frame_ref *f,
                         struct jrnl_err *err);

/* Fills frames[], events, complete, end and tail: from the end record and
 * index if they are valid, else by scanning. Errors only for I/O or memory. */
int jrnl_locate_frames(struct jrnl_reader *r, struct jrnl_err *err);

#endif /* E2K_REPLAY_JRNL_READER_INTERNAL_H */
