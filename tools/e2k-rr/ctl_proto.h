/*
 * ctl_proto.h — the control socket protocol (`--control unix:PATH`,
 * docs/virt-machine.md §8.2): JSON lines modelled on Firecracker's balloon
 * API (PATCH /balloon, GET /balloon, GET and PATCH /balloon/statistics).
 * Parsing requests and formatting replies only; what a request does is
 * the controller's business (balloon_ctl.c), style.md "Protocol vs.
 * policy".
 *
 *   {"op":"patch_balloon","amount_mib":40}           -> {"ok":true,"icount":N}
 *   {"op":"get_balloon"}                              -> amount_mib, deflate_on_oom,
 *        stats_polling_interval_s, target/actual pages and MiB, icount
 *   {"op":"get_balloon_stats"}                        -> target/actual pages and MiB,
 *        every statistic the guest reported by name, stats_icount, icount
 *   {"op":"patch_balloon_stats_interval","stats_polling_interval_s":1}
 *   {"op":"request_balloon_stats"}                    (ours: ask once, now)
 *   anything wrong                                    -> {"error":"..."}
 */
#ifndef E2K_TOOLS_E2K_RR_CTL_PROTO_H
#define E2K_TOOLS_E2K_RR_CTL_PROTO_H

#include <stddef.h>
#include <stdint.h>

#include "emu/machine_virt.h"

#define CTL_REPLY_MAX 2048          /* bytes of one reply line */
#define CTL_MAX_AMOUNT_MIB (UINT32_MAX / 256) /* target pages fit le32 */
#define CTL_MAX_INTERVAL_S 65535    /* Firecracker's u16 */

enum ctl_op {
    CTL_OP_PATCH_BALLOON = 1,        /* amount_mib */
    CTL_OP_GET_BALLOON = 2,
    CTL_OP_GET_BALLOON_STATS = 3,
    CTL_OP_PATCH_STATS_INTERVAL = 4, /* interval_s */
    CTL_OP_REQUEST_STATS = 5
};

struct ctl_req {
    int op;                 /* enum ctl_op */
    uint64_t amount_mib;    /* PATCH_BALLOON */
    uint64_t interval_s;    /* PATCH_STATS_INTERVAL */
};

/* One request line (without its newline): 0, or -1 with a reason in err
 * (unknown op, missing or extra members, values out of range, bad JSON). */
int ctl_parse_request(const char *line, size_t len, struct ctl_req *r, char *err,
                      size_t errlen);

/* What the replies report. */
struct ctl_balloon_view {
    uint64_t icount;                 /* guest icount when it was read */
    struct virt_balloon_info info;
    uint64_t stats_interval_ns;      /* the host's request period, 0 off */
};

/* Reply lines (no newline) into buf; each returns the length, or 0 if it
 * did not fit (CTL_REPLY_MAX always does). */
size_t ctl_reply_ok(char *buf, size_t cap, uint64_t icount);
size_t ctl_reply_error(char *buf, size_t cap, const char *msg);
size_t ctl_reply_balloon(char *buf, size_t cap, const struct ctl_balloon_view *v);
size_t ctl_reply_stats(char *buf, size_t cap, const struct ctl_balloon_view *v);

#endif
