/*
 * dis_ctl.c — the control syllables: HS (loop_mode, nop), SS (ct, ipd,
 * eap/bap, crp/srp/slrp, vfdi, abg, abn, abp, alc), CS0 (disp, ldisp, sdisp,
 * return, ibranch, pref, done...) and CS1 (setwd/setbn/setbp/vfrpsz, setei,
 * setsft, wait, call, flushr, vfbg), in the order and wording of binutils
 * e2k-dis.c `print_hs`, `print_ss`, `print_cs0`, `print_cs1`,
 * `print_ctcond` (facts restated in docs/tools.md; fields from
 * e2k-isa.md §1.2, §7.2-7.6).
 *
 * Where gas wants other text than the listing, the gas syntax prints the
 * gas form: raw CS0 displacements (gas takes a constant operand of disp and
 * ibranch as the already divided field), `#LOOP_END`, `abg N`, `vfrpsz
 * rpsz=N+1`, `key=value` without spaces, `settr`, `set_mark`, and `? #never`
 * where a transfer is encoded under the "never" condition.
 */
#include "tools/objdump/dis_internal.h"

#include "emu/isa_fields.h"

void dis_hs(struct dis_ctx *c)
{
    uint32_t hs = c->b->hs;
    if (HS_LM(hs)) {
        dis_op(c);
        dis_puts(c, "loop_mode");
    }
    if (HS_NOP(hs)) {
        dis_op(c);
        dis_printf(c, "nop %u", HS_NOP(hs));
    }
    if ((hs & ~0x70u) == 0) { /* nothing but the length: an empty bundle */
        dis_op(c);
        dis_puts(c, "nop");
    }
    if (c->gas && HS_SW(hs)) {
        dis_op(c);
        dis_puts(c, "set_mark");
    }
    if (hs & (1u << 11))
        dis_lossy(c, "HS bit 11 set");
}

void dis_ctcond(struct dis_ctx *c, unsigned cond, int ibranch)
{
    unsigned type = (cond >> 5) & 0xf, psrc = cond & 0x1f;
    const char *le = c->gas ? "#LOOP_END" : "%LOOP_END";
    const char *nle = c->gas ? "#NOT_LOOP_END" : "%NOT_LOOP_END";
    /* gas leaves psrc 0 where the condition has no predicate. */
    if ((type == CT_NEVER || type == CT_ALWAYS || type == CT_LOOP_END ||
         type == CT_NOT_LOOP_END) && psrc)
        dis_lossy(c, "unused ctcond predicate bits");
    if (type == CT_ALWAYS)
        return;
    dis_puts(c, " ? ");
    switch (type) {
    case CT_NEVER:
        /* binutils prints a bare " ? " here; gas wants a word. */
        if (c->gas)
            dis_puts(c, "#never");
        break;
    case CT_PRED: dis_printf(c, "%%pred%u", psrc); break;
    case CT_NOT_PRED: dis_printf(c, "~%%pred%u", psrc); break;
    case CT_LOOP_END: dis_puts(c, le); break;
    case CT_NOT_LOOP_END: dis_puts(c, nle); break;
    case CT_PRED_OR_LOOP_END: dis_printf(c, "%%pred%u || %s", psrc, le); break;
    case CT_NOT_PRED_AND_NOT_LOOP_END:
        dis_printf(c, "~%%pred%u && %s", psrc, nle);
        break;
    case CT_NOT_PRED_OR_LOOP_END:
        dis_printf(c, "~%%pred%u || %s", psrc, le);
        break;
    case CT_PRED_AND_NOT_LOOP_END:
        dis_printf(c, "%%pred%u && %s", psrc, nle);
        break;
    case CT_MLOCK:
        dis_puts(c, "%MLOCK");
        if (psrc & 0xf) {
            static const char k_alc[4] = {'0', '1', '3', '4'};
            dis_puts(c, " || %dt_al");
            for (int i = 0; i < 4; i++)
                if (psrc & (1u << i))
                    dis_printf(c, "%c", k_alc[i]);
        }
        /* gas accepts %MLOCK only after ibranch (tc-e2k.c parse_ctcond). */
        if (!ibranch || (psrc & 0x10))
            dis_lossy(c, "%MLOCK condition");
        break;
    case CT_MLOCK_OR:
    case 11: {
        if (type == 11 && c->o->isa < 7) {
            dis_puts(c, "<reserved condition type>");
            dis_lossy(c, "reserved condition");
            break;
        }
        static const unsigned k_cmp[4] = {0, 1, 3, 4};
        const char *pre = type == CT_MLOCK_OR ? "%MLOCK || " : "";
        unsigned kind = (psrc >> 3) & 3;
        if (kind == 0)
            dis_printf(c, "%s%s%%cmp%u", pre, (psrc & 1) ? "~" : "",
                       k_cmp[(psrc >> 1) & 3]);
        else if (kind == 1)
            dis_printf(c, "%s%s%%cmp%u || %s%%cmp%u", pre,
                       (psrc & 2) ? "~" : "", (psrc & 4) ? 3u : 0u,
                       (psrc & 1) ? "~" : "", (psrc & 4) ? 4u : 1u);
        else if (kind == 2)
            dis_printf(c, "%s%s%%clp%u", pre, (psrc & 1) ? "~" : "",
                       (psrc >> 1) & 3);
        dis_lossy(c, "compare-lock condition");
        break;
    }
    default:
        dis_puts(c, "<reserved condition type>");
        dis_lossy(c, "reserved condition");
        break;
    }
}

