/*
 * dev.h — what every device model shares: the uniform device interface
 * (read/write/reset/save/load), the machine-supplied clock and event
 * callbacks, error codes, and the versioned state-buffer helpers used by
 * every save/load.
 *
 * Rules every device follows (style.md, docs/virt-machine.md):
 *   - Devices never read host time, randomness or files. Time comes from a
 *     dev_clock_fn the machine supplies (virtual: derived from icount;
 *     host: read through the gate, so it is journaled). Host inputs (UART
 *     bytes, timer expiries on the host clock, balloon commands) arrive via
 *     explicit API calls the machine makes, so replay can make the same
 *     calls at the recorded icount.
 *   - Guest-triggered outputs worth tracing leave through a dev_event_fn.
 *     The device does not know the icount; the machine stamps events.
 *   - save() writes the complete guest-visible state, behind a magic and a
 *     version; load() rejects any other magic or version, a truncated or
 *     oversized buffer, or out-of-range values, and then leaves the device
 *     unchanged.
 *
 * UNSURE: the event callback and its kinds are a local stand-in for a
 * "device event" hook in emu/hooks.h (proposed to the emu/ owner); the
 * kinds map onto replay/jrnl_kinds.def as noted per kind.
 */
#ifndef E2K_DEVICES_DEV_H
#define E2K_DEVICES_DEV_H

#include <stddef.h>
#include <stdint.h>

/* Errors (negative). */
enum dev_error {
    DEV_OK = 0,
    DEV_E_INVAL = -1,   /* bad argument or configuration */
    DEV_E_NOSPACE = -2, /* save buffer too small (*len says how much) */
    DEV_E_STATE = -3,   /* load: bad magic, version, size or value */
    DEV_E_NOMEM = -4,   /* host allocation failed */
    DEV_E_BUS = -5      /* bus setup failed */
};
const char *dev_strerror(int code);

/* Current time in nanoseconds on the clock the machine chose for the
 * device (monotonic for timers, since the Unix epoch for the RTC). */
typedef uint64_t (*dev_clock_fn)(void *opaque);

/* Trace events. Fields a/b/c and the pointers mean what each kind says;
 * pointers are borrowed for the duration of the callback. */
enum dev_event_kind {
    DEV_EV_POWER_OFF = 1,    /* sysctl: a = exit status (jrnl: END) */
    DEV_EV_RESET,            /* sysctl: guest asked for a system reset */
    DEV_EV_PANIC,            /* sysctl: a = panic code, msg = message from
                                guest RAM, c = 1 if the message address
                                was outside RAM (jrnl: PANIC) */
    DEV_EV_TIMER_ARM,        /* timer/rtc: deadline changed: a = deadline
                                ns, or DEV_NO_DEADLINE; b = clock kind.
                                For the machine's scheduler, not traces. */
    DEV_EV_VIRTIO_ERROR,     /* virtio: DEVICE_NEEDS_RESET set: a = queue
                                (or DEV_NO_QUEUE), msg = reason */
    DEV_EV_BALLOON_TARGET,   /* a = new num_pages, b = old (host command:
                                jrnl BALLOON_CMD) */
    DEV_EV_BALLOON_INFLATE,  /* pfns/n_pfns as the guest gave them, c =
                                how many were ignored (outside RAM or
                                already in the balloon) (jrnl:
                                BALLOON_INFLATE) */
    DEV_EV_BALLOON_DEFLATE,  /* pfns/n_pfns, a = BALLOON_DEFL_* flags
                                (jrnl: BALLOON_DEFLATE from_oom), c = how
                                many were ignored (not in the balloon) */
    DEV_EV_BALLOON_STATS,    /* stats/n_stats = the device's table after
                                the report (index = tag), a = mask of tags
                                in this report, b = entries in the buffer,
                                c = entries with unknown tags (ignored) */
    DEV_EV_BALLOON_VIOLATION,/* a = guest-physical address, b = pfn,
                                c = BALLOON_VIOL_* flags (jrnl:
                                BALLOON_VIOLATION) */
    DEV_EV_OOM_KILL          /* sysctl: the guest's OOM killer killed a
                                task: a = task id, b = its size in pages,
                                msg = its name from guest RAM (jrnl:
                                OOM_KILL) */
};

