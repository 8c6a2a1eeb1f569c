/*
 * asm_wc.c — wide-instruction boundaries and the SS/PLS field rules
 * (asm_wc.h).
 */
#include "tools/as/asm_wc.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_pack.h"

/* SS field positions (e2k-isa.md §7.3). */
static const struct {
    unsigned lo, width;
    const char *name;
} k_ssf[SSF_COUNT] = {
    [SSF_CTCOND] = {0, 9, "ctcond"}, [SSF_CTOP] = {10, 2, "ctop"},
    [SSF_ALCT] = {16, 1, "alct"},    [SSF_ALCF] = {17, 1, "alcf"},
    [SSF_ABPT] = {18, 1, "abpt"},    [SSF_ABPF] = {19, 1, "abpf"},
    [SSF_ABNT] = {21, 1, "abnt"},    [SSF_ABNF] = {22, 1, "abnf"},
    [SSF_ABG] = {23, 2, "abg"},      [SSF_CRP] = {25, 1, "crp"},
    [SSF_VFDI] = {26, 1, "vfdi"},    [SSF_SRP] = {27, 1, "srp"},
    [SSF_BAP] = {28, 1, "bap"},      [SSF_EAP] = {29, 1, "eap"},
    [SSF_IPD] = {30, 2, "ipd"},
};

/* PLS field positions (e2k-isa.md §8.1). */
static const struct {
    unsigned lo, width;
    const char *name;
} k_plsf[PLSF_COUNT] = {
    [PLSF_PDST] = {0, 5, "clp_pdst"}, [PLSF_VDST] = {5, 1, "clp_vdst"},
    [PLSF_P1] = {6, 3, "clp_p1"},     [PLSF_NEG1] = {9, 1, "clp_neg1"},
    [PLSF_P0] = {10, 3, "clp_p0"},    [PLSF_NEG0] = {13, 1, "clp_neg0"},
    [PLSF_OPC] = {14, 2, "clp_opc"},  [PLSF_ELP1] = {16, 7, "elp1"},
    [PLSF_ELP0] = {24, 7, "elp0"},
};

static uint32_t put(uint32_t word, unsigned lo, unsigned width, uint32_t v)
{
    uint32_t m = ((1u << width) - 1) << lo;
    return (word & ~m) | ((v << lo) & m);
}

void asm_ss_set(struct asm_ctx *c, int f, uint32_t value, int dfl)
{
    struct asm_wc *w = &c->wc;
    uint32_t bit = 1u << f;
    if (!(w->ss.set & bit) || (!dfl && (w->ss.dflt & bit))) {
        w->ss.val = put(w->ss.val, k_ssf[f].lo, k_ssf[f].width, value);
        w->ss.set |= bit;
        if (dfl)
            w->ss.dflt |= bit;
        else
            w->ss.dflt &= ~bit;
    } else if (!dfl) {
        asm_err(c, NULL, "explicitly overriding non-default value of ss.%s",
                k_ssf[f].name);
        w->errors = 1;
    }
}

uint32_t asm_ss_get(const struct asm_ctx *c, int f)
{
    return (c->wc.ss.val >> k_ssf[f].lo) & ((1u << k_ssf[f].width) - 1);
}

int asm_ss_is_set(const struct asm_ctx *c, int f)
{
    return (c->wc.ss.set >> f) & 1;
}

int asm_ss_is_dflt(const struct asm_ctx *c, int f)
{
    return (c->wc.ss.dflt >> f) & 1;
}

void asm_ss_start(struct asm_ctx *c)
{
    if (c->wc.ss.started)
        return;
    asm_ss_set(c, SSF_CTCOND, CTCOND_NEVER, 1);
    asm_ss_set(c, SSF_IPD, ASM_DEFAULT_IPD, 1);
    c->wc.ss.started = 1;
}

void asm_pls_set(struct asm_ctx *c, int idx, int f, uint32_t value)
{
    struct asm_wc *w = &c->wc;
    uint32_t bit = 1u << f;
    /* always explicit (dfl = 0) in gas's PLS encoders */
    if (!(w->pls[idx].set & bit) || (w->pls[idx].dflt & bit)) {
        w->pls[idx].val =
            put(w->pls[idx].val, k_plsf[f].lo, k_plsf[f].width, value);
        w->pls[idx].set |= bit;
        w->pls[idx].dflt &= ~bit;
    } else {
        asm_err(c, NULL,
                "explicitly overriding non-default value of "
                "pls[%d].%s",
                idx, k_plsf[f].name);
        w->errors = 1;
    }
}

static void start_wc(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    memset(w, 0, sizeof *w);
    w->started = 1;
    w->loc = c->loc;
    for (int i = 0; i < 10; i++)
        w->setcmd[i] = ASM_SET_UNSET;
    for (int i = 0; i < 6; i++)
        for (int j = 0; j < 4; j++)
            w->als[i].preds[j].num = -1;
}

static void end_wc(struct asm_ctx *c)
{
    struct asm_wc *w = &c->wc;
    if (w->insn_met && !w->errors && !c->fatal)
        asm_pack(c);
    w->started = 0;
    w->insn_met = 0;
    w->errors = 0;
}

void asm_wc_hook(struct asm_ctx *c, char prev)
{
    struct asm_wc *w = &c->wc;
    if (w->started && c->brace == 0)
        end_wc(c);
    if (prev == '{') {
        if (c->brace > 0) {
            asm_err(c, NULL, "unexpected `{' inside a wide instruction");
            end_wc(c);
            c->brace = 0;
        }
        start_wc(c);
        c->brace = 1;
        /* `{}` alone is an empty bundle (a nop) [B e2k_start_line_hook] */
        c->wc.insn_met = 1;
    } else if (prev == '}') {
        if (c->brace == 0 || !w->started) {
            asm_err(c, NULL, "unexpected `}'");
            c->brace = 0;
            return;
        }
        end_wc(c);
        c->brace = 0;
        start_wc(c);
    } else if (c->brace == 0 && prev != 0) {
        start_wc(c);
    }
}
