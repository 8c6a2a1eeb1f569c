/*
 * objdump_cli.c — e2k-objdump's options and drivers.
 *
 *   e2k-objdump [options] -d FILE...        ELF64 e2k executables/objects
 *   e2k-objdump [options] --raw ADDR FILE   a flat code blob loaded at ADDR
 *
 * The ISA version comes from -mcpu=, else from the ELF e_flags machine
 * field (emu/elf_e2k.h), else elbrus-v5 (ISA_VERSION_DEFAULT). Output
 * mimics GNU objdump; --asm-syntax prints gas-accepted source instead. No
 * getopt: the parser keeps no global state, so tests can call
 * objdump_main() repeatedly.
 */
#include "tools/objdump/objdump_cli.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"
#include "tools/objdump/dis.h"
#include "tools/objdump/objdump_elf.h"
#include "tools/objdump/objdump_listing.h"

#define MAX_FILE_BYTES (1024u * 1024u * 1024u)

static const char k_usage[] =
    "usage: e2k-objdump [options] -d FILE...\n"
    "       e2k-objdump [options] --raw ADDR FILE\n"
    "Disassemble Elbrus 2000 (e2k) code in the MCST objdump listing format.\n"
    "\n"
    "  -d, --disassemble     disassemble the executable sections of ELF64\n"
    "                        e2k files (EM_MCST_ELBRUS 175 or old 49)\n"
    "  --raw ADDR            FILE is a flat code blob loaded at ADDR\n"
    "  -mcpu=elbrus-vN, --mcpu=elbrus-vN\n"
    "                        ISA version 2..7 (default: from the ELF e_flags,\n"
    "                        else elbrus-v5)\n"
    "  --asm-syntax          print gas syntax that reassembles to the same\n"
    "                        bytes (bundles in braces, explicit channels,\n"
    "                        literal placement, ipd/nop, raw displacements)\n"
    "  --no-show-raw-insn    do not print instruction bytes in the listing\n"
    "  -h, --help            print this help\n";

struct cli {
    int disassemble;
    int raw;
    uint64_t raw_addr;
    int isa; /* 0: auto */
    int syntax;
    int show_bytes;
    char **files;
    int n_files;
};

static int read_file(const char *path, uint8_t **data, size_t *size,
                     FILE *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(err, "e2k-objdump: %s: %s\n", path, strerror(errno));
        return -1;
    }
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap >= MAX_FILE_BYTES) {
                fprintf(err, "e2k-objdump: %s: file larger than %u bytes\n",
                        path, MAX_FILE_BYTES);
                free(buf);
                fclose(f);
                return -1;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (!buf || bad) {
        fprintf(err, "e2k-objdump: %s: %s\n", path,
                buf ? "read error" : "out of memory");
        free(buf);
        return -1;
    }
    *data = buf;
    *size = n;
    return 0;
}

static void file_header(FILE *out, const struct cli *c, const char *path,
                        const char *format, unsigned isa)
{
    if (c->syntax == DIS_SYNTAX_GAS)
        fprintf(out, "! e2k-objdump --asm-syntax %s (%s, elbrus-v%u)\n", path,
                format, isa);
    else
        fprintf(out, "\n%s:     file format %s\n\n", path, format);
}

static void section_header(FILE *out, const struct cli *c, const char *name,
                           uint64_t addr)
{
    if (c->syntax == DIS_SYNTAX_GAS)
        fprintf(out, "\n! section %s at 0x%" PRIx64 "\n\t.text\n", name, addr);
    else
        fprintf(out, "\nDisassembly of section %s:\n", name);
}

static int run_elf(const struct cli *c, const char *path, FILE *out,
                   FILE *err)
{
    uint8_t *img;
    size_t size;
    char msg[160];
    struct objdump_elf e;
    if (read_file(path, &img, &size, err) < 0)
        return 1;
    int rc = objdump_elf_open(&e, img, size, msg, sizeof msg);
    if (rc < 0) {
        fprintf(err, "e2k-objdump: %s: %s\n", path, msg);
        free(img);
        return 1;
    }
    struct dis_opts o = {0};
    o.isa = (unsigned)(c->isa ? c->isa : objdump_elf_isa(&e));
    if (!o.isa)
        o.isa = ISA_VERSION_DEFAULT;
    o.syntax = c->syntax;
    file_header(out, c, path, "elf64-e2k", o.isa);
    for (unsigned i = 0; i < e.n_secs; i++) {
        const struct objdump_sec *s = &e.secs[i];
        if (!(s->flags & SHF_EXECINSTR) || !s->data || s->size == 0)
            continue;
        section_header(out, c, s->name, s->addr);
        objdump_listing(out, s->data, s->size, s->addr, &o, &e, s->index,
                        s->name, c->show_bytes);
    }
    objdump_elf_close(&e);
    free(img);
    return 0;
}

