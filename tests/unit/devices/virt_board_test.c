/*
 * virt_board_test.c — the virt machine with its board (emu/machine_virt.h,
 * devices/virt_board.h): kernel checks of the loader, the boot state and
 * boot info, the device state saved and loaded through the machine, and
 * determinism of a virtual-clock run (two runs end at the same icount with
 * the same device state).
 *
 * Kernels are assembled in process with e2k-as's library and written to a
 * temporary ELF file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "devices/virt_board.h"
#include "emu/cpu_sys.h"
#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "emu/mem.h"
#include "tools/as/asm.h"

/* A kernel whose entry 12 arms timer0 (periodic, virtual clock), enables
 * interrupts and counts TICKS ticks in entry 0, then powers off with the
 * count. */
static const char kTicker[] =
    "        .text\n"
    "        .global _start\n"
    "        .balign 0x1000\n"
    "_start:\n"
    "        { setwd wsz = 0x8, nfx = 0x1 }\n"
    "        rwd 0x0, %tir.lo\n"
    "        { ldw,0 0x0, 0xf0001020, %r3 }\n"
    "        { addd,0 0x0, 0x1, %dr4 ; addd,1 %dg1, 0x1, %dg1 }\n"
    "        { stw,2 %r4, [ 0xf000301c ] }\n"
    "        { stw,2 %r3, [ 0xf0001024 ] }\n"
    "        { nop 3 }\n"
    "        { done }\n"
    "        .skip 0x6000 - (. - _start)\n"
    "boot:\n"
    "        { setwd wsz = 0x8, nfx = 0x1 ; addd,0 0x0, 0x4, %dr4 }\n"
    "        { stw,2 %r4, [ 0xf000100c ] ; addd,0 0x0, 50000, %dr5 }\n"
    "        { stw,2 %r5, [ 0xf0003010 ] ; addd,0 0x0, 0x7, %dr4 }\n"
    "        { stw,2 %r4, [ 0xf0003018 ] }\n"
    "        rwd 0x3, %psr\n"
    "wait:   { cmpbdb,0 %dg1, 0x7, %pred0 }\n"
    "        { ibranch wait ? %pred0 }\n"
    "        { stw,2 %dg1, [ 0xf0000004 ] }\n"
    "hang:   { ibranch hang }\n";

static char *write_kernel(const char *src, uint64_t base, uint8_t **elf,
                          size_t *len)
{
    struct asm_opts o;
    asm_opts_init(&o);
    o.base = base;
    struct asm_image img;
    assert_int_equal(asm_assemble_string(&o, "k.s", src, strlen(src), &img), 0);
    static char path[] = "/tmp/e2k-virt-test-XXXXXX";
    char *p = strdup(path);
    int fd = mkstemp(p);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(asm_elf_write(&img, p), 0);
    asm_image_free(&img);
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    *elf = malloc(*len);
    assert_int_equal(fread(*elf, 1, *len, f), *len);
    fclose(f);
    unlink(p);
    return p;
}

static struct machine *make(const uint8_t *elf, size_t len, uint64_t ram,
                            struct virt_err *err)
{
    struct machine *m = mach_new(MACH_VIRT, 5, 0);
    assert_non_null(m);
    struct virt_config vc = {.ram_bytes = ram, .clock = VIRT_CLOCK_VIRTUAL};
    if (virt_setup(m, &vc, elf, len, err) != 0) {
        mach_free(m);
        return NULL;
    }
    struct virt_board_config bc;
    memset(&bc, 0, sizeof bc);
    balloon_config_default(&bc.balloon);
    bc.mute_output = 1;
    char msg[200];
    assert_int_equal(virt_board_attach(m, &bc, msg, sizeof msg), 0);
    return m;
}

static void test_loader_checks(void **st)
{
    (void)st;
    uint8_t *elf;
    size_t len;
    struct virt_err err;
    /* entry not 4 KiB aligned */
    free(write_kernel("        .text\n        .global _start\n_start: nop\n",
                      0x10000, &elf, &len));
    assert_null(make(elf, len, 0, &err));
    assert_int_equal(err.code, VIRT_E_FORMAT);
    assert_non_null(strstr(err.msg, "aligned"));
    free(elf);
    /* kernel on the boot stacks */
    free(write_kernel(kTicker, 0x80000, &elf, &len));
    assert_null(make(elf, len, 0, &err));
    assert_int_equal(err.code, VIRT_E_RANGE);
    free(elf);
    /* too little RAM */
    free(write_kernel(kTicker, 0x10000, &elf, &len));
    assert_null(make(elf, len, 1 << 20, &err));
    assert_int_equal(err.code, VIRT_E_ARGS);
    free(elf);
}

