/*
 * machine.h — one emulated e2k machine: CPU, guest memory, translation
 * cache, hooks, and the kind-specific part (Linux user mode in emu/linux/,
 * later a virtual machine with devices).
 *
 * All guest-visible state is reachable from struct machine: the CPU state
 * (embedded), the memory pages, and whatever the kind-specific part keeps
 * behind `os` (it must be able to save/restore that too). Checkpoints
 * depend on that. The translation cache is not guest state: it can be
 * dropped at any time (xlat_flush) without changing behaviour.
 *
 * Lifetime: mach_new() creates CPU (reset for `isa`), memory and cache;
 * mach_free() frees them and calls os_free(os) if set. Hooks are borrowed.
 */
#ifndef E2K_EMU_MACHINE_H
#define E2K_EMU_MACHINE_H

#include <stddef.h>
#include <stdint.h>

#include "emu/cpu.h"

struct mem;
struct xlat_cache;
struct emu_hooks;

enum mach_kind {
    MACH_USER = 1, /* Linux user mode: syscalls emulated by emu/linux/ */
    MACH_VIRT = 2  /* full virtual machine (later) */
};

struct machine {
    struct cpu_state cpu;         /* the CPU (embedded: translated code
                                     points into it) */
    struct mem *mem;              /* guest memory, owned */
    struct xlat_cache *xlat;      /* translation cache, owned */
    const struct emu_hooks *hooks;/* nondeterministic inputs, borrowed;
                                     NULL = perform directly */
    uint32_t kind;                /* enum mach_kind */
    uint32_t isa;                 /* ISA version 2..7 */
    void *os;                     /* kind-specific state (Linux process),
                                     owned via os_free */
    void (*os_free)(void *os);    /* frees `os` in mach_free; may be NULL */
};

/* Create a machine of `kind` for ISA version `isa` (2..7) with a
 * translation cache of `xlat_bytes` (0 = default 64 MiB). NULL on
 * allocation failure or bad arguments. */
struct machine *mach_new(unsigned kind, unsigned isa, size_t xlat_bytes);
void mach_free(struct machine *m);

/* Install (or with NULL remove) the hook table; borrowed. */
void mach_set_hooks(struct machine *m, const struct emu_hooks *hooks);

/* Drop every translation (e.g. after restoring a checkpoint whose code
 * pages differ). */
void mach_flush_code(struct machine *m);

#endif
