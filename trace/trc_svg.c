/*
 * trc_svg.c — the balloon plot as SVG (trc_svg.h).
 *
 * Layout (pixels, for the default 1000 x 600): title on top, the plot
 * area from x = 80 to width - 250 and y = 50 to height - 70, the legend in
 * the column on the right, x labels and the axis title below. Ticks are
 * "nice" numbers (1, 2 or 5 times a power of ten) with 4 to 10 per axis.
 * Series are step lines: a value holds until the next point, which is
 * what the timeline's points mean. Numbers are written with at most one
 * decimal so the file is small and deterministic.
 */
#include "trace/trc_svg.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "trace/trc_timeline.h"

#define MIB (1024.0 * 1024.0)

struct plot {
    FILE *f;
    double x0, x1, y0, y1;   /* plot area */
    double xmax;             /* x axis end, in axis units */
    double xscale;           /* axis units per instruction */
    double ymax;             /* MiB */
    uint64_t end_icount;
};

void trc_xml_text(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&apos;", f); break;
        default:
            /* XML 1.0 forbids most control characters; non-ASCII bytes
             * might not be UTF-8. */
            fputc(c >= 0x20 && c < 0x7f ? (int)c : '?', f);
        }
    }
}

/* A tick step for [0, max] giving 4..10 ticks: 1, 2 or 5 x 10^k. */
static double nice_step(double max)
{
    if (!(max > 0))
        return 1;
    double raw = max / 6;
    double p = pow(10, floor(log10(raw)));
    double m = raw / p;
    double step = m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10;
    return step * p;
}

/* The axis end: max rounded up to a whole step. */
static double nice_max(double max, double *step)
{
    *step = nice_step(max);
    double n = ceil(max / *step - 1e-9);
    if (n < 1)
        n = 1;
    return n * *step;
}

/* A number for a tick label: no trailing zeros, SI suffix for icounts. */
static void fmt_num(char *buf, size_t n, double v, int si)
{
    const char *sfx = "";
    if (si) {
        if (fabs(v) >= 1e9) { v /= 1e9; sfx = "G"; }
        else if (fabs(v) >= 1e6) { v /= 1e6; sfx = "M"; }
        else if (fabs(v) >= 1e3) { v /= 1e3; sfx = "k"; }
    }
    snprintf(buf, n, "%.3f", v);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *e = buf + strlen(buf) - 1;
        while (e > dot && *e == '0')
            *e-- = 0;
        if (e == dot)
            *e = 0;
    }
    strncat(buf, sfx, n - strlen(buf) - 1);
}

static double px_x(const struct plot *p, uint64_t icount)
{
    double u = (double)icount * p->xscale;
    return p->x0 + (p->x1 - p->x0) * (u / p->xmax);
}

static double px_y(const struct plot *p, uint64_t bytes)
{
    double v = (double)bytes / MIB;
    return p->y1 - (p->y1 - p->y0) * (v / p->ymax);
}

