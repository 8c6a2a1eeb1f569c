/*
 * dis.h — e2k disassembler: a decoded wide instruction (struct dec_bundle)
 * to text, one operation per line.
 *
 * Two syntaxes share one printer:
 *  - DIS_SYNTAX_MCST reproduces the listing of MCST `objdump -d`
 *    (binutils-mcst opcodes/e2k-dis.c, release build): HS, SS, ALS0..5,
 *    CS0, CS1, AAS, PLS in that order, each op on its own line indented by
 *    two spaces, e.g. `addd,0 %dr0, 0x1, %dr2`, `ct %ctpr1 ? ~%pred0`.
 *  - DIS_SYNTAX_GAS prints text that MCST gas (and our e2k-as) accepts and
 *    that assembles back to the same bytes: every bundle in braces, explicit
 *    channels, literal formats with their placement (`_f32s,_lts1 0x...`),
 *    `ipd`/`nop N` always explicit, stores with the value first, raw CS0
 *    displacements. When a bundle uses an encoding gas cannot produce (non
 *    zero padding, unused fields, an order of CDS halves gas would not
 *    choose, ...) the whole bundle is printed as `.word` data with a note, so
 *    decode -> disassemble -> assemble always gives identical bytes.
 * Undecodable bytes print as `.word` / `.byte` data with the decoder's
 * message in both syntaxes; nothing here trusts the input bytes.
 *
 * Facts: docs/tools.md (which restates binutils-mcst e2k-dis.c and
 * gas/config/tc-e2k.c), shared e2k-isa.md, e2k-asm-syntax.md.
 */
#ifndef E2K_TOOLS_OBJDUMP_DIS_H
#define E2K_TOOLS_OBJDUMP_DIS_H

#include <stddef.h>
#include <stdint.h>

#include "emu/decode.h"

enum dis_syntax {
    DIS_SYNTAX_MCST = 0, /* MCST objdump listing */
    DIS_SYNTAX_GAS = 1   /* gas-accepted, byte-reproducible */
};

/* Symbol lookup for CS0 targets: write "name" or "name+0x10" into buf (NUL
 * terminated, at most size bytes) and return 0, or return -1 if no symbol
 * covers addr. */
typedef int (*dis_sym_fn)(void *ctx, uint64_t addr, char *buf, size_t size);

struct dis_opts {
    unsigned isa;       /* ISA version 2..7 (elbrus-vN) */
    int syntax;         /* enum dis_syntax */
    dis_sym_fn sym;     /* NULL: no symbols */
    void *sym_ctx;      /* borrowed, passed to sym */
};

/* Enough for the longest bundle: 6 ALU ops with literals and predicates,
 * CS0/CS1, SS stubs, 4 mova, 7 PLS ops. */
#define DIS_TEXT_MAX 4096

/* Result of dis_insn(). */
enum dis_kind {
    DIS_BUNDLE = 0, /* a decoded bundle */
    DIS_DATA = 1    /* undecodable / misaligned / truncated bytes as data */
};

/*
 * Disassemble what lies at `buf` (`avail` readable bytes, guest address
 * `addr`). Writes NUL-terminated text into out[size] and sets *consumed to
 * the number of bytes described (>= 1 when avail >= 1). Text lines end in
 * '\n'; each line is indented by two spaces in MCST syntax. Returns
 * DIS_BUNDLE or DIS_DATA; -1 only for bad arguments (avail == 0, size too
 * small). `err`, if not NULL, receives the decoder's error for DIS_DATA.
 */
int dis_insn(const uint8_t *buf, size_t avail, uint64_t addr,
             const struct dis_opts *o, char *out, size_t size,
             unsigned *consumed, struct dec_err *err);

/*
 * Text of an already decoded bundle. `raw` (may be NULL) are the bundle's
 * b->len bytes, used by the gas syntax to check padding; without them the
 * gas syntax trusts the padding. Returns the text length, or -1 if out was
 * too small (the text is then truncated but NUL-terminated).
 */
int dis_bundle(const struct dec_bundle *b, const uint8_t *raw,
               const struct dis_opts *o, char *out, size_t size);

/* `n` bytes at `buf` (guest address addr) as `.word`/`.byte` data lines with
 * an optional note (`! note`). Returns the text length or -1. */
int dis_data(const uint8_t *buf, size_t n, uint64_t addr, const char *note,
             const struct dis_opts *o, char *out, size_t size);

#endif
