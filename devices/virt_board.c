/*
 * virt_board.c — the virt machine's devices on its bus (virt_board.h):
 * construction and wiring, the board operations the machine calls
 * (emu/machine_virt.h struct virt_board_ops), device events, and the
 * board's saved state.
 */
#include "devices/virt_board.h"

#include <stdlib.h>
#include <string.h>

#include "devices/pic.h"
#include "devices/rtc.h"
#include "devices/sysctl.h"
#include "devices/timer.h"
#include "devices/uart.h"
#include "emu/bus.h"
#include "emu/hooks.h"
#include "emu/irq.h"
#include "emu/machine.h"
#include "emu/machine_virt.h"

#define BOARD_STATE_MAGIC 0x44524256u /* "VBRD" */
#define BOARD_STATE_VERSION 1
#define N_DEVS 6 /* pic, timer0, timer1, rtc, uart0, sysctl (+ balloon) */

struct virt_board {
    struct machine *m;
    struct virt_board_config cfg;
    unsigned clock;                    /* enum virt_clock */
    struct irq_line irq[PIC_NUM_LINES]; /* device outputs -> PIC inputs */
    struct pic *pic;
    struct timer *timer[2];
    struct rtc *rtc;
    struct uart *uart;
    struct sysctl *sysctl;
    struct balloon *balloon;
};

/* ---- clocks, output, events ---------------------------------------------------- */

static uint64_t clock_virtual(void *opaque)
{
    struct virt_board *b = opaque;
    return virt_clock_virtual(b->m);
}

static uint64_t clock_host_mono(void *opaque)
{
    struct virt_board *b = opaque;
    return virt_clock_host(b->m, VIRT_CLOCK_ID_MONOTONIC);
}

static uint64_t clock_host_wall(void *opaque)
{
    struct virt_board *b = opaque;
    return virt_clock_host(b->m, VIRT_CLOCK_ID_REALTIME);
}

static void uart_out(void *opaque, const uint8_t *data, size_t len)
{
    struct virt_board *b = opaque;
    if (b->cfg.mute_output)
        return;
    FILE *f = b->cfg.out ? b->cfg.out : stdout;
    fwrite(data, 1, len, f);
    fflush(f);
}

static void on_event(void *opaque, const struct dev_event *ev)
{
    struct virt_board *b = opaque;
    struct emu_dev_event e;
    memset(&e, 0, sizeof e);
    e.a = ev->a;
    e.b = ev->b;
    e.c = ev->c;
    switch (ev->kind) {
    case DEV_EV_TIMER_ARM: {
        unsigned idx = ev->dev && !strcmp(ev->dev, "timer1") ? VIRT_T_TIMER1
                       : ev->dev && !strcmp(ev->dev, "rtc")  ? VIRT_T_RTC
                                                             : VIRT_T_TIMER0;
        int host = idx == VIRT_T_RTC ? ev->b == RTC_CLOCK_HOST
                                     : ev->b == TIMER_CLOCK_HOST;
        if (host)
            virt_host_deadline(b->m, idx, ev->a);
        else
            virt_deadline_changed(b->m);
        return;
    }
    case DEV_EV_POWER_OFF:
        virt_power_off(b->m, (int)ev->a);
        return;
    case DEV_EV_RESET:
        virt_request_reset(b->m);
        return;
    case DEV_EV_PANIC:
        e.kind = EMU_DEV_PANIC;
        e.msg = ev->msg;
        e.msg_len = ev->msg_len;
        break;
    case DEV_EV_BALLOON_INFLATE:
    case DEV_EV_BALLOON_DEFLATE:
        e.kind = ev->kind == DEV_EV_BALLOON_INFLATE ? EMU_DEV_BALLOON_INFLATE
                                                    : EMU_DEV_BALLOON_DEFLATE;
        e.pfns = ev->pfns;
        e.n_pfns = ev->n_pfns;
        break;
    case DEV_EV_BALLOON_VIOLATION:
        e.kind = EMU_DEV_BALLOON_VIOLATION;
        break;
    case DEV_EV_OOM_KILL:
        e.kind = EMU_DEV_OOM_KILL;
        e.msg = ev->msg;
        e.msg_len = ev->msg_len;
        break;
    case DEV_EV_BALLOON_STATS:
        e.kind = EMU_DEV_BALLOON_STATS;
        e.stats = ev->stats;
        e.n_stats = ev->n_stats;
        break;
    case DEV_EV_VIRTIO_ERROR: {
        const struct virt_config *vc = virt_config_of(b->m);
        FILE *f = vc && vc->log ? vc->log : stderr;
        fprintf(f, "e2k-rr: %s: device needs reset: %.*s\n",
                ev->dev ? ev->dev : "virtio", (int)ev->msg_len,
                ev->msg ? ev->msg : "");
        return;
    }
    default:
        return;
    }
    virt_emit(b->m, &e);
}