static void axes(struct plot *p, const struct trc_svg_opts *o, double xstep, double ystep,
                 const char *xunit, double xdiv)
{
    FILE *f = p->f;
    char num[48];
    fputs("<g class=\"grid\" stroke=\"#e3e3e3\" stroke-width=\"1\">\n", f);
    for (double v = ystep; v <= p->ymax + ystep * 1e-6; v += ystep) {
        double y = p->y1 - (p->y1 - p->y0) * (v / p->ymax);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", p->x0, y, p->x1,
                y);
    }
    for (double v = xstep; v <= p->xmax + xstep * 1e-6; v += xstep) {
        double x = p->x0 + (p->x1 - p->x0) * (v / p->xmax);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n", x, p->y0, x,
                p->y1);
    }
    fputs("</g>\n", f);
    fprintf(f, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"none\" stroke=\"#444\" stroke-width=\"1\"/>\n",
            p->x0, p->y0, p->x1 - p->x0, p->y1 - p->y0);
    /* y ticks and labels (MiB) */
    fputs("<g class=\"y-axis\" font-size=\"12\" text-anchor=\"end\" fill=\"#222\">\n", f);
    for (double v = 0; v <= p->ymax + ystep * 1e-6; v += ystep) {
        double y = p->y1 - (p->y1 - p->y0) * (v / p->ymax);
        fmt_num(num, sizeof num, v, 0);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                p->x0 - 5, y, p->x0, y, p->x0 - 8, y + 4, num);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
               "transform=\"rotate(-90 %.1f %.1f)\">memory (MiB)</text>\n</g>\n",
            p->x0 - 55, (p->y0 + p->y1) / 2, p->x0 - 55, (p->y0 + p->y1) / 2);
    /* x ticks and labels */
    fputs("<g class=\"x-axis\" font-size=\"12\" text-anchor=\"middle\" fill=\"#222\">\n", f);
    for (double v = 0; v <= p->xmax + xstep * 1e-6; v += xstep) {
        double x = p->x0 + (p->x1 - p->x0) * (v / p->xmax);
        fmt_num(num, sizeof num, v / xdiv, o->x_axis == TRC_SVG_X_ICOUNT);
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#444\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
                x, p->y1, x, p->y1 + 5, x, p->y1 + 20, num);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">", (p->x0 + p->x1) / 2, p->y1 + 45);
    trc_xml_text(f, xunit);
    fputs("</text>\n</g>\n", f);
}

static const char *const kColor[TRC_S_COUNT] = {"#1f77b4", "#ff7f0e", "#2ca02c"};
static const char *const kSeriesName[TRC_S_COUNT] = {
    "balloon target", "balloon actual", "guest free memory",
};
static const char *const kSeriesClass[TRC_S_COUNT] = {"target", "actual", "free"};

static void series(struct plot *p, const struct trc_series *s, int id)
{
    if (!s->n)
        return;
    FILE *f = p->f;
    fprintf(f, "<path class=\"series %s\" fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s "
               "d=\"M%.1f %.1f",
            kSeriesClass[id], kColor[id], id == TRC_S_ACTUAL ? "2.5" : "2",
            id == TRC_S_TARGET ? " stroke-dasharray=\"7 4\"" : "", px_x(p, s->p[0].icount),
            px_y(p, s->p[0].value));
    for (size_t i = 1; i < s->n; i++)
        fprintf(f, " H%.1f V%.1f", px_x(p, s->p[i].icount), px_y(p, s->p[i].value));
    uint64_t last = s->p[s->n - 1].icount;
    if (p->end_icount > last)
        fprintf(f, " H%.1f", px_x(p, p->end_icount));
    fputs("\"/>\n", f);
    if (id == TRC_S_FREE) {
        fprintf(f, "<g class=\"samples free\" fill=\"%s\">\n", kColor[id]);
        for (size_t i = 0; i < s->n; i++)
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"/>\n", px_x(p, s->p[i].icount),
                    px_y(p, s->p[i].value));
        fputs("</g>\n", f);
    }
}

/* A mark's shape centred at (x, y). */
static void shape(FILE *f, int kind, double x, double y)
{
    switch (kind) {
    case TRC_MARK_OOM_KILL:
        fprintf(f, "<path d=\"M%.1f %.1f l12 12 m0 -12 l-12 12\" stroke=\"#d62728\" "
                   "stroke-width=\"3\" fill=\"none\"/>",
                x - 6, y - 6);
        break;
    case TRC_MARK_DEFLATE_OOM:
        fprintf(f, "<path d=\"M%.1f %.1f h14 l-7 12 z\" fill=\"#9467bd\" stroke=\"#4b2a6b\"/>",
                x - 7, y - 6);
        break;
    case TRC_MARK_VIOLATION:
        fprintf(f, "<path d=\"M%.1f %.1f l6 6 l-6 6 l-6 -6 z\" fill=\"#8c564b\" "
                   "stroke=\"#4a2b25\"/>",
                x, y - 6);
        break;
    case TRC_MARK_PANIC:
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"#111\"/>",
                x - 5.5, y - 5.5);
        break;
    default:
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"#999\" "
                   "stroke=\"#555\"/>",
                x - 5.5, y - 5.5);
        break;
    }
}