/* The RPC condition of crp/srp/slrp: CDS half MRGC0 with mask bit 3
 * (binutils tc-e2k.c `parse_and_encode_rpc_optional`). Not printed by
 * objdump; the gas syntax needs it. */
static void print_rpc(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    for (unsigned k = 0; k < 2u * b->n_cds; k++) {
        unsigned h = dis_cds_half(b, k);
        if (CDS_OPC(h) == CDS_MRGC_LO && (CDS_MASK(h) & 8)) {
            dis_puts(c, " ? ");
            if (CDS_NEG(h) & 4)
                dis_puts(c, "~");
            dis_psrc(c, CDS_PRED(h));
            return;
        }
    }
}

static void print_ct(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    unsigned ctop = SS_CTOP(b->ss), cond = SS_CTCOND(b->ss);
    if (b->has_cs1 && CS1_OPC(b->cs1) == CS1_CALL)
        return; /* printed as `call` */
    if (ctop == 0)
        return; /* ibranch, done, icall, ibranchd: printed with them */
    if (cond == CT_NEVER && !c->gas)
        return;
    dis_op(c);
    dis_printf(c, "ct %%ctpr%u", ctop);
    dis_ctcond(c, cond, 0);
}

void dis_ss(struct dis_ctx *c)
{
    uint32_t ss = c->b->ss;
    unsigned rp = (SS_SRP(ss) << 1) | SS_CRP(ss);
    print_ct(c);
    /* Always printed: an absent SS means another ipd (binutils notes). */
    dis_op(c);
    dis_printf(c, "ipd %u", SS_IPD(ss));
    if (SS_TYPE(ss) == 0) {
        if (SS_EAP(ss)) {
            dis_op(c);
            dis_puts(c, "eap");
        }
        if (SS_BAP(ss)) {
            dis_op(c);
            dis_puts(c, "bap");
        }
    }
    if (rp) {
        static const char *const k_rp[4] = {"", "crp", "srp", "slrp"};
        dis_op(c);
        dis_puts(c, k_rp[rp]);
        if (c->gas)
            print_rpc(c);
    }
    if (SS_TYPE(ss) == 0) {
        unsigned abg = SS_ABG(ss);
        unsigned abn = (SS_ABNF(ss) << 1) | SS_ABNT(ss);
        unsigned abp = (SS_ABPF(ss) << 1) | SS_ABPT(ss);
        unsigned alc = (SS_ALCF(ss) << 1) | SS_ALCT(ss);
        if (SS_VFDI(ss)) {
            dis_op(c);
            dis_puts(c, "vfdi");
        }
        if (abg) {
            dis_op(c);
            if (c->gas) /* gas takes one number: abgi << 1 | abgd */
                dis_printf(c, "abg %u", abg);
            else
                dis_printf(c, "abg abgi=%u, abgd=%u", abg >> 1, abg & 1);
        }
        if (abn) {
            dis_op(c);
            dis_printf(c, "abn abnf=%u, abnt=%u", abn >> 1, abn & 1);
        }
        if (abp) {
            dis_op(c);
            dis_printf(c, "abp abpf=%u, abpt=%u", abp >> 1, abp & 1);
        }
        if (alc) {
            dis_op(c);
            dis_printf(c, "alc alcf=%u, alct=%u", alc >> 1, alc & 1);
        }
    } else {
        dis_lossy(c, "SS type 1");
    }
    if (ss & (1u << 9))
        dis_lossy(c, "SS bit 9 set");
}

