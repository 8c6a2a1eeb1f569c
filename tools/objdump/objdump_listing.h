/*
 * objdump_listing.h — a code region to the GNU objdump `-d` layout used by
 * MCST objdump for e2k:
 *
 *   0000000000010000 <_start>:
 *      10000:	01 00 00 04 80 c1 c0 11 	
 *     addd,0 0x0, 0x1, %dr0
 *   (blank line)
 *
 * or, in gas syntax, an assembler source with `! addr` / `! <sym>:` comment
 * lines before each bundle.
 */
#ifndef E2K_TOOLS_OBJDUMP_OBJDUMP_LISTING_H
#define E2K_TOOLS_OBJDUMP_OBJDUMP_LISTING_H

#include <stdint.h>
#include <stdio.h>

#include "tools/objdump/dis.h"

struct objdump_elf;

/* Disassemble `n` bytes of code loaded at `addr`. `elf` (may be NULL)
 * supplies labels and CS0 target names, restricted to section `shndx` (0 =
 * any); `sec_name` labels the start when no symbol does; `show_bytes`
 * prints the raw bytes in the listing. */
void objdump_listing(FILE *out, const uint8_t *data, uint64_t n,
                     uint64_t addr, const struct dis_opts *o,
                     const struct objdump_elf *elf, unsigned shndx,
                     const char *sec_name, int show_bytes);

#endif
