/*
 * lnx_elf_test.c — the ELF parser of the Linux machine (emu/linux/
 * lnx_elf.c): what it accepts, the plan it makes, and each kind of input it
 * must refuse with a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "emu/linux/lnx_elf.h"
#include "emu/mem.h"
#include "lnx_test_util.h"

static const uint32_t kNop[2] = {0x00000000, 0x00000000};

static void accepts_a_static_executable(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0x3000, 5, 0);
    struct lnx_elf_plan p;
    struct lnx_err err;
    assert_int_equal(lnx_elf_parse(buf, n, &p, &err), 0);
    assert_int_equal(p.n_segs, 1);
    assert_int_equal(p.entry, LT_ENTRY);
    assert_int_equal(p.isa, 5);
    assert_int_equal(p.segs[0].vaddr, LT_VADDR);
    assert_int_equal(p.segs[0].memsz, 0x3000);
    assert_int_equal(p.segs[0].filesz, n);
    assert_int_equal(p.segs[0].prot, MEM_PROT_R | MEM_PROT_X);
    assert_int_equal(p.image_end, LT_VADDR + 0x3000);
    assert_int_equal(p.phdr, LT_VADDR + 64); /* headers inside the segment */
    assert_int_equal(p.phnum, 1);
}

static void isa_comes_from_e_flags(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 19 /* 8c */, 0);
    assert_int_equal(lnx_elf_isa(buf, n, NULL), 4);
    n = lt_make_elf(buf, kNop, 2, 0, 22 /* 16c */, 0);
    assert_int_equal(lnx_elf_isa(buf, n, NULL), 6);
    n = lt_make_elf(buf, kNop, 2, 0, 0, 0);
    assert_int_equal(lnx_elf_isa(buf, n, NULL), 0);
}

static void refuses(const uint8_t *buf, size_t n, int code, const char *word)
{
    struct lnx_elf_plan p;
    struct lnx_err err;
    memset(&err, 0, sizeof err);
    assert_int_equal(lnx_elf_parse(buf, n, &p, &err), code);
    assert_int_equal(err.code, code);
    assert_non_null(strstr(err.msg, word));
}

static void refuses_protected_mode(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0x20);
    refuses(buf, n, LNX_E_UNSUPPORTED, "protected-mode");
}

static void refuses_x86_applications(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0x4);
    refuses(buf, n, LNX_E_UNSUPPORTED, "x86");
}

static void refuses_other_machines(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put16(buf + 18, 62); /* EM_X86_64 */
    refuses(buf, n, LNX_E_MACHINE, "e_machine 62");
}

static void accepts_the_old_machine_number(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put16(buf + 18, 49);
    struct lnx_elf_plan p;
    assert_int_equal(lnx_elf_parse(buf, n, &p, NULL), 0);
}

static void refuses_truncated_files(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    refuses(buf, 40, LNX_E_FORMAT, "too short");
    refuses(buf, 100, LNX_E_FORMAT, "program headers");
    lt_put64(buf + 64 + 32, n + 1); /* p_filesz past the end */
    lt_put64(buf + 64 + 40, n + 1);
    refuses(buf, n, LNX_E_FORMAT, "past the end");
}

static void refuses_filesz_above_memsz(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put64(buf + 64 + 40, 8);
    refuses(buf, n, LNX_E_FORMAT, "p_filesz");
}

static void refuses_page_zero_and_huge_segments(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put64(buf + 64 + 16, 0); /* p_vaddr 0 */
    refuses(buf, n, LNX_E_RANGE, "page 0");
    n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put64(buf + 64 + 40, UINT64_MAX - 4); /* wrapping p_memsz */
    refuses(buf, n, LNX_E_RANGE, "user image area");
    n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put64(buf + 64 + 40, 1ull << 40); /* above the size cap */
    refuses(buf, n, LNX_E_RANGE, "total");
}

static void refuses_dynamic_executables(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put32(buf + 64, 3); /* PT_INTERP */
    refuses(buf, n, LNX_E_UNSUPPORTED, "PT_INTERP");
}

static void refuses_bad_entry_points(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put64(buf + 24, 0x900000);
    refuses(buf, n, LNX_E_FORMAT, "entry point");
    lt_put64(buf + 24, LT_ENTRY + 4);
    refuses(buf, n, LNX_E_FORMAT, "aligned");
}

static void loads_pie_at_the_pie_base(void **state)
{
    (void)state;
    uint8_t buf[512];
    size_t n = lt_make_elf(buf, kNop, 2, 0, 5, 0);
    lt_put16(buf + 16, 3);          /* ET_DYN */
    lt_put64(buf + 24, 0x78);       /* e_entry */
    lt_put64(buf + 64 + 16, 0);     /* p_vaddr 0: biased */
    struct lnx_elf_plan p;
    assert_int_equal(lnx_elf_parse(buf, n, &p, NULL), 0);
    assert_int_equal(p.entry, LNX_PIE_BASE + 0x78);
    assert_int_equal(p.segs[0].vaddr, LNX_PIE_BASE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(accepts_a_static_executable),
        cmocka_unit_test(isa_comes_from_e_flags),
        cmocka_unit_test(refuses_protected_mode),
        cmocka_unit_test(refuses_x86_applications),
        cmocka_unit_test(refuses_other_machines),
        cmocka_unit_test(accepts_the_old_machine_number),
        cmocka_unit_test(refuses_truncated_files),
        cmocka_unit_test(refuses_filesz_above_memsz),
        cmocka_unit_test(refuses_page_zero_and_huge_segments),
        cmocka_unit_test(refuses_dynamic_executables),
        cmocka_unit_test(refuses_bad_entry_points),
        cmocka_unit_test(loads_pie_at_the_pie_base),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
