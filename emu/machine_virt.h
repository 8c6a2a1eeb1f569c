/*
 * machine_virt.h — the `virt` machine: an e2k CPU in system mode, guest RAM
 * at physical address 0, an MMIO bus with the devices of
 * docs/virt-machine.md, and a static ELF kernel booted in privileged mode
 * (docs/e2k-system-mode.md §8.6). Machine kind MACH_VIRT.
 *
 * Split of responsibilities (emu/ does not include devices/ headers):
 *   - this file (emu/): RAM, the bus, physical addressing with the MMU off
 *     (the CPU's io callback routes misses to MMIO), the kernel loader and
 *     the boot state, the interrupt line into the CPU, the run loop with its
 *     deterministic poll points, device clocks, and every host input
 *     entering through the machine's hooks (emu/hooks.h);
 *   - the board (devices/virt_board.c): creates the devices, maps them on
 *     virt_bus() at the documented addresses, wires their IRQs to the PIC
 *     and the PIC to virt_cpu_irq(), and hands the machine a table of
 *     operations (struct virt_board_ops) for what only it can do.
 * All guest-visible state is reachable from the machine: CPU and RAM in
 * struct machine, the device state through the board's save/load.
 *
 * Time. Devices read a nanosecond clock from the machine. The virtual clock
 * is icount (one wide instruction = 1 ns, deterministic, not journaled);
 * the host clock is read with a host request (EMU_HOST_CLOCK) through the
 * hooks, so a recording gate journals every value. Host-clock expiries,
 * UART bytes and balloon commands are asynchronous host inputs: the run
 * loop asks for them (EMU_HOST_INPUT, EMU_INPUT_POLL) at every multiple of
 * VIRT_POLL_QUANTUM instructions, and the gate decides what arrives there
 * (record: what the host has now; replay: what the journal says arrived at
 * that icount).
 */
#ifndef E2K_EMU_MACHINE_VIRT_H
#define E2K_EMU_MACHINE_VIRT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;
struct bus;
struct irq_line;
struct emu_dev_event;
struct emu_host_req;
struct emu_host_resp;

/* ---- memory map (docs/virt-machine.md §2) ---- */
#define VIRT_RAM_BASE 0x0ull
#define VIRT_RAM_LOW_MAX 0xf0000000ull   /* low RAM ends at the MMIO window */
#define VIRT_MMIO_BASE 0xf0000000ull
#define VIRT_MMIO_SIZE 0x100000ull
#define VIRT_RAM_HIGH_BASE 0x100000000ull /* RAM beyond 3.75 GiB */
#define VIRT_RAM_MIN (2ull << 20)
#define VIRT_RAM_MAX (64ull << 30)
#define VIRT_RAM_DEFAULT (64ull << 20)

/* Boot layout (docs/e2k-system-mode.md §8.6). */
#define VIRT_BOOTINFO 0x1000ull
#define VIRT_TRAP_CELLAR 0x2000ull
#define VIRT_PSP_BASE 0x80000ull
#define VIRT_PSP_SIZE 0x10000ull
#define VIRT_PCSP_BASE 0x90000ull
#define VIRT_PCSP_SIZE 0x8000ull
#define VIRT_STACK_LO 0xa0000ull
#define VIRT_STACK_TOP 0xc0000ull
#define VIRT_BOOT_RESERVED_END 0xc0000ull /* nothing of the kernel below */
#define VIRT_KERNEL_MIN 0x10000ull        /* ... except from here: the
                                             boot stacks sit at 0x80000 */
#define VIRT_EXIT_IP 0xf00ff000ull  /* returning from entry 12 fetches here:
                                       power-off with status %r0 */
#define VIRT_BOOT_ENTRY 12          /* "system call 12" jumpstart */

#define VIRT_POLL_QUANTUM (1ull << 15) /* icount between host-input polls */

/* Boot info at VIRT_BOOTINFO (our format, deviation D11). */
#define VIRT_BOOTINFO_MAGIC "E2KRBOOT"
#define VIRT_BOOTINFO_VERSION 1
#define VIRT_MAX_DEVS 16

/* One device as the boot info lists it. */
struct virt_dev_desc {
    char name[16];
    uint64_t base, size;
    uint32_t irq;   /* PIC line, 0 = none */
    uint32_t id;    /* the device's ID register value, or virtio id */
};

enum virt_clock {
    VIRT_CLOCK_VIRTUAL = 0, /* timers count icount (1 ns per bundle) */
    VIRT_CLOCK_HOST = 1     /* timers count the host's monotonic clock */
};

/* Host-clock deadlines the machine tracks for the input poll. */
enum virt_timer_idx { VIRT_T_TIMER0 = 0, VIRT_T_TIMER1 = 1, VIRT_T_RTC = 2,
                      VIRT_NTIMERS = 3 };

/* Host clock ids of EMU_HOST_CLOCK requests (as Linux clockid_t). */
#define VIRT_CLOCK_ID_REALTIME 0
#define VIRT_CLOCK_ID_MONOTONIC 1

