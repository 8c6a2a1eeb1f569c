/*
 * trc_svg.h — the balloon timeline (trc_timeline.h) as an SVG picture:
 * `e2k-rr plot`. Written by our code alone (no plotting library): plain
 * SVG 1.1 that browsers, image viewers and rsvg render.
 *
 * What it shows: the host's balloon target (dashed step line), the
 * balloon's actual size (solid step line) and the guest's free memory
 * (step line with a dot per statistics report) in MiB over icount or
 * virtual time, with axis ticks and labels; the marked events as distinct
 * shapes: OOM kill = red cross at the top with a dotted line down the
 * plot, deflate-on-oom return = purple triangle on the actual line,
 * balloon violation = brown diamond at the bottom, panic = black square
 * and hang = grey square at the top; and a legend with counts.
 *
 * Every mark is an element <g class="mark KIND" data-icount="N"> with a
 * <title> (hover text) saying what happened, so tests and scripts can
 * find them. All text is XML-escaped (bytes outside printable ASCII
 * become '?'), so any journal gives well-formed XML.
 */
#ifndef E2K_TRACE_TRC_SVG_H
#define E2K_TRACE_TRC_SVG_H

#include <stdint.h>
#include <stdio.h>

#include "trace/trc_err.h"

struct trc_timeline;

enum trc_svg_x {
    TRC_SVG_X_ICOUNT = 0,    /* wide instructions */
    TRC_SVG_X_TIME = 1       /* virtual time: icount / insn_per_us */
};

#define TRC_SVG_MAX_MARKS 5000 /* drawn per kind; the legend counts all */

struct trc_svg_opts {
    unsigned width, height;  /* pixels; 0 = 1000 x 600 (min 400 x 300) */
    int x_axis;              /* enum trc_svg_x */
    uint64_t insn_per_us;    /* TRC_SVG_X_TIME; 0 = 1000 (1 ns each, D14) */
    const char *title;       /* NULL: "balloon" */
};

/* Writes the picture. 0, or TRC_E_IO if f failed. */
int trc_svg_write(FILE *f, const struct trc_timeline *t, const struct trc_svg_opts *o,
                  struct trc_err *err);

/* Text as XML character data / attribute value. Exposed for tests. */
void trc_xml_text(FILE *f, const char *s);

#endif