/* An empty virtio-mmio slot: magic and version, device id 0 (virtio spec
 * v1.2 §4.2.2: "no device"), everything else 0. */
static uint64_t empty_slot_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque;
    if (size != 4)
        return 0;
    if (off == VIRTIO_MMIO_MAGIC_VALUE)
        return VIRTIO_MMIO_MAGIC;
    if (off == VIRTIO_MMIO_VERSION)
        return VIRTIO_MMIO_VERSION_2;
    if (off == VIRTIO_MMIO_VENDOR_ID)
        return VMMIO_VENDOR_ID;
    return 0;
}

/* ---- board operations ---------------------------------------------------------- */

static void b_poll(void *opaque, uint64_t now)
{
    struct virt_board *b = opaque;
    (void)now; /* the timers read the same clock themselves */
    timer_poll(b->timer[0]);
    timer_poll(b->timer[1]);
}

static uint64_t b_next_deadline(void *opaque)
{
    struct virt_board *b = opaque;
    uint64_t best = UINT64_MAX, d;
    for (int i = 0; i < 2; i++)
        if (b->timer[i]->cfg.clock_kind == TIMER_CLOCK_VIRTUAL &&
            timer_deadline(b->timer[i], &d) && d < best)
            best = d;
    return best;
}

static size_t b_uart_space(void *opaque)
{
    struct virt_board *b = opaque;
    return uart_rx_space(b->uart);
}

static void b_input(void *opaque, unsigned kind, uint64_t val,
                    const uint8_t *data, size_t len)
{
    struct virt_board *b = opaque;
    switch (kind) {
    case EMU_INPUT_UART:
        uart_input(b->uart, data, len);
        break;
    case EMU_INPUT_TIMER:
        if (val == VIRT_T_RTC)
            rtc_expire(b->rtc);
        else if (val < 2)
            timer_expire(b->timer[val]);
        break;
    case EMU_INPUT_BALLOON_TARGET:
        if (b->balloon)
            balloon_set_target(b->balloon, (uint32_t)val);
        break;
    case EMU_INPUT_BALLOON_STATS:
        if (b->balloon)
            balloon_request_stats(b->balloon);
        break;
    default:
        break;
    }
}

static int b_has_stats(void *opaque)
{
    struct virt_board *b = opaque;
    return b->balloon && b->cfg.balloon.stats;
}

_Static_assert(VIRT_BALLOON_NSTATS == VIRTIO_BALLOON_S_NR,
               "virt_balloon_info carries every stats tag");

static int b_balloon_info(void *opaque, struct virt_balloon_info *out)
{
    struct virt_board *b = opaque;
    const struct balloon *bl = b->balloon;
    if (!bl)
        return -1;
    out->target_pages = bl->num_pages;
    out->actual_pages = bl->actual;
    out->held_pages = bl->pages;
    out->stats_on = b->cfg.balloon.stats;
    out->deflate_on_oom = b->cfg.balloon.deflate_on_oom;
    out->stats_valid = bl->stats_valid;
    memcpy(out->stats, bl->stats, sizeof out->stats);
    return 0;
}

