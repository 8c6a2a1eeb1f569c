/*
 * sysctl.h — the system controller: power-off with an exit status, system
 * reset, and a panic register the guest kernel writes when it panics.
 *
 * The device only reports: each write becomes an event (DEV_EV_POWER_OFF,
 * DEV_EV_RESET, DEV_EV_PANIC) and the machine acts on it (stops the run
 * with the status, resets every device and the CPU, records the panic and
 * possibly stops). The panic message is read from guest RAM through the bus
 * (bounds-checked; at most SYSCTL_PANIC_MSG_MAX bytes, cut at the first
 * NUL), so a guest can pass its panic string without a UART.
 *
 * Registers (32-bit, aligned 4-byte accesses):
 *   SYSCTL_REG_ID           R  SYSCTL_ID_VALUE
 *   SYSCTL_REG_POWER_OFF    W  power off; the value is the exit status
 *   SYSCTL_REG_RESET        W  any value: system reset
 *   SYSCTL_REG_PANIC        W  panic; the value is a panic code
 *   SYSCTL_REG_PANIC_MSG_LO RW guest-physical address of the message
 *   SYSCTL_REG_PANIC_MSG_HI RW
 *   SYSCTL_REG_PANIC_MSG_LEN RW message length in bytes (0: no message)
 *   SYSCTL_REG_EXIT_STATUS  R  last power-off status
 *   SYSCTL_REG_PANIC_COUNT  R  panics reported since reset
 *   SYSCTL_REG_HEARTBEAT    RW the guest's progress counter (e.g. the tick
 *                              count its scheduler has seen); a write of a
 *                              new value is progress, stamped with the
 *                              virtual clock (sysctl_heartbeat_ns): the
 *                              machine's hang detector watches it
 *   SYSCTL_REG_OOM_KILL     W  the guest's OOM killer killed the task with
 *                              this id (DEV_EV_OOM_KILL, with
 *                              SYSCTL_REG_OOM_PAGES and the message
 *                              registers as its name)
 *                           R  OOM kills reported since reset
 *   SYSCTL_REG_OOM_PAGES    RW the size in pages of the next task reported
 * The message registers (PANIC_MSG_*) give the text of a panic or the
 * task name of an OOM kill, whichever is reported next.
 */
#ifndef E2K_DEVICES_SYSCTL_H
#define E2K_DEVICES_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "devices/dev.h"

struct bus;

#define SYSCTL_MMIO_SIZE 0x1000
#define SYSCTL_ID_VALUE 0x4c435345u /* "ESCL" */
#define SYSCTL_PANIC_MSG_MAX 512

#define SYSCTL_REG_ID 0x00
#define SYSCTL_REG_POWER_OFF 0x04
#define SYSCTL_REG_RESET 0x08
#define SYSCTL_REG_PANIC 0x0c
#define SYSCTL_REG_PANIC_MSG_LO 0x10
#define SYSCTL_REG_PANIC_MSG_HI 0x14
#define SYSCTL_REG_PANIC_MSG_LEN 0x18
#define SYSCTL_REG_EXIT_STATUS 0x1c
#define SYSCTL_REG_PANIC_COUNT 0x20
#define SYSCTL_REG_HEARTBEAT 0x24
#define SYSCTL_REG_OOM_KILL 0x28
#define SYSCTL_REG_OOM_PAGES 0x2c
#define SYSCTL_NO_HEARTBEAT UINT64_MAX /* sysctl_heartbeat_ns: none yet */

struct sysctl_config {
    const char *name;
    struct bus *bus;        /* for the panic message, borrowed */
    dev_event_fn event;     /* the machine's handler */
    void *event_opaque;
    dev_clock_fn clock;     /* virtual clock for heartbeats (NULL: 0) */
    void *clock_opaque;
};

struct sysctl {
    struct sysctl_config cfg; /* configuration (not saved) */
    uint64_t panic_msg;       /* PANIC_MSG_LO/HI */
    uint32_t panic_msg_len;   /* PANIC_MSG_LEN */
    uint32_t exit_status;     /* EXIT_STATUS */
    uint32_t panic_count;     /* PANIC_COUNT */
    uint32_t heartbeat;       /* HEARTBEAT */
    uint64_t heartbeat_ns;    /* virtual time it last changed, or
                                 SYSCTL_NO_HEARTBEAT */
    uint32_t oom_pages;       /* OOM_PAGES */
    uint32_t oom_kills;       /* OOM_KILL reads */
};

struct sysctl *sysctl_new(const struct sysctl_config *cfg);
void sysctl_free(struct sysctl *s);

/* Virtual time (ns) of the guest's last heartbeat progress, or
 * SYSCTL_NO_HEARTBEAT if it has not written one since reset. */
uint64_t sysctl_heartbeat_ns(const struct sysctl *s);

/* The uniform device interface (dev.h); opaque = struct sysctl. */
uint64_t sysctl_read(void *opaque, uint64_t offset, unsigned size);
void sysctl_write(void *opaque, uint64_t offset, uint64_t val, unsigned size);
void sysctl_reset(void *opaque);
int sysctl_save(void *opaque, uint8_t *buf, size_t cap, size_t *len);
int sysctl_load(void *opaque, const uint8_t *buf, size_t len);
extern const struct dev_ops sysctl_dev_ops;

#endif
