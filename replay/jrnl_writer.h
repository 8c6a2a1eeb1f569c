/*
 * jrnl_writer.h — writes a journal: header, events in independent LZ4
 * frames, then the seek index and end record (docs/journal-format.md).
 *
 * Errors are sticky, as in rr's CompressedWriter: jrnl_put_* return
 * nothing; the first failure (I/O, limit, misuse) is kept and every later
 * call does nothing. Check jrnl_writer_ok() at sync points (after a
 * syscall, before a checkpoint); jrnl_writer_close() returns the final
 * status. Single-threaded: one writer belongs to one recording thread.
 *
 * An event is built in place:
 *     jrnl_put_begin(w, JRNL_K_SYSCALL, icount);
 *     jrnl_put_u(w, nr); jrnl_put_s(w, ret); jrnl_put_u(w, 0);
 *     jrnl_put_end(w);
 * and must match its kind's spec in jrnl_kinds.def, which jrnl_put_end
 * checks (a mismatch is a sticky JRNL_E_USAGE). Typed helpers below cover
 * the kinds the gate uses most. Events must come in non-decreasing icount.
 *
 * Frames are compressed and written when they reach frame_events_max
 * events or frame_bytes_max raw bytes, or at jrnl_writer_flush(); output
 * goes through a buffer to the fd. Memory: one frame buffer, one LZ4
 * buffer, one event buffer (grown only by an event larger than any before,
 * up to JRNL_MAX_EVENT_BYTES), and 32 bytes of index per frame.
 */
#ifndef E2K_REPLAY_JRNL_WRITER_H
#define E2K_REPLAY_JRNL_WRITER_H

#include <stddef.h>
#include <stdint.h>

#include "replay/jrnl_fmt.h"

struct jrnl_writer;

/* Zero fields mean "default". */
struct jrnl_writer_opts {
    uint32_t frame_events_max; /* default JRNL_DEFAULT_FRAME_EVENTS */
    uint32_t frame_bytes_max;  /* default JRNL_DEFAULT_FRAME_BYTES, <= JRNL_MAX_FRAME_BYTES */
    int lz4_level;             /* LZ4 compression level, default 0 (fast) */
    uint32_t out_buffer_bytes; /* fd write buffer, default 256 KiB */
};
/* Defaults: docs/journal-format.md §9 says how they were chosen (bench_jrnl). */
#define JRNL_DEFAULT_FRAME_EVENTS 4096u
#define JRNL_DEFAULT_FRAME_BYTES (64u << 10)

struct jrnl_writer_stats {
    uint64_t events;          /* events put so far (completed ones) */
    uint64_t frames;          /* frames written */
    uint64_t raw_bytes;       /* encoded event bytes before compression */
    uint64_t file_bytes;      /* bytes written or buffered, header included */
};

/* One guest-memory write of a syscall result (borrowed data). */
struct jrnl_memw {
    uint64_t addr;
    const void *data;
    uint32_t bytes;
};

/* Creates (truncates) path and writes the header. hdr and opts are
 * borrowed (opts may be NULL); the writer fills the header's frame limits.
 * On failure *out is NULL and err says why. */
int jrnl_writer_open(struct jrnl_writer **out, const char *path, const struct jrnl_header *hdr,
                     const struct jrnl_writer_opts *opts, struct jrnl_err *err);
/* Same on an open fd, which the writer then owns (closes it). */
int jrnl_writer_open_fd(struct jrnl_writer **out, int fd, const struct jrnl_header *hdr,
                        const struct jrnl_writer_opts *opts, struct jrnl_err *err);

/* Generic event building; see the file comment. */
void jrnl_put_begin(struct jrnl_writer *w, uint32_t kind, uint64_t icount);
void jrnl_put_u(struct jrnl_writer *w, uint64_t v);                  /* u, x, group count */
void jrnl_put_s(struct jrnl_writer *w, int64_t v);                   /* s */
void jrnl_put_bytes(struct jrnl_writer *w, const void *p, size_t n); /* b, t */
void jrnl_put_hash(struct jrnl_writer *w, const uint8_t h[JRNL_HASH_BYTES]); /* h */
void jrnl_put_end(struct jrnl_writer *w);

/* Typed helpers. */
void jrnl_put_syscall(struct jrnl_writer *w, uint64_t icount, uint64_t nr, int64_t ret,
                      const struct jrnl_memw *writes, size_t nwrites);
void jrnl_put_output(struct jrnl_writer *w, uint64_t icount, uint32_t fd, const void *data,
                     size_t bytes);
void jrnl_put_state_hash(struct jrnl_writer *w, uint64_t icount,
                         const uint8_t regs[JRNL_HASH_BYTES], const uint8_t mem[JRNL_HASH_BYTES]);
void jrnl_put_signal(struct jrnl_writer *w, uint64_t icount, uint32_t signo, const void *info,
                     size_t info_bytes);
void jrnl_put_irq(struct jrnl_writer *w, uint64_t icount, uint32_t line, uint32_t level);

/* Writes the current frame (if any) and the buffered bytes to the fd, so a
 * crash after this point loses nothing put before it. Returns the sticky
 * status (0 or a JRNL_E_* code). Does not fsync. */
int jrnl_writer_flush(struct jrnl_writer *w);

/* 1 while no error has happened. */
int jrnl_writer_ok(const struct jrnl_writer *w);
/* The first error (code 0 while ok); valid until close. */
const struct jrnl_err *jrnl_writer_error(const struct jrnl_writer *w);
void jrnl_writer_stats(const struct jrnl_writer *w, struct jrnl_writer_stats *st);

/* Puts the END event at end->final_icount, flushes, writes the index and the
 * end record, closes the fd and frees w. Returns the final status (the
 * sticky error if any, else the result of the last writes and close), with
 * details in err. end is borrowed. */
int jrnl_writer_close(struct jrnl_writer *w, const struct jrnl_end *end, struct jrnl_err *err);

/* Abandons a writer: closes the fd without writing the pending frame, the
 * index or the end record (the file reads as truncated), frees w. NULL ok. */
void jrnl_writer_free(struct jrnl_writer *w);

#endif /* E2K_REPLAY_JRNL_WRITER_H */
