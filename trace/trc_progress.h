/*
 * trc_progress.h — the progress line of long commands (record, replay,
 * trace, export, plot): "replay: icount 123456789 (42%), 85.2 M instr/s,
 * ETA 3s", rewritten in place with '\r' on stderr.
 *
 * Only on a terminal: when the stream is not a tty (a pipe, a file, a
 * test) nothing is ever written. At most one line per period (250 ms,
 * so about 4 a second), and none in the first second, so short runs never
 * show one. Timing uses the host's monotonic clock; this lives in trace/,
 * used by the front end only, never by emu/ (nothing the guest sees
 * depends on it). trc_progress_end() erases the line.
 */
#ifndef E2K_TRACE_TRC_PROGRESS_H
#define E2K_TRACE_TRC_PROGRESS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TRC_PROGRESS_PERIOD_NS 250000000ull  /* between two lines */
#define TRC_PROGRESS_DELAY_NS 1000000000ull  /* before the first */

struct trc_progress {
    FILE *f;                /* the stream (stderr), borrowed */
    int on;                 /* 1: f is a terminal; 0: never print */
    const char *what;       /* "record", "replay", ... (borrowed) */
    uint64_t (*clock_ns)(void *ctx); /* host clock; tests replace it */
    void *clock_ctx;
    uint64_t start_ns;      /* clock at init */
    uint64_t last_ns;       /* clock at the last line (0: none yet) */
    uint64_t start_icount;  /* icount at the first update */
    int started;            /* start_icount is set */
    size_t shown;           /* length of the line on the terminal (0: none) */
};

/* Starts a progress line on f (on only if isatty(fileno(f))). */
void trc_progress_init(struct trc_progress *p, FILE *f, const char *what);

/* The run reached icount; end_icount is where it will end (0: unknown,
 * then no percentage or ETA). Prints when on and the period has passed. */
void trc_progress_update(struct trc_progress *p, uint64_t icount, uint64_t end_icount);

/* Erases the line if one is shown (call before printing anything else). */
void trc_progress_end(struct trc_progress *p);

/* The line's text (no '\r'): instructions per second over secs seconds
 * of done instructions; end_icount 0 = unknown. Returns its length. */
size_t trc_progress_format(char *buf, size_t n, const char *what, uint64_t icount,
                           uint64_t end_icount, uint64_t done, double secs);

#endif
