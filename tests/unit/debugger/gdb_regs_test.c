/*
 * gdb_regs_test.c — debugger/gdb_regs.c, gdb_frame.c, gdb_tdesc.c: the
 * register layout matches e2k-gdb-remote.md §2.3/§3 (4588-byte `g`, offsets
 * of sample registers in all three configurations), the PC is register 53,
 * the trap-frame view (§4) reports the descriptor values and shows the
 * window and the older frames in memory where gdb's formulas (§4.2) look,
 * tags, writes in live sessions, and target.xml has all 840 core names.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "debugger/gdb_buf.h"
#include "debugger/gdb_frame.h"
#include "debugger/gdb_regs.h"
#include "debugger/gdb_tdesc.h"
#include "emu/cpu.h"
#include "emu/mem.h"

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void test_g_sizes_per_configuration(void **state)
{
    (void)state;
    struct gdb_layout l;
    gdb_layout_init(&l, GDB_TD_CORE);
    assert_int_equal(l.g_bytes, GDB_G_BYTES_CORE);
    assert_int_equal(l.g_bytes, 4588);
    gdb_layout_init(&l, GDB_TD_CORE | GDB_TD_V2);
    assert_int_equal(l.g_bytes, 4596);
    gdb_layout_init(&l, GDB_TD_CORE | GDB_TD_V2 | GDB_TD_V3);
    assert_int_equal(l.g_bytes, 4604);
    gdb_layout_init(&l, GDB_TD_CORE | GDB_TD_V2 | GDB_TD_V3 | GDB_TD_V5);
    assert_int_equal(l.g_bytes, 4908);
    gdb_layout_init(&l, GDB_TD_CORE | GDB_TD_V2 | GDB_TD_V3 | GDB_TD_V5 | GDB_TD_V6);
    assert_int_equal(l.g_bytes, 4948);
}

static void test_offsets_match_the_table(void **state)
{
    (void)state;
    /* e2k-gdb-remote.md §3, "Off base / v5 / v6" columns */
    static const struct { unsigned reg, base, v5, v6; } k[] = {
        {0, 0, 0, 0},         {3, 24, 24, 24},         {35, 280, 280, 280},
        {53, 424, 424, 424},  {76, 608, 608, 608},     {140, 1120, 1120, 1120},
        {334, 2672, 2672, 2672}, {356, 2848, 2848, 2848}, {388, 2880, 2880, 2880},
        {420, 2944, 2944, 2944}, {480, 3424, 3424, 3424}, {490, 3434, 3434, 3434},
        {496, 3440, 3440, 3440}, {570, 4032, 4032, 4032}, {654, 4416, 4736, 4736},
        {655, 4424, 4744, 4744}, {661, 4432, 4752, 4792}, {666, 4472, 4792, 4832},
        {667, 4497, 4817, 4857}, {668, 4522, 4842, 4882}, {669, 4555, 4875, 4915},
    };
    struct gdb_layout b, v5, v6;
    gdb_layout_init(&b, GDB_TD_CORE);
    gdb_layout_init(&v5, GDB_TD_CORE | GDB_TD_V2 | GDB_TD_V3 | GDB_TD_V5);
    gdb_layout_init(&v6, GDB_TD_CORE | GDB_TD_V2 | GDB_TD_V3 | GDB_TD_V5 | GDB_TD_V6);
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        assert_int_equal(b.off[k[i].reg], k[i].base);
        assert_int_equal(v5.off[k[i].reg], k[i].v5);
        assert_int_equal(v6.off[k[i].reg], k[i].v6);
    }
    /* v5-only registers are absent from the base layout */
    assert_int_equal(b.size[586], 0);
    assert_int_equal(v5.off[586], 4416);
    assert_int_equal(v5.off[590], 4448);
    assert_int_equal(v5.off[622], 4704);
    assert_int_equal(v6.off[656], 4752);
    assert_int_equal(b.size[570], 24);
    assert_int_equal(b.size[666], 25);
    assert_int_equal(b.size[668], 33);
}

