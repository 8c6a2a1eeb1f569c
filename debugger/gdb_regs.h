/*
 * gdb_regs.h — the e2k register set as MCST's gdb (gdb-9.1-mcst) numbers
 * and sizes it, and how each register is filled from struct cpu_state.
 *
 * Numbering, sizes and order: e2k-gdb-remote.md §2.2, §2.3, §3. The `g`
 * packet holds every register with regnum < 670 present in the active
 * description, in regnum order, no padding: 4588 bytes with the core
 * feature only (gdb's built-in `e2k-linux` description, which we also
 * serve as target.xml, gdb_tdesc.h). The PC is register 53 (`_cr0_hi`,
 * bits 47:3). The stopped thread is shown as a trap frame (§4,
 * gdb_frame.h): registers 49/50, 52-55, 57/58 and 334 come from there.
 *
 * Writes (G, P) are for live sessions: the registers the emulator models
 * and gdb may change (globals, PC, predicates, CTPRs, loop and FP control)
 * are written into struct cpu_state; a write that would change any other
 * register is refused (GDB_REGS_E_READONLY) rather than silently lost.
 * A value equal to the current one is always accepted, so a `G` that only
 * changes %g1 works.
 */
#ifndef E2K_DEBUGGER_GDB_REGS_H
#define E2K_DEBUGGER_GDB_REGS_H

#include <stddef.h>
#include <stdint.h>

struct cpu_state;

#define GDB_REG_PC 53          /* _cr0_hi: bits 47:3 = PC (§0, §4.2) */
#define GDB_REG_WIRE_COUNT 670 /* regnum < 670: remote number = regnum */
#define GDB_REG_COUNT 913      /* 0..912 exist in the description */
#define GDB_G_BYTES_CORE 4588  /* `g` size with the core feature only */
#define GDB_REG_MAX_BYTES 33   /* largest register (quad_param) */

/* Description features (e2k-gdb-remote.md §2.1). */
#define GDB_TD_CORE 0x01 /* org.mcst.gdb.e2k.linux (required) */
#define GDB_TD_V2 0x02   /* org.mcst.gdb.elbrus-v2.linux: idr */
#define GDB_TD_V3 0x04   /* org.mcst.gdb.elbrus-v3.linux: core_mode */
#define GDB_TD_V5 0x08   /* org.mcst.gdb.elbrus-v5.linux */
#define GDB_TD_V6 0x10   /* org.mcst.gdb.elbrus-v6.linux */

enum gdb_regs_error {
    GDB_REGS_E_NOREG = -1,    /* not a register of this layout */
    GDB_REGS_E_SIZE = -2,     /* the value has the wrong number of bytes */
    GDB_REGS_E_READONLY = -3  /* changing this register is not supported */
};

/* One register of the description. */
struct gdb_reg_desc {
    char name[24];     /* exact name gdb matches (§2.1) */
    const char *type;  /* XML type id (§7) */
    unsigned bits;     /* XML bitsize attribute */
    unsigned bytes;    /* bytes on the wire (0: never on the wire) */
    unsigned feature;  /* GDB_TD_* holding it */
};

/* 0 and *d filled, or GDB_REGS_E_NOREG for a regnum with no register. */
int gdb_reg_desc(unsigned regnum, struct gdb_reg_desc *d);

/* Which registers are in the `g` packet and where, for a feature set. */
struct gdb_layout {
    unsigned features;                  /* GDB_TD_* (CORE always) */
    uint16_t off[GDB_REG_WIRE_COUNT];   /* byte offset in `g` */
    uint8_t size[GDB_REG_WIRE_COUNT];   /* bytes; 0 = not in this layout */
    size_t g_bytes;                     /* total `g` size */
};
void gdb_layout_init(struct gdb_layout *l, unsigned features);

/* Register regnum as gdb sees it (trap-frame view of c) into out
 * (GDB_REG_MAX_BYTES). Returns its byte count or GDB_REGS_E_NOREG. */
int gdb_regs_read(const struct gdb_layout *l, const struct cpu_state *c,
                  unsigned regnum, uint8_t *out);
/* The whole `g` image (l->g_bytes bytes) into out. */
void gdb_regs_read_all(const struct gdb_layout *l, const struct cpu_state *c,
                       uint8_t *out);
/* Apply a value gdb wrote (P). 0 or GDB_REGS_E_*. */
int gdb_regs_write(const struct gdb_layout *l, struct cpu_state *c,
                   unsigned regnum, const uint8_t *val, size_t n);
/* Apply a `G` image; it may be shorter than l->g_bytes (registers past its
 * end are left alone) but not longer. Checks everything before changing
 * anything. 0 or GDB_REGS_E_* (*bad_reg = the offending register). */
int gdb_regs_write_all(const struct gdb_layout *l, struct cpu_state *c,
                       const uint8_t *buf, size_t n, unsigned *bad_reg);

#endif
