/*
 * dis_names.c — names of state registers (rrs/rrd/rws/rwd) and AAU
 * registers (aaurw/aaurr).
 *
 * State registers: the shared table emu/sreg.def (e2k-isa.md §4.8, from
 * binutils state-regs.def.new), also read by e2k-as; the disassembler
 * prints the first name of each code that is valid for the ISA version and
 * not marked as an alternative spelling, as binutils does (it skips
 * ALT_ENTRY rows and prefers the names that come first).
 *
 * AAU registers: ALS bits 23:8 of aaurw/aaurr ("opce1") = reg << 2 |
 * ind << 7 | d << 11, names from binutils aau-regs.def as restated in
 * docs/tools.md.
 */
#include "tools/objdump/dis_internal.h"

#include <stdio.h>
#include <string.h>

struct sreg_name {
    uint8_t code;
    uint8_t isa_min, isa_max;
    const char *name;  /* with the leading '%' */
    const char *flags; /* sreg.def flag letters; 'A' = alternative spelling */
};

static const struct sreg_name k_sregs[] = {
#define SREG(name, code, first, last, flags) {code, first, last, "%" #name, flags},
#include "emu/sreg.def"
#undef SREG
};

const char *dis_sreg_name(unsigned code, unsigned isa)
{
    for (size_t i = 0; i < sizeof k_sregs / sizeof k_sregs[0]; i++)
        if (k_sregs[i].code == code && isa >= k_sregs[i].isa_min &&
            isa <= k_sregs[i].isa_max && !strchr(k_sregs[i].flags, 'A'))
            return k_sregs[i].name;
    return NULL;
}

/* AAU register kinds by the `reg` field (opce1 bits 6:2). */
enum aau_kind { AAU_NONE, AAU_PLAIN, AAU_IND, AAU_D };

struct aau_name {
    uint8_t reg;
    uint8_t kind;
    const char *name;
};

static const struct aau_name k_aau[] = {
    {0x00, AAU_D, "%aad"},         {0x01, AAU_IND, "%aasti"},
    {0x02, AAU_IND, "%aaind"},     {0x03, AAU_IND, "%aaincr"},
    {0x04, AAU_D, "%aaldi"},       {0x05, AAU_D, "%aalda"},
    {0x08, AAU_PLAIN, "%aafstr"},  {0x09, AAU_PLAIN, "%aaldv"},
    {0x0a, AAU_PLAIN, "%aaldm"},   {0x0c, AAU_IND, "%aabf"},
    {0x10, AAU_D, "%aadr"},        {0x11, AAU_PLAIN, "%aasti_tag"},
    {0x12, AAU_PLAIN, "%aaind_tag"}, {0x13, AAU_PLAIN, "%aaincr_tag"},
    {0x1b, AAU_PLAIN, "%aasr"},
};

int dis_aau_name(unsigned opce1, char *buf, size_t size)
{
    unsigned lt = opce1 & 3, reg = (opce1 >> 2) & 0x1f;
    unsigned ind = (opce1 >> 7) & 0xf, d = (opce1 >> 11) & 0x1f;
    if (lt || opce1 > 0xffff)
        return -1;
    for (size_t i = 0; i < sizeof k_aau / sizeof k_aau[0]; i++) {
        if (k_aau[i].reg != reg)
            continue;
        switch (k_aau[i].kind) {
        case AAU_PLAIN:
            if (ind || d)
                return -1;
            snprintf(buf, size, "%s", k_aau[i].name);
            return 0;
        case AAU_IND:
            if (d)
                return -1;
            snprintf(buf, size, "%s%u", k_aau[i].name, ind);
            return 0;
        case AAU_D:
            if (ind)
                return -1;
            snprintf(buf, size, "%s%u", k_aau[i].name, d);
            return 0;
        default:
            return -1;
        }
    }
    return -1;
}