static void test_boot_state_and_info(void **st)
{
    (void)st;
    uint8_t *elf;
    size_t len;
    struct virt_err err;
    free(write_kernel(kTicker, 0x10000, &elf, &len));
    struct machine *m = make(elf, len, 0, &err);
    assert_non_null(m);
    struct cpu_state *c = &m->cpu;
    assert_int_equal(c->user_mode, 0);
    assert_int_equal(c->psr, CPU_PSR_PM);
    assert_int_equal(c->upsr, CPU_UPSR_RESET);
    uint64_t tt = CPU_DESC_BASE(c->oscud_lo);
    assert_int_equal(tt & 0xfff, 0);
    assert_int_equal(c->ip, tt + 0x6000);
    assert_int_equal(c->rf[1].lo, VIRT_BOOTINFO);
    assert_int_equal(c->mmu_trap_point, VIRT_TRAP_CELLAR);
    uint8_t bi[0x48 + 40];
    assert_int_equal(mem_peek(m->mem, VIRT_BOOTINFO, bi, sizeof bi), 0);
    assert_memory_equal(bi, "E2KRBOOT", 8);
    uint64_t ram;
    memcpy(&ram, bi + 0x18, 8);
    assert_int_equal(ram, VIRT_RAM_DEFAULT);
    uint32_t ndev;
    memcpy(&ndev, bi + 0x40, 4);
    assert_int_equal(ndev, 7);
    assert_string_equal((const char *)bi + 0x48, "sysctl");
    mach_free(m);
    free(elf);
}

static uint8_t *save(struct machine *m, size_t *len)
{
    *len = 0;
    virt_save_devices(m, NULL, 0, len);
    uint8_t *b = malloc(*len);
    size_t got = 0;
    assert_int_equal(virt_save_devices(m, b, *len, &got), 0);
    assert_int_equal(got, *len);
    return b;
}

/* Virtual clock: two runs power off at the same icount with the same
 * count of ticks and the same device state; the state loads back. */
static void test_virtual_clock_run_is_deterministic(void **st)
{
    (void)st;
    uint8_t *elf;
    size_t len;
    struct virt_err err;
    free(write_kernel(kTicker, 0x10000, &elf, &len));
    uint64_t icount[2];
    uint8_t *state[2];
    size_t slen[2];
    for (int r = 0; r < 2; r++) {
        struct machine *m = make(elf, len, 0, &err);
        assert_non_null(m);
        int status = -1;
        assert_int_equal(virt_run(m, UINT64_MAX, &status, &err),
                         VIRT_RUN_EXITED);
        assert_int_equal(status, 7);
        icount[r] = m->cpu.icount;
        state[r] = save(m, &slen[r]);
        mach_free(m);
    }
    assert_int_equal(icount[0], icount[1]);
    assert_true(icount[0] >= 7 * 50000);
    assert_int_equal(slen[0], slen[1]);
    assert_memory_equal(state[0], state[1], slen[0]);
    /* A freshly booted machine takes the saved state and saves it back
     * unchanged; a damaged buffer is refused. */
    struct machine *m = make(elf, len, 0, &err);
    size_t l0;
    uint8_t *fresh = save(m, &l0);
    assert_true(l0 != slen[0] || memcmp(fresh, state[0], l0) != 0);
    assert_int_equal(virt_load_devices(m, state[0], slen[0] - 1), VIRT_E_STATE);
    assert_int_equal(virt_load_devices(m, state[0], slen[0]), 0);
    size_t l1;
    uint8_t *again = save(m, &l1);
    assert_int_equal(l1, slen[0]);
    assert_memory_equal(again, state[0], l1);
    free(fresh);
    free(again);
    mach_free(m);
    free(state[0]);
    free(state[1]);
    free(elf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_loader_checks),
        cmocka_unit_test(test_boot_state_and_info),
        cmocka_unit_test(test_virtual_clock_run_is_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