static uint64_t b_heartbeat_ns(void *opaque)
{
    struct virt_board *b = opaque;
    uint64_t t = sysctl_heartbeat_ns(b->sysctl);
    return t == SYSCTL_NO_HEARTBEAT ? UINT64_MAX : t;
}

static void desc(struct virt_dev_desc *d, const char *name, uint64_t base,
                 uint64_t size, uint32_t irq, uint32_t id)
{
    memset(d, 0, sizeof *d);
    strncpy(d->name, name, sizeof d->name - 1);
    d->base = base;
    d->size = size;
    d->irq = irq;
    d->id = id;
}

static unsigned b_devices(void *opaque, struct virt_dev_desc *out,
                          unsigned max)
{
    struct virt_board *b = opaque;
    struct virt_dev_desc t[8];
    unsigned n = 0;
    desc(&t[n++], "sysctl", VB_SYSCTL_BASE, SYSCTL_MMIO_SIZE, 0,
         SYSCTL_ID_VALUE);
    desc(&t[n++], "pic", VB_PIC_BASE, PIC_MMIO_SIZE, 0, PIC_ID_VALUE);
    desc(&t[n++], "uart0", VB_UART0_BASE, UART_MMIO_SIZE, VB_IRQ_UART0, 0);
    desc(&t[n++], "timer0", VB_TIMER0_BASE, TIMER_MMIO_SIZE, VB_IRQ_TIMER0,
         TIMER_ID_VALUE);
    desc(&t[n++], "timer1", VB_TIMER1_BASE, TIMER_MMIO_SIZE, VB_IRQ_TIMER1,
         TIMER_ID_VALUE);
    desc(&t[n++], "rtc", VB_RTC_BASE, RTC_MMIO_SIZE, VB_IRQ_RTC, 0);
    if (b->balloon)
        desc(&t[n++], "virtio-balloon", VB_VIRTIO_BASE, VMMIO_SIZE,
             VB_IRQ_VIRTIO0, VIRTIO_ID_BALLOON);
    if (n > max)
        n = max;
    memcpy(out, t, n * sizeof *t);
    return n;
}

static void b_reset(void *opaque)
{
    struct virt_board *b = opaque;
    pic_reset(b->pic);
    timer_reset(b->timer[0]);
    timer_reset(b->timer[1]);
    rtc_reset(b->rtc);
    uart_reset(b->uart);
    sysctl_reset(b->sysctl);
    if (b->balloon)
        balloon_reset(b->balloon);
}

/* The devices in save order, with their ops. */
static unsigned dev_list(struct virt_board *b, void **dev,
                         const struct dev_ops **ops)
{
    unsigned n = 0;
    dev[n] = b->pic, ops[n++] = &pic_dev_ops;
    dev[n] = b->timer[0], ops[n++] = &timer_dev_ops;
    dev[n] = b->timer[1], ops[n++] = &timer_dev_ops;
    dev[n] = b->rtc, ops[n++] = &rtc_dev_ops;
    dev[n] = b->uart, ops[n++] = &uart_dev_ops;
    dev[n] = b->sysctl, ops[n++] = &sysctl_dev_ops;
    if (b->balloon)
        dev[n] = b->balloon, ops[n++] = &balloon_dev_ops;
    return n;
}

/* State: magic, version, device count, then per device a length and the
 * device's own saved state (docs/virt-machine.md §6). */
