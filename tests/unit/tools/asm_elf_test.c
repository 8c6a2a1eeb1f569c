/*
 * asm_elf_test.c — e2k-as output files: ELF header and program headers of
 * the static executable, section and symbol tables, linking of several
 * inputs, and `.S` preprocessing (defines, includes, original line numbers
 * in messages).
 */
#include "asm_testlib.h"

#include <elf.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emu/elf_e2k.h"

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(g_dir, sizeof g_dir, "/tmp/asm-elf-XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *write_file(const char *name, const char *text)
{
    static char path[8][256];
    static int k;
    char *p = path[k++ % 8];
    snprintf(p, 256, "%s/%s", g_dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static uint8_t *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int assemble(const char *const *files, unsigned n, const char *out,
                    const char *const *defs, unsigned nd, char **diag)
{
    struct asm_opts o;
    asm_opts_init(&o);
    const char *inc[] = {g_dir};
    o.incdirs = inc;
    o.n_incdirs = 1;
    o.defines = defs;
    o.n_defines = nd;
    size_t dl = 0;
    char *d = NULL;
    FILE *f = open_memstream(&d, &dl);
    o.diag = f;
    int rc = asm_assemble_files(&o, files, n, out);
    fclose(f);
    if (diag)
        *diag = d;
    else
        free(d);
    return rc;
}

static const Elf64_Shdr *find_section(const uint8_t *b, const char *name)
{
    const Elf64_Ehdr *eh = (const void *)b;
    const Elf64_Shdr *sh = (const void *)(b + eh->e_shoff);
    const char *str = (const char *)b + sh[eh->e_shstrndx].sh_offset;
    for (int i = 0; i < eh->e_shnum; i++)
        if (!strcmp(str + sh[i].sh_name, name))
            return &sh[i];
    return NULL;
}

static const Elf64_Sym *find_symbol(const uint8_t *b, const char *name)
{
    const Elf64_Ehdr *eh = (const void *)b;
    const Elf64_Shdr *sh = (const void *)(b + eh->e_shoff);
    const Elf64_Shdr *st = find_section(b, ".symtab");
    assert_non_null(st);
    const char *str = (const char *)b + sh[st->sh_link].sh_offset;
    const Elf64_Sym *s = (const void *)(b + st->sh_offset);
    for (size_t i = 0; i < st->sh_size / sizeof *s; i++)
        if (!strcmp(str + s[i].st_name, name))
            return &s[i];
    return NULL;
}

static void test_headers_and_segments(void **state)
{
    (void)state;
    const char *src = write_file("a.s", "        .text\n"
                                        "        .global _start\n"
                                        "        .type _start, @function\n"
                                        "_start: addd,0 0, msg, %r1\n"
                                        "        .size _start, . - _start\n"
                                        "        .data\n"
                                        "msg:    .ascii \"hi\"\n"
                                        "        .bss\n"
                                        "buf:    .skip 64\n");
    char out[256];
    snprintf(out, sizeof out, "%s/a.elf", g_dir);
    const char *files[] = {src};
    char *d = NULL;
    assert_int_equal(assemble(files, 1, out, NULL, 0, &d), 0);
    free(d);
    size_t len;
    uint8_t *b = read_all(out, &len);
    const Elf64_Ehdr *eh = (const void *)b;
    assert_memory_equal(eh->e_ident, ELFMAG, SELFMAG);
    assert_int_equal(eh->e_ident[EI_CLASS], ELFCLASS64);
    assert_int_equal(eh->e_ident[EI_DATA], ELFDATA2LSB);
    assert_int_equal(eh->e_type, ET_EXEC);
    assert_int_equal(eh->e_machine, E2K_EM_MCST_ELBRUS);
    assert_int_equal(E2K_EF_MACH(eh->e_flags), 5);
    assert_int_equal(eh->e_phnum, 2);
    const Elf64_Phdr *ph = (const void *)(b + eh->e_phoff);
    assert_int_equal(ph[0].p_type, PT_LOAD);
    assert_int_equal(ph[0].p_flags, PF_R | PF_X);
    assert_int_equal(ph[0].p_vaddr, ASM_DEFAULT_BASE);
    assert_int_equal(ph[0].p_offset, 0);
    assert_int_equal(ph[1].p_type, PT_LOAD);
    assert_int_equal(ph[1].p_flags, PF_R | PF_W);
    assert_int_equal(ph[1].p_filesz, 2);
    assert_true(ph[1].p_memsz >= 64 + 2);
    assert_int_equal(ph[1].p_vaddr % 0x1000, ph[1].p_offset % 0x1000);

    const Elf64_Sym *start = find_symbol(b, "_start");
    assert_non_null(start);
    assert_int_equal(eh->e_entry, start->st_value);
    assert_int_equal(ELF64_ST_BIND(start->st_info), STB_GLOBAL);
    assert_int_equal(ELF64_ST_TYPE(start->st_info), STT_FUNC);
    assert_int_equal(start->st_size, 16);
    const Elf64_Shdr *text = find_section(b, ".text");
    assert_non_null(text);
    assert_int_equal(text->sh_addr, start->st_value);
    assert_true(text->sh_flags & SHF_EXECINSTR);
    const Elf64_Shdr *bss = find_section(b, ".bss");
    assert_non_null(bss);
    assert_int_equal(bss->sh_type, SHT_NOBITS);
    const Elf64_Sym *msg = find_symbol(b, "msg");
    assert_non_null(msg);
    /* the 64-bit literal holds msg's address, high word first */
    const uint8_t *t = b + text->sh_offset;
    uint32_t hi, lo;
    memcpy(&hi, t + 8, 4);
    memcpy(&lo, t + 12, 4);
    assert_true(((uint64_t)hi << 32 | lo) == msg->st_value);
    struct stat st;
    assert_int_equal(stat(out, &st), 0);
    assert_true(st.st_mode & S_IXUSR);
    free(b);
}

static void test_two_files_link(void **state)
{
    (void)state;
    const char *f1 = write_file("m.s", " .global _start\n_start:\n"
                                       " disp %ctpr1, helper\n"
                                       " call %ctpr1, wbs=4\n");
    const char *f2 = write_file("h.s", " .global helper\nlocal: nop\n"
                                       "helper:\n return %ctpr3\n"
                                       " ct %ctpr3\n");
    char out[256];
    snprintf(out, sizeof out, "%s/two.elf", g_dir);
    const char *files[] = {f1, f2};
    assert_int_equal(assemble(files, 2, out, NULL, 0, NULL), 0);
    size_t len;
    uint8_t *b = read_all(out, &len);
    const Elf64_Sym *start = find_symbol(b, "_start");
    const Elf64_Sym *helper = find_symbol(b, "helper");
    assert_non_null(start);
    assert_non_null(helper);
    const Elf64_Shdr *text = find_section(b, ".text");
    uint32_t cs0;
    memcpy(&cs0, b + text->sh_offset + 4, 4);
    assert_int_equal(cs0 & 0x0fffffff,
                     (uint32_t)((helper->st_value - start->st_value) / 8));
    free(b);
}

static void test_undefined_and_duplicate_symbols(void **state)
{
    (void)state;
    const char *f1 = write_file("u1.s", " .global _start, dup\n_start: "
                                        "disp %ctpr1, missing\ndup: nop\n");
    const char *f2 = write_file("u2.s", " .global dup\ndup: nop\n");
    char out[256];
    snprintf(out, sizeof out, "%s/u.elf", g_dir);
    const char *files[] = {f1, f2};
    char *d = NULL;
    assert_int_equal(assemble(files, 2, out, NULL, 0, &d), ASM_E_SOURCE);
    assert_non_null(strstr(d, "u1.s:2:22: error: undefined reference to "
                              "`missing'"));
    assert_non_null(strstr(d, "multiple definition of `dup'"));
    free(d);
}

static void test_missing_start(void **state)
{
    (void)state;
    const char *f = write_file("ns.s", "nop\n");
    char out[256];
    snprintf(out, sizeof out, "%s/ns.elf", g_dir);
    const char *files[] = {f};
    char *d = NULL;
    assert_int_equal(assemble(files, 1, out, NULL, 0, &d), ASM_E_SOURCE);
    assert_non_null(strstr(d, "_start"));
    free(d);
}

static void test_preprocessed_source(void **state)
{
    (void)state;
    write_file("defs.h", "#define VAL 11\n"
                         "#define PAIR(a, b) addd,0 0, a, %r1 ; "
                         "addd,1 0, b, %r2\n"
                         "/* a comment\n   over lines */\n\n\n");
    const char *s = write_file("p.S", "#include \"defs.h\"\n"
                                      "        .global _start\n"
                                      "_start:\n"
                                      "#if __iset__ >= 5 && defined(__e2k__)\n"
                                      "        { PAIR(VAL, EXTRA) }\n"
                                      "#endif\n"
                                      "        bogus_insn\n");
    char out[256];
    snprintf(out, sizeof out, "%s/p.elf", g_dir);
    const char *files[] = {s};
    const char *defs[] = {"EXTRA=3"};
    char *d = NULL;
    /* the error points at line 7 of p.S despite the include */
    assert_int_equal(assemble(files, 1, out, defs, 1, &d), ASM_E_SOURCE);
    assert_non_null(strstr(d, "p.S:7:9: error: unknown instruction"));
    free(d);
    s = write_file("p.S", "#include \"defs.h\"\n"
                          "        .global _start\n"
                          "_start: { PAIR(VAL, EXTRA) }\n");
    assert_int_equal(assemble(files, 1, out, defs, 1, NULL), 0);
    size_t len;
    uint8_t *b = read_all(out, &len);
    const Elf64_Shdr *text = find_section(b, ".text");
    uint32_t w[3];
    memcpy(w, b + text->sh_offset, sizeof w);
    assert_int_equal(w[1], 0x11c0cb81); /* VAL = 11 */
    assert_int_equal(w[2], 0x11c0c382); /* EXTRA = 3 */
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_headers_and_segments),
        cmocka_unit_test(test_two_files_link),
        cmocka_unit_test(test_undefined_and_duplicate_symbols),
        cmocka_unit_test(test_missing_start),
        cmocka_unit_test(test_preprocessed_source),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