enum virt_error {
    VIRT_OK = 0,
    VIRT_E_FORMAT = -1,  /* not a usable e2k ELF kernel */
    VIRT_E_RANGE = -2,   /* segment outside RAM or on the boot area */
    VIRT_E_NOMEM = -3,
    VIRT_E_ARGS = -4,    /* bad configuration */
    VIRT_E_HOST = -5,    /* a host request could not be served */
    VIRT_E_STATE = -6,   /* not a virt machine / no board */
    VIRT_E_STOP = -7     /* the machine stopped (double fault, MMU on, ...) */
};

struct virt_err {
    int code;
    char msg[200];
};

const char *virt_strerror(int code);

/* The virtio-balloon as the host sees it: what host control (QMP's
 * query-balloon, Firecracker's GET /balloon/statistics) and the debugger
 * report. Stats tags 0-15: virtio v1.2 §5.5.6.3 and Linux 6.12
 * (devices/virtio_balloon.h VIRTIO_BALLOON_S_*). */
#define VIRT_BALLOON_NSTATS 16
struct virt_balloon_info {
    uint32_t target_pages;   /* config num_pages: the host's target */
    uint32_t actual_pages;   /* config actual: the driver's own count */
    uint64_t held_pages;     /* pages in the balloon now (device's count) */
    int stats_on;            /* STATS_VQ offered: stats requests possible */
    int deflate_on_oom;      /* DEFLATE_ON_OOM offered */
    uint32_t stats_valid;    /* bit per tag the driver ever reported */
    uint64_t stats[VIRT_BALLOON_NSTATS]; /* last value per tag */
    /* The machine's record (virt_emit), kept by checkpoints
     * (virt_state_save) but not part of the state digests: */
    uint64_t stats_reports;  /* stats reports since the machine was made */
    uint64_t stats_icount;   /* icount of the last one; UINT64_MAX = none */
};

/* Board operations (devices/virt_board.c implements them). */
struct virt_board_ops {
    /* Virtual-clock devices: fire what is due at virtual time now_ns. */
    void (*poll)(void *board, uint64_t now_ns);
    /* Earliest armed virtual-clock deadline (ns), or UINT64_MAX. */
    uint64_t (*next_deadline)(void *board);
    /* Free bytes in the UART's receive FIFO. */
    size_t (*uart_space)(void *board);
    /* Deliver one host input (EMU_INPUT_* kind, value, bytes). */
    void (*input)(void *board, unsigned kind, uint64_t val,
                  const uint8_t *data, size_t len);
    /* 1 if the balloon offers statistics (the host may ask for them). */
    int (*has_balloon_stats)(void *board);
    /* Device table for the boot info: fills up to max, returns the count. */
    unsigned (*devices)(void *board, struct virt_dev_desc *out,
                        unsigned max);
    /* System reset of every device. */
    void (*reset)(void *board);
    /* Complete device state (for state digests and checkpoints): as
     * dev_ops.save / load. */
    int (*save)(void *board, uint8_t *buf, size_t cap, size_t *len);
    int (*load)(void *board, const uint8_t *buf, size_t len);
    void (*free)(void *board);
    /* Virtual time (ns) of the guest's last heartbeat progress, or
     * UINT64_MAX if there was none since reset (the hang detector is armed
     * by the first one); optional. */
    uint64_t (*heartbeat_ns)(void *board);
    /* The balloon as the host sees it (virt_balloon_info); optional:
     * NULL or nonzero = there is no balloon. */
    int (*balloon_info)(void *board, struct virt_balloon_info *out);
};

struct virt_config {
    uint64_t ram_bytes;  /* guest RAM, page multiple; 0 = VIRT_RAM_DEFAULT */
    unsigned clock;      /* enum virt_clock */
    FILE *log;           /* machine messages (panic, stops); NULL = stderr */
    const char *cmdline; /* kernel command line for the boot info (copied;
                            NULL = none), at most VIRT_CMDLINE_MAX bytes */
    uint64_t hang_timeout_ns; /* hang detector: end the run when the
                            guest's heartbeat (sysctl) has not moved for
                            this much virtual time; 0 = off */
    int stop_on_violation;  /* 1: a balloon violation (a CPU access to a
                            page in the balloon) ends the run after its
                            bundle with VIRT_EXIT_VIOLATION */
};

#define VIRT_CMDLINE_MAX 1024
/* Exit status of a run the hang detector ended (as timeout(1)). */
#define VIRT_EXIT_HANG 124
/* Exit status of a run a balloon violation ended (--on-violation stop). */
#define VIRT_EXIT_VIOLATION 125

/* The ISA version the kernel ELF asks for (2..7), 0 if it does not say, or
 * a negative VIRT_E_* code. */
int virt_elf_isa(const uint8_t *elf, size_t len, struct virt_err *err);

/* Turn a fresh MACH_VIRT machine into a virt machine: RAM, bus, kernel
 * loaded at its physical addresses, CPU in the boot state. The kernel image
 * is copied (for resets). Returns 0 or VIRT_E_* with *err filled. */
