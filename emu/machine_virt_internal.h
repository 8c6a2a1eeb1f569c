/*
 * machine_virt_internal.h — the virt machine's private state, shared by
 * machine_virt.c (run loop, bus, events) and machine_virt_boot.c (kernel
 * loader, boot state, boot info). Nothing outside these files includes it.
 */
#ifndef E2K_EMU_MACHINE_VIRT_INTERNAL_H
#define E2K_EMU_MACHINE_VIRT_INTERNAL_H

#include <stdint.h>

#include "emu/irq.h"
#include "emu/linux/lnx_elf.h"
#include "emu/machine_virt.h"
#include "emu/mem.h"

#define RAM_PROT (MEM_PROT_R | MEM_PROT_W | MEM_PROT_X)

struct virt {
    struct virt_config cfg;
    struct bus *bus;
    struct irq_line cpu_irq;     /* PIC output -> CPU */
    void *board;                 /* owned through bops->free */
    const struct virt_board_ops *bops;
    uint8_t *kernel;             /* copy of the ELF image (resets) */
    size_t kernel_len;
    struct lnx_elf_plan plan;
    uint64_t ram_low, ram_high;  /* bytes at 0 and at VIRT_RAM_HIGH_BASE */
    uint64_t text_size, data_base, data_size, kernel_end;
    int exited, status, reset_req, host_failed;
    int recompute;               /* a virtual deadline moved mid-run */
    uint64_t next_poll;          /* icount of the next input poll */
    uint64_t extra_polled;       /* icount + 1 of the last extra poll
                                    (hooks next_poll), 0 = none */
    uint64_t work_icount1;       /* icount + 1 where virt_run last did its
                                    own work (device clocks, input poll)
                                    before running the CPU (virt_canonical) */
    uint64_t host_deadline[VIRT_NTIMERS];
    uint64_t balloon_stats_reports; /* balloon stats reports emitted (for
                                    virt_balloon_info; saved by
                                    virt_state_save, not hashed) */
    uint64_t balloon_stats_icount; /* icount of the last one */
    struct virt_host *live;      /* performer without hooks (borrowed) */
    char *cmdline;               /* owned copy of cfg.cmdline (or NULL) */
};

/* The virt state of m, or NULL if m is not a virt machine. */
struct virt *virt_of(const struct machine *m);
/* Fill *err (may be NULL) and return code. */
int virt_fail(struct virt_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* cpu_state.io: physical accesses that miss RAM (MMIO, ballooned pages). */
int virt_io(void *opaque, uint64_t addr, unsigned size, int is_write,
            uint64_t *val);

/* machine_virt_boot.c */
/* Check the parsed kernel against the memory map; fill the layout. */
int virt_plan_kernel(struct virt *v, struct virt_err *err);
/* Copy the segments into RAM (bss zeroed). */
void virt_load_segments(struct machine *m, struct virt *v);
/* CPU reset into the boot state and the entry-12 jumpstart. */
void virt_boot_cpu(struct machine *m, struct virt *v);
/* The boot info page at VIRT_BOOTINFO. */
void virt_write_bootinfo(struct machine *m, struct virt *v);

#endif