static void marks(struct plot *p, const struct trc_timeline *t)
{
    FILE *f = p->f;
    uint64_t drawn[TRC_MARK_COUNT] = {0};
    fputs("<g class=\"marks\">\n", f);
    for (size_t i = 0; i < t->nmarks; i++) {
        const struct trc_mark *m = &t->marks[i];
        int k = m->kind;
        if (k < 0 || k >= TRC_MARK_COUNT || drawn[k]++ >= TRC_SVG_MAX_MARKS)
            continue;
        double x = px_x(p, m->icount), y;
        switch (k) {
        case TRC_MARK_DEFLATE_OOM: y = px_y(p, m->value) - 8; break;
        case TRC_MARK_VIOLATION: y = p->y1 - 10; break;
        case TRC_MARK_OOM_KILL: y = p->y0 + 10; break;
        default: y = p->y0 + 26; break;
        }
        if (y < p->y0 + 6)
            y = p->y0 + 6;
        fprintf(f, "<g class=\"mark %s\" data-icount=\"%" PRIu64 "\"><title>",
                trc_mark_class(k), m->icount);
        trc_xml_text(f, m->text);
        fputs("</title>", f);
        if (k == TRC_MARK_OOM_KILL || k == TRC_MARK_PANIC || k == TRC_MARK_HANG)
            fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                       "stroke-dasharray=\"2 3\"/>",
                    x, p->y0, x, p->y1, k == TRC_MARK_OOM_KILL ? "#d62728" : "#555");
        shape(f, k, x, y);
        fputs("</g>\n", f);
    }
    fputs("</g>\n", f);
}

static void legend(struct plot *p, const struct trc_timeline *t, double lx)
{
    FILE *f = p->f;
    double y = p->y0 + 8;
    fputs("<g class=\"legend\" font-size=\"13\" fill=\"#222\">\n", f);
    for (int s = 0; s < TRC_S_COUNT; s++, y += 24) {
        fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"%s\"%s/>",
                lx, y, lx + 30, y, kColor[s], s == TRC_S_ACTUAL ? "2.5" : "2",
                s == TRC_S_TARGET ? " stroke-dasharray=\"7 4\"" : "");
        if (s == TRC_S_FREE)
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>", lx + 15, y,
                    kColor[s]);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s%s</text>\n", lx + 38, y + 4,
                kSeriesName[s],
                t->s[s].n ? ""
                : s == TRC_S_FREE ? " (no stats)"
                                  : " (none)");
    }
    y += 8;
    for (int k = 0; k < TRC_MARK_COUNT; k++, y += 24) {
        fprintf(f, "<g class=\"legend-mark %s\">", trc_mark_class(k));
        shape(f, k, lx + 15, y);
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%s (%" PRIu64 ")%s</text></g>\n", lx + 38,
                y + 4, trc_mark_name(k), t->counts[k],
                t->counts[k] > TRC_SVG_MAX_MARKS ? ", some not drawn" : "");
    }
    fputs("</g>\n", f);
}

int trc_svg_write(FILE *f, const struct trc_timeline *t, const struct trc_svg_opts *o,
                  struct trc_err *err)
{
    struct trc_svg_opts d = {0};
    if (!o)
        o = &d;
    unsigned w = o->width ? o->width : 1000, h = o->height ? o->height : 600;
    if (w < 400)
        w = 400;
    if (h < 300)
        h = 300;
    uint64_t per_us = o->insn_per_us ? o->insn_per_us : 1000;

