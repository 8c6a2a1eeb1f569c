/*
 * asm_internal.h — state shared by the asm_*.c files of e2k-as: the
 * assembler context, objects (one per input file), sections, symbols,
 * expressions, fixups and the wide instruction being collected.
 *
 * Nothing outside tools/as includes this. The pipeline is the one MCST gas
 * uses [B tc-e2k.c]: statements are parsed into the current wide
 * instruction (struct asm_wc); at its end the packer places literals and
 * channels and appends the bundle bytes plus fixups to the current section;
 * after all inputs are read the linker lays the sections out and applies the
 * fixups (asm_link.c), and the ELF writer emits the image (asm_elf.c).
 */
#ifndef E2K_TOOLS_AS_ASM_INTERNAL_H
#define E2K_TOOLS_AS_ASM_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "emu/isa.h"
#include "tools/as/asm.h"

struct asm_ctx;

/* A source position. `file` is interned in the context arena. */
struct asm_loc {
    const char *file;
    int line;
    int col; /* 1-based; 0 = unknown */
};

/* ---- expressions (asm_expr.c) ---------------------------------------- */

enum asm_ex_op {
    EX_NUM, /* num */
    EX_SYM, /* sym (+ reloc operator) */
    EX_DOT, /* sect + num: the location counter when parsed */
    EX_REG, /* an operand register: num = the 8-bit operand byte */
    EX_NEG,
    EX_NOT,
    EX_LNOT,
    EX_MUL,
    EX_DIV,
    EX_MOD,
    EX_SHL,
    EX_SHR,
    EX_OR,
    EX_ORNOT,
    EX_XOR,
    EX_AND,
    EX_ADD,
    EX_SUB,
    EX_EQ,
    EX_NE,
    EX_LT,
    EX_LE,
    EX_GE,
    EX_GT,
    EX_LAND,
    EX_LOR
};

/* Relocation operators written as `sym@OP` (e2k-asm-syntax.md §1). */
enum asm_reloc_op {
    RELOP_NONE,
    RELOP_ABS,
    RELOP_PLT,
    RELOP_GOT,
    RELOP_GOTOFF,
    RELOP_GOTPLT,
    RELOP_PCREL,
    RELOP_TLS,
    RELOP_SIZE,
    RELOP_OTHER
};

struct asm_expr {
    uint8_t op;    /* enum asm_ex_op */
    uint8_t relop; /* enum asm_reloc_op for EX_SYM */
    uint8_t paren; /* 1: written in () or [] */
    struct asm_expr *a, *b;
    uint64_t num;
    struct asm_sym *sym;
    struct asm_sect *sect;
};

/* Value of an expression. */
enum asm_val_kind {
    VAL_ABS,     /* a number */
    VAL_REL,     /* sect-relative: sect + num */
    VAL_UNKNOWN, /* depends on something not yet defined */
    VAL_BAD      /* cannot be computed (e.g. product of two addresses) */
};

struct asm_val {
    uint8_t kind;
    struct asm_sect *sect;
    uint64_t num;
    struct asm_sym *undef; /* first undefined symbol met (VAL_UNKNOWN) */
};

/* ---- sections, fixups, symbols ---------------------------------------- */

enum asm_fix_kind {
    FIX_DATA8,
    FIX_DATA16,
    FIX_DATA32,
    FIX_DATA64, /* little-endian data */
    FIX_LIT32,  /* one LTS word (R_E2K_32_ABS) */
    FIX_LIT64,  /* LTS(i+1), LTS(i): high word first (R_E2K_64_ABS_LIT) */
    FIX_DISP,   /* CS0[27:0] = (S + A - bundle) / 8 (R_E2K_DISP) */
    FIX_PREF    /* CS0[27:4] = 128-byte lines from bundle (R_E2K_PREF) */
};

struct asm_fixup {
    uint8_t kind;    /* enum asm_fix_kind */
    uint64_t off;    /* where in the section */
    uint64_t bundle; /* FIX_DISP/PREF: offset of the bundle start */
    struct asm_expr *expr;
    struct asm_loc loc;
};

