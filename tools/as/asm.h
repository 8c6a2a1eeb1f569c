/*
 * asm.h — e2k-as, an assembler for the MCST gas dialect of Elbrus 2000
 * assembly that links its inputs straight into a static ELF64 executable.
 *
 * What it is: a library (e2k_asm) that reads `.s` files (and `.S` files
 * after the host C preprocessor), encodes every wide instruction exactly as
 * MCST gas does (bundle packing, literal placement, channel assignment —
 * docs/tools.md, e2k-asm-syntax.md §5, e2k-isa.md §1.5), lays the
 * sections out and resolves all references itself. What it is not: a
 * relocatable-object producer or a general linker; there is no dynamic
 * linking, GOT or PLT.
 *
 * Errors in the source are reported as `file:line:column: error: ...` lines
 * on opts->diag; the entry points then return ASM_E_SOURCE. A bad input never
 * crashes the assembler (tests/fuzz/fuzz_asm.c).
 */
#ifndef E2K_TOOLS_AS_ASM_H
#define E2K_TOOLS_AS_ASM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum asm_error {
    ASM_OK = 0,
    ASM_E_SOURCE = -1, /* the source has errors (reported on opts->diag) */
    ASM_E_IO = -2,     /* an input or output file could not be read/written */
    ASM_E_NOMEM = -3,
    ASM_E_ARGS = -4 /* bad options (e.g. an ISA version out of range) */
};

#define ASM_DEFAULT_BASE 0x10000u /* first PT_LOAD address, as e2k ld uses */

struct asm_opts {
    int isa;                    /* ISA version 2..7 (-mcpu=elbrus-vN) */
    const char *const *incdirs; /* -I directories (borrowed) */
    unsigned n_incdirs;
    const char *const *defines; /* -D NAME[=VAL] for .S files (borrowed) */
    unsigned n_defines;
    uint64_t base;       /* load address of the first segment */
    int no_strict_delay; /* 1: no implicit nops (--no_strict_delay) */
    int no_include;      /* 1: refuse .include (fuzzing) */
    int max_errors;      /* stop reporting after this many */
    FILE *diag;          /* messages; NULL = stderr (borrowed) */
    const char *cpp;     /* preprocessor; NULL = $E2K_CPP or "cpp" */
};

/* Defaults: ISA_VERSION_DEFAULT, base 0x10000, 50 errors, stderr. */
void asm_opts_init(struct asm_opts *o);

/* One output section of a linked image. */
struct asm_image_sect {
    const char *name; /* ".text", ".rodata", ".data", ".bss" */
    uint64_t addr;    /* virtual address */
    uint64_t size;    /* bytes (memory size for .bss) */
    uint8_t *data;    /* contents (NULL for .bss or when empty); owned */
    unsigned align;   /* bytes */
};

enum { ASM_SEC_TEXT, ASM_SEC_RODATA, ASM_SEC_DATA, ASM_SEC_BSS, ASM_SEC_COUNT };

struct asm_image_sym {
    char *name; /* owned */
    uint64_t value;
    uint64_t size;
    uint8_t type;   /* STT_* */
    uint8_t global; /* 1: STB_GLOBAL */
    int8_t sect;    /* ASM_SEC_* or -1 for absolute */
};

/* A linked program: what the ELF writer writes. */
struct asm_image {
    struct asm_image_sect sect[ASM_SEC_COUNT];
    uint64_t entry;
    int isa;
    struct asm_image_sym *syms; /* owned */
    size_t n_syms;
};

/* Assemble and link `files` (paths; `.S` ones are preprocessed) into the
 * ELF executable `out_path`. Returns ASM_OK or a negative asm_error. */
int asm_assemble_files(const struct asm_opts *opts, const char *const *files,
                       unsigned n_files, const char *out_path);

/* Assemble and link one source held in memory (treated as a `.s` file named
 * `name` in messages) into *img, which the caller frees with
 * asm_image_free(). A missing `_start` is allowed here: the entry is then the
 * start of .text. Returns ASM_OK or a negative asm_error; on error *img is
 * empty. */
int asm_assemble_string(const struct asm_opts *opts, const char *name,
                        const char *src, size_t len, struct asm_image *img);

void asm_image_free(struct asm_image *img);

/* Address of symbol `name` in *img; 0 if found, -1 if not. */
int asm_image_sym(const struct asm_image *img, const char *name,
                  uint64_t *addr);

/* Write *img as an ELF64 e2k executable. Returns ASM_OK or ASM_E_IO. */
int asm_elf_write(const struct asm_image *img, const char *path);

#endif
