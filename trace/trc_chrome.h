/*
 * trc_chrome.h — a journal in the Chrome trace-event format (JSON Object
 * Format: {"traceEvents": [...], "displayTimeUnit": ..., "otherData":
 * {...}}), so `e2k-rr export --chrome` output opens in Perfetto
 * (ui.perfetto.dev) and chrome://tracing.
 *
 * Facts used, from the format's spec ("Trace Event Format", Google doc
 * 1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU): ts is in microseconds
 * (fractions allowed); events need not be sorted; instant events are
 * ph "i" with a scope s = "g" (global), "p" (process) or "t" (thread);
 * counter events are ph "C" with one series per args key, local to their
 * process (several keys in one counter are drawn stacked, so each of our
 * quantities gets its own counter); metadata events ph "M" named
 * process_name / thread_name (args.name) and thread_sort_index
 * (args.sort_index) label the tracks.
 *
 * What we write: every journal event as an instant on a track by what it
 * is (inputs, interrupts, balloon, guest, replay bookkeeping), with its
 * fields as args (byte fields cut at 64 bytes, lists at 16 elements plus
 * a count); OOM kills, panics and hangs are global instants; the balloon
 * target, actual and guest free memory as counters in MiB. Time: icount
 * divided by insn_per_us (default 1000: the virt machine's virtual clock
 * runs one nanosecond per instruction, deviation D14), written exactly.
 * Strings are JSON-escaped (bytes >= 0x80 as \u00XX); integers beyond
 * 2^53 are written as strings so no viewer rounds them.
 */
#ifndef E2K_TRACE_TRC_CHROME_H
#define E2K_TRACE_TRC_CHROME_H

#include <stdint.h>
#include <stdio.h>

#include "replay/jrnl_fmt.h"
#include "trace/trc_err.h"

struct trc_timeline;

#define TRC_CHROME_INSN_PER_US 1000u /* default: 1 ns per instruction */

struct trc_chrome_opts {
    uint64_t insn_per_us;    /* icount -> us; 0 = TRC_CHROME_INSN_PER_US */
    const char *name;        /* process name (e.g. the journal's file name) */
};

/* Streaming writer; fields are private to trc_chrome.c. */
struct trc_chrome {
    FILE *f;                 /* borrowed */
    uint64_t per_us;
    uint64_t written;        /* trace events written */
};

/* Writes the opening, otherData (from h, may be NULL) and track names. */
void trc_chrome_begin(struct trc_chrome *c, FILE *f, const struct trc_chrome_opts *o,
                      const struct jrnl_header *h);
/* One journal event as an instant. */
void trc_chrome_event(struct trc_chrome *c, const struct jrnl_event *ev);
/* The timeline's series as counters (and a last sample at its end). */
void trc_chrome_timeline(struct trc_chrome *c, const struct trc_timeline *t);
/* Closes the JSON and flushes. 0, or TRC_E_IO if the stream failed. */
int trc_chrome_end(struct trc_chrome *c, struct trc_err *err);

/* JSON string (with quotes) of n bytes; at most max bytes of input, then
 * "...". Exposed for tests. */
void trc_json_string(FILE *f, const uint8_t *p, size_t n, size_t max);

#endif
