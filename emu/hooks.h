/*
 * hooks.h — the narrow interface through which everything nondeterministic
 * enters a machine, and through which an observer (replay/, a debugger)
 * watches it. emu/ declares the table; replay/ fills it in (its gate is one
 * implementation). emu/ knows nothing of replay/ (style.md "Headers and
 * dependencies").
 *
 * The CPU itself has no nondeterministic inputs: nothing in the run loop
 * reads host time or host state (clock state registers are derived from
 * icount, docs/cpu.md). The nondeterminism comes from the machine kind:
 * the Linux user-mode machine (emu/linux/) performs every host-touching
 * system call as a serializable request/response through host_call; the
 * virtual machine's devices will route their inputs the same way.
 *
 * All callbacks are optional (NULL = not interested / perform directly).
 * Pointers in requests are borrowed for the duration of the call.
 */
#ifndef E2K_EMU_HOOKS_H
#define E2K_EMU_HOOKS_H

#include <stddef.h>
#include <stdint.h>

struct machine;

/* A byte buffer of a request or response. */
struct emu_host_buf {
    void *ptr;   /* request: input bytes (borrowed); response: where the
                    output goes (caller-owned, `cap` bytes) */
    size_t len;  /* bytes valid (input length / output produced) */
    size_t cap;  /* response buffers: capacity; requests: unused */
};

#define EMU_HOST_MAX_ARGS 8
#define EMU_HOST_MAX_BUFS 4

/* What kind of host interaction a request is. The Linux machine defines the
 * meaning of `nr` and `args` per kind; new kinds are added at the end. */
enum emu_host_kind {
    EMU_HOST_SYSCALL = 1, /* a host system call made for the guest: nr =
                             guest (e2k) syscall number, args = guest args
                             after translation, in[] = bytes copied from the
                             guest (paths, write data), out[] = bytes to copy
                             back (read data, struct stat, ...) */
    EMU_HOST_CLOCK = 2,   /* read a host clock: nr = clock id */
    EMU_HOST_RANDOM = 3,  /* host randomness (AT_RANDOM, getrandom) */
    EMU_HOST_INPUT = 4    /* asynchronous device input (virt machine):
                             nr = EMU_INPUT_POLL, see below */
};

/* EMU_HOST_INPUT (virt machine, emu/machine_virt.h): asynchronous host
 * inputs. The machine asks at deterministic icounts with nr =
 * EMU_INPUT_POLL and args[0] = free bytes in the UART receive FIFO,
 * args[1 + i] = the host-clock deadline of timer i (enum virt_timer_idx,
 * ns in its clock, UINT64_MAX = none), args[4] = 1 if the balloon takes
 * stats requests. The answer is one input: ret = enum emu_input_kind
 * (EMU_INPUT_NONE = nothing now), vals[0] = its value, out[0] = UART bytes.
 * The machine asks again until the answer is EMU_INPUT_NONE. A recording
 * gate journals only real inputs (UART_INPUT, TIMER, BALLOON_CMD,
 * BALLOON_STATS_REQ events); a replaying gate answers from them at their
 * icount and EMU_INPUT_NONE otherwise. */
enum emu_input_kind {
    EMU_INPUT_NONE = 0,
    EMU_INPUT_UART = 1,           /* out[0] = bytes for uart0 */
    EMU_INPUT_TIMER = 2,          /* vals[0] = timer index that expired */
    EMU_INPUT_BALLOON_TARGET = 3, /* vals[0] = new target in 4 KiB pages */
    EMU_INPUT_BALLOON_STATS = 4   /* the host asks for balloon statistics */
};
#define EMU_INPUT_POLL 0
#define EMU_INPUT_MAX_BYTES 64 /* UART bytes per answer */

/* A serializable request: everything the performer needs. */
struct emu_host_req {
    uint32_t kind;                          /* enum emu_host_kind */
    uint32_t flags;                         /* kind-specific */
    int64_t nr;                             /* kind-specific number */
    uint64_t args[EMU_HOST_MAX_ARGS];       /* kind-specific arguments */
    uint32_t n_in;                          /* used entries of in[] */
    struct emu_host_buf in[EMU_HOST_MAX_BUFS];
    uint64_t icount;                        /* guest icount at the request */
};

/* The response: the result and the output buffers. The requester sets
 * out[i].ptr/cap and n_out before the call; the performer (or the replayer)
 * fills out[i].len (<= cap) and ret. */
struct emu_host_resp {
    int64_t ret;                            /* result or -errno */
    uint64_t vals[EMU_HOST_MAX_ARGS];       /* extra scalar results */
    uint32_t n_out;
    struct emu_host_buf out[EMU_HOST_MAX_BUFS];
};

