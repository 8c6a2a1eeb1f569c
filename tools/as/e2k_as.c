/*
 * e2k_as.c — the e2k-as command line: options into struct asm_opts, then
 * asm_assemble_files(). Exit status 0 on success, 1 on errors in the source
 * or files, 2 on bad usage.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu/isa.h"
#include "tools/as/asm.h"

/* -mcpu: elbrus-vN (isa_parse_cpu) or a processor name as gas knows it
 * [B tc-e2k.c md_parse_option]. */
static int parse_cpu(const char *s)
{
    static const struct {
        const char *name;
        int isa;
    } k_cpus[] = {{"elbrus-2cm", 2}, {"elbrus-2c+", 2}, {"elbrus-4c", 3},
                  {"elbrus-8c", 4},  {"elbrus-1c+", 4}, {"elbrus-8c2", 5},
                  {"elbrus-12c", 6}, {"elbrus-16c", 6}, {"elbrus-2c3", 6}};
    for (size_t i = 0; i < sizeof k_cpus / sizeof k_cpus[0]; i++)
        if (!strcmp(k_cpus[i].name, s))
            return k_cpus[i].isa;
    return isa_parse_cpu(s);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: e2k-as [-mcpu=elbrus-vN] [-I DIR] [-D NAME[=VAL]] "
            "[--no_strict_delay] -o OUT FILE...\n"
            "\n"
            "Assembles MCST-gas-syntax e2k sources and links them into a "
            "static ELF64\n"
            "e2k executable (entry `_start'). `.S' files go through the C "
            "preprocessor\n"
            "(cpp, or $E2K_CPP) with __e2k__, __LCC__ and __iset__=N "
            "defined.\n"
            "\n"
            "  -mcpu=CPU           elbrus-vN (N = 2..7, default %d), vN, N, or "
            "a processor\n"
            "                      name (elbrus-8c2, elbrus-16c, ...)\n"
            "  -I DIR              include directory (cpp and .include)\n"
            "  -D NAME[=VAL]       preprocessor definition for .S files\n"
            "  --no_strict_delay   no implicit nops after brace-less "
            "compares/rw/rr\n"
            "  --base=ADDR         load address (default 0x%x)\n"
            "  -o OUT              output executable\n"
            "  --help              this text\n",
            ISA_VERSION_DEFAULT, ASM_DEFAULT_BASE);
}

int main(int argc, char **argv)
{
    struct asm_opts o;
    asm_opts_init(&o);
    const char **inc = calloc((size_t)argc, sizeof *inc);
    const char **def = calloc((size_t)argc, sizeof *def);
    const char **files = calloc((size_t)argc, sizeof *files);
    unsigned ni = 0, nd = 0, nf = 0;
    const char *out = NULL;
    if (!inc || !def || !files) {
        fprintf(stderr, "e2k-as: out of memory\n");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *val = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strncmp(a, "-mcpu=", 6)) {
            int v = parse_cpu(a + 6);
            if (v < 0) {
                fprintf(stderr, "e2k-as: invalid -mcpu argument `%s'\n", a + 6);
                return 2;
            }
            o.isa = v;
        } else if (!strcmp(a, "-o") || !strcmp(a, "-I") || !strcmp(a, "-D")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "e2k-as: `%s' needs an argument\n", a);
                return 2;
            }
            val = argv[++i];
            if (a[1] == 'o')
                out = val;
            else if (a[1] == 'I')
                inc[ni++] = val;
            else
                def[nd++] = val;
        } else if (!strncmp(a, "-I", 2)) {
            inc[ni++] = a + 2;
        } else if (!strncmp(a, "-D", 2)) {
            def[nd++] = a + 2;
        } else if (!strncmp(a, "-o", 2)) {
            out = a + 2;
        } else if (!strcmp(a, "--no_strict_delay") ||
                   !strcmp(a, "-no_strict_delay")) {
            o.no_strict_delay = 1;
        } else if (!strncmp(a, "--base=", 7)) {
            char *end;
            o.base = strtoull(a + 7, &end, 0);
            if (*end) {
                fprintf(stderr, "e2k-as: bad address `%s'\n", a + 7);
                return 2;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "e2k-as: unknown option `%s'\n", a);
            usage(stderr);
            return 2;
        } else {
            files[nf++] = a;
        }
    }
    if (!out || !nf) {
        usage(stderr);
        return 2;
    }
    o.incdirs = inc;
    o.n_incdirs = ni;
    o.defines = def;
    o.n_defines = nd;
    int rc = asm_assemble_files(&o, files, nf, out);
    free(inc);
    free(def);
    free(files);
    return rc == ASM_OK ? 0 : rc == ASM_E_ARGS ? 2 : 1;
}