struct asm_sect {
    char *name;
    unsigned flags; /* SHF_ALLOC | SHF_WRITE | SHF_EXECINSTR */
    int nobits;     /* SHT_NOBITS (.bss) */
    uint8_t *data;  /* NULL for nobits */
    uint64_t size, cap;
    unsigned align; /* bytes, power of two */
    struct asm_fixup *fix;
    size_t n_fix, cap_fix;
    int group;     /* ASM_SEC_* output section */
    uint64_t addr; /* after layout */
    struct asm_sect *next;
};

enum asm_sym_state { SYM_UNDEF, SYM_LABEL, SYM_ABS, SYM_EQU };

struct asm_sym {
    char *name;
    uint8_t state;         /* enum asm_sym_state */
    uint8_t global;        /* .global */
    uint8_t local_only;    /* .L / numeric label: not in the symbol table */
    uint8_t type;          /* STT_* from .type */
    uint8_t in_eval;       /* recursion guard */
    uint8_t redefinable;   /* defined by .set / = */
    struct asm_sect *sect; /* SYM_LABEL */
    uint64_t value;        /* SYM_LABEL offset or SYM_ABS value */
    struct asm_expr *equ;  /* SYM_EQU */
    struct asm_expr *size_expr;
    uint64_t size;
    int has_size;
    struct asm_loc loc;          /* definition, or first reference */
    struct asm_sym *link_target; /* linker: the global this resolves to */
    struct asm_sym *next_hash;
    struct asm_sym *next; /* in definition order */
};

/* One input file: its sections and symbols. */
struct asm_obj {
    struct asm_sect *sects, **sects_tail;
    struct asm_sym **hash; /* 1024 buckets */
    struct asm_sym *syms, **syms_tail;
    unsigned local_label_count[100]; /* instances of numeric labels N: */
    struct asm_obj *next;
};

/* ---- the wide instruction being collected (asm_wc.h has the API) ------ */

struct asm_pred {
    int num; /* -1: none */
    int neg;
    int fld; /* predicate-source byte (0x60|N for %pred, 0x40|N %pcnt) */
};

/* One literal candidate list [B tc-e2k.c literal_placement]. Positions are
 * 16-bit halves of the literal area: 2k = low half of LTSk, 2k+1 = high. */
struct asm_lit {
    int pos[11];
    int size[11]; /* in halves: 1, 2 or 4 */
    int n;        /* candidates */
    int best;     /* chosen candidate */
    struct asm_expr *expr;
    int is_const;
    uint64_t value; /* when is_const */
    struct asm_loc loc;
};

/* One ALU operation (ALS, maybe with ALES) before channel placement. */
struct asm_als {
    const struct isa_op *rows[8]; /* rows of the mnemonic usable here */
    unsigned n_rows;
    uint8_t allowed; /* channels where some row applies */
    int fixed_ch;    /* explicit ,N or -1 */
    int pair;        /* 0, or 1: (0,1)/(3,4), 2: (0,2)/(3,5), 3: (2,5) */
    uint32_t als[2]; /* ALS words without opc; [1] for the pair's twin */
    int need_ales;
    uint8_t ales_lo;   /* ALES bits 7:0: opce, src3 or lit8 */
    int ales_lo_fixed; /* 1: ales_lo from operands (src3/lit8) */
    int lit;           /* index into wc.lits or -1 */
    int need_mas;
    uint8_t mas;
    struct asm_pred preds[4]; /* 0: RLP %pred, 1: MRGC, 2: RLP %pcnt, 3: AM */
    int chosen;               /* placement result: channel (first of a pair) */
    struct asm_loc loc;
};

#define ASM_MAX_LITS 7

struct asm_wc {
    int started;  /* between start and end of a wide instruction */
    int insn_met; /* something to pack */
    int errors;   /* parse errors: do not pack */
    int has_loc;
    struct asm_loc loc; /* of the first instruction */

    unsigned setcmd[10]; /* parameters of set commands (ASM_SET_UNSET) */
    int setsft;

    struct {
        uint32_t val;
        uint32_t set, dflt; /* per SS field bit masks (ASM_SSF_*) */
        int started;
    } ss;

