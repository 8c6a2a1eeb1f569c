/*
 * kernel.h — shared definitions of the e2k mini-kernel (tests/guest/kernel/,
 * README.md there): conventions, macros, the task structure, allocation
 * flags, the balloon driver's limits, and the kernel's bug switches.
 * Numbers only and cpp macros; every .S file of the kernel includes it.
 *
 * Calling convention (the same in every file):
 *   - every function starts with FUNC(name), which opens a window of 32
 *     registers (setwd wsz = 0x10);
 *   - it gets its arguments in %dr0..%dr7 and returns its result in %dr0;
 *   - %dr0..%dr15 are its own (they survive the calls it makes);
 *   - it passes arguments to a callee in A0..A7 (%dr16..%dr23) and finds
 *     the callee's result in A0 after CALL (the callee's %dr0 is the
 *     caller's %dr16: `call wbs = 8`, e2k-isa.md §4.9);
 *   - CALL empties every %ctpr (e2k-isa.md §7), so RET prepares %ctpr3
 *     again right before returning.
 * Nothing uses the global registers %g0..%g31, so the trap handler need
 * not save them.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include "e2k-virt.h"

/* ---- function frame, calls ---- */
#define FUNC(name) .global name ; .type name, @function ; name: ; \
        { setwd wsz = 0x10, nfx = 0x1 }
#define CALL(fn) { disp %ctpr1, fn } ; call %ctpr1, wbs = 0x8
#define RET { return %ctpr3 } ; { ct %ctpr3 }
#define A0 %dr16
#define A1 %dr17
#define A2 %dr18
#define A3 %dr19

/* Interrupt routines (trap.S): entered by ibranch from the trap handler
 * with %r3 = the PIC line, they may use %dr8..%dr15, make no calls, and
 * end with IRQ_RETURN. */
#define IRQ_ROUTINE(name) .global name ; name:
#define IRQ_RETURN { ibranch irq_done }

/* Load / store a 64-bit kernel variable by name. */
#define LOAD(sym, reg) { ldd 0x0, sym, reg }
#define STORE(reg, sym) { std reg, [ sym ] }

/* Printing (uart.S): a string constant, a number in a register. */
#define PUTS(msg) { addd 0x0, msg, A0 } ; CALL(puts)
#define PUTN(reg) { addd reg, 0x0, A0 } ; CALL(putn)
/* A log line: "[  1234] " (the tick count, timer.S) then the message. */
#define KLOG(msg) CALL(klog_stamp) ; PUTS(msg)

/* ---- pages ---- */
#define PAGE_SHIFT 12
#define PAGE_SIZE 4096

/* ---- timer (timer.S): HZ ticks per second of the timer's clock ---- */
#define HZ 1000
#define TICK_NS 1000000

/* ---- system controller registers this kernel uses beyond
 * e2k-virt.h (docs/virt-machine.md §3.5) ---- */
#define SYSCTL_MSG_LO (SYSCTL + 0x10)     /* message address (panic, OOM) */
#define SYSCTL_MSG_HI (SYSCTL + 0x14)
#define SYSCTL_MSG_LEN (SYSCTL + 0x18)
#define SYSCTL_HEARTBEAT (SYSCTL + 0x24)  /* the hang detector watches it */
#define SYSCTL_OOM_KILL (SYSCTL + 0x28)   /* write: task id of an OOM kill */
#define SYSCTL_OOM_PAGES (SYSCTL + 0x2c)  /* its size, written before */

/* Exit statuses (boot.S). */
#define EXIT_OK 0          /* every workload task finished */
#define EXIT_OOM_KILLED 1  /* the OOM killer killed at least one task */
#define EXIT_PANIC 3       /* unexpected exception */

/* ---- tasks (sched.S) ---- */
#define NTASKS 4
#define T_STATE 0          /* TS_* */
#define T_STEP 8           /* step function: called with %dr0 = the task */
#define T_PID 16
#define T_NAME 24          /* NUL-terminated name */
#define T_RSS 32           /* pages the task owns */
#define T_PAGES 40         /* its pages, linked through their first word */
#define T_FLAGS 48         /* TF_* */
#define T_TICK 56          /* the last tick the task acted on */
#define T_A 64             /* three words for the task's own use */
#define T_B 72
#define T_C 80
#define TASK_BYTES 96
#define TS_FREE 0
#define TS_RUN 1
#define TS_DEAD 2          /* killed by the OOM killer */
#define TS_DONE 3          /* finished */
#define TF_KERNEL 1        /* a kernel task: never chosen by the OOM killer */

/* ---- page allocator (alloc.S) ---- */
#define GFP_KERNEL 0       /* may run the OOM path (notifiers, killer) */
#define GFP_NORETRY 1      /* fail instead, and leave the reserve alone */
#define RESERVE_PAGES 64   /* what GFP_NORETRY never takes */

/* ---- virtio-balloon driver (balloon.S, virtio.S) ---- */
#define BALLOON_BATCH 256  /* page numbers per buffer (Linux
                              VIRTIO_BALLOON_ARRAY_PFNS_MAX) */
#define BALLOON_MAX 16384  /* pages the driver can track (64 MiB) */
#define OOM_DEFLATE_PAGES 256 /* Linux oom_pages default */
#define BALLOON_RETRY_TICKS 20 /* "out of puff": try again later */
#define F_MUST_TELL_HOST 0x1   /* feature bits (virtio v1.2 §5.5.3) */
#define F_STATS_VQ 0x2
#define F_DEFLATE_ON_OOM 0x4

/* ---- bug switches (cmdline.S: bug=NAME) ---- */
#define BUG_IGNORE_DEFLATE_ON_OOM 0x1
#define BUG_OOM_DEADLOCK 0x2
#define BUG_REUSE_BEFORE_ACK 0x4

#endif