static int b_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    struct virt_board *b = opaque;
    void *dev[N_DEVS + 1];
    const struct dev_ops *ops[N_DEVS + 1];
    unsigned n = dev_list(b, dev, ops);
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, BOARD_STATE_MAGIC, BOARD_STATE_VERSION);
    dev_sw_u32(&w, n);
    for (unsigned i = 0; i < n; i++) {
        size_t need = 0;
        ops[i]->save(dev[i], NULL, 0, &need);
        uint8_t *tmp = malloc(need ? need : 1);
        if (!tmp)
            return DEV_E_NOMEM;
        size_t got = 0;
        ops[i]->save(dev[i], tmp, need, &got);
        dev_sw_u32(&w, (uint32_t)got);
        dev_sw_bytes(&w, tmp, got);
        free(tmp);
    }
    return dev_sw_finish(&w, len);
}

static int load_all(struct virt_board *b, const uint8_t *buf, size_t len)
{
    void *dev[N_DEVS + 1];
    const struct dev_ops *ops[N_DEVS + 1];
    unsigned n = dev_list(b, dev, ops);
    struct dev_sr r;
    dev_sr_init(&r, buf, len, BOARD_STATE_MAGIC, BOARD_STATE_VERSION);
    dev_sr_check(&r, dev_sr_u32(&r) == n);
    for (unsigned i = 0; i < n && !r.bad; i++) {
        uint32_t dl = dev_sr_u32(&r);
        dev_sr_check(&r, !r.bad && dl <= r.len - r.off);
        if (r.bad || ops[i]->load(dev[i], r.buf + r.off, dl))
            return DEV_E_STATE;
        r.off += dl;
    }
    return dev_sr_finish(&r);
}

/* All or nothing: on a bad buffer the devices loaded before the bad part
 * get their previous state back. */
static int b_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct virt_board *b = opaque;
    size_t old_len = 0;
    b_save(b, NULL, 0, &old_len);
    uint8_t *old = malloc(old_len ? old_len : 1);
    if (!old || b_save(b, old, old_len, &old_len) != 0) {
        free(old);
        return DEV_E_NOMEM;
    }
    int rc = load_all(b, buf, len);
    if (rc)
        load_all(b, old, old_len);
    free(old);
    return rc;
}

static void b_free(void *opaque)
{
    struct virt_board *b = opaque;
    if (!b)
        return;
    balloon_free(b->balloon);
    sysctl_free(b->sysctl);
    uart_free(b->uart);
    rtc_free(b->rtc);
    timer_free(b->timer[1]);
    timer_free(b->timer[0]);
    pic_free(b->pic);
    free(b);
}

static const struct virt_board_ops kBoardOps = {
    .poll = b_poll,
    .next_deadline = b_next_deadline,
    .uart_space = b_uart_space,
    .input = b_input,
    .has_balloon_stats = b_has_stats,
    .balloon_info = b_balloon_info,
    .devices = b_devices,
    .reset = b_reset,
    .save = b_save,
    .load = b_load,
    .free = b_free,
    .heartbeat_ns = b_heartbeat_ns,
};

/* ---- construction --------------------------------------------------------------- */

static int fail(char *err, size_t errlen, const char *what)
{
    if (err && errlen)
        snprintf(err, errlen, "virt board: %s", what);
    return -1;
}

