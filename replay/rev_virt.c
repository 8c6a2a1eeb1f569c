/*
 * rev_virt.c — what a reverse-execution session (rev.h) does differently
 * for each kind of machine: running it (lnx_run or virt_run), its exit,
 * whether it stands at a canonical position (rev_internal.h), and for the
 * virt machine opening its journal, its checkpoint parts and its UART
 * output (docs/debugging.md §7.8).
 *
 * A virt machine is built by the code `e2k-rr replay` uses
 * (sess_virt_machine), with the session's hooks in front of the gate's. A
 * checkpoint holds, besides CPU and RAM (guest memory, DMA writes included:
 * the bus announces them through mem_note_write), the gate's journal
 * position (rev.c), the device state (virt_save_devices: every device's
 * registers, FIFOs, timers, the balloon's queues and its ballooned-page
 * markers) and the machine's own run-loop state (virt_state_save:
 * power-off, poll schedule, host-clock deadlines), registered in that
 * order: the devices' loads re-drive interrupt lines and re-announce
 * deadlines, then the machine's fields are put back exactly.
 */
#include "replay/rev.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>

#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "replay/ckpt.h"
#include "replay/rev_internal.h"

/* ---- the virt machine's checkpoint parts ---- */

static int dev_part_save(void *opaque, struct machine *m, struct ckpt_blob *out)
{
    (void)opaque;
    size_t len = 0;
    virt_save_devices(m, NULL, 0, &len); /* the size */
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf)
        return CKPT_E_NOMEM;
    size_t got = 0;
    int rc = virt_save_devices(m, buf, len, &got) ? CKPT_E_PART : ckpt_blob_put(out, buf, got);
    free(buf);
    return rc;
}

static int dev_part_load(void *opaque, struct machine *m, const uint8_t *data, size_t len)
{
    (void)opaque;
    return virt_load_devices(m, data, len) ? CKPT_E_PART : 0;
}

static int virt_part_save(void *opaque, struct machine *m, struct ckpt_blob *out)
{
    (void)opaque;
    uint8_t buf[256];
    size_t n = virt_state_bytes(m);
    if (!n || n > sizeof buf || virt_state_save(m, buf, n))
        return CKPT_E_PART;
    return ckpt_blob_put(out, buf, n);
}

static int virt_part_load(void *opaque, struct machine *m, const uint8_t *data, size_t len)
{
    (void)opaque;
    return virt_state_load(m, data, len) ? CKPT_E_PART : 0;
}

int rev_virt_parts(struct rev_session *s)
{
    return ckpt_add_part(s->ck, "devices", dev_part_save, dev_part_load, s) ||
           ckpt_add_part(s->ck, "virt", virt_part_save, virt_part_load, s);
}

/* ---- opening a virt journal ---- */

/* The board's UART stream (fopencookie): bytes written by bundles the
 * replay has not passed before go to stdout. */
static ssize_t uart_write(void *cookie, const char *buf, size_t len)
{
    struct rev_session *s = cookie;
    uint64_t ic = s->m ? s->m->cpu.icount : 0;
    if (ic >= s->uart_next && len) {
        fwrite(buf, 1, len, stdout);
        fflush(stdout);
        s->uart_next = ic + 1;
    }
    return (ssize_t)len;
}

/* A virt journal: the machine built as `e2k-rr replay` builds it. */
int rev_open_virt(struct rev_session *s, const struct rev_opts *o, struct rev_err *err)
{
    s->virt = 1;
    s->jck_state = -1; /* journal checkpoints hold no device state */
    if (o->emit_output) {
        cookie_io_functions_t io = {.write = uart_write};
        s->uart_out = fopencookie(s, "w", io);
        if (!s->uart_out)
            return rev_fail(err, REV_E_NOMEM, "out of memory");
        setvbuf(s->uart_out, NULL, _IONBF, 0);
    }
    struct sess_replay_opts so = {.journal = o->journal, .emit_output = o->emit_output,
                                  .log = s->null_log, .virt_build = o->virt_build,
                                  .virt_opaque = o->virt_opaque};
    char msg[512];
    int rc = sess_virt_machine(&so, s->r, s->uart_out, rev_install_hooks, s, &s->m, &s->g,
                               msg, sizeof msg);
    if (rc != SESS_OK)
        return rev_fail(err, o->virt_build ? REV_E_JOURNAL : REV_E_NOTSUP, "%s", msg);
    return 0;
}

/* ---- per machine kind ---- */

int rev_canonical(const struct rev_session *s)
{
    if (s->virt)
        return virt_canonical(s->m);
    return !lnx_exception_at(s->m, s->m->cpu.icount);
}

int rev_exited(const struct rev_session *s, int *status)
{
    return s->virt ? virt_exited(s->m, status) : lnx_exited(s->m, status);
}

int rev_mach_run(struct rev_session *s, uint64_t limit, char *msg, size_t msglen)
{
    int status = 0;
    if (s->virt) {
        struct virt_err ve = {0};
        int r = virt_run(s->m, limit, &status, &ve);
        if (r < 0) {
            snprintf(msg, msglen, "%s", ve.msg);
            return r;
        }
        return r == VIRT_RUN_EXITED  ? LNX_RUN_EXITED
               : r == VIRT_RUN_LIMIT ? LNX_RUN_LIMIT
                                     : LNX_RUN_STOPPED;
    }
    struct lnx_err le = {0};
    int r = lnx_run(s->m, limit, &status, &le);
    if (r < 0)
        snprintf(msg, msglen, "%s", le.msg);
    return r;
}