/* A CS0 target: absolute address in the listing (with <sym+off>), the raw
 * signed displacement field in gas syntax (with the address as a comment
 * appended by the caller). */
static void print_target(struct dis_ctx *c, uint32_t cs0)
{
    int64_t disp = CS0_DISP_SEXT(cs0);
    uint64_t target = c->b->addr + (uint64_t)(disp * 8);
    if (c->gas) {
        if (disp < 0)
            dis_printf(c, "-0x%llx", (unsigned long long)-disp);
        else
            dis_printf(c, "0x%llx", (unsigned long long)disp);
        return;
    }
    dis_printf(c, "0x%llx", (unsigned long long)target);
    if (c->o->sym) {
        char name[128];
        if (c->o->sym(c->o->sym_ctx, target, name, sizeof name) == 0) {
            name[sizeof name - 1] = 0;
            dis_printf(c, " <%s>", name);
        }
    }
}

static void target_comment(struct dis_ctx *c, uint32_t cs0)
{
    int64_t disp = CS0_DISP_SEXT(cs0);
    uint64_t target = c->b->addr + (uint64_t)(disp * 8);
    dis_printf(c, " ! 0x%llx", (unsigned long long)target);
    if (c->o->sym) {
        char name[128];
        if (c->o->sym(c->o->sym_ctx, target, name, sizeof name) == 0) {
            name[sizeof name - 1] = 0;
            dis_printf(c, " <%s>", name);
        }
    }
}

enum cs0_kind {
    K_NOTHING, K_IBRANCH, K_PREF, K_PUTTSD, K_DONE, K_IRET, K_HRET,
    K_GLAUNCH, K_DISP, K_SDISP, K_GETTSD, K_LDISP, K_RETURN
};

static const char *const k_cs0_names[] = {
    "", "ibranch", "pref", "puttsd", "done", "iret", "hret", "glaunch",
    "disp", "sdisp", "gettsd", "ldisp", "return"};

/* e2k-isa.md §7.2 table: [ctpr][ctp_opc]. */
static const uint8_t k_cs0_ops[4][4] = {
    {K_IBRANCH, K_PREF, K_PUTTSD, K_DONE},
    {K_DISP, K_NOTHING, K_SDISP, K_GETTSD},
    {K_DISP, K_LDISP, K_SDISP, K_GETTSD},
    {K_DISP, K_NOTHING, K_SDISP, K_RETURN}};

static int cs1_is_icall(const struct dec_bundle *b)
{
    if (!b->has_cs1 || CS1_OPC(b->cs1) != CS1_CALL)
        return 0;
    unsigned kind = CS1_CALL_KIND(b->cs1);
    return kind == 1 || kind == 2;
}

static void print_cs0_branch(struct dis_ctx *c, unsigned kind, uint32_t cs0)
{
    const struct dec_bundle *b = c->b;
    if (!b->has_ss || SS_CTOP(b->ss) != 0) {
        dis_op(c);
        dis_printf(c, "invalid %s", k_cs0_names[kind]);
        dis_lossy(c, "CS0 branch without SS.ctop = 0");
        return;
    }
    if (cs1_is_icall(b))
        return; /* icall/hcall are printed from CS1 */
    unsigned cond = SS_CTCOND(b->ss);
    if (cond == CT_NEVER && !c->gas)
        return; /* objdump hides transfers under "never" */
    dis_op(c);
    dis_puts(c, k_cs0_names[kind]);
    if (kind == K_IBRANCH) {
        dis_puts(c, " ");
        print_target(c, cs0);
    } else if (c->gas) {
        static const uint8_t k_param[] = {[K_DONE] = 0, [K_IRET] = 2,
                                          [K_HRET] = 3, [K_GLAUNCH] = 4};
        if (CS0_DISP(cs0) != k_param[kind])
            dis_lossy(c, "CS0 parameter gas would not set");
    }
    dis_ctcond(c, cond, kind == K_IBRANCH);
    if (kind == K_IBRANCH && c->gas)
        target_comment(c, cs0);
}