    struct asm_als als[6];
    int n_als;

    struct asm_lit lits[ASM_MAX_LITS];
    int n_lits;

    struct {
        uint32_t val;
        int set;
        struct asm_expr *expr; /* symbolic disp */
        int pref;              /* 1: PREF fixup, 0: DISP */
        struct asm_loc loc;
    } cs0;

    struct {
        uint32_t val;
        int set;
    } cs1;

    uint8_t aa_dst[2][2]; /* AAS0/AAS1: [k][0] = low byte, [k][1] = high */
    uint16_t aas[4];      /* AAS2..AAS5 */
    unsigned busy_aas;

    struct {
        uint32_t val;
        uint32_t set, dflt; /* per PLS field bit masks (ASM_PLSF_*) */
        int needed;
    } pls[3];
    unsigned explicit_lp; /* bit k: @pk defined; 7+i: CLPi passes */
    int clp_in[3][2];

    unsigned busy_aps; /* fapb: asynchronous program syllables */
    uint32_t aps[2], apls[2];

    uint16_t cds[6];
    unsigned nop; /* 0..7, or 0xff for a bare `nop` */
    int lm, sw;
    int explicit_ales25;
    unsigned explicit_int_cmp; /* channels of compares with explicit ,N */
    unsigned explicit_spec;    /* channels of ,sm ops with explicit ,N */
};

#define ASM_SET_UNSET 0x80000000u

/* ---- the context ------------------------------------------------------- */

struct asm_arena_blk;
struct asm_src;
struct asm_macro;

struct asm_cond {
    int active; /* this branch assembles */
    int done;   /* some branch already taken */
    int parent; /* the enclosing level was active */
    int in_else;
};

struct asm_ctx {
    const struct asm_opts *opts;
    int isa; /* current ISA version (.push_iset changes it) */
    int isa_stack[16];
    int n_isa_stack;
    FILE *diag;
    int n_errors, n_warnings, max_errors;
    int fatal; /* stop processing input */

    struct asm_arena_blk *arena;

    struct asm_src *src; /* input frames (asm_src.c) */
    int src_depth;

    struct asm_obj *objs, **objs_tail;
    struct asm_obj *obj; /* current input file */

    struct asm_sect *cur;  /* current section */
    struct asm_sect *prev; /* for .previous */
    struct asm_sect *sect_stack[32];
    struct asm_sect *sect_stack_prev[32];
    int n_sect_stack;

    struct asm_cond conds[64];
    int n_conds;

    struct asm_macro *macros;
    unsigned macro_count; /* \@ */

    /* a statement asks for new input after the rest of its line */
    char *pend_text; /* expansion to push (malloc'ed) */
    size_t pend_len;
    char *pend_include; /* file to include (malloc'ed) */
    char prev_term;     /* separator before the next statement */
    int end_file;       /* .end seen */

    /* statement being collected into a .macro/.rept/.irp body */
    struct {
        int kind; /* 0 none, 1 macro, 2 rept, 3 irp, 4 irpc */
        int depth;
        char *buf;
        size_t len, cap;
        struct asm_macro *macro;
        long count;
        char *irp_sym;
        char *irp_list;
        struct asm_loc loc;
    } collect;

    /* wide-instruction state */
    struct asm_wc wc;
    int brace;           /* inside { } */
    int ignore_ld_st;    /* .ignore ld_st_style */
    int no_strict_delay; /* .ignore strict_delay / option */

    /* per-instruction literal specifiers [B replace_nested_commas] */
    int spec_min_row, spec_max_row, spec_min_col, spec_max_col, spec_ref;

    void *op_hash; /* asm_insn.c: name hash of the table (lazy) */

    struct asm_loc loc;     /* statement being assembled */
    int fixed_col;          /* in an expansion: report the call's column */
    const char *line_start; /* text of the statement, for columns */
};

/* Literal rows as in [B e2k.h e2k_literal_size]. */
#define LIT_4 (-3)
#define LIT_5 (-2)
#define LIT_16 0
#define LIT_32 1
#define LIT_64 2

#endif
