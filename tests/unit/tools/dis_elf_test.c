/*
 * dis_elf_test.c — e2k-objdump's ELF reader (objdump_elf.c) and command
 * line (objdump_cli.c): a small e2k ELF64 built in memory is listed in the
 * GNU objdump layout with symbol labels and CS0 target names; damaged
 * files (every truncation, bad offsets, counts and string indexes) give an
 * error message and exit status 1, never a crash.
 */
#include "dis_testlib.h"

#include <elf.h>
#include <stdlib.h>
#include <unistd.h>

#include "emu/elf_e2k.h"
#include "tools/objdump/objdump_cli.h"
#include "tools/objdump/objdump_elf.h"

#define TEXT_ADDR 0x10000

/* Code: addd; disp %ctpr1 -> 0x10020 (= `loop`); nop 5; empty; at loop:
 * return %ctpr3. */
static const uint32_t k_code[] = {
    0x04000001, 0x11C0C180, /* 0x10000 _start: addd,0 0x0, 0x1, %dr0 */
    0x00004001, 0x40000003, /* 0x10008 disp %ctpr1, 0x10020 */
    0x00000280, 0,          /* 0x10010 nop 5 */
    0x00000000, 0,          /* 0x10018 nop */
    0x00004001, 0xF0000000, /* 0x10020 loop: return %ctpr3 */
};

struct elf_img {
    uint8_t b[2048];
    size_t size;
    size_t shoff, symoff, stroff, shstroff;
};

static void put(uint8_t *b, size_t off, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        b[off + i] = (uint8_t)(v >> (8 * i));
}

/* An ET_EXEC e2k ELF64 with .text, .symtab, .strtab, .shstrtab. */
static void build_elf(struct elf_img *e, unsigned machine, uint32_t flags)
{
    static const char strtab[] = "\0_start\0loop\0data_obj";
    static const char shstr[] = "\0.text\0.symtab\0.strtab\0.shstrtab";
    uint8_t *b = e->b;
    memset(e, 0, sizeof *e);
    size_t text_off = 64, text_size = sizeof k_code;
    e->symoff = text_off + text_size;
    size_t nsym = 4;
    e->stroff = e->symoff + nsym * 24;
    e->shstroff = e->stroff + sizeof strtab;
    e->shoff = (e->shstroff + sizeof shstr + 7) & ~(size_t)7;
    e->size = e->shoff + 5 * 64;

    memcpy(b, ELFMAG, SELFMAG);
    b[EI_CLASS] = ELFCLASS64;
    b[EI_DATA] = ELFDATA2LSB;
    b[EI_VERSION] = EV_CURRENT;
    put(b, 16, ET_EXEC, 2);
    put(b, 18, machine, 2);
    put(b, 20, EV_CURRENT, 4);
    put(b, 24, TEXT_ADDR, 8);
    put(b, 40, e->shoff, 8);
    put(b, 48, flags, 4);
    put(b, 52, 64, 2);
    put(b, 58, 64, 2);
    put(b, 60, 5, 2);
    put(b, 62, 4, 2);
    words(b + text_off, k_code, sizeof k_code / 4);
    /* Symbols: null, _start (func, global), loop (notype, local), data_obj
     * (object in an absent section). */
    size_t s = e->symoff + 24;
    put(b, s, 1, 4);
    b[s + 4] = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC);
    put(b, s + 6, 1, 2);
    put(b, s + 8, TEXT_ADDR, 8);
    put(b, s + 16, 0x20, 8);
    s += 24;
    put(b, s, 8, 4);
    b[s + 4] = ELF64_ST_INFO(STB_LOCAL, STT_NOTYPE);
    put(b, s + 6, 1, 2);
    put(b, s + 8, TEXT_ADDR + 0x20, 8);
    s += 24;
    put(b, s, 13, 4);
    b[s + 4] = ELF64_ST_INFO(STB_GLOBAL, STT_OBJECT);
    put(b, s + 6, 9, 2);
    put(b, s + 8, 0x20000, 8);
    memcpy(b + e->stroff, strtab, sizeof strtab);
    memcpy(b + e->shstroff, shstr, sizeof shstr);
    /* Section headers. */
    struct {
        unsigned name, type, link;
        uint64_t flags, addr, off, size, entsize;
    } sh[5] = {
        {0},
        {1, SHT_PROGBITS, 0, SHF_ALLOC | SHF_EXECINSTR, TEXT_ADDR, text_off,
         text_size, 0},
        {7, SHT_SYMTAB, 3, 0, 0, e->symoff, nsym * 24, 24},
        {15, SHT_STRTAB, 0, 0, 0, e->stroff, sizeof strtab, 0},
        {23, SHT_STRTAB, 0, 0, 0, e->shstroff, sizeof shstr, 0},
    };
    for (int i = 0; i < 5; i++) {
        size_t o = e->shoff + 64 * (size_t)i;
        put(b, o, sh[i].name, 4);
        put(b, o + 4, sh[i].type, 4);
        put(b, o + 8, sh[i].flags, 8);
        put(b, o + 16, sh[i].addr, 8);
        put(b, o + 24, sh[i].off, 8);
        put(b, o + 32, sh[i].size, 8);
        put(b, o + 40, sh[i].link, 4);
        put(b, o + 56, sh[i].entsize, 8);
    }
}

