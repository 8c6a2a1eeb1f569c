/*
 * asm_cond.h — conditional assembly: .if and its variants, .else,
 * .elseif, .endif (asm_cond.c).
 */
#ifndef E2K_TOOLS_AS_ASM_COND_H
#define E2K_TOOLS_AS_ASM_COND_H

#include "tools/as/asm_internal.h"

enum asm_if_kind {
    IF_EXPR,
    IF_DEF,
    IF_NDEF,
    IF_C,
    IF_NC,
    IF_EQ,
    IF_NE,
    IF_GT,
    IF_GE,
    IF_LT,
    IF_LE,
    IF_B,
    IF_NB
};

/* 1 if statements are assembled at this point (no skipped .if branch). */
int asm_cond_active(const struct asm_ctx *c);
/* Open a level with the given truth value (inactive if the enclosing level
 * is). */
void asm_cond_push(struct asm_ctx *c, int value);
/* The directives, with their operand text. */
void asm_cond_if(struct asm_ctx *c, const char *args, int kind);
void asm_cond_else(struct asm_ctx *c, const char *args, int elseif);
void asm_cond_endif(struct asm_ctx *c, const char *args, int arg);

#endif
