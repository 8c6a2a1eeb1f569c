/*
 * asm_opnd.h — operand parsing shared by the ALS formats (asm_opnd.c).
 *
 * Each function parses at *pp, encodes into o->a (both ALS words of a
 * pair) and returns 1, or reports an error and returns 0.
 */
#ifndef E2K_TOOLS_AS_ASM_OPND_H
#define E2K_TOOLS_AS_ASM_OPND_H

#include "tools/as/asm_internal.h"

enum { ASM_F_SRC1 = 1, ASM_F_SRC2 = 2, ASM_F_SRC3 = 3, ASM_F_DST = 4 };

struct asm_opnd_ctx {
    struct asm_ctx *c;
    struct asm_als *a;
    const struct isa_op *row; /* rows[0]: operand syntax and sizes */
    int fmt;                  /* enum isa_fmt used for parsing */
    int n;                    /* 1 or 2 (channel pair) */
    int same_src1;
    char sz[4]; /* operand sizes 's' 'd' 'q' 'p' */
};

/* The terms of one operand sum [B handle]. */
struct asm_opnd_terms {
    int reg1, reg2; /* operand bytes or -1 */
    int has_lit;
    int lit_const;    /* lit is a number */
    uint64_t lit_val; /* number, or addend of the symbolic part */
    struct asm_expr *lit_sym;
    int const_first;
};

/* An argument: register byte, or a literal (constant or symbolic). */
struct asm_opnd_arg {
    int reg; /* >= 0: register */
    int is_const;
    uint64_t val;
    struct asm_expr *e; /* the literal expression */
    const char *at;
};

/* Register byte of the pair's second channel when `shift` (quad operand). */
int asm_opnd_next_reg(int byte, int shift, int i);
void asm_opnd_set_field(struct asm_opnd_ctx *o, int i, int f, int v);
int asm_opnd_terms(struct asm_ctx *c, const char **pp,
                   struct asm_opnd_terms *t);
struct asm_expr *asm_opnd_lit_expr(struct asm_ctx *c,
                                   const struct asm_opnd_terms *t);
int asm_opnd_src1(struct asm_opnd_ctx *o, const char **pp, char fmt);
int asm_opnd_src2(struct asm_opnd_ctx *o, const char **pp, char fmt);
/* ales: into ALES 7:0 (ALOPF21) else the ALS dst byte; comma: `,` first */
int asm_opnd_src3(struct asm_opnd_ctx *o, const char **pp, char fmt, int ales,
                  int comma);
int asm_opnd_dst(struct asm_opnd_ctx *o, const char **pp, char fmt);
int asm_opnd_mas(struct asm_opnd_ctx *o, const char **pp);
/* store: value first (unless .ignore ld_st_style); mas: `, mas=` allowed */
int asm_opnd_ldst(struct asm_opnd_ctx *o, const char **pp, int store, int mas);
/* `, [~]%predN` into a->preds[slot] */
int asm_opnd_pred_arg(struct asm_opnd_ctx *o, const char **pp, int slot);
/* `, N` (0..255) into ALES 7:0 */
int asm_opnd_lit8(struct asm_opnd_ctx *o, const char **pp, const char *what);

#endif