static void elf_reader_sections_symbols_isa(void **state)
{
    (void)state;
    struct elf_img img;
    struct objdump_elf e;
    char err[160];
    build_elf(&img, E2K_EM_MCST_ELBRUS, E2K_EF_SET_MACH(E2K_MACH_12C));
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err), 0);
    assert_int_equal(e.n_secs, 5);
    assert_string_equal(e.secs[1].name, ".text");
    assert_true(e.secs[1].flags & SHF_EXECINSTR);
    assert_int_equal(e.secs[1].size, sizeof k_code);
    assert_int_equal(objdump_elf_isa(&e), 6);
    assert_int_equal(e.n_syms, 3);
    const struct objdump_sym *s = objdump_elf_label(&e, TEXT_ADDR, 1);
    assert_non_null(s);
    assert_string_equal(s->name, "_start");
    char name[64];
    assert_int_equal(objdump_elf_symbolize(&e, TEXT_ADDR + 0x10, 1, name,
                                           sizeof name), 0);
    assert_string_equal(name, "_start+0x10");
    assert_int_equal(objdump_elf_symbolize(&e, TEXT_ADDR + 0x20, 1, name,
                                           sizeof name), 0);
    assert_string_equal(name, "loop");
    assert_int_equal(objdump_elf_symbolize(&e, 0x9000, 0, name, sizeof name),
                     -1);
    assert_int_equal(objdump_elf_next_label(&e, TEXT_ADDR, 1), TEXT_ADDR + 0x20);
    objdump_elf_close(&e);

    build_elf(&img, E2K_EM_E2K_OLD, 0);
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err), 0);
    assert_int_equal(objdump_elf_isa(&e), 0);
    objdump_elf_close(&e);
}

static void elf_reader_rejects_bad_headers(void **state)
{
    (void)state;
    struct elf_img img;
    struct objdump_elf e;
    char err[160];
    build_elf(&img, 62 /* x86-64 */, 0);
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err),
                     OBJDUMP_ELF_EMACHINE);
    assert_non_null(strstr(err, "not an e2k file"));
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    img.b[EI_CLASS] = ELFCLASS32;
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err),
                     OBJDUMP_ELF_ECLASS);
    assert_int_equal(objdump_elf_open(&e, (const uint8_t *)"hello", 5, err,
                                      sizeof err), OBJDUMP_ELF_ENOTELF);
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    put(img.b, 40, 0xffffffffffffff00ull, 8); /* e_shoff */
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err),
                     OBJDUMP_ELF_EBAD);
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    put(img.b, img.shoff + 64 + 32, 1ull << 40, 8); /* .text sh_size */
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err),
                     OBJDUMP_ELF_EBAD);
    assert_non_null(strstr(err, ".text"));
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    put(img.b, img.shoff + 2 * 64 + 40, 77, 4); /* .symtab sh_link */
    assert_int_equal(objdump_elf_open(&e, img.b, img.size, err, sizeof err),
                     OBJDUMP_ELF_EBAD);
    objdump_elf_close(&e);
}

static void elf_reader_survives_damage(void **state)
{
    (void)state;
    struct elf_img img;
    struct objdump_elf e;
    char err[160];
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    /* Every truncation. */
    for (size_t n = 0; n <= img.size; n++) {
        int rc = objdump_elf_open(&e, img.b, n, err, sizeof err);
        assert_true(rc == 0 || err[0] != 0);
        objdump_elf_close(&e);
    }
    /* Every byte of the headers and tables flipped. */
    for (size_t i = 0; i < img.size; i++) {
        if (i >= 64 && i < 64 + sizeof k_code)
            continue;
        struct elf_img d = img;
        d.b[i] ^= 0xa5;
        int rc = objdump_elf_open(&e, d.b, d.size, err, sizeof err);
        if (rc == 0) {
            char name[64];
            for (unsigned k = 0; k < e.n_syms; k++)
                assert_non_null(e.syms[k].name);
            objdump_elf_symbolize(&e, TEXT_ADDR + 8, 1, name, sizeof name);
            objdump_elf_label(&e, TEXT_ADDR, 0);
        }
        objdump_elf_close(&e);
    }
}

/* Run the command with argv, return exit status and output. */
static int run(char *out, size_t size, char **argv)
{
    int argc = 0;
    while (argv[argc])
        argc++;
    char *buf = NULL, *ebuf = NULL;
    size_t len = 0, elen = 0;
    FILE *o = open_memstream(&buf, &len);
    FILE *e = open_memstream(&ebuf, &elen);
    int rc = objdump_main(argc, argv, o, e);
    fclose(o);
    fclose(e);
    snprintf(out, size, "%s%s", buf ? buf : "", ebuf ? ebuf : "");
    free(buf);
    free(ebuf);
    return rc;
}

static char *write_tmp(const uint8_t *data, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/dis_elf_testXXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    return path;
}

