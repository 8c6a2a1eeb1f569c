/*
 * gdb_tdesc.h — the target description (target.xml) served through
 * qXfer:features:read: our own text, written from the register and type
 * tables of e2k-gdb-remote.md §3 and §7, equivalent to gdb's built-in
 * `e2k-linux` description (core feature only, so the `g` packet stays
 * 4588 bytes and gdb assumes the pre-v5 procedure-stack layout, which
 * gdb_frame.h presents).
 *
 * Every one of the 840 core register names is present (gdb rejects a
 * description that lacks one, §2.1) with its type; types are unions of a
 * plain integer and a bit-field struct with the field names gdb's e2k code
 * reads (§7). Register numbers are given as regnum attributes; e2k gdb
 * ignores them (§2.1) but a stock gdb uses them.
 */
#ifndef E2K_DEBUGGER_GDB_TDESC_H
#define E2K_DEBUGGER_GDB_TDESC_H

#include "debugger/gdb_buf.h"

/* Architecture string for an ISA version: "elbrus-vN:any" (§1; v7 and
 * above are not known to gdb-9.1-mcst and are named elbrus-v6). */
const char *gdb_tdesc_arch(unsigned isa);

/* Append target.xml for a machine of ISA version isa to out. */
void gdb_tdesc_xml(struct gdb_buf *out, unsigned isa);

#endif