void dis_cs0(struct dis_ctx *c)
{
    uint32_t cs0 = c->b->cs0;
    unsigned ctpr = CS0_CTPR(cs0), opc = CS0_OPC(cs0), param = cs0 & 7;
    unsigned kind = k_cs0_ops[ctpr][opc];
    if (kind == K_RETURN && param == 1)
        kind = K_GETTSD;
    else if (kind == K_DONE && param >= 2 && param <= 4)
        kind = param == 2 ? K_IRET : param == 3 ? K_HRET : K_GLAUNCH;

    if (kind == K_IBRANCH || kind == K_DONE || kind == K_IRET ||
        kind == K_HRET || kind == K_GLAUNCH) {
        print_cs0_branch(c, kind, cs0);
        return;
    }
    dis_op(c);
    if (kind == K_GETTSD && param != 1)
        dis_puts(c, "invalid ");
    dis_printf(c, "%s ", k_cs0_names[kind]);
    switch (kind) {
    case K_DISP:
    case K_LDISP:
        dis_printf(c, "%%ctpr%u, ", ctpr);
        print_target(c, cs0);
        if (c->gas)
            target_comment(c, cs0);
        break;
    case K_SDISP:
        dis_printf(c, "%%ctpr%u, 0x%x", ctpr, cs0 & 0x1f);
        if (CS0_DISP(cs0) > 0x1f)
            dis_lossy(c, "sdisp entry above 31");
        break;
    case K_RETURN:
        dis_printf(c, "%%ctpr%u", ctpr);
        if (CS0_DISP(cs0) != 0)
            dis_lossy(c, "return with a parameter");
        break;
    case K_GETTSD:
        dis_printf(c, "%%ctpr%u", ctpr);
        if (CS0_DISP(cs0) != 1)
            dis_lossy(c, "gettsd with a parameter");
        break;
    case K_PUTTSD:
        print_target(c, cs0);
        dis_lossy(c, "puttsd");
        break;
    case K_PREF:
        dis_printf(c, c->gas ? "%%ipr%u, disp=0x%x, ipd=%u"
                             : "%%ipr%u, disp = 0x%x, ipd = %u",
                   cs0 & 7, (cs0 >> 4) & 0xffffff, (cs0 >> 3) & 1);
        break;
    default:
        dis_lossy(c, "reserved CS0");
        break;
    }
}

