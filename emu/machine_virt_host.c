/*
 * machine_virt_host.c — the live performer of the virt machine's host
 * requests (machine_virt.h): host clocks, and the asynchronous inputs the
 * run loop polls for (host-clock timer and RTC expiries, UART bytes from a
 * host descriptor, scheduled balloon targets, periodic balloon stats
 * requests).
 *
 * This is the only place the virt machine touches the host. A recording
 * gate calls it and journals the answers; a replaying gate never does. Its
 * own state (when the next balloon command is due, end of input) is host
 * bookkeeping, not guest state.
 */
#include "emu/machine_virt.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emu/hooks.h"

struct virt_host {
    int fd;                 /* UART input, -1 = none */
    int eof;                /* the input ended */
    uint64_t start_ns;      /* host monotonic time at creation */
    uint64_t stats_interval;
    uint64_t next_stats;    /* monotonic ns */
    unsigned n_targets, next_target;
    uint32_t *pages;
    uint64_t *at;           /* ns after start */
};

static uint64_t now_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

struct virt_host *virt_host_new(const struct virt_host_opts *o)
{
    struct virt_host *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->fd = o ? o->input_fd : -1;
    h->start_ns = now_ns(CLOCK_MONOTONIC);
    if (o && o->stats_interval_ns) {
        h->stats_interval = o->stats_interval_ns;
        h->next_stats = h->start_ns + o->stats_interval_ns;
    }
    if (o && o->n_targets) {
        h->pages = calloc(o->n_targets, sizeof *h->pages);
        h->at = calloc(o->n_targets, sizeof *h->at);
        if (!h->pages || !h->at) {
            virt_host_free(h);
            return NULL;
        }
        memcpy(h->pages, o->target_pages, o->n_targets * sizeof *h->pages);
        memcpy(h->at, o->target_at_ns, o->n_targets * sizeof *h->at);
        h->n_targets = o->n_targets;
    }
    return h;
}

void virt_host_free(struct virt_host *h)
{
    if (!h)
        return;
    free(h->pages);
    free(h->at);
    free(h);
}

/* One pending input, most urgent first; EMU_INPUT_NONE if nothing. */
static int poll_input(struct virt_host *h, const struct emu_host_req *req,
                      struct emu_host_resp *resp)
{
    uint64_t mono = now_ns(CLOCK_MONOTONIC);
    for (unsigned i = 0; i < VIRT_NTIMERS; i++) {
        uint64_t dl = req->args[1 + i];
        if (dl == UINT64_MAX)
            continue;
        uint64_t now = i == VIRT_T_RTC ? now_ns(CLOCK_REALTIME) : mono;
        if (now >= dl) {
            resp->vals[0] = i;
            return EMU_INPUT_TIMER;
        }
    }
    if (h->next_target < h->n_targets &&
        mono - h->start_ns >= h->at[h->next_target]) {
        resp->vals[0] = h->pages[h->next_target++];
        return EMU_INPUT_BALLOON_TARGET;
    }
    if (h->stats_interval && req->args[4] && mono >= h->next_stats) {
        h->next_stats = mono + h->stats_interval;
        return EMU_INPUT_BALLOON_STATS;
    }
    size_t want = (size_t)req->args[0];
    if (h->fd >= 0 && !h->eof && want && resp->n_out >= 1) {
        if (want > resp->out[0].cap)
            want = resp->out[0].cap;
        struct pollfd p = {.fd = h->fd, .events = POLLIN};
        if (want && poll(&p, 1, 0) == 1 && (p.revents & (POLLIN | POLLHUP))) {
            ssize_t n = read(h->fd, resp->out[0].ptr, want);
            if (n > 0) {
                resp->out[0].len = (size_t)n;
                return EMU_INPUT_UART;
            }
            if (n == 0 || (errno != EINTR && errno != EAGAIN))
                h->eof = 1;
        }
    }
    return EMU_INPUT_NONE;
}

int virt_host_live(void *opaque, const struct emu_host_req *req,
                   struct emu_host_resp *resp)
{
    struct virt_host *h = opaque;
    for (unsigned i = 0; i < resp->n_out && i < EMU_HOST_MAX_BUFS; i++)
        resp->out[i].len = 0;
    switch (req->kind) {
    case EMU_HOST_CLOCK: {
        uint64_t t = now_ns(req->nr == VIRT_CLOCK_ID_REALTIME
                                ? CLOCK_REALTIME : CLOCK_MONOTONIC);
        resp->ret = 0;
        resp->vals[0] = t / 1000000000ull;
        resp->vals[1] = t % 1000000000ull;
        return 0;
    }
    case EMU_HOST_INPUT:
        resp->ret = h && req->nr == EMU_INPUT_POLL
                        ? poll_input(h, req, resp) : EMU_INPUT_NONE;
        return 0;
    default:
        resp->ret = -ENOSYS;
        return 0;
    }
}
