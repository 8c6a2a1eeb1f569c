/*
 * asm_stub.c — commands that fill CS1, HS or SS fields rather than a
 * channel: set commands (setwd, setbn, setbp, settr, vfrpsz, setei),
 * setsft, wait, flushr/flushc/fillr/fillc, nop, ipd, loop_mode, set_mark,
 * alc/abn/abp/abg, bap/eap/vfdi and srp/crp/slrp.
 *
 * Encodings: e2k-isa.md §1.2 (HS), §7.3 (SS), §7.6 (CS1); syntax [B tc-e2k.c
 * parse_setcmd_args, parse_wait_args, parse_copf4_args, parse_nop_args,
 * parse_ipd_args, parse_alc/abn/abp/abg_args, parse_srp/crp/slrp_args,
 * parse_bap/eap/vfdi_args]. The set commands are only collected here; they
 * are merged into one CS1 when the bundle is packed (asm_pack.c).
 */
#include "tools/as/asm_stub.h"

#include <string.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_expr.h"
#include "tools/as/asm_lex.h"
#include "tools/as/asm_reg.h"
#include "tools/as/asm_wc.h"

/* Parameter slots of the set commands [B setcmd_masks]. */
enum {
    P_RSZ,
    P_RBS,
    P_RCUR,
    P_PSZ,
    P_TYPE,
    P_WSZ,
    P_NFX,
    P_DBL,
    P_RPSZ,
    P_SETEI
};

static const unsigned k_mask[10] = {0x3f, 0x3f, 0x3f, 0x1f, 0x7fff,
                                    0x7f, 1,    1,    0x1f, 0xff};
static const unsigned k_dnlim[10] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 0};
static const char *const k_key[10] = {"rsz", "rbs", "rcur", "psz",  "type",
                                      "wsz", "nfx", "dbl",  "rpsz", ""};
static const char *const k_what[10] = {
    "rotated register area size",
    "rotated register area base",
    "current value of rotated register area base",
    "rotated predicate area size",
    "current type",
    "register window size",
    "nfx value",
    "dbl value",
    "register parameter size",
    "exception info register"};

int asm_stub_setcmd(struct asm_ctx *c, const char *name, const char **pp)
{
    static const char *const k_cmd[6] = {"setbn", "setbp",  "settr",
                                         "setwd", "vfrpsz", "setei"};
    static const int k_lo[6] = {P_RSZ, P_PSZ, P_TYPE, P_WSZ, P_RPSZ, P_SETEI};
    int id = 0;
    while (id < 5 && strcmp(k_cmd[id], name))
        id++;
    int lo = k_lo[id];
    int hi = id == 0 ? P_RCUR : id == 3 ? (c->isa >= 3 ? P_DBL : P_NFX) : lo;
    unsigned *arg = c->wc.setcmd;
    if (arg[lo] != ASM_SET_UNSET) {
        asm_err(c, NULL,
                "a wide instruction cannot contain more than one "
                "instance of %s",
                name);
        return 0;
    }
    const char *p = *pp;
    int count = 0;
    for (int i = lo; i <= hi; i++) {
        int j;
        for (j = lo; j <= hi; j++) {
            const char *q = p;
            if (j != P_SETEI && !asm_accept_key(&q, k_key[j]))
                continue;
            if (j == P_SETEI && asm_at_end(q))
                continue;
            int64_t v;
            const char *at = asm_skip_ws(q);
            if (asm_expr_const(c, &q, &v))
                return 0;
            if (v < (int64_t)k_dnlim[j] ||
                v > (int64_t)(k_dnlim[j] + k_mask[j])) {
                asm_err(c, at, "invalid value for %s", k_what[j]);
                return 0;
            }
            arg[j] = (unsigned)v - k_dnlim[j];
            count++;
            asm_accept(&q, ",");
            p = q;
            break;
        }
        if (j > hi) {
            if (!asm_at_end(p)) {
                asm_err(c, asm_skip_ws(p), "invalid parameter `%s'",
                        asm_skip_ws(p));
                return 0;
            }
            if (!count) {
                asm_err(c, NULL, "no parameters for `%s'", name);
                return 0;
            }
            break;
        }
    }
    *pp = p;
    return 1;
}

int asm_stub_setsft(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    (void)pp;
    c->wc.setsft = 1;
    return 1;
}

