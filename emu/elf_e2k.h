/*
 * elf_e2k.h — the e2k-specific ELF constants (machine numbers, e_flags
 * fields, relocation numbers). Generic ELF64 layouts come from the host's
 * <elf.h>, which is the same little-endian ELF64 format.
 *
 * Facts: e2k-isa.md §11.3 (e_flags), e2k-asm-syntax.md §6 (relocations),
 * from binutils-mcst include/elf/e2k.h.
 */
#ifndef E2K_EMU_ELF_E2K_H
#define E2K_EMU_ELF_E2K_H

#include <elf.h>

#define E2K_EM_MCST_ELBRUS 175 /* EM_MCST_ELBRUS */
#define E2K_EM_E2K_OLD 49      /* accepted on input */

/* e_flags */
#define E2K_EF_IPD_MASK 0x3u         /* bits 1:0: instruction prefetch depth */
#define E2K_EF_X86APP 0x4u           /* x86 application: refused */
#define E2K_EF_4MB_PAGES 0x8u
#define E2K_EF_INCOMPAT 0x10u        /* forward-incompatible */
#define E2K_EF_PM 0x20u              /* protected mode: refused */
#define E2K_EF_MACH(f) (((f) >> 24) & 0xffu)
#define E2K_EF_SET_MACH(m) ((unsigned)(m) << 24)

/* e_flags machine values: 2..6 = elbrus-v2..v6 (generic), others are
 * specific CPUs with their ISA version. */
#define E2K_MACH_EV2 2
#define E2K_MACH_EV3 3
#define E2K_MACH_EV4 4
#define E2K_MACH_EV5 5
#define E2K_MACH_EV6 6
#define E2K_MACH_8C 19   /* v4 */
#define E2K_MACH_1CPLUS 20 /* v4 */
#define E2K_MACH_12C 21  /* v6 */
#define E2K_MACH_16C 22  /* v6 */
#define E2K_MACH_2C3 23  /* v6 */

/* Relocations we produce or accept (subset). */
#define R_E2K_32_ABS 0
#define R_E2K_32_PC 2
#define R_E2K_64_ABS 50
#define R_E2K_64_ABS_LIT 51 /* 64-bit literal, high word at the lower address */
#define R_E2K_64_PC_LIT 54
#define R_E2K_DISP 110      /* CS0 disp: ((S + A - P) / 8) & 0x0fffffff */
#define R_E2K_PREF 111

/* ISA version named by an e_flags machine value, or 0 if unknown. */
static inline int e2k_elf_mach_isa(unsigned mach)
{
    switch (mach) {
    case E2K_MACH_EV2: case E2K_MACH_EV3: case E2K_MACH_EV4:
    case E2K_MACH_EV5: case E2K_MACH_EV6:
        return (int)mach;
    case E2K_MACH_8C: case E2K_MACH_1CPLUS:
        return 4;
    case E2K_MACH_12C: case E2K_MACH_16C: case E2K_MACH_2C3:
        return 6;
    default:
        return 0;
    }
}

#endif