static void print_setr(struct dis_ctx *c)
{
    const struct dec_bundle *b = c->b;
    uint32_t cs1 = b->cs1;
    unsigned opc = CS1_OPC(cs1);
    int has_lts0 = b->n_lts > 0;
    uint32_t lts0 = b->lts[0];
    const char *eq = c->gas ? "=" : " = ";

    if (opc == CS1_SETR1) {
        dis_op(c);
        if (!has_lts0) {
            dis_puts(c, "<bogus vfrpsz>");
            dis_lossy(c, "SETR without LTS0");
        } else if (c->gas) { /* gas stores rpsz - 1 */
            dis_printf(c, "vfrpsz rpsz=0x%x", SETR_LTS_RPSZ(lts0) + 1);
        } else {
            dis_printf(c, "vfrpsz rpsz = 0x%x", SETR_LTS_RPSZ(lts0));
        }
    }
    if (opc == CS1_SETR0 || opc == CS1_SETR1) {
        dis_op(c);
        if (!has_lts0) {
            dis_puts(c, "<bogus setwd>");
            dis_lossy(c, "SETR without LTS0");
        } else {
            dis_lts_mark(c, 3);
            dis_printf(c, "setwd wsz%s0x%x, nfx%s0x%x", eq, SETR_LTS_WSZ(lts0),
                       eq, SETR_LTS_NFX(lts0));
            if (c->o->isa >= 3)
                dis_printf(c, ", dbl%s0x%x", eq, SETR_LTS_DBL(lts0));
            else if (SETR_LTS_DBL(lts0))
                dis_lossy(c, "dbl before elbrus-v3");
            if (lts0 & 7)
                dis_lossy(c, "LTS0 bits 2:0 set");
            if (opc == CS1_SETR0 && SETR_LTS_RPSZ(lts0))
                dis_lossy(c, "rpsz without vfrpsz");
            if (c->gas && CS1_SETTR(cs1)) {
                dis_op(c);
                dis_printf(c, "settr type=0x%x", SETR_LTS_TR(lts0));
            } else if (SETR_LTS_TR(lts0)) {
                dis_lossy(c, "settr type without settr");
            }
        }
    } else if (CS1_SETTR(cs1)) {
        dis_lossy(c, "settr in SETBR");
    }
    if (CS1_SETBN(cs1)) {
        dis_op(c);
        if (c->gas)
            dis_printf(c, "setbn rsz=0x%x, rbs=0x%x, rcur=0x%x", CS1_RSZ(cs1),
                       CS1_RBS(cs1), CS1_RCUR(cs1));
        else
            dis_printf(c, "setbn rbs = 0x%x, rsz = 0x%x, rcur = 0x%x",
                       CS1_RBS(cs1), CS1_RSZ(cs1), CS1_RCUR(cs1));
    } else if (cs1 & 0x3ffffu) {
        dis_lossy(c, "setbn fields without setbn");
    }
    if (CS1_SETBP(cs1)) {
        dis_op(c);
        dis_printf(c, "setbp psz%s0x%x", eq, CS1_PSZ(cs1));
    } else if (CS1_PSZ(cs1)) {
        dis_lossy(c, "setbp fields without setbp");
    }
    if (cs1 & (3u << 23))
        dis_lossy(c, "CS1 bits 24:23 set");
    if (opc == CS1_SETBR && !CS1_SETBN(cs1) && !CS1_SETBP(cs1))
        dis_lossy(c, "empty SETBR");
}

static void print_wait(struct dis_ctx *c, uint32_t cs1)
{
    unsigned isa = c->o->isa;
    dis_op(c);
    if (c->gas) {
        static const char *const k_flags[14] = {
            "all_c", "all_e", "st_c", "ld_c", "fl_c", "ma_c", "trap",
            "sas", "sal", "las", "lal", "mt", "int", "mem_mod"};
        int n = 0;
        dis_puts(c, "wait ");
        for (unsigned i = 0; i < 14; i++) {
            if (!((cs1 >> i) & 1))
                continue;
            dis_printf(c, "%s%s=1", n++ ? ", " : "", k_flags[i]);
            if ((i >= 7 && isa < 5) || (i >= 9 && isa < 6))
                dis_lossy(c, "wait flag of a later ISA");
        }
        if (n == 0)
            dis_lossy(c, "wait without flags");
        if (cs1 & 0x0fffc000u)
            dis_lossy(c, "unknown wait bits");
        return;
    }
    dis_puts(c, "wait ");
    if (isa >= 5) {
        if ((cs1 >> 3) & 1)
            dis_printf(c, "sal = %u, ", (cs1 >> 8) & 1);
        if ((cs1 >> 2) & 1)
            dis_printf(c, "sas = %u, ", (cs1 >> 7) & 1);
    }
    dis_printf(c, "trap = %u, ", (cs1 >> 6) & 1);
    dis_printf(c, "ma_c = %u, fl_c = %u, ld_c = %u, st_c = %u, all_e = %u, "
                  "all_c = %u",
               (cs1 >> 5) & 1, (cs1 >> 4) & 1, (cs1 >> 3) & 1, (cs1 >> 2) & 1,
               (cs1 >> 1) & 1, cs1 & 1);
    /* UNSURE: the binutils we read predates the v6 flags; we append them
     * only when set. */
    if (isa >= 6 && (cs1 & 0x3e00u))
        dis_printf(c, ", las = %u, lal = %u, mt = %u, int = %u, mem_mod = %u",
                   (cs1 >> 9) & 1, (cs1 >> 10) & 1, (cs1 >> 11) & 1,
                   (cs1 >> 12) & 1, (cs1 >> 13) & 1);
}