int asm_stub_wait(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    static const char *const k_param[14] = {
        "all_c", "all_e", "st_c", "ld_c", "fl_c", "ma_c", "trap",
        "sas",   "sal",   "las",  "lal",  "mt",   "int",  "mem_mod"};
    int val[14];
    for (int i = 0; i < 14; i++)
        val[i] = -1;
    uint32_t param = 0;
    const char *p = *pp;
    for (int i = 0; i < 14; i++) {
        int j;
        for (j = 0; j < 14; j++) {
            const char *q = p;
            if (!asm_accept_key(&q, k_param[j]))
                continue;
            if ((c->isa < 5 && j > 6) || (c->isa < 6 && j > 8)) {
                asm_err(c, asm_skip_ws(p),
                        "invalid `%s' WAIT parameter for "
                        "elbrus-v%d",
                        k_param[j], c->isa);
                return 0;
            }
            q = asm_skip_ws(q);
            if ((*q != '0' && *q != '1') || (q[1] >= '0' && q[1] <= '9')) {
                asm_err(c, q, "%s={0,1} expected", k_param[j]);
                return 0;
            }
            val[j] = *q - '0';
            param |= (uint32_t)val[j] << j;
            q++;
            asm_accept(&q, ",");
            p = q;
            break;
        }
        if (j == 14) {
            if (!asm_at_end(p)) {
                asm_err(c, asm_skip_ws(p), "junk in WAIT command: `%s'",
                        asm_skip_ws(p));
                return 0;
            }
            if (!param) {
                asm_err(c, NULL, "no parameters specified for WAIT command");
                return 0;
            }
            break;
        }
    }
    /* {s,l}a{s,l} = 1 imply {st,ld}_c = 1 [B parse_wait_args] */
    int bad = 0;
    for (int i = 7; i <= 10; i++) {
        int j = i < 9 ? i - 5 : i - 7;
        if (val[i] == 1) {
            if (val[j] == -1) {
                param |= 1u << j;
            } else if (val[j] == 0) {
                asm_err(c, NULL,
                        "invalid combination of `%s=0' and `%s=1' "
                        "WAIT flags",
                        k_param[j], k_param[i]);
                bad = 1;
            }
        }
    }
    if (bad)
        return 0;
    if (c->wc.cs1.set) {
        asm_err(c, NULL, "cannot encode WAIT because CS1 is busy");
        return 0;
    }
    c->wc.cs1.set = 1;
    c->wc.cs1.val = 3u << 28 | param;
    *pp = p;
    return 1;
}

int asm_stub_flush(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)pp;
    struct asm_wc *w = &c->wc;
    if (w->cs1.set && (w->cs1.val >> 28) != 7) {
        asm_err(c, NULL, "cannot encode `%s' because CS1 is busy", name);
        return 0;
    }
    if (!w->cs1.set)
        w->cs1.val = 7u << 28;
    w->cs1.val |= !strcmp(name, "flushr")   ? 1u
                  : !strcmp(name, "flushc") ? 2u
                  : !strcmp(name, "fillr")  ? 4u
                                            : 8u;
    w->cs1.set = 1;
    return 1;
}

int asm_stub_nop(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    const char *p = asm_skip_ws(*pp);
    if (*p == 0) {
        c->wc.nop = 0xff; /* bare nop: 1 inside a bundle, else empty */
        return 1;
    }
    if (*p < '0' || *p > '9') {
        asm_err(c, p, "number expected");
        return 0;
    }
    int64_t v;
    if (asm_expr_const(c, &p, &v))
        return 0;
    if (v < 0 || v > 7) {
        asm_err(c, *pp, "illegal nop number");
        return 0;
    }
    c->wc.nop = (unsigned)v;
    *pp = p;
    return 1;
}

int asm_stub_ipd(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    asm_ss_start(c);
    const char *at = asm_skip_ws(*pp);
    if (*at < '0' || *at > '9') {
        asm_err(c, at, "ipd value expected after `ipd'");
        return 0;
    }
    int64_t v;
    if (asm_expr_const(c, pp, &v))
        return 0;
    if (v < 0 || v > 3) {
        asm_err(c, at, "invalid ipd value %lld; should be < 4", (long long)v);
        return 0;
    }
    if (!asm_ss_is_set(c, SSF_IPD) || asm_ss_is_dflt(c, SSF_IPD) ||
        asm_ss_get(c, SSF_IPD) != (uint32_t)v)
        asm_ss_set(c, SSF_IPD, (uint32_t)v, 0);
    return 1;
}