int virt_board_attach(struct machine *m, const struct virt_board_config *cfg,
                      char *err, size_t errlen)
{
    struct bus *bus = virt_bus(m);
    const struct virt_config *vc = virt_config_of(m);
    if (!bus || !vc)
        return fail(err, errlen, "the machine is not a virt machine");
    struct virt_board *b = calloc(1, sizeof *b);
    if (!b)
        return fail(err, errlen, "out of memory");
    b->m = m;
    if (cfg)
        b->cfg = *cfg;
    else
        balloon_config_default(&b->cfg.balloon);
    b->clock = vc->clock;

    b->pic = pic_new(virt_cpu_irq(m));
    if (!b->pic)
        goto nomem;
    for (unsigned n = 1; n < PIC_NUM_LINES; n++)
        irq_init(&b->irq[n], pic_irq_handler, b->pic, n);
    int host = b->clock == VIRT_CLOCK_HOST;
    static const char *const tname[2] = {"timer0", "timer1"};
    for (int i = 0; i < 2; i++) {
        struct timer_config tc = {
            .name = tname[i],
            .clock_kind = host ? TIMER_CLOCK_HOST : TIMER_CLOCK_VIRTUAL,
            .clock = host ? clock_host_mono : clock_virtual,
            .clock_opaque = b,
            .irq = &b->irq[i ? VB_IRQ_TIMER1 : VB_IRQ_TIMER0],
            .event = on_event,
            .event_opaque = b,
        };
        b->timer[i] = timer_new(&tc);
        if (!b->timer[i])
            goto nomem;
    }
    struct rtc_config rc = {
        .name = "rtc",
        .clock_kind = RTC_CLOCK_HOST, /* the RTC always reads host time */
        .clock = clock_host_wall,
        .clock_opaque = b,
        .irq = &b->irq[VB_IRQ_RTC],
        .event = on_event,
        .event_opaque = b,
    };
    struct uart_config uc = {
        .name = "uart0",
        .reg_shift = 0,
        .output = uart_out,
        .output_opaque = b,
        .irq = &b->irq[VB_IRQ_UART0],
    };
    struct sysctl_config sc = {
        .name = "sysctl", .bus = bus, .event = on_event, .event_opaque = b,
        .clock = clock_virtual, .clock_opaque = b, /* heartbeats: always
                                                       virtual time */
    };
    b->rtc = rtc_new(&rc);
    b->uart = uart_new(&uc);
    b->sysctl = sysctl_new(&sc);
    if (!b->rtc || !b->uart || !b->sysctl)
        goto nomem;
    if (!b->cfg.no_balloon) {
        struct balloon_params bp = {
            .name = "balloon0",
            .cfg = b->cfg.balloon,
            .bus = bus,
            .irq = &b->irq[VB_IRQ_VIRTIO0],
            .event = on_event,
            .event_opaque = b,
        };
        b->balloon = balloon_new(&bp);
        if (!b->balloon)
            goto nomem;
    }
    int r = 0;
    r |= bus_map_mmio(bus, VB_SYSCTL_BASE, SYSCTL_MMIO_SIZE, sysctl_read,
                      sysctl_write, b->sysctl, "sysctl");
    r |= bus_map_mmio(bus, VB_PIC_BASE, PIC_MMIO_SIZE, pic_read, pic_write,
                      b->pic, "pic");
    r |= bus_map_mmio(bus, VB_UART0_BASE, UART_MMIO_SIZE, uart_read,
                      uart_write, b->uart, "uart0");
    r |= bus_map_mmio(bus, VB_TIMER0_BASE, TIMER_MMIO_SIZE, timer_read,
                      timer_write, b->timer[0], "timer0");
    r |= bus_map_mmio(bus, VB_TIMER1_BASE, TIMER_MMIO_SIZE, timer_read,
                      timer_write, b->timer[1], "timer1");
    r |= bus_map_mmio(bus, VB_RTC_BASE, RTC_MMIO_SIZE, rtc_read, rtc_write,
                      b->rtc, "rtc");
    for (unsigned s = 0; s < VB_VIRTIO_SLOTS; s++) {
        uint64_t base = VB_VIRTIO_BASE + s * VB_VIRTIO_STRIDE;
        if (s == 0 && b->balloon)
            r |= bus_map_mmio(bus, base, VMMIO_SIZE, balloon_read,
                              balloon_write, b->balloon, "virtio-balloon");
        else
            r |= bus_map_mmio(bus, base, VMMIO_SIZE, empty_slot_read, NULL,
                              NULL, "virtio-empty");
    }
    if (r) {
        b_free(b);
        return fail(err, errlen, "cannot map the devices on the bus");
    }
    virt_attach_board(m, b, &kBoardOps);
    return 0;
nomem:
    b_free(b);
    return fail(err, errlen, "out of memory creating the devices");
}