static void print_call(struct dis_ctx *c, uint32_t cs1)
{
    const struct dec_bundle *b = c->b;
    unsigned ctop = b->has_ss ? SS_CTOP(b->ss) : 0;
    unsigned cond = b->has_ss ? SS_CTCOND(b->ss) : 0;
    unsigned wbs = CS1_WBS(cs1);
    const char *eq = c->gas ? "=" : " = ";
    dis_op(c);
    if (!b->has_ss)
        dis_lossy(c, "call without SS");
    if (ctop) {
        dis_printf(c, "call %%ctpr%u, wbs%s0x%x", ctop, eq, wbs);
        dis_ctcond(c, cond, 0);
        if (cs1 & 0x0fffff80u)
            dis_lossy(c, "call with unused bits");
        return;
    }
    unsigned kind = CS1_CALL_KIND(cs1);
    uint32_t cs0 = b->cs0;
    if ((kind == 1 || kind == 2) && b->has_cs0 && (cs0 >> 28) == 0) {
        int hcall = kind == 2;
        unsigned disp = hcall ? (cs0 >> 1) & 0xf : cs0 & 0xfffffff;
        dis_printf(c, "%ccall 0x%x, wbs%s0x%x", hcall ? 'h' : 'i', disp, eq,
                   wbs);
        dis_ctcond(c, cond, 0);
        if ((cs1 & 0x0ffffc00u) || (hcall && (cs0 & 0x0fffffe1u)))
            dis_lossy(c, "call with unused bits");
        return;
    }
    dis_puts(c, "<bogus call>");
    dis_lossy(c, "bogus call");
}

void dis_cs1(struct dis_ctx *c)
{
    uint32_t cs1 = c->b->cs1;
    unsigned isa = c->o->isa;
    switch (CS1_OPC(cs1)) {
    case CS1_SETR0:
    case CS1_SETR1:
    case CS1_SETBR:
        print_setr(c);
        break;
    case CS1_SETEI:
        dis_op(c);
        if (CS1_SETSFT(cs1)) {
            dis_puts(c, "setsft");
            if (cs1 & 0x07ffffffu)
                dis_lossy(c, "setsft with unused bits");
        } else {
            dis_printf(c, "setei 0x%x", CS1_SETEI_VAL(cs1));
            if (cs1 & 0x07ffff00u)
                dis_lossy(c, "setei with unused bits");
        }
        break;
    case CS1_WAIT:
        print_wait(c, cs1);
        break;
    case CS1_CALL:
        print_call(c, cs1);
        break;
    case CS1_MAS:
        break; /* shown with each memory op (`, mas = 0x...`) */
    case CS1_FLUSHR: {
        static const char *const k_fl[4] = {"flushr", "flushc", "fillr",
                                            "fillc"};
        for (unsigned i = 0; i < 4; i++) {
            if (!((cs1 >> i) & 1))
                continue;
            dis_op(c);
            if (i >= 2 && isa < 6) {
                dis_puts(c, "unimp ");
                dis_lossy(c, "fillr/fillc before elbrus-v6");
            }
            dis_puts(c, k_fl[i]);
        }
        if ((cs1 & 0x0ffffff0u) || !(cs1 & 0xf))
            dis_lossy(c, "flush with unused bits");
        break;
    }
    case CS1_BG:
        dis_op(c);
        dis_printf(c, "vfbg umask = 0x%x, dmask = 0x%x, chkm4 = 0x%x",
                   cs1 & 0xff, (cs1 >> 8) & 0xff, (cs1 >> 16) & 1);
        dis_lossy(c, "vfbg");
        break;
    default:
        dis_op(c);
        dis_puts(c, "unimp");
        dis_lossy(c, "reserved CS1");
        break;
    }
}
