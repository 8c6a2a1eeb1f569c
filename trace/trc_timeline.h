/*
 * trc_timeline.h — a journal as a timeline of the balloon: the host's
 * target, the balloon's actual size and the guest's free memory over
 * icount, and the marked events (OOM kills, deflate-on-oom returns,
 * balloon violations, panics, hangs). What `e2k-rr plot` draws and the
 * counters `e2k-rr export --chrome` writes.
 *
 * Sources, all read-only:
 *  - journal events (trc_timeline_event): BALLOON_CMD sets the target;
 *    BALLOON_INFLATE / BALLOON_DEFLATE move `actual` by their page counts
 *    (the pages handed over, as the device reported them:
 *    docs/virt-machine.md §5); BALLOON_DEFLATE with from_oom bit 0
 *    (BALLOON_DEFL_OOM, devices/virtio_balloon.h) is a deflate-on-oom
 *    return; BALLOON_VIOLATION, OOM_KILL, PANIC, HANG are marks;
 *  - the guest's balloon statistics (trc_timeline_dev_event), which are
 *    not journaled: a replay produces them again (trc_timeline_replay).
 *    Free memory is tag VIRTIO_BALLOON_S_MEMFREE (4, virtio v1.2
 *    §5.5.6.3), in bytes.
 * Values are bytes; icounts are wide instructions (the virt machine's
 * virtual clock counts one nanosecond per instruction, deviation D14).
 */
#ifndef E2K_TRACE_TRC_TIMELINE_H
#define E2K_TRACE_TRC_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "emu/hooks.h"
#include "replay/jrnl_fmt.h"
#include "replay/session.h"
#include "trace/trc_err.h"

#define TRC_PAGE_BYTES 4096ull      /* balloon page (virtio v1.2 §5.5.6) */
#define TRC_STAT_MEMFREE 4          /* VIRTIO_BALLOON_S_MEMFREE */
#define TRC_STAT_MEMTOT 5           /* VIRTIO_BALLOON_S_MEMTOT */
#define TRC_DEFL_OOM 0x1            /* BALLOON_DEFLATE from_oom: OOM path */

enum trc_series_id {
    TRC_S_TARGET = 0,  /* host's balloon target */
    TRC_S_ACTUAL,      /* pages in the balloon */
    TRC_S_FREE,        /* guest free memory (stats) */
    TRC_S_COUNT
};

enum trc_mark_kind {
    TRC_MARK_OOM_KILL = 0,    /* OOM_KILL */
    TRC_MARK_DEFLATE_OOM,     /* BALLOON_DEFLATE from the OOM path */
    TRC_MARK_VIOLATION,       /* BALLOON_VIOLATION */
    TRC_MARK_PANIC,           /* PANIC */
    TRC_MARK_HANG,            /* HANG */
    TRC_MARK_COUNT
};

struct trc_point {
    uint64_t icount;
    uint64_t value;           /* bytes */
};

struct trc_series {
    struct trc_point *p;      /* in icount order, owned */
    size_t n, cap;
};

struct trc_mark {
    uint64_t icount;
    int kind;                 /* enum trc_mark_kind */
    uint64_t value;           /* the balloon's actual size then (bytes) */
    char text[160];           /* one line for humans (tooltips, args) */
};

struct trc_timeline {
    int have_header;          /* trc_timeline_header was called */
    int system;               /* a virt (system-mode) journal */
    uint64_t ram_bytes;       /* guest RAM from the header (0: unknown) */
    uint64_t end_icount;      /* the END event's, else the last seen */
    uint64_t events;          /* journal events taken */
    int64_t actual_pages;     /* running balloon size */
    struct trc_series s[TRC_S_COUNT];
    struct trc_mark *marks;   /* in icount order, owned */
    size_t nmarks, cap_marks;
    uint64_t counts[TRC_MARK_COUNT];
    uint64_t stats_reports;   /* statistics reports taken */
};

void trc_timeline_init(struct trc_timeline *t);
void trc_timeline_fini(struct trc_timeline *t);

/* The journal's header: machine kind and RAM; a virt journal's target
 * and actual start at 0 at icount 0. */
void trc_timeline_header(struct trc_timeline *t, const struct jrnl_header *h);
/* One journal event, in journal order. 0 or TRC_E_NOMEM. */
int trc_timeline_event(struct trc_timeline *t, const struct jrnl_event *ev);
/* One device event of a replay (statistics). 0 or TRC_E_NOMEM. */
int trc_timeline_dev_event(struct trc_timeline *t, const struct emu_dev_event *ev);

/* Reads the whole journal (header and events). 0, or TRC_E_JOURNAL with
 * err filled (the events before the damage are kept). */
int trc_timeline_read(struct trc_timeline *t, const char *journal, struct trc_err *err);

/* Replays a virt journal to collect the guest's statistics (free memory)
 * into t. virt_build as for sess_replay; progress may be NULL. 0, or
 * TRC_E_REPLAY / TRC_E_JOURNAL with err filled (what was collected before
 * stays in t). */
int trc_timeline_replay(struct trc_timeline *t, const char *journal,
                        sess_virt_build_fn virt_build, void *virt_opaque,
                        void (*progress)(void *ctx, uint64_t icount, uint64_t end_icount),
                        void *progress_ctx, struct trc_err *err);

/* Name of a mark kind ("oom kill", ...) and a CSS-friendly class
 * ("oom-kill", ...). */
const char *trc_mark_name(int kind);
const char *trc_mark_class(int kind);

#endif
