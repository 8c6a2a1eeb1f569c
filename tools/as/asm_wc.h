/*
 * asm_wc.h — the wide instruction (bundle) being assembled: when it starts
 * and ends, and the field setters the op parsers share.
 *
 * Bundle boundaries follow gas's line hook [B tc-e2k.c e2k_start_line_hook]:
 * at the start of every statement, a pending brace-less bundle is finished;
 * `{` starts a bundle that runs to `}`; outside braces each statement is its
 * own bundle. Finishing a bundle packs it (asm_pack.c) and appends it to the
 * current section.
 */
#ifndef E2K_TOOLS_AS_ASM_WC_H
#define E2K_TOOLS_AS_ASM_WC_H

#include "tools/as/asm_internal.h"

/* Called at the start of each statement with the separator that ended the
 * previous one ('\n', ';', '{', '}'), and with 0 at the end of input. */
void asm_wc_hook(struct asm_ctx *c, char prev_term);

/* SS fields set through gas's SET_FIELD rule: a default value (dfl = 1)
 * never overrides anything; an explicit one overrides a default and is an
 * error over another explicit one. */
enum asm_ssf {
    SSF_CTCOND,
    SSF_CTOP,
    SSF_ALCT,
    SSF_ALCF,
    SSF_ABPT,
    SSF_ABPF,
    SSF_ABNT,
    SSF_ABNF,
    SSF_ABG,
    SSF_CRP,
    SSF_VFDI,
    SSF_SRP,
    SSF_BAP,
    SSF_EAP,
    SSF_IPD,
    SSF_COUNT
};
void asm_ss_set(struct asm_ctx *c, int field, uint32_t value, int dfl);
uint32_t asm_ss_get(const struct asm_ctx *c, int field);
int asm_ss_is_set(const struct asm_ctx *c, int field);
int asm_ss_is_dflt(const struct asm_ctx *c, int field);
/* Create SS with ctcond = never and ipd = 3 as defaults [B
 * start_ss_syllable]. */
void asm_ss_start(struct asm_ctx *c);

enum asm_plsf {
    PLSF_PDST,
    PLSF_VDST,
    PLSF_P1,
    PLSF_NEG1,
    PLSF_P0,
    PLSF_NEG0,
    PLSF_OPC,
    PLSF_ELP1,
    PLSF_ELP0,
    PLSF_COUNT
};
void asm_pls_set(struct asm_ctx *c, int idx, int field, uint32_t value);

#define ASM_DEFAULT_IPD 3 /* elbrus-v2 and later [B md_begin] */

#define CTCOND_NEVER 0x000
#define CTCOND_ALWAYS 0x020
#define CTCOND_PRED 0x040
#define CTCOND_NOT_PRED 0x060
#define CTCOND_LOOP_END 0x080
#define CTCOND_NOT_LOOP_END 0x0a0
#define CTCOND_MLOCK 0x100
#define CTCOND_TYPE_MASK 0x1e0

#endif