/* Performs one host request. Returns 0, or a negative code if the request
 * could not be served (replay divergence, journal error): the machine then
 * stops with CPU_STOP_HOOK. */
typedef int (*emu_host_call_fn)(void *opaque, const struct emu_host_req *req,
                                struct emu_host_resp *resp);
/* Called before a translation block is entered (only when set: it disables
 * block chaining). Return nonzero to stop the run (CPU_STOP_HOOK). */
typedef int (*emu_before_block_fn)(void *opaque, struct machine *m,
                                   uint64_t pc, uint64_t icount);
/* Called after a guest write to a watched page (mem_set_watch). */
typedef void (*emu_mem_write_fn)(void *opaque, struct machine *m,
                                 uint64_t addr, size_t len);

/* Guest-triggered device outputs worth a trace or a journal entry (virt
 * machine: balloon traffic, panics). Outputs, not inputs: a replay produces
 * them again at the same icount. */
enum emu_dev_event_kind {
    EMU_DEV_BALLOON_INFLATE = 1,   /* pfns */
    EMU_DEV_BALLOON_DEFLATE = 2,   /* pfns, a = BALLOON_DEFL_* flags */
    EMU_DEV_BALLOON_VIOLATION = 3, /* a = address, b = pfn, c = flags */
    EMU_DEV_PANIC = 4,             /* a = code, msg */
    EMU_DEV_BALLOON_STATS = 5,     /* stats[tag], a = tags reported */
    EMU_DEV_OOM_KILL = 6,          /* a = task id, b = pages, msg = name */
    EMU_DEV_HANG = 7               /* the machine's hang detector fired:
                                      msg = the report; the run ends */
};

struct emu_dev_event {
    uint32_t kind;          /* enum emu_dev_event_kind */
    uint64_t icount;        /* stamped by the machine */
    uint64_t a, b, c;
    const uint32_t *pfns;   /* borrowed for the call */
    size_t n_pfns;
    const uint64_t *stats;
    size_t n_stats;
    const char *msg;        /* not NUL-terminated */
    size_t msg_len;
};

typedef void (*emu_dev_event_fn)(void *opaque, struct machine *m,
                                 const struct emu_dev_event *ev);

/* Virt machine: the earliest icount >= `icount` at which the hooks want an
 * extra input poll (EMU_INPUT_POLL) besides the regular ones every
 * VIRT_POLL_QUANTUM instructions; UINT64_MAX = none. A chaos performer
 * (emu/machine_virt_chaos.h) uses it to offer inputs between any two
 * bundles; a replaying gate answers with the icount of the journal's next
 * input, so a replay polls where the recording delivered. Extra polls only
 * ask for inputs (no hang check), so polls that got nothing need not be
 * repeated. */
typedef uint64_t (*emu_next_poll_fn)(void *opaque, struct machine *m,
                                     uint64_t icount);

struct emu_hooks {
    void *opaque;                     /* passed to every callback */
    emu_host_call_fn host_call;       /* NULL: the machine performs the
                                         request directly on the host */
    emu_before_block_fn before_block; /* NULL: no per-block callback */
    emu_mem_write_fn mem_write;       /* NULL: no watch callback */
    emu_dev_event_fn dev_event;       /* NULL: device events not observed */
    emu_next_poll_fn next_poll;       /* NULL: regular poll points only */
};

/*
 * Layering observers over a hook table (the debugger's watchpoints, a
 * scenario's outcome, a trace observer over the gate): the observer
 * installs `hooks`, which passes every callback on to `inner`; it replaces
 * the callbacks it wants to see (they get opaque = this struct, with the
 * observer's state in ctx) and passes them on with the emu_fwd_* calls.
 */
struct emu_hooks_fwd {
    struct emu_hooks hooks;        /* install this; opaque = the struct */
    const struct emu_hooks *inner; /* the table below (borrowed) */
    void *ctx;                     /* the observer's state */
};

/* Forwarders for every callback inner has (NULL stays NULL); inner NULL
 * means an empty table. */
void emu_hooks_fwd_init(struct emu_hooks_fwd *f, const struct emu_hooks *inner, void *ctx);
/* Pass a callback on to inner (the replacements call these). host_call
 * and next_poll need inner to have them; dev_event and mem_write are
 * no-ops when it does not. */
int emu_fwd_host_call(const struct emu_hooks_fwd *f, const struct emu_host_req *req,
                      struct emu_host_resp *resp);
void emu_fwd_mem_write(const struct emu_hooks_fwd *f, struct machine *m, uint64_t addr,
                       size_t len);
void emu_fwd_dev_event(const struct emu_hooks_fwd *f, struct machine *m,
                       const struct emu_dev_event *ev);

#endif
