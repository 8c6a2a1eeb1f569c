/*
 * dis_internal.h — state shared by the dis_*.c files of the disassembler
 * while one bundle is printed. Nothing outside tools/objdump includes it.
 *
 * One struct dis_ctx lives on the stack of dis_bundle(); the printers append
 * to its bounded text buffer (never past `size`) and, in gas syntax, record
 * why the bundle could not be reproduced by gas (`lossy`), in which case
 * dis_bundle() throws the text away and prints the bundle as data.
 */
#ifndef E2K_TOOLS_OBJDUMP_DIS_INTERNAL_H
#define E2K_TOOLS_OBJDUMP_DIS_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "emu/decode.h"
#include "tools/objdump/dis.h"

struct dis_ctx {
    const struct dec_bundle *b; /* borrowed: the bundle being printed */
    const uint8_t *raw;         /* borrowed: its b->len bytes, or NULL */
    const struct dis_opts *o;   /* borrowed: options */
    int gas;                    /* 1: DIS_SYNTAX_GAS */
    char *buf;                  /* output text (borrowed) */
    size_t size;                /* bytes in buf */
    size_t len;                 /* text length so far */
    int trunc;                  /* 1: text did not fit */
    int line_open;              /* 1: an op line is being written */
    int lossy;                  /* gas: bytes would not be reproduced */
    const char *why;            /* first reason for `lossy` */
    uint8_t lts_ref;            /* LTS halves referenced: bit 2i lo, 2i+1 hi */
    uint8_t mas_used;           /* channels whose CS1 MAS an op consumed */
    uint8_t skip;               /* channels printed as a pair's 2nd half */
    int in_pair;                /* gas: printing a two-channel op */
};

/* Text output (dis_out.c). */
void dis_puts(struct dis_ctx *c, const char *s);
void dis_printf(struct dis_ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Start a new op line ("  " indent); closes the previous one. */
void dis_op(struct dis_ctx *c);
/* Close the last op line. */
void dis_end(struct dis_ctx *c);
/* Gas syntax: mark the bundle as not reproducible (first reason wins). */
void dis_lossy(struct dis_ctx *c, const char *why);

/* Operands (dis_opnd.c). `sz` is the isa_op size letter (s d q p) or 0. */
void dis_reg(struct dis_ctx *c, unsigned byte, char sz);
void dis_src1(struct dis_ctx *c, unsigned byte, char sz);
void dis_src2(struct dis_ctx *c, unsigned byte, char sz);
void dis_src3(struct dis_ctx *c, unsigned byte, char sz);
void dis_dst(struct dis_ctx *c, unsigned byte, char sz);
/* A 32-bit literal LTS[idx] as written after `_f32s`; marks it used. */
void dis_lit32(struct dis_ctx *c, unsigned idx, int with_place);
/* Mark LTS halves as referenced (bit 2i lo, 2i+1 hi). */
void dis_lts_mark(struct dis_ctx *c, unsigned halves);
/* A predicate source as in ELP/CDS fields (e2k-isa.md §8.1). */
void dis_psrc(struct dis_ctx *c, unsigned v);

/* ALS operations (dis_alop.c). */
void dis_alops(struct dis_ctx *c);
/* 1 if the row is the first half of a two-channel op; *second = the other
 * channel for first channel `ch`. */
int dis_pair(const struct isa_op *op, unsigned ch, unsigned *second,
             int gas);

/* HS, SS, CS0, CS1 (dis_ctl.c). */
void dis_hs(struct dis_ctx *c);
void dis_ss(struct dis_ctx *c);
void dis_cs0(struct dis_ctx *c);
void dis_cs1(struct dis_ctx *c);
/* " ? cond" for SS.ctcond `cond` (nothing for "always"); `ibranch`: the
 * condition belongs to ibranch, where gas also accepts %MLOCK. */
void dis_ctcond(struct dis_ctx *c, unsigned cond, int ibranch);

/* AAS (mova) and PLS (dis_pls.c). */
void dis_aas(struct dis_ctx *c);
void dis_pls(struct dis_ctx *c);

/* Names (dis_names.c). NULL if unknown for this ISA version. */
const char *dis_sreg_name(unsigned code, unsigned isa);
/* AAU register named by ALS bits 23:8 (opce1) of aaurw/aaurr, into buf;
 * returns 0 or -1 if no such register. */
int dis_aau_name(unsigned opce1, char *buf, size_t size);

/* Gas-syntax layout checks (dis_canon.c): marks the context lossy when
 * gas would lay the bundle out differently. Run after all printing. */
void dis_canon_check(struct dis_ctx *c);

/* CDS helpers shared by dis_alop.c and dis_canon.c. */
/* Target index of CDS half `h` mask bit `bit`: 0..5 ALC, 6/7 AM2/AM5, 8
 * RPC (MRGC0 bit 3), -1 reserved. */
int dis_cds_target(unsigned h, unsigned bit);
/* Half number k (0 = CDS0 high half, 1 = CDS0 low half, 2 = CDS1 high...). */
unsigned dis_cds_half(const struct dec_bundle *b, unsigned k);

#endif
