/*
 * balloon_ctl.h — host control of the virt machine's balloon for live
 * runs and recordings: the policy behind `--balloon-target`,
 * `--balloon-script FILE` (balloon_script.h), `--control unix:PATH`
 * (ctl_sock.h, ctl_proto.h), the periodic statistics requests of
 * `--balloon stats-interval=T`, and the console's `balloon SIZE`.
 *
 * Every host command reaches the guest the one way host inputs do
 * (docs/virt-machine.md §4): the controller is the host performer the gate
 * calls at the machine's input poll points (an emu_host_call_fn wrapped
 * around virt_host_live); a command becomes the answer to one poll, i.e.
 * an EMU_INPUT_BALLOON_TARGET or EMU_INPUT_BALLOON_STATS input at that
 * poll's icount, which a recording gate journals (BALLOON_CMD,
 * BALLOON_STATS_REQ) and a replay delivers again at the same icount
 * without any of this. Nothing here runs inside cpu_run, and nothing here
 * changes the guest except through those answers; reading the balloon's
 * state (virt_balloon_info) has no effect on it.
 *
 * Order at a poll point: console commands, then due schedule actions (time
 * actions, then icount actions), then the periodic stats request, then
 * control socket requests (one line per answer, replies in request
 * order), then the machine's other inputs (timers, UART) from
 * virt_host_live.
 */
#ifndef E2K_TOOLS_E2K_RR_BALLOON_CTL_H
#define E2K_TOOLS_E2K_RR_BALLOON_CTL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/hooks.h"
#include "tools/e2k-rr/balloon_script.h"

struct machine;
struct virt_host;
struct bctl;

struct bctl_opts {
    const struct bscript *schedule; /* copied; NULL = none */
    uint64_t stats_interval_ns;     /* periodic stats requests (0 = none) */
    uint64_t ram_bytes;             /* guest RAM: larger targets refused */
    const char *control;            /* "unix:PATH" to listen on, or NULL */
    struct virt_host *host;         /* performer of all other requests
                                       (borrowed) */
};

/* 0, or -1 with a one-line reason in err (bad schedule, socket error). */
int bctl_new(struct bctl **out, const struct bctl_opts *o, char *err, size_t errlen);
void bctl_free(struct bctl *c); /* NULL ok; closes and removes the socket */

/* The machine whose balloon requests report on (borrowed). */
void bctl_attach(struct bctl *c, struct machine *m);

/* emu_host_call_fn (opaque = struct bctl *): the host performer. */
int bctl_host_call(void *opaque, const struct emu_host_req *req, struct emu_host_resp *resp);

/* Queue "target = bytes" (a 4 KiB multiple) for the next poll point: the
 * console's `balloon SIZE` in a live session. 0, or -1 with a reason. */
int bctl_set_target(struct bctl *c, uint64_t bytes, char *err, size_t errlen);
/* The same with con.balloon_set's signature (ctx = struct bctl *). */
int bctl_console_set(void *ctx, uint64_t bytes, char *err, size_t errlen);

/* Commands delivered so far (all sources), for messages and tests. */
uint64_t bctl_commands(const struct bctl *c);

#endif