static void test_names(void **state)
{
    (void)state;
    struct gdb_reg_desc d;
    static const struct { unsigned reg; const char *name; } k[] = {
        {0, "_sizeof"}, {1, "_sys_rnum"}, {3, "_g0"}, {34, "_g31"}, {53, "_cr0_hi"},
        {76, "aad0_lo"}, {77, "aad0_hi"}, {139, "aad31_hi"}, {228, "aaldv"},
        {339, "ctpr1"}, {341, "ctpr3"}, {350, "_arg1"}, {355, "_arg6"},
        {422, "tir_0_lo"}, {459, "tir_18_hi"}, {490, "_dummy_1"}, {585, "mlt_15"},
        {586, "idr"}, {590, "_gext_v5_0"}, {658, "ctpr1_hi"}, {669, "_e2k_quad_stack"},
        {670, "_r0"}, {733, "_r63"}, {734, "_b0"}, {861, "_b127"}, {862, "_pred0"},
        {893, "_pred31"}, {894, "_hs"}, {912, "_tagged128"},
    };
    for (size_t i = 0; i < sizeof k / sizeof k[0]; i++) {
        assert_int_equal(gdb_reg_desc(k[i].reg, &d), 0);
        assert_string_equal(d.name, k[i].name);
    }
    assert_int_equal(gdb_reg_desc(913, &d), GDB_REGS_E_NOREG);
    /* 840 names in the core feature (§2.1) */
    unsigned core = 0;
    for (unsigned n = 0; n < GDB_REG_COUNT; n++)
        if (gdb_reg_desc(n, &d) == 0 && (d.feature & GDB_TD_CORE))
            core++;
    assert_int_equal(core, 840);
}

struct fix {
    struct cpu_state c;
    struct mem *m;
};

#define PS_BASE 0x30000ull
#define PCS_BASE 0x40000ull
#define TAG_BASE 0x50000ull

static int io_read(void *ctx, uint64_t a, void *b, size_t n)
{
    return mem_peek(ctx, a, b, n);
}

static int io_write(void *ctx, uint64_t a, const void *b, size_t n)
{
    return mem_poke(ctx, a, b, n);
}

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    f->m = mem_new();
    mem_map(f->m, PS_BASE, 0x1000, MEM_PROT_R | MEM_PROT_W);
    mem_map(f->m, PCS_BASE, 0x1000, MEM_PROT_R | MEM_PROT_W);
    mem_map(f->m, TAG_BASE, 0x1000, MEM_PROT_R | MEM_PROT_W);
    cpu_reset(&f->c, 5);
    f->c.mem = f->m;
    /* one older frame of 4 registers already spilled (v5 layout, as
     * cpu_proc.c does it on ISA >= 5): %r0..%r3 = 0x100.. 0x103 */
    uint64_t img[8];
    uint8_t tags[8] = {0};
    for (int i = 0; i < 4; i++) {
        img[2 * i] = 0x100 + (uint64_t)i;
        img[2 * i + 1] = 0xe00 + (uint64_t)i;
    }
    tags[2] = 0x5; /* %r1 lo diagnostic */
    mem_poke(f->m, PS_BASE, img, sizeof img);
    mem_poke(f->m, TAG_BASE, tags, sizeof tags);
    f->c.ps_tag_base = TAG_BASE;
    f->c.psp_lo = PS_BASE;
    f->c.psp_hi = (0x1000ull << 32) | 64;
    f->c.pcsp_lo = PCS_BASE;
    f->c.pcsp_hi = (0x1000ull << 32) | 32;
    uint64_t frame[4] = {0x1, 0x10100, 2ull << 33, 0};
    mem_poke(f->m, PCS_BASE + 32, frame, sizeof frame);
    /* current window: 6 registers */
    f->c.wd_size = 6;
    f->c.wd_psize = 2;
    f->c.wd_fx = 1;
    for (int i = 0; i < 6; i++) {
        f->c.rf[i].lo = 0xa0 + (uint64_t)i;
        f->c.rf[i].hi = 0xb0 + (uint64_t)i;
    }
    f->c.rf[3].tag = 0x40; /* %r3: bits 127:96 diagnostic */
    f->c.ip = 0x10208;
    f->c.pf = 0x9;
    f->c.usd_hi = 0x2000ull << 32;
    f->c.rf[CPU_RF_G0 + 2].lo = 0x1234;
    f->c.rf[CPU_RF_G0 + 2].hi = 0x7fff;
    f->c.rf[CPU_RF_G0 + 2].tag = 0x1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    mem_free(f->m);
    free(f);
    return 0;
}