#define DEV_NO_DEADLINE UINT64_MAX
#define DEV_NO_QUEUE UINT64_MAX

struct dev_event {
    uint32_t kind;          /* enum dev_event_kind */
    const char *dev;        /* device instance name (from its config) */
    uint64_t a, b, c;       /* kind-specific */
    const uint32_t *pfns;   /* balloon inflate/deflate page numbers */
    size_t n_pfns;
    const uint64_t *stats;  /* balloon stats table, indexed by tag */
    size_t n_stats;
    const char *msg;        /* text (not NUL-terminated), msg_len bytes */
    size_t msg_len;
};

/* Called from inside device operations (MMIO writes, DMA): the handler
 * records or schedules; it must not call back into the emitting device
 * (reset it, load it, write its registers) before returning. */
typedef void (*dev_event_fn)(void *opaque, const struct dev_event *ev);

/* The uniform device interface. read/write are bus_read_fn/bus_write_fn
 * (emu/bus.h). save: writes at most `cap` bytes to buf and the state size
 * to *len; DEV_E_NOSPACE if cap is too small (buf may be NULL to ask for
 * the size). load: 0 or DEV_E_STATE (device unchanged). */
struct dev_ops {
    const char *name;
    uint64_t (*read)(void *dev, uint64_t offset, unsigned size);
    void (*write)(void *dev, uint64_t offset, uint64_t val, unsigned size);
    void (*reset)(void *dev);
    int (*save)(void *dev, uint8_t *buf, size_t cap, size_t *len);
    int (*load)(void *dev, const uint8_t *buf, size_t len);
};

/* State-buffer writer: counts every byte even past `cap`, so one pass
 * yields the needed size. Little-endian. */
struct dev_sw {
    uint8_t *buf;
    size_t cap;
    size_t len;
};
void dev_sw_init(struct dev_sw *w, uint8_t *buf, size_t cap, uint32_t magic,
                 uint32_t version);
void dev_sw_u8(struct dev_sw *w, uint8_t v);
void dev_sw_u16(struct dev_sw *w, uint16_t v);
void dev_sw_u32(struct dev_sw *w, uint32_t v);
void dev_sw_u64(struct dev_sw *w, uint64_t v);
void dev_sw_bytes(struct dev_sw *w, const void *p, size_t n);
/* *len = bytes needed; 0 or DEV_E_NOSPACE. */
int dev_sw_finish(const struct dev_sw *w, size_t *len);

/* State-buffer reader with a sticky error: reads past the end yield 0 and
 * set `bad`. */
struct dev_sr {
    const uint8_t *buf;
    size_t len;
    size_t off;
    int bad;
};
/* Checks the magic and version (bad if they differ). */
void dev_sr_init(struct dev_sr *r, const uint8_t *buf, size_t len,
                 uint32_t magic, uint32_t version);
uint8_t dev_sr_u8(struct dev_sr *r);
uint16_t dev_sr_u16(struct dev_sr *r);
uint32_t dev_sr_u32(struct dev_sr *r);
uint64_t dev_sr_u64(struct dev_sr *r);
void dev_sr_bytes(struct dev_sr *r, void *p, size_t n);
/* Mark the buffer bad if `cond` is false (value range checks). */
void dev_sr_check(struct dev_sr *r, int cond);
/* 0 if nothing was bad and every byte was consumed, else DEV_E_STATE. */
int dev_sr_finish(const struct dev_sr *r);

/* Little-endian helpers for register and buffer contents. */
uint16_t dev_get_le16(const uint8_t *p);
uint32_t dev_get_le32(const uint8_t *p);
uint64_t dev_get_le64(const uint8_t *p);
void dev_put_le32(uint8_t *p, uint32_t v);

/* Emit an event if a callback is set (fills kind and dev). */
void dev_emit(dev_event_fn fn, void *opaque, const char *dev,
              struct dev_event *ev, uint32_t kind);

#endif
