/*
 * objdump_elf.h — a read-only view of an e2k ELF64 file for e2k-objdump:
 * header facts, the sections (or, without section headers, the loadable
 * segments) and the symbols of .symtab.
 *
 * The input is outside data: every offset, size, count and string index is
 * checked against the image before use, counts are capped, and a bad file
 * gives a negative OBJDUMP_ELF_E* code with a one-line message, never a
 * crash. The image stays owned by the caller and must outlive the view
 * (section data pointers point into it).
 *
 * Facts: the ELF64 gABI layouts (<elf.h>), emu/elf_e2k.h (machine numbers,
 * e_flags) from e2k-isa.md §11.3.
 */
#ifndef E2K_TOOLS_OBJDUMP_OBJDUMP_ELF_H
#define E2K_TOOLS_OBJDUMP_OBJDUMP_ELF_H

#include <stddef.h>
#include <stdint.h>

enum objdump_elf_error {
    OBJDUMP_ELF_OK = 0,
    OBJDUMP_ELF_ENOTELF = -1,  /* no ELF magic / too short */
    OBJDUMP_ELF_ECLASS = -2,   /* not ELF64 little-endian version 1 */
    OBJDUMP_ELF_EMACHINE = -3, /* not an e2k file */
    OBJDUMP_ELF_EBAD = -4,     /* inconsistent header/section/symbol data */
    OBJDUMP_ELF_ENOMEM = -5
};

#define OBJDUMP_ELF_MAX_SECTIONS 65536u
#define OBJDUMP_ELF_MAX_SYMBOLS (1u << 22)

struct objdump_sec {
    const char *name;     /* points into the image or a static string */
    uint64_t addr;        /* sh_addr / p_vaddr */
    uint64_t size;        /* bytes available in data (0 for NOBITS) */
    const uint8_t *data;  /* into the image; NULL for NOBITS */
    uint32_t type;        /* sh_type (SHT_PROGBITS for segments) */
    uint64_t flags;       /* sh_flags; SHF_EXECINSTR marks code */
    unsigned index;       /* section header index (0 for segments) */
};

struct objdump_sym {
    const char *name;     /* into the image, NUL-terminated */
    uint64_t value;
    uint64_t size;
    unsigned shndx;       /* section index */
    uint8_t type;         /* STT_* */
    uint8_t bind;         /* STB_* */
};

struct objdump_elf {
    const uint8_t *img;   /* borrowed image */
    size_t img_size;
    unsigned machine;     /* e_machine */
    unsigned type;        /* e_type */
    uint32_t flags;       /* e_flags */
    uint64_t entry;       /* e_entry */
    struct objdump_sec *secs;  /* owned */
    unsigned n_secs;
    struct objdump_sym *syms;  /* owned; sorted by value */
    unsigned n_syms;
};

/* Parse `img` (size bytes). On failure returns a negative code and writes a
 * one-line message into err[errsz] (if err is not NULL); *e is then empty
 * and objdump_elf_close() is still safe. */
int objdump_elf_open(struct objdump_elf *e, const uint8_t *img, size_t size,
                     char *err, size_t errsz);
void objdump_elf_close(struct objdump_elf *e);

/* ISA version named by e_flags (2..7), or 0 if the flags name none. */
int objdump_elf_isa(const struct objdump_elf *e);

/* The symbol that best labels `addr` exactly (functions first, then
 * globals), limited to section `shndx` when shndx != 0; NULL if none. */
const struct objdump_sym *objdump_elf_label(const struct objdump_elf *e,
                                            uint64_t addr, unsigned shndx);

/* Smallest label address above addr (symbols objdump_elf_label() would
 * use, in section shndx when shndx != 0), or UINT64_MAX. */
uint64_t objdump_elf_next_label(const struct objdump_elf *e, uint64_t addr,
                                unsigned shndx);

/* Write "sym" or "sym+0xoff" for the symbol covering addr (the nearest one
 * at or below addr, in section shndx when shndx != 0, and inside that
 * section's address range) into buf; 0 or -1. */
int objdump_elf_symbolize(const struct objdump_elf *e, uint64_t addr,
                          unsigned shndx, char *buf, size_t size);

#endif