static void test_pc_is_register_53(void **state)
{
    struct fix *f = *state;
    struct gdb_layout l;
    gdb_layout_init(&l, GDB_TD_CORE);
    uint8_t g[GDB_G_BYTES_CORE], v[GDB_REG_MAX_BYTES];
    gdb_regs_read_all(&l, &f->c, g);
    assert_true(le64(g + 424) == 0x10208);
    assert_int_equal(gdb_regs_read(&l, &f->c, GDB_REG_PC, v), 8);
    assert_true(le64(v) == 0x10208);
    /* globals: value, tag, extension */
    assert_true(le64(g + 24 + 2 * 8) == 0x1234);
    assert_int_equal(g[2848 + 2], 0x1);
    assert_int_equal(g[2880 + 2 * 2], 0xff);
    assert_int_equal(g[2880 + 2 * 2 + 1], 0x7f);
    /* _sys_rnum = -1, _wd = fx only */
    assert_true(le64(g + 8) == UINT64_MAX);
    assert_true(le64(g + 2672) == 1ull << 48);
    assert_int_equal(gdb_regs_read(&l, &f->c, 586, v), GDB_REGS_E_NOREG);
}

static void test_trap_frame_registers(void **state)
{
    struct fix *f = *state;
    struct gdb_trap t;
    gdb_frame_trap(&f->c, &t);
    assert_true(t.cr0_lo == 0x9);
    assert_true(t.cr0_hi == 0x10208);
    assert_int_equal((t.cr1_lo >> 33) & 0x7f, 3); /* wbs = 6/2 */
    assert_int_equal((t.cr1_lo >> 26) & 0x7f, 1); /* wpsz = 2/2 */
    assert_int_equal((t.cr1_lo >> 25) & 1, 1);
    assert_true((t.cr1_hi >> 36) == 0x2000 >> 4); /* ussz */
    assert_true((t.psp_hi & 0xffffffff) == 64 + 16 * 6);
    assert_true((t.pcsp_hi & 0xffffffff) == 32 + 32);
    assert_true(t.spill_addr == PS_BASE + 64);
    assert_true(t.frame_addr == PCS_BASE + 64);
}

/* gdb's formulas (§4.2): VPSP = psp.base + psp.ind - 32*wbs; %rN at
 * VPSP + 32*(N>>1) + 8*(N&1) (pre-v5 layout). */
static void test_window_readable_where_gdb_looks(void **state)
{
    struct fix *f = *state;
    struct gdb_trap t;
    gdb_frame_trap(&f->c, &t);
    struct gdb_mem_io io = {io_read, io_write, f->m};
    uint64_t wbs = (t.cr1_lo >> 33) & 0x7f;
    uint64_t vpsp = (t.psp_lo & 0xffffffffffffull) + (t.psp_hi & 0xffffffff) - 32 * wbs;
    for (unsigned n = 0; n < 6; n++) {
        uint8_t b[8];
        assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, vpsp + 32 * (n >> 1) + 8 * (n & 1),
                                            b, 8), 8);
        assert_true(le64(b) == 0xa0 + n);
        /* extension at +16 */
        assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io,
                                            vpsp + 32 * (n >> 1) + 8 * (n & 1) + 16, b, 8), 8);
        assert_true(le64(b) == 0xb0 + n);
    }
    /* caller link at VPCSP = pcsp.base + pcsp.ind - 32: the older frame */
    uint8_t cr[32];
    uint64_t vpcsp = (t.pcsp_lo & 0xffffffffffffull) + (t.pcsp_hi & 0xffffffff) - 32;
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, vpcsp, cr, 32), 32);
    assert_true(le64(cr + 8) == 0x10100);
    /* the synthetic trap frame itself */
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, t.frame_addr, cr, 32), 32);
    assert_true(le64(cr + 8) == 0x10208);
    /* tags: the upper word of %r3's extension is diagnostic */
    uint8_t tg[4];
    gdb_frame_read_tags(&f->c, 0, &io, vpsp + 32 + 8 + 16, 2, tg);
    assert_int_equal(tg[0], 0);
    assert_int_equal(tg[1], 1);
}