int asm_stub_flag(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)pp;
    if (!strcmp(name, "loop_mode")) {
        c->wc.lm = 1;
    } else if (!strcmp(name, "set_mark")) {
        c->wc.sw = 1;
    } else if (!strcmp(name, "vfdi")) {
        asm_ss_start(c);
        asm_ss_set(c, SSF_VFDI, 1, 0);
    } else if (!strcmp(name, "bap")) {
        asm_ss_start(c);
        asm_ss_set(c, SSF_BAP, 1, 0);
        asm_ss_set(c, SSF_IPD, ASM_DEFAULT_IPD, 1);
    } else { /* eap */
        asm_ss_start(c);
        if (asm_ss_is_set(c, SSF_EAP) && !asm_ss_is_dflt(c, SSF_EAP) &&
            asm_ss_get(c, SSF_EAP) == 1)
            return 1; /* a repeated eap is tolerated */
        asm_ss_set(c, SSF_EAP, 1, 0);
        asm_ss_set(c, SSF_IPD, ASM_DEFAULT_IPD, 1);
    }
    return 1;
}

/* alc/abn/abp: a bare number (bit 0 = ...t, bit 1 = ...f) or
 * `xxxf=B, xxxt=B` (f first). */
int asm_stub_advance(struct asm_ctx *c, const char *name, const char **pp)
{
    int ft, ff;
    if (!strcmp(name, "alc")) {
        ft = SSF_ALCT;
        ff = SSF_ALCF;
    } else if (!strcmp(name, "abn")) {
        ft = SSF_ABNT;
        ff = SSF_ABNF;
    } else {
        ft = SSF_ABPT;
        ff = SSF_ABPF;
    }
    asm_ss_start(c);
    const char *p = asm_skip_ws(*pp);
    if (*p >= '0' && *p <= '9') {
        int64_t v;
        if (asm_expr_const(c, &p, &v))
            return 0;
        asm_ss_set(c, ft, (uint32_t)v & 1, 0);
        asm_ss_set(c, ff, ((uint32_t)v >> 1) & 1, 0);
        *pp = p;
        return 1;
    }
    char key[8];
    for (int k = 0; k < 2; k++) {
        snprintf(key, sizeof key, "%s%c", name, k == 0 ? 'f' : 't');
        if (k == 1 && !asm_accept(&p, ",")) {
            asm_err(c, p, "`,' expected");
            return 0;
        }
        if (!asm_accept_key(&p, key)) {
            asm_err(c, asm_skip_ws(p), "`%s=' expected", key);
            return 0;
        }
        const char *at = asm_skip_ws(p);
        int64_t v;
        if (asm_expr_const(c, &p, &v))
            return 0;
        if (v < 0 || v > 1)
            asm_err(c, at, "invalid %s value; should be either 0 or 1", key);
        asm_ss_set(c, k == 0 ? ff : ft, (uint32_t)v & 1, 0);
    }
    *pp = p;
    return 1;
}

int asm_stub_abg(struct asm_ctx *c, const char *name, const char **pp)
{
    (void)name;
    asm_ss_start(c);
    const char *at = asm_skip_ws(*pp);
    int64_t v;
    if (asm_expr_const(c, pp, &v))
        return 0;
    if (v < 0 || v > 3)
        asm_err(c, at, "invalid abg value: should be 0..3");
    asm_ss_set(c, SSF_ABG, (uint32_t)v & 3, 0);
    return 1;
}

/* srp/crp/slrp with an optional recovery-point condition `? %predN`, which
 * occupies CDS0's first half as MRGC0 with mask 8 [B
 * parse_and_encode_rpc_optional]. */
int asm_stub_rp(struct asm_ctx *c, const char *name, const char **pp)
{
    asm_ss_start(c);
    if (!strcmp(name, "srp")) {
        asm_ss_set(c, SSF_CRP, 0, 0);
        asm_ss_set(c, SSF_SRP, 1, 0);
    } else if (!strcmp(name, "crp")) {
        asm_ss_set(c, SSF_CRP, 1, 0);
        asm_ss_set(c, SSF_SRP, 0, 0);
    } else {
        asm_ss_set(c, SSF_CRP, 1, 0);
        asm_ss_set(c, SSF_SRP, 1, 0);
    }
    const char *p = *pp;
    if (!asm_accept(&p, "?"))
        return 1;
    struct asm_pred pr;
    const char *at = asm_skip_ws(p);
    int r = asm_parse_pred(c, &p, &pr, 0, 1);
    if (r <= 0) {
        if (r == 0)
            asm_err(c, at, "predicate expected");
        return 0;
    }
    if (c->isa == 2) {
        asm_err(c, at,
                "recovery point conditions are not supported for "
                "elbrus-v2");
        return 0;
    }
    c->wc.cds[0] = (uint16_t)(2u << 14 | 8u << 10 | (pr.neg ? 4u << 7 : 0) |
                              (unsigned)pr.fld);
    *pp = p;
    return 1;
}
