/*
 * con_x.c — `x/FMT ADDR`: examine guest memory, gdb style.
 */
#include "debugger/con.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "replay/rev.h"

#define X_MAX_BYTES 65536

static int run(struct con *c, int argc, char **argv)
{
    unsigned long count = 1;
    char fmt = 'x';
    unsigned size = 4;
    const char *f = strchr(argv[0], '/');
    if (f) {
        f++;
        if (isdigit((unsigned char)*f)) {
            char *end;
            count = strtoul(f, &end, 10);
            f = end;
        }
        for (; *f; f++) {
            switch (*f) {
            case 'x': case 'd': case 'u': case 'c': case 's': case 'i':
                fmt = *f;
                break;
            case 'b': size = 1; break;
            case 'h': size = 2; break;
            case 'w': size = 4; break;
            case 'g': size = 8; break;
            default:
                return con_error(c, "x: unknown format letter '%c' (x d u c s i, b h w g)", *f);
            }
        }
    }
    if (count == 0 || count > X_MAX_BYTES)
        return con_error(c, "x: count must be 1..%d", X_MAX_BYTES);
    uint64_t addr = c->x_next;
    if (argc > 2)
        return con_error(c, "usage: x/FMT ADDR");
    if (argc == 2 && con_parse_value(c, argv[1], &addr))
        return con_error(c, "x: '%s' is not an address", argv[1]);
    if (fmt == 'i') {
        c->x_next = con_disasm(c, addr, (unsigned)count);
        return 0;
    }
    if (fmt == 's') {
        for (unsigned long k = 0; k < count; k++) {
            con_printf(c, "0x%" PRIx64 ": \"", addr);
            for (unsigned i = 0; i < 1024; i++) {
                uint8_t ch;
                if (rev_read_mem(c->s, addr, &ch, 1)) {
                    con_printf(c, "\" <not readable at 0x%" PRIx64 ">\n", addr);
                    return -1;
                }
                addr++;
                if (!ch)
                    break;
                if (ch == '"' || ch == '\\')
                    con_printf(c, "\\%c", ch);
                else if (isprint(ch))
                    con_printf(c, "%c", ch);
                else
                    con_printf(c, "\\%03o", ch);
            }
            con_printf(c, "\"\n");
        }
        c->x_next = addr;
        return 0;
    }
    if (fmt == 'c')
        size = 1;
    if (count * size > X_MAX_BYTES)
        return con_error(c, "x: at most %d bytes at a time", X_MAX_BYTES);
    unsigned per_line = size == 1 ? 8 : 16 / size;
    for (unsigned long k = 0; k < count; k++) {
        uint8_t b[8] = {0};
        uint64_t a = addr + k * size;
        if (k % per_line == 0)
            con_printf(c, "%s0x%" PRIx64 ":", k ? "\n" : "", a);
        if (rev_read_mem(c->s, a, b, size)) {
            con_printf(c, "\n");
            return con_error(c, "x: cannot read memory at 0x%" PRIx64, a);
        }
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++)
            v |= (uint64_t)b[i] << (8 * i);
        int64_t sv = size == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * size)) >> (64 - 8 * size);
        switch (fmt) {
        case 'd': con_printf(c, "\t%" PRId64, sv); break;
        case 'u': con_printf(c, "\t%" PRIu64, v); break;
        case 'c':
            con_printf(c, "\t%d '%c'", (int)(int8_t)v, isprint((int)v) ? (int)v : '.');
            break;
        default: con_printf(c, "\t0x%0*" PRIx64, (int)size * 2, v); break;
        }
    }
    con_printf(c, "\n");
    c->x_next = addr + count * size;
    return 0;
}

const struct con_cmd con_cmd_x = {
    .name = "x",
    .args = "/FMT ADDR",
    .summary = "examine memory (x/8xb, x/4xg, x/s, x/3i ...)",
    .help = "x/[N][FMT][SIZE] [ADDR]\n"
            "Show N units of guest memory at ADDR (default: where the last x\n"
            "ended). FMT: x hex (default), d signed, u unsigned, c char,\n"
            "s NUL-terminated string, i bundles (disassembly). SIZE: b 1, h 2,\n"
            "w 4 (default), g 8 bytes. Example: x/4xg $sp\n",
    .run = run,
};
