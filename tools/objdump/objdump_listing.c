/*
 * objdump_listing.c — a code region in the GNU objdump `-d` layout.
 *
 * Address column as GNU objdump prints it (binutils objdump.c
 * `disassemble_bytes`): the address in hex with as many leading digits cut
 * as the section end address allows (rounded to groups of four, keeping
 * one), leading zeros turned to spaces, then ":\t". The raw bytes follow,
 * all on one line since the e2k printer sets bytes_per_line to the bundle
 * length, each as "%02x ", then a tab. The e2k text itself starts with a
 * newline (binutils `print_instr`), so ops appear on the lines below the
 * address, and GNU objdump's own newline leaves a blank line after each
 * bundle. A region is cut at every symbol, as GNU objdump stops an
 * instruction at the next symbol.
 */
#include "tools/objdump/objdump_listing.h"

#include <inttypes.h>

#include "tools/objdump/objdump_elf.h"

struct sym_ctx {
    const struct objdump_elf *elf;
    unsigned shndx;
};

static int sym_cb(void *ctx, uint64_t addr, char *buf, size_t size)
{
    const struct sym_ctx *s = ctx;
    return objdump_elf_symbolize(s->elf, addr, s->shndx, buf, size);
}

static unsigned addr_skip(uint64_t end)
{
    char buf[17];
    unsigned skip = 0;
    snprintf(buf, sizeof buf, "%016" PRIx64, end);
    while (buf[skip] == '0')
        skip++;
    if (buf[skip] == 0)
        skip = 0;
    if (skip)
        skip = (skip - 1) & ~3u;
    return skip;
}

static void print_addr(FILE *out, uint64_t a, unsigned skip)
{
    char buf[17];
    snprintf(buf, sizeof buf, "%016" PRIx64, a);
    char *s = buf + skip;
    for (char *p = s; *p == '0' && p[1]; p++)
        *p = ' ';
    fprintf(out, "%s:\t", s);
}

void objdump_listing(FILE *out, const uint8_t *data, uint64_t n,
                     uint64_t addr, const struct dis_opts *o,
                     const struct objdump_elf *elf, unsigned shndx,
                     const char *sec_name, int show_bytes)
{
    struct sym_ctx sc = {elf, shndx};
    struct dis_opts opts = *o;
    int gas = o->syntax == DIS_SYNTAX_GAS;
    char text[DIS_TEXT_MAX];
    if (elf) {
        opts.sym = sym_cb;
        opts.sym_ctx = &sc;
    }
    unsigned skip = addr_skip(addr + n);
    uint64_t pos = 0;
    while (pos < n) {
        uint64_t a = addr + pos;
        const struct objdump_sym *lab =
            elf ? objdump_elf_label(elf, a, shndx) : NULL;
        if (lab || pos == 0) {
            const char *name = lab ? lab->name : sec_name;
            if (gas)
                fprintf(out, "! <%s>:\n", name);
            else
                fprintf(out, "\n%016" PRIx64 " <%s>:\n", a, name);
        }
        uint64_t end = n;
        if (elf) {
            uint64_t next = objdump_elf_next_label(elf, a, shndx);
            if (next != UINT64_MAX && next > a && next - addr < n)
                end = next - addr;
        }
        unsigned used = 0;
        int k = dis_insn(data + pos, (size_t)(end - pos), a, &opts, text,
                         sizeof text, &used, NULL);
        if (k < 0 || used == 0) /* cannot happen: avail >= 1 */
            break;
        if (gas) {
            fprintf(out, "! 0x%" PRIx64 "\n%s", a, text);
        } else {
            print_addr(out, a, skip);
            if (show_bytes) {
                for (unsigned i = 0; i < used; i++)
                    fprintf(out, "%02x ", data[pos + i]);
                fputc('\t', out);
            }
            fprintf(out, "\n%s\n", text);
        }
        pos += used;
    }
}