    struct plot p = {.f = f, .x0 = 80, .x1 = w - 250.0, .y0 = 50, .y1 = h - 70.0};
    /* Extent: to the end of the recording, and past every point. */
    uint64_t end = t->end_icount;
    double ymax = 0;
    for (int s = 0; s < TRC_S_COUNT; s++)
        for (size_t i = 0; i < t->s[s].n; i++) {
            if (t->s[s].p[i].icount > end)
                end = t->s[s].p[i].icount;
            if ((double)t->s[s].p[i].value / MIB > ymax)
                ymax = (double)t->s[s].p[i].value / MIB;
        }
    for (size_t i = 0; i < t->nmarks; i++)
        if (t->marks[i].icount > end)
            end = t->marks[i].icount;
    p.end_icount = end;

    /* x in axis units: icounts, or ns / us / ms / s of virtual time. */
    const char *xunit = "icount (wide instructions)";
    double xdiv = 1;
    p.xscale = 1;
    if (o->x_axis == TRC_SVG_X_TIME) {
        double ns = (double)end * 1000.0 / (double)per_us;
        p.xscale = 1000.0 / (double)per_us; /* ns per instruction */
        xunit = "virtual time (ns)";
        if (ns >= 1e9) { xdiv = 1e9; xunit = "virtual time (s)"; }
        else if (ns >= 1e6) { xdiv = 1e6; xunit = "virtual time (ms)"; }
        else if (ns >= 1e3) { xdiv = 1e3; xunit = "virtual time (us)"; }
    }
    double xstep, ystep;
    /* Ticks are nice in the displayed unit. */
    double xmax_disp = nice_max((double)(end ? end : 1) * p.xscale / xdiv, &xstep);
    p.xmax = xmax_disp * xdiv;
    xstep *= xdiv;
    p.ymax = nice_max(ymax > 0 ? ymax * 1.05 : 1, &ystep);

    fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%u\" "
               "height=\"%u\" viewBox=\"0 0 %u %u\" font-family=\"sans-serif\">\n",
            w, h, w, h);
    fputs("<title>", f);
    trc_xml_text(f, o->title ? o->title : "balloon");
    fprintf(f, "</title>\n<desc>e2k-rr plot: balloon target, actual and guest free memory; "
               "%" PRIu64 " OOM kills, %" PRIu64 " deflate-on-oom returns, %" PRIu64
               " violations; icount 0 .. %" PRIu64 "</desc>\n",
            t->counts[TRC_MARK_OOM_KILL], t->counts[TRC_MARK_DEFLATE_OOM],
            t->counts[TRC_MARK_VIOLATION], end);
    fprintf(f, "<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/>\n", w, h);
    fprintf(f, "<text class=\"title\" x=\"%.1f\" y=\"30\" font-size=\"16\" "
               "font-weight=\"bold\" fill=\"#222\">",
            p.x0);
    trc_xml_text(f, o->title ? o->title : "balloon");
    fputs("</text>\n", f);
    axes(&p, o, xstep, ystep, xunit, xdiv);
    int any = t->nmarks > 0;
    for (int s = 0; s < TRC_S_COUNT; s++)
        any |= t->s[s].n > 0;
    if (!any)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"14\" "
                   "fill=\"#777\">no balloon activity in this journal</text>\n",
                (p.x0 + p.x1) / 2, (p.y0 + p.y1) / 2);
    /* free memory first, then actual, then the dashed target on top, so
     * the target stays visible where the balloon has reached it */
    series(&p, &t->s[TRC_S_FREE], TRC_S_FREE);
    series(&p, &t->s[TRC_S_ACTUAL], TRC_S_ACTUAL);
    series(&p, &t->s[TRC_S_TARGET], TRC_S_TARGET);
    marks(&p, t);
    legend(&p, t, p.x1 + 20);
    fputs("</svg>\n", f);
    if (fflush(f) != 0 || ferror(f))
        return trc_fail(err, TRC_E_IO, "writing the picture failed");
    return 0;
}