static void cli_lists_elf_with_labels(void **state)
{
    (void)state;
    struct elf_img img;
    char out[8192];
    build_elf(&img, E2K_EM_MCST_ELBRUS, E2K_EF_SET_MACH(E2K_MACH_EV5));
    char *path = write_tmp(img.b, img.size);
    char *argv[] = {"e2k-objdump", "-d", path, NULL};
    assert_int_equal(run(out, sizeof out, argv), 0);
    unlink(path);
    assert_non_null(strstr(out, "file format elf64-e2k\n"));
    assert_non_null(strstr(out, "\nDisassembly of section .text:\n"));
    assert_non_null(strstr(out,
        "\n0000000000010000 <_start>:\n"
        "   10000:\t01 00 00 04 80 c1 c0 11 \t\n"
        "  addd,0 0x0, 0x1, %dr0\n\n"
        "   10008:\t01 40 00 00 03 00 00 40 \t\n"
        "  disp %ctpr1, 0x10020 <loop>\n\n"));
    assert_non_null(strstr(out,
        "\n0000000000010020 <loop>:\n"
        "   10020:\t01 40 00 00 00 00 00 f0 \t\n"
        "  return %ctpr3\n\n"));
}

static void cli_asm_syntax_and_options(void **state)
{
    (void)state;
    struct elf_img img;
    char out[8192];
    build_elf(&img, E2K_EM_MCST_ELBRUS, 0);
    char *path = write_tmp(img.b, img.size);
    char *argv[] = {"e2k-objdump", "--asm-syntax", "-mcpu=elbrus-v3", "-d",
                    path, NULL};
    assert_int_equal(run(out, sizeof out, argv), 0);
    assert_non_null(strstr(out, "elbrus-v3"));
    assert_non_null(strstr(out, "! <_start>:\n! 0x10000\n{\n"
                                "  addd,0 0x0, 0x1, %dr0\n}\n"));
    assert_non_null(strstr(out, "{\n  disp %ctpr1, 0x3 ! 0x10020 <loop>\n}\n"));
    char *argv2[] = {"e2k-objdump", "--no-show-raw-insn", "-d", path, NULL};
    assert_int_equal(run(out, sizeof out, argv2), 0);
    assert_non_null(strstr(out, "   10000:\t\n  addd,0 0x0, 0x1, %dr0\n"));
    unlink(path);
}

static void cli_raw_blob(void **state)
{
    (void)state;
    uint8_t buf[sizeof k_code + 3];
    char out[8192];
    words(buf, k_code, sizeof k_code / 4);
    memset(buf + sizeof k_code, 0xee, 3);
    char *path = write_tmp(buf, sizeof buf);
    char *argv[] = {"e2k-objdump", "--raw", "0x20000", path, NULL};
    assert_int_equal(run(out, sizeof out, argv), 0);
    unlink(path);
    assert_non_null(strstr(out, "file format binary"));
    assert_non_null(strstr(out, "\n0000000000020000 <.data>:\n"
                                "   20000:\t01 00 00 04 80 c1 c0 11 \t\n"));
    assert_non_null(strstr(out, "  disp %ctpr1, 0x20020\n"));
    assert_non_null(strstr(out, "   20028:\tee ee ee \t\n"
                                "  ! undecodable: "));
    assert_non_null(strstr(out, "  .byte 0xee, 0xee, 0xee\n"));
}

static void cli_errors(void **state)
{
    (void)state;
    char out[4096];
    char *help[] = {"e2k-objdump", "--help", NULL};
    assert_int_equal(run(out, sizeof out, help), 0);
    assert_non_null(strstr(out, "usage: e2k-objdump"));
    char *none[] = {"e2k-objdump", NULL};
    assert_int_equal(run(out, sizeof out, none), 2);
    char *bad[] = {"e2k-objdump", "--frobnicate", NULL};
    assert_int_equal(run(out, sizeof out, bad), 2);
    char *cpu[] = {"e2k-objdump", "-mcpu=elbrus-v9", "-d", "x", NULL};
    assert_int_equal(run(out, sizeof out, cpu), 2);
    char *raw[] = {"e2k-objdump", "--raw", "zz", "x", NULL};
    assert_int_equal(run(out, sizeof out, raw), 2);
    char *missing[] = {"e2k-objdump", "-d", "/nonexistent/file", NULL};
    assert_int_equal(run(out, sizeof out, missing), 1);
    assert_non_null(strstr(out, "/nonexistent/file"));
    char *path = write_tmp((const uint8_t *)"\177ELF", 4);
    char *notelf[] = {"e2k-objdump", "-d", path, NULL};
    assert_int_equal(run(out, sizeof out, notelf), 1);
    assert_non_null(strstr(out, "not an ELF file"));
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(elf_reader_sections_symbols_isa),
        cmocka_unit_test(elf_reader_rejects_bad_headers),
        cmocka_unit_test(elf_reader_survives_damage),
        cmocka_unit_test(cli_lists_elf_with_labels),
        cmocka_unit_test(cli_asm_syntax_and_options),
        cmocka_unit_test(cli_raw_blob),
        cmocka_unit_test(cli_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