static void test_older_frames_shown_in_pre_v5_order(void **state)
{
    struct fix *f = *state;
    struct gdb_mem_io io = {io_read, io_write, f->m};
    /* memory holds v5 order (lo0 hi0 lo1 hi1); gdb expects lo0 lo1 hi0 hi1 */
    uint8_t b[32];
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, PS_BASE, b, 32), 32);
    assert_true(le64(b) == 0x100 && le64(b + 8) == 0x101);
    assert_true(le64(b + 16) == 0xe00 && le64(b + 24) == 0xe01);
    /* unaligned piece across the swapped words */
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, PS_BASE + 36, b, 8), 8);
    uint8_t full[64];
    gdb_frame_read_mem(&f->c, 0, &io, PS_BASE, full, 64);
    assert_memory_equal(b, full + 36, 8);
    /* tags follow the permutation: %r1 lo (tag 0x5) is now word 1 */
    uint8_t tg[2];
    gdb_frame_read_tags(&f->c, 0, &io, PS_BASE + 8, 2, tg);
    assert_int_equal(tg[0], 1);
    assert_int_equal(tg[1], 1);
    /* with a v5 description nothing is permuted */
    assert_int_equal(gdb_frame_read_mem(&f->c, 1, &io, PS_BASE, b, 16), 16);
    assert_true(le64(b + 8) == 0xe00);
    /* an ISA < 5 CPU already spills in the pre-v5 order */
    f->c.isa = 4;
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, PS_BASE, b, 16), 16);
    assert_true(le64(b + 8) == 0xe00);
}

static void test_partial_and_unreadable(void **state)
{
    struct fix *f = *state;
    struct gdb_mem_io io = {io_read, io_write, f->m};
    uint8_t b[64];
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, 0x90000, b, 8), 0);
    /* the end of a mapped page */
    assert_int_equal(gdb_frame_read_mem(&f->c, 0, &io, TAG_BASE + 0x1000 - 5, b, 16), 5);
}

static void test_writes_through_the_view(void **state)
{
    struct fix *f = *state;
    struct gdb_trap t;
    gdb_frame_trap(&f->c, &t);
    struct gdb_mem_io io = {io_read, io_write, f->m};
    uint64_t v = 0x55;
    /* %r1 of the window: spill + 8 in pre-v5 order */
    assert_int_equal(gdb_frame_write_mem(&f->c, 0, &io, t.spill_addr + 8, (uint8_t *)&v, 8), 0);
    assert_true(f->c.rf[1].lo == 0x55);
    /* the trap frame is read-only, unless unchanged */
    uint8_t cr[8];
    gdb_frame_read_mem(&f->c, 0, &io, t.frame_addr + 8, cr, 8);
    assert_int_equal(gdb_frame_write_mem(&f->c, 0, &io, t.frame_addr + 8, cr, 8), 0);
    cr[0] ^= 8;
    assert_int_equal(gdb_frame_write_mem(&f->c, 0, &io, t.frame_addr + 8, cr, 8), -1);
    /* permuted PS: writing view word 1 (lo of %r1) lands at real +16 */
    v = 0x777;
    assert_int_equal(gdb_frame_write_mem(&f->c, 0, &io, PS_BASE + 8, (uint8_t *)&v, 8), 0);
    uint64_t real;
    mem_peek(f->m, PS_BASE + 16, &real, 8);
    assert_true(real == 0x777);
}

static void test_register_writes(void **state)
{
    struct fix *f = *state;
    struct gdb_layout l;
    gdb_layout_init(&l, GDB_TD_CORE);
    uint8_t v[8] = {0x10, 0x03, 0x01, 0, 0, 0, 0, 0};
    assert_int_equal(gdb_regs_write(&l, &f->c, GDB_REG_PC, v, 8), 0);
    assert_true(f->c.ip == 0x10310);
    assert_int_equal(gdb_regs_write(&l, &f->c, GDB_REG_PC, v, 4), GDB_REGS_E_SIZE);
    uint8_t g5[8] = {7};
    assert_int_equal(gdb_regs_write(&l, &f->c, 3 + 5, g5, 8), 0);
    assert_true(f->c.rf[CPU_RF_G0 + 5].lo == 7);
    /* psr is not writable: a change is refused, the same value accepted */
    uint8_t psr[8];
    gdb_regs_read(&l, &f->c, 35, psr);
    assert_int_equal(gdb_regs_write(&l, &f->c, 35, psr, 8), 0);
    psr[0] ^= 1;
    assert_int_equal(gdb_regs_write(&l, &f->c, 35, psr, 8), GDB_REGS_E_READONLY);
    /* G: all or nothing */
    uint8_t g[GDB_G_BYTES_CORE];
    gdb_regs_read_all(&l, &f->c, g);
    g[24 + 8 * 6] = 0x42;        /* %g6 */
    g[280] ^= 1;                 /* psr: refused */
    unsigned bad = 0;
    assert_int_equal(gdb_regs_write_all(&l, &f->c, g, sizeof g, &bad), GDB_REGS_E_READONLY);
    assert_int_equal(bad, 35);
    assert_true(f->c.rf[CPU_RF_G0 + 6].lo != 0x42);
    g[280] ^= 1;
    assert_int_equal(gdb_regs_write_all(&l, &f->c, g, sizeof g, &bad), 0);
    assert_true(f->c.rf[CPU_RF_G0 + 6].lo == 0x42);
    assert_int_equal(gdb_regs_write_all(&l, &f->c, g, sizeof g + 1, &bad), GDB_REGS_E_SIZE);
}

