/*
 * decode.h — bytes of one wide instruction -> struct dec_bundle.
 *
 * The decoder is pure: it reads at most `avail` bytes, never the host's
 * memory beyond them, keeps no state, and on any malformed input returns a
 * negative DEC_E_* code with a one-line reason in struct dec_err. It checks
 * what is static in the encoding (layout, opcodes for the ISA version, operand
 * bytes legal for the format, literal references that exist, CS0/CS1 kinds);
 * what depends on machine state (window bounds, CTPR tags, predicate tags,
 * the mirrored load/store rule) is the CPU's job.
 *
 * Layout and algorithm: e2k-isa.md §1.4; operands §3.
 */
#ifndef E2K_EMU_DECODE_H
#define E2K_EMU_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "emu/isa.h"

#define DEC_MAX_BUNDLE 64 /* bytes: lng is 3 bits, (7 + 1) * 8 */
#define DEC_MIN_BUNDLE 8

enum dec_error {
    DEC_OK = 0,
    DEC_E_TRUNCATED = -1,  /* fewer bytes available than HS.lng says */
    DEC_E_MISALIGNED = -2, /* bundle address not a multiple of 8 */
    DEC_E_LAYOUT = -3,     /* HS.mdl / syllable counts inconsistent */
    DEC_E_OPCODE = -4,     /* no operation matches an ALS/ALES */
    DEC_E_OPERAND = -5,    /* operand byte illegal for its position */
    DEC_E_LITERAL = -6,    /* reference to a missing or illegal literal */
    DEC_E_CS0 = -7,        /* reserved CS0 kind */
    DEC_E_CS1 = -8,        /* reserved CS1 kind or bad combination */
    DEC_E_SS = -9,         /* reserved SS fields */
    DEC_E_PLS = -10,       /* reserved CLP opcode */
    DEC_E_CDS = -11,       /* bad CDS half (reserved: nothing static found) */
    DEC_E_ISA = -12        /* `isa` argument not in ISA_VERSION_MIN..MAX */
};

struct dec_err {
    int code;       /* enum dec_error */
    int channel;    /* ALC the error is about, or -1 */
    char msg[96];   /* one line, no newline */
};

/* Operand kinds after resolving the 8-bit operand byte (§3.1, §3.2). */
enum dec_okind {
    DEC_O_NONE = 0,
    DEC_O_BREG,  /* %b[num] */
    DEC_O_RREG,  /* %rnum */
    DEC_O_GREG,  /* %gnum */
    DEC_O_IMM,   /* imm4 (src2) / imm5 (src1): zero-extended `val`;
                  * icalld's src1 = wbs (the whole byte) */
    DEC_O_LIT,   /* literal from LTS: `val` sign-/zero-extended as §3.2 */
    DEC_O_CTPR,  /* %ctpr1..3 as destination: num = 1..3 */
    DEC_O_EMPTY, /* %empty / %empty.hi (0xdf) or %empty.lo (0xde) */
    DEC_O_TST,   /* %tst, %tc, %tcd: num = dst byte */
    DEC_O_PRED,  /* %predN (compare destination): num */
    DEC_O_SREG,  /* state register number (rrs/rrd, rws/rwd): num */
    DEC_O_LIT8   /* 8-bit immediate in ALES (LIT8 formats): val */
};

/* Literal shapes (src2 0xD0..0xDE). */
enum dec_litfmt {
    DEC_LIT_NONE = 0,
    DEC_LIT_16LO, /* LTS[idx] bits 15:0 */
    DEC_LIT_16HI, /* LTS[idx] bits 31:16 */
    DEC_LIT_32,   /* LTS[idx] */
    DEC_LIT_64    /* LTS[idx] low word, LTS[idx + 1] high word */
};

struct dec_opnd {
    uint8_t kind;    /* enum dec_okind */
    uint8_t num;     /* register / predicate / ctpr / state-register number */
    uint8_t byte;    /* the raw operand byte */
    uint8_t litfmt;  /* enum dec_litfmt for DEC_O_LIT */
    uint8_t lit_idx; /* LTS index for DEC_O_LIT */
    uint64_t val;    /* immediate or literal value, extended to 64 bits */
};

