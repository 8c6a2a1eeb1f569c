/*
 * sysctl.c — the system controller (registers in sysctl.h). It holds no
 * policy: power-off, reset, panic and OOM kills are reported as events and
 * the machine decides what they mean for the run; heartbeats are only
 * stamped (the machine's hang detector reads the stamp).
 */
#include "devices/sysctl.h"

#include <stdlib.h>
#include <string.h>

#include "emu/bus.h"

#define SYSCTL_STATE_MAGIC 0x4c435345u /* "ESCL" */
#define SYSCTL_STATE_VERSION 2 /* 2: heartbeat, OOM kills */

const struct dev_ops sysctl_dev_ops = {"sysctl", sysctl_read, sysctl_write,
                                       sysctl_reset, sysctl_save,
                                       sysctl_load};

void sysctl_reset(void *opaque)
{
    struct sysctl *s = opaque;
    s->panic_msg = 0;
    s->panic_msg_len = s->panic_count = 0;
    s->heartbeat = s->oom_pages = s->oom_kills = 0;
    s->heartbeat_ns = SYSCTL_NO_HEARTBEAT;
    /* exit_status survives: it is how a reset-and-retry loop reports. */
}

uint64_t sysctl_heartbeat_ns(const struct sysctl *s)
{
    return s->heartbeat_ns;
}

struct sysctl *sysctl_new(const struct sysctl_config *cfg)
{
    if (!cfg)
        return NULL;
    struct sysctl *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->cfg = *cfg;
    sysctl_reset(s);
    return s;
}

void sysctl_free(struct sysctl *s)
{
    free(s);
}

uint64_t sysctl_read(void *opaque, uint64_t offset, unsigned size)
{
    const struct sysctl *s = opaque;
    if (size != 4 || (offset & 3))
        return 0;
    switch (offset) {
    case SYSCTL_REG_ID: return SYSCTL_ID_VALUE;
    case SYSCTL_REG_PANIC_MSG_LO: return (uint32_t)s->panic_msg;
    case SYSCTL_REG_PANIC_MSG_HI: return (uint32_t)(s->panic_msg >> 32);
    case SYSCTL_REG_PANIC_MSG_LEN: return s->panic_msg_len;
    case SYSCTL_REG_EXIT_STATUS: return s->exit_status;
    case SYSCTL_REG_PANIC_COUNT: return s->panic_count;
    case SYSCTL_REG_HEARTBEAT: return s->heartbeat;
    case SYSCTL_REG_OOM_KILL: return s->oom_kills;
    case SYSCTL_REG_OOM_PAGES: return s->oom_pages;
    default: return 0;
    }
}

/* Report a panic or an OOM kill with the text the message registers
 * point at (read from RAM, cut at the first NUL; ev.c = 1 if outside). */
static void report(struct sysctl *s, struct dev_event *ev, uint32_t kind)
{
    char msg[SYSCTL_PANIC_MSG_MAX];
    size_t n = s->panic_msg_len < sizeof msg ? s->panic_msg_len : sizeof msg;
    if (n && (!s->cfg.bus || bus_ram_read(s->cfg.bus, s->panic_msg, msg, n))) {
        ev->c = 1; /* message outside RAM: report without it */
        n = 0;
    }
    const char *nul = n ? memchr(msg, 0, n) : NULL;
    ev->msg = msg;
    ev->msg_len = nul ? (size_t)(nul - msg) : n;
    dev_emit(s->cfg.event, s->cfg.event_opaque, s->cfg.name, ev, kind);
}

static void panic(struct sysctl *s, uint32_t code)
{
    struct dev_event ev = {0};
    if (s->panic_count != UINT32_MAX)
        s->panic_count++;
    ev.a = code;
    report(s, &ev, DEV_EV_PANIC);
}

static void oom_kill(struct sysctl *s, uint32_t task)
{
    struct dev_event ev = {0};
    if (s->oom_kills != UINT32_MAX)
        s->oom_kills++;
    ev.a = task;
    ev.b = s->oom_pages;
    report(s, &ev, DEV_EV_OOM_KILL);
}

/* A heartbeat with a new value is progress (the same value again is not:
 * a guest that is stuck may still write it). */
static void heartbeat(struct sysctl *s, uint32_t v)
{
    if (s->heartbeat_ns != SYSCTL_NO_HEARTBEAT && v == s->heartbeat)
        return;
    s->heartbeat = v;
    s->heartbeat_ns = s->cfg.clock ? s->cfg.clock(s->cfg.clock_opaque) : 0;
    if (s->heartbeat_ns == SYSCTL_NO_HEARTBEAT)
        s->heartbeat_ns--;
}

void sysctl_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    struct sysctl *s = opaque;
    uint32_t v = (uint32_t)val;
    struct dev_event ev = {0};
    if (size != 4 || (offset & 3))
        return;
    switch (offset) {
    case SYSCTL_REG_POWER_OFF:
        s->exit_status = v;
        ev.a = v;
        dev_emit(s->cfg.event, s->cfg.event_opaque, s->cfg.name, &ev,
                 DEV_EV_POWER_OFF);
        break;
    case SYSCTL_REG_RESET:
        dev_emit(s->cfg.event, s->cfg.event_opaque, s->cfg.name, &ev,
                 DEV_EV_RESET);
        break;
    case SYSCTL_REG_PANIC: panic(s, v); break;
    case SYSCTL_REG_PANIC_MSG_LO:
        s->panic_msg = (s->panic_msg & ~0xffffffffull) | v;
        break;
    case SYSCTL_REG_PANIC_MSG_HI:
        s->panic_msg = (s->panic_msg & 0xffffffffull) | (uint64_t)v << 32;
        break;
    case SYSCTL_REG_PANIC_MSG_LEN: s->panic_msg_len = v; break;
    case SYSCTL_REG_HEARTBEAT: heartbeat(s, v); break;
    case SYSCTL_REG_OOM_KILL: oom_kill(s, v); break;
    case SYSCTL_REG_OOM_PAGES: s->oom_pages = v; break;
    default: break;
    }
}

int sysctl_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct sysctl *s = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, SYSCTL_STATE_MAGIC, SYSCTL_STATE_VERSION);
    dev_sw_u64(&w, s->panic_msg);
    dev_sw_u32(&w, s->panic_msg_len);
    dev_sw_u32(&w, s->exit_status);
    dev_sw_u32(&w, s->panic_count);
    dev_sw_u32(&w, s->heartbeat);
    dev_sw_u64(&w, s->heartbeat_ns);
    dev_sw_u32(&w, s->oom_pages);
    dev_sw_u32(&w, s->oom_kills);
    return dev_sw_finish(&w, len);
}

int sysctl_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct sysctl *s = opaque, n = *s;
    struct dev_sr r;
    dev_sr_init(&r, buf, len, SYSCTL_STATE_MAGIC, SYSCTL_STATE_VERSION);
    n.panic_msg = dev_sr_u64(&r);
    n.panic_msg_len = dev_sr_u32(&r);
    n.exit_status = dev_sr_u32(&r);
    n.panic_count = dev_sr_u32(&r);
    n.heartbeat = dev_sr_u32(&r);
    n.heartbeat_ns = dev_sr_u64(&r);
    n.oom_pages = dev_sr_u32(&r);
    n.oom_kills = dev_sr_u32(&r);
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    *s = n;
    return 0;
}
