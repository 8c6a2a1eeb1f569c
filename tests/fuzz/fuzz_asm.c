/*
 * fuzz_asm.c — libFuzzer target for e2k-as: the input is assembler source
 * (after one control byte) run through the whole pipeline — statement
 * parser, macros, expressions, op parsers, bundle packer and the built-in
 * linker — with .include disabled. Any crash, hang or sanitizer report is a
 * bug: bad source must only produce error messages.
 *
 * Control byte: bits 0..2 select the ISA version (2 + value mod 6), bit 3
 * sets no_strict_delay. Seeds: tests/fuzz/corpus/fuzz_asm/ (real programs
 * and former crashers).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tools/as/asm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > (1u << 16))
        return 0;
    struct asm_opts o;
    asm_opts_init(&o);
    o.isa = 2 + (data[0] & 7) % 6;
    o.no_strict_delay = (data[0] >> 3) & 1;
    o.no_include = 1;
    o.max_errors = 20;
    FILE *null = fopen("/dev/null", "w");
    if (!null)
        return 0;
    o.diag = null;
    struct asm_image img;
    if (asm_assemble_string(&o, "fuzz.s", (const char *)data + 1, size - 1,
                            &img) == ASM_OK)
        asm_image_free(&img);
    fclose(null);
    return 0;
}