/* One ALS operation with its channel. Which operands a format fills:
 *   ALOPF1/11, MERGE, ALOPF11/21-MERGE  src1, src2, dst (+ src3 for 21)
 *   ALOPF11-LIT8, ALOPF12-PSHUFH        ... and src3 = DEC_O_LIT8 (ALES 7:0)
 *   ALOPF2/12/22, IBRANCHD              src2, dst   (ICALLD: + src1 = wbs)
 *   ALOPF3/13 (stores)                  src1, src2 = address, src3 = value
 *   ALOPF7/17, ALOPF8                   src1 (not 8), src2, dst = DEC_O_PRED
 *   ALOPF15 (rws/rwd)                   src2, dst = DEC_O_SREG
 *   ALOPF16 (rrs/rrd)                   src1 = DEC_O_SREG, dst
 *   ALOPF10, AAURW (staa, aaurw)        src3 = value; src2 = 32-bit literal
 *                                       if ALS 9:8 != 0 (LTS[ALS 9:8 - 1])
 *   ALOPF19, AAURR (ldaa, aaurr)        dst; src2 as for ALOPF10
 * The AAU fields of ALOPF10/19 (aad, ind, incr, am) stay in `als`. */
struct dec_alop {
    const struct isa_op *op; /* NULL: channel empty */
    uint32_t als;            /* the raw ALS */
    uint16_t ales;           /* ALES value in use (default 0x01C0 for 2/5) */
    uint8_t has_ales;        /* HS.ale bit for this channel */
    uint8_t sm;              /* ALS bit 31: speculative */
    uint8_t mas;             /* MAS from CS1 (0 if none) */
    struct dec_opnd src1;    /* per format; kind NONE where unused */
    struct dec_opnd src2;
    struct dec_opnd src3;    /* ALOPF21 src3, stores' value register */
    struct dec_opnd dst;     /* destination register / %predN / sreg */
};

/* The whole bundle: raw syllables plus the decoded operations. */
struct dec_bundle {
    uint64_t addr;      /* address of HS */
    uint8_t len;        /* bytes, 8..64 */
    uint8_t n_lts;      /* LTS words found (includes an alignment pad) */
    uint8_t n_pls;      /* HS.pl */
    uint8_t n_cds;      /* HS.cd */
    uint8_t has_ss, has_cs0, has_cs1;
    uint8_t ales25;     /* 1: a physical ALES5|ALES2 syllable exists */
    uint8_t aas_mask;   /* bit k: AAS[k] present */
    uint8_t n_half;     /* half-syllables used (ALES0/1/3/4 + AAS) */
    uint32_t hs, ss, cs0, cs1;
    uint32_t lts[4];
    uint32_t pls[3];
    uint32_t cds[3];
    uint16_t ales_raw[6]; /* ALES as found (0 if absent) */
    uint16_t aas[6];
    struct dec_alop alop[6]; /* indexed by channel */
};

/*
 * Decode the bundle at `buf` (`avail` bytes readable) that lives at guest
 * address `addr`, for ISA version `isa` (2..7).
 * Returns 0 and fills *out, or a negative DEC_E_* code and fills *err (if
 * not NULL). On error *out holds whatever was decoded before the failure
 * (at least addr, hs and len when the header could be read).
 * Checks run in this order: ISA version, alignment, length, layout (§1.4),
 * SS, CS0, CS1, PLS, then channels 0..5 (opcode, then operands); the first
 * failure is returned. Reads at most min(avail, len) bytes of buf.
 */
int dec_bundle(const uint8_t *buf, size_t avail, uint64_t addr, unsigned isa,
               struct dec_bundle *out, struct dec_err *err);

/* Bundle length in bytes from HS, without decoding: (HS.lng + 1) * 8. */
unsigned dec_bundle_len(uint32_t hs);

/* Static text for a DEC_E_* code (or "unknown decode error"). */
const char *dec_strerror(int code);

#endif