static int run_raw(const struct cli *c, const char *path, FILE *out,
                   FILE *err)
{
    uint8_t *img;
    size_t size;
    if (read_file(path, &img, &size, err) < 0)
        return 1;
    if (size > UINT64_MAX - c->raw_addr) {
        fprintf(err, "e2k-objdump: %s: blob does not fit at 0x%" PRIx64 "\n",
                path, c->raw_addr);
        free(img);
        return 1;
    }
    struct dis_opts o = {0};
    o.isa = (unsigned)(c->isa ? c->isa : ISA_VERSION_DEFAULT);
    o.syntax = c->syntax;
    file_header(out, c, path, "binary", o.isa);
    section_header(out, c, ".data", c->raw_addr);
    if (size)
        objdump_listing(out, img, size, c->raw_addr, &o, NULL, 0, ".data",
                        c->show_bytes);
    free(img);
    return 0;
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || !*s || *s == '-')
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

static int usage_error(FILE *err, const char *fmt, const char *arg)
{
    fprintf(err, "e2k-objdump: ");
    fprintf(err, fmt, arg);
    fprintf(err, "\nTry 'e2k-objdump --help'.\n");
    return 2;
}

static int parse_args(int argc, char **argv, struct cli *c, FILE *out,
                      FILE *err, int *done)
{
    int only_files = 0;
    *done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_files || a[0] != '-' || !a[1]) {
            c->files[c->n_files++] = argv[i];
        } else if (!strcmp(a, "--")) {
            only_files = 1;
        } else if (!strcmp(a, "-d") || !strcmp(a, "--disassemble")) {
            c->disassemble = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(k_usage, out);
            *done = 1;
            return 0;
        } else if (!strcmp(a, "--raw") || !strncmp(a, "--raw=", 6)) {
            const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v)
                return usage_error(err, "%s needs an address", a);
            if (parse_u64(v, &c->raw_addr) < 0)
                return usage_error(err, "bad address '%s'", v);
            c->raw = 1;
        } else if (!strncmp(a, "-mcpu=", 6) || !strncmp(a, "--mcpu=", 7)) {
            const char *v = strchr(a, '=') + 1;
            c->isa = isa_parse_cpu(v);
            if (c->isa < 0)
                return usage_error(err, "unknown cpu '%s' (want elbrus-v2..v7)",
                                   v);
        } else if (!strcmp(a, "--asm-syntax")) {
            c->syntax = DIS_SYNTAX_GAS;
        } else if (!strcmp(a, "--no-show-raw-insn")) {
            c->show_bytes = 0;
        } else {
            return usage_error(err, "unknown option '%s'", a);
        }
    }
    return 0;
}

int objdump_main(int argc, char **argv, FILE *out, FILE *err)
{
    struct cli c = {0};
    int done, status = 0;
    c.show_bytes = 1;
    c.syntax = DIS_SYNTAX_MCST;
    if (argc < 1 || !argv)
        return 2;
    c.files = calloc((size_t)argc, sizeof *c.files);
    if (!c.files)
        return 1;
    int rc = parse_args(argc, argv, &c, out, err, &done);
    if (rc || done)
        goto out;
    if (c.raw) {
        if (c.n_files != 1) {
            rc = usage_error(err, "%s", "--raw takes exactly one FILE");
            goto out;
        }
        status = run_raw(&c, c.files[0], out, err);
    } else {
        if (!c.disassemble || c.n_files == 0) {
            rc = usage_error(err, "%s", "nothing to do: give -d FILE... or "
                                        "--raw ADDR FILE");
            goto out;
        }
        for (int i = 0; i < c.n_files; i++)
            if (run_elf(&c, c.files[i], out, err))
                status = 1;
    }
    rc = status;
out:
    free(c.files);
    return rc;
}
