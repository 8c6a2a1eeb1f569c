/*
 * con_sym.h — guest symbols for the console: names from the ELF symbol
 * table of the program the session runs (the image embedded in the
 * journal), so `break balloon_oom_notify` or `x/2gx nr_free+8` work.
 */
#ifndef E2K_DEBUGGER_CON_SYM_H
#define E2K_DEBUGGER_CON_SYM_H

#include <stddef.h>
#include <stdint.h>

struct rev_session;

/* Address of symbol `name` (exact match, `len` bytes of name) in the
 * session's program: 0, or -1 if there is no such symbol or no table. */
int con_sym_addr(struct rev_session *s, const char *name, size_t len, uint64_t *addr);

/* The symbol covering `addr` as "name" or "name+0xN" (the nearest symbol
 * at or below addr, in the same section): 0, or -1 if none. */
int con_sym_name(struct rev_session *s, uint64_t addr, char *buf, size_t size);

#endif
