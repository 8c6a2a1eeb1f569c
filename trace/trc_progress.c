/*
 * trc_progress.c — the '\r' progress line (trc_progress.h).
 *
 * The rate is the average since the first update (steady, and what an ETA
 * needs); a line is padded with spaces over the previous one instead of
 * using terminal escapes, so it works on any terminal.
 */
#include "trace/trc_progress.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t mono_ns(void *ctx)
{
    (void)ctx;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

void trc_progress_init(struct trc_progress *p, FILE *f, const char *what)
{
    memset(p, 0, sizeof *p);
    p->f = f;
    p->what = what;
    p->on = f && isatty(fileno(f));
    p->clock_ns = mono_ns;
    p->start_ns = mono_ns(NULL);
}

static void put_eta(char *buf, size_t n, double s)
{
    unsigned long long t = (unsigned long long)(s + 0.5);
    if (t < 60)
        snprintf(buf, n, "%llus", t);
    else if (t < 3600)
        snprintf(buf, n, "%llum%02llus", t / 60, t % 60);
    else
        snprintf(buf, n, "%lluh%02llum", t / 3600, t / 60 % 60);
}

size_t trc_progress_format(char *buf, size_t n, const char *what, uint64_t icount,
                           uint64_t end_icount, uint64_t done, double secs)
{
    double rate = secs > 0 ? (double)done / secs : 0;
    char pct[16] = "", eta[32] = "";
    if (end_icount && icount <= end_icount) {
        snprintf(pct, sizeof pct, " (%u%%)",
                 (unsigned)((double)icount * 100.0 / (double)end_icount));
        if (rate > 0) {
            char t[24];
            put_eta(t, sizeof t, (double)(end_icount - icount) / rate);
            snprintf(eta, sizeof eta, ", ETA %s", t);
        }
    }
    int len = snprintf(buf, n, "%s: icount %llu%s, %.1f M instr/s%s", what ? what : "run",
                       (unsigned long long)icount, pct, rate / 1e6, eta);
    if (len < 0)
        len = 0;
    return (size_t)len < n ? (size_t)len : (n ? n - 1 : 0);
}

void trc_progress_update(struct trc_progress *p, uint64_t icount, uint64_t end_icount)
{
    if (!p->on)
        return;
    if (!p->started) {
        p->started = 1;
        p->start_icount = icount;
    }
    uint64_t now = p->clock_ns(p->clock_ctx);
    if (now - p->start_ns < TRC_PROGRESS_DELAY_NS)
        return;
    if (p->last_ns && now - p->last_ns < TRC_PROGRESS_PERIOD_NS)
        return;
    p->last_ns = now;
    char line[160];
    uint64_t done = icount >= p->start_icount ? icount - p->start_icount : 0;
    size_t len = trc_progress_format(line, sizeof line, p->what, icount, end_icount, done,
                                     (double)(now - p->start_ns) / 1e9);
    fputc('\r', p->f);
    fputs(line, p->f);
    for (size_t i = len; i < p->shown; i++)
        fputc(' ', p->f);
    fflush(p->f);
    p->shown = len;
}

void trc_progress_end(struct trc_progress *p)
{
    if (!p->on || !p->shown)
        return;
    fputc('\r', p->f);
    for (size_t i = 0; i < p->shown; i++)
        fputc(' ', p->f);
    fputc('\r', p->f);
    fflush(p->f);
    p->shown = 0;
}
