/*
 * fuzz_objdump_elf.c — e2k-objdump on hostile input: the ELF reader
 * (objdump_elf.c) and the disassembler over whatever the executable
 * sections hold, plus the input itself as a flat code blob in both
 * syntaxes. The first input byte picks the ISA version for the blob pass,
 * so one corpus covers v2..v7. Any crash, sanitizer report, overlong text
 * or zero-progress step is a bug.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tools/objdump/dis.h"
#include "tools/objdump/objdump_elf.h"
#include "tools/objdump/objdump_listing.h"

static void disasm_all(const uint8_t *p, size_t n, uint64_t addr,
                       const struct dis_opts *o)
{
    char text[DIS_TEXT_MAX];
    size_t pos = 0;
    while (pos < n) {
        unsigned used = 0;
        int k = dis_insn(p + pos, n - pos, addr + pos, o, text, sizeof text,
                         &used, NULL);
        if (k < 0 || used == 0 || used > n - pos ||
            strlen(text) >= sizeof text)
            abort();
        pos += used;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct objdump_elf e;
    char err[160];
    if (objdump_elf_open(&e, data, size, err, sizeof err) == 0) {
        FILE *null = fopen("/dev/null", "w");
        struct dis_opts o = {0};
        o.isa = (unsigned)objdump_elf_isa(&e);
        if (!o.isa)
            o.isa = 5;
        for (unsigned i = 0; i < e.n_secs; i++) {
            const struct objdump_sec *s = &e.secs[i];
            if (!s->data || !s->size)
                continue;
            /* At most 4 KiB per section keeps the fuzzer fast. */
            uint64_t n = s->size > 4096 ? 4096 : s->size;
            if (null) {
                o.syntax = (int)(i & 1);
                objdump_listing(null, s->data, n, s->addr, &o, &e, s->index,
                                s->name, 1);
            }
        }
        if (null)
            fclose(null);
        objdump_elf_close(&e);
    } else if (!err[0]) {
        abort(); /* every failure must say why */
    }

    if (size == 0)
        return 0;
    struct dis_opts o = {0};
    o.isa = 2 + data[0] % 6;
    for (int syntax = 0; syntax < 2; syntax++) {
        o.syntax = syntax;
        disasm_all(data + 1, size - 1, 0x10000 + (data[0] & 0xc), &o);
    }
    return 0;
}