int virt_setup(struct machine *m, const struct virt_config *cfg,
               const uint8_t *elf, size_t len, struct virt_err *err);

/* For the board: the bus, the CPU's interrupt line (PIC output), and
 * attaching the board (owned by the machine from then on; its free op is
 * called by mach_free). Attaching writes the boot info. */
struct bus *virt_bus(struct machine *m);
const struct irq_line *virt_cpu_irq(struct machine *m);
void virt_attach_board(struct machine *m, void *board,
                       const struct virt_board_ops *ops);
void *virt_board(struct machine *m);
const struct virt_config *virt_config_of(const struct machine *m);

/* Device clocks: virtual ns (icount), or a host clock read through the
 * hooks (clock_id VIRT_CLOCK_ID_*). */
uint64_t virt_clock_virtual(struct machine *m);
uint64_t virt_clock_host(struct machine *m, int clock_id);

/* Device events the board forwards: a host-clock deadline (ns in that
 * clock, UINT64_MAX = none) for the input poll; a virtual deadline
 * changed (the run loop recomputes its stop); power-off; reset; trace
 * events for the hooks (stamped with the exact icount). */
void virt_host_deadline(struct machine *m, unsigned idx, uint64_t ns);
void virt_deadline_changed(struct machine *m);
void virt_power_off(struct machine *m, int status);
void virt_request_reset(struct machine *m);
void virt_emit(struct machine *m, struct emu_dev_event *ev);

/* Why virt_run returned (as lnx_run). */
enum virt_run_result {
    VIRT_RUN_EXITED = 1,  /* powered off: *status */
    VIRT_RUN_LIMIT = 2,   /* icount reached the limit */
    VIRT_RUN_STOPPED = 3  /* debugger breakpoint, halt or hook: call again */
};

/* Run until power-off or icount_limit. Returns a virt_run_result or a
 * negative VIRT_E_* (*err filled: a host request failed, the machine
 * stopped on a fatal condition). */
int virt_run(struct machine *m, uint64_t icount_limit, int *status,
             struct virt_err *err);

/* 1 once powered off; *status its exit status. */
int virt_exited(const struct machine *m, int *status);

/* Device state of the board (virt_board_ops.save / load): what a
 * checkpoint keeps besides the CPU state and RAM. */
int virt_save_devices(struct machine *m, uint8_t *buf, size_t cap,
                      size_t *len);
int virt_load_devices(struct machine *m, const uint8_t *buf, size_t len);

/* The machine's own state besides CPU, RAM and devices
 * (machine_virt_state.c): power-off, pending reset, failed host request,
 * the input-poll schedule and host-clock deadlines. bytes: 0 if m is not a
 * virt machine. save/load: 0 or VIRT_E_*. A checkpoint restores the CPU,
 * RAM, the devices (virt_load_devices), then this. */
size_t virt_state_bytes(const struct machine *m);
int virt_state_save(const struct machine *m, void *buf, size_t len);
int virt_state_load(struct machine *m, const void *buf, size_t len);
/* 1 if the machine is in the state virt_run(limit = its icount) leaves;
 * 0 if, at the same icount, the run loop has done more since (its device
 * clocks and input poll, an interrupt or exception entering the trap
 * table), e.g. at a breakpoint there. The reverse engine orders such stops
 * after the plain position (replay/rev_internal.h). */
int virt_canonical(const struct machine *m);

/* The balloon's state now (machine_virt_balloon.c): 0, or VIRT_E_STATE if
 * m is not a virt machine or has no balloon. Reading it has no effect on
 * the guest. */
int virt_balloon_info(struct machine *m, struct virt_balloon_info *out);
/* A stats tag's name as Linux's VIRTIO_BALLOON_S_NAMES with '_' for '-'
 * ("swap_in", ..., "direct_reclaims"); NULL for tags >= 16. */
const char *virt_balloon_stat_name(unsigned tag);

/* ---- the live performer of the machine's host requests ---- */

/* Host-side state of a live or recording run: when balloon commands and
 * stats requests are due, stdin. Not guest state (machine_virt_host.c). */
struct virt_host;

struct virt_host_opts {
    int input_fd;              /* UART input source (-1 = none; 0 = stdin) */
    uint64_t stats_interval_ns;/* balloon stats request period (0 = never) */
    unsigned n_targets;        /* scheduled balloon targets */
    const uint32_t *target_pages;
    const uint64_t *target_at_ns; /* host time after start */
};

struct virt_host *virt_host_new(const struct virt_host_opts *o);
void virt_host_free(struct virt_host *h);
/* emu_host_call_fn: performs EMU_HOST_CLOCK and EMU_HOST_INPUT requests on
 * the host (opaque = struct virt_host *). */
int virt_host_live(void *opaque, const struct emu_host_req *req,
                   struct emu_host_resp *resp);
/* Use `h` when the machine has no hooks (live run without a gate). */
void virt_set_live(struct machine *m, struct virt_host *h);

#endif
