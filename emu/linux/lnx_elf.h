/*
 * lnx_elf.h — parsing an e2k Linux executable (ELF64) into a load plan.
 *
 * Pure and bounds-checked: lnx_elf_parse() reads only the `len` bytes it is
 * given, trusts no field, allocates nothing and touches no machine; it is
 * what tests/fuzz/fuzz_elf_loader.c exercises. The plan it returns says
 * which file bytes go where; lnx_load.c maps them into guest memory.
 *
 * Accepted: ELFCLASS64, little-endian, EV_CURRENT, e_machine EM_MCST_ELBRUS
 * (175) or the old 49; ET_EXEC, or ET_DYN without PT_INTERP (static PIE,
 * loaded at LNX_PIE_BASE). Refused with a message: protected-mode and x86
 * (binary compiler) executables (e_flags bits 5 and 2), dynamically linked
 * programs, segments outside the user image area or overlapping the first
 * page. Facts: docs/linux-user.md §1, emu/elf_e2k.h.
 */
#ifndef E2K_EMU_LINUX_LNX_ELF_H
#define E2K_EMU_LINUX_LNX_ELF_H

#include <stddef.h>
#include <stdint.h>

#include "emu/linux/lnx.h"

#define LNX_ELF_MAX_SEGS 16           /* PT_LOAD segments we accept */
#define LNX_ELF_MAX_PHNUM 128         /* program headers we look at */
#define LNX_ELF_MIN_ADDR 0x1000ull    /* nothing may map page 0 */
#define LNX_ELF_MAX_ADDR 0x100000000000ull /* image below the mmap area */
#define LNX_ELF_MAX_IMAGE (256ull << 20)   /* sum of segment sizes */
#define LNX_PIE_BASE 0x100000000ull   /* load address of ET_DYN images */

/* One PT_LOAD segment after relocation by the load bias. */
struct lnx_elf_seg {
    uint64_t vaddr;   /* guest address of the first byte */
    uint64_t memsz;   /* bytes in memory (>= filesz; the rest is zero) */
    uint64_t offset;  /* file offset of the first byte */
    uint64_t filesz;  /* bytes taken from the file */
    unsigned prot;    /* MEM_PROT_* from p_flags */
};

/* What lnx_load needs to build the process. */
struct lnx_elf_plan {
    uint64_t entry;     /* e_entry + bias */
    uint64_t bias;      /* 0 for ET_EXEC, LNX_PIE_BASE for ET_DYN */
    uint32_t flags;     /* e_flags */
    uint16_t machine;   /* e_machine */
    uint16_t type;      /* e_type */
    int isa;            /* ISA version from e_flags, 0 if not stated */
    uint64_t phdr;      /* guest address of the program headers, 0 if not
                           inside a segment (AT_PHDR) */
    uint16_t phnum;     /* AT_PHNUM */
    uint16_t phent;     /* AT_PHENT */
    uint64_t image_end; /* end of the highest segment (brk starts here) */
    unsigned n_segs;
    struct lnx_elf_seg segs[LNX_ELF_MAX_SEGS];
};

/* Parse `len` bytes at `buf`. Returns 0 and fills *plan, or a negative
 * LNX_E_* code with a one-line reason (naming the field or file offset) in
 * *err (if not NULL). */
int lnx_elf_parse(const uint8_t *buf, size_t len, struct lnx_elf_plan *plan,
                  struct lnx_err *err);

#endif