static void test_target_xml(void **state)
{
    (void)state;
    struct gdb_buf b;
    gdb_buf_init(&b, 0);
    gdb_tdesc_xml(&b, 5);
    assert_true(gdb_buf_ok(&b));
    assert_non_null(strstr(b.p, "<architecture>elbrus-v5:any</architecture>"));
    assert_non_null(strstr(b.p, "<osabi>GNU/Linux</osabi>"));
    assert_non_null(strstr(b.p, "<feature name=\"org.mcst.gdb.e2k.linux\">"));
    assert_null(strstr(b.p, "elbrus-v5.linux")); /* core only: 4588-byte g */
    unsigned regs = 0;
    for (const char *p = b.p; (p = strstr(p, "<reg ")); p++)
        regs++;
    assert_int_equal(regs, 840);
    /* fields gdb's e2k code reads by name (§7) */
    const char *need[] = {"<union id=\"cr1_lo\">", "name=\"wbs\" start=\"33\" end=\"39\"",
                          "name=\"br\" start=\"0\" end=\"27\"", "name=\"ussz\" start=\"36\" end=\"63\"",
                          "name=\"ip\" start=\"3\" end=\"47\"", "name=\"psize\" start=\"32\" end=\"42\"",
                          "name=\"val31\" start=\"62\" end=\"62\"", "<struct id=\"tagged64\">",
                          "name=\"_cr0_hi\" bitsize=\"64\" type=\"cr0_hi\" regnum=\"53\"",
                          "name=\"mlt_0\" bitsize=\"64\" type=\"mlt\"",
                          "name=\"_e2k_dbl_reg\" bitsize=\"64\" type=\"dbl_param\""};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        assert_non_null(strstr(b.p, need[i]));
    /* every type used is defined before */
    for (const char *p = b.p; (p = strstr(p, " type=\"")); p++) {
        char id[40];
        const char *q = p + 7;
        size_t n = strcspn(q, "\"");
        assert_true(n < sizeof id);
        memcpy(id, q, n);
        id[n] = 0;
        if (strncmp(id, "uint", 4) == 0 || strncmp(id, "int", 3) == 0)
            continue;
        char def1[64], def2[64];
        snprintf(def1, sizeof def1, "<union id=\"%s\">", id);
        snprintf(def2, sizeof def2, "<struct id=\"%s\"", id);
        const char *d1 = strstr(b.p, def1), *d2 = strstr(b.p, def2);
        const char *d = d1 ? d1 : d2;
        assert_non_null(d);
        assert_true(d < p);
    }
    assert_string_equal(gdb_tdesc_arch(7), "elbrus-v6:any");
    assert_string_equal(gdb_tdesc_arch(2), "elbrus-v2:any");
    gdb_buf_fini(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_g_sizes_per_configuration),
        cmocka_unit_test(test_offsets_match_the_table),
        cmocka_unit_test(test_names),
        cmocka_unit_test_setup_teardown(test_pc_is_register_53, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trap_frame_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_window_readable_where_gdb_looks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_older_frames_shown_in_pre_v5_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_partial_and_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_writes_through_the_view, setup, teardown),
        cmocka_unit_test_setup_teardown(test_register_writes, setup, teardown),
        cmocka_unit_test(test_target_xml),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
