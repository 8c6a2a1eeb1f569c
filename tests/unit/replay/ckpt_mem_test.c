/*
 * ckpt_mem_test.c — the emu/ pieces checkpoints and watchpoints stand on:
 * memory write generations (mem_gen_*), layout_gen, mem_page_set, read
 * watch pages (MEM_PF_RWATCH) and that they leave the dirty flags alone,
 * cpu_state_assign keeping the run bookkeeping, and lnx_state_* refusing
 * a blob of another size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/mem.h"

struct gen_walk {
    uint32_t since;
    uint64_t pages[64];
    int n;
};

static int collect(void *opaque, uint64_t page, unsigned prot, unsigned flags, uint32_t gen,
                   const uint8_t *bytes)
{
    (void)prot;
    (void)flags;
    (void)bytes;
    struct gen_walk *w = opaque;
    if ((int32_t)(gen - w->since) >= 0 && w->n < 64)
        w->pages[w->n++] = page;
    return 0;
}

static void test_generations_track_writes(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    assert_int_equal(mem_map(m, 0x10000, 8 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    uint32_t g = mem_gen_advance(m);
    struct gen_walk w = {.since = g};
    mem_walk_gen(m, collect, &w);
    assert_int_equal(w.n, 0);
    /* A store through the fast path after the TLB was warm still counts. */
    uint64_t v = 1;
    assert_int_equal(mem_store(m, 0x10000 + 3 * 4096, 8, &v), 0);
    assert_int_equal(mem_store(m, 0x10000 + 3 * 4096 + 8, 8, &v), 0);
    g = mem_gen_advance(m);
    assert_int_equal(mem_store(m, 0x10000 + 3 * 4096 + 16, 8, &v), 0); /* TLB hit before */
    assert_int_equal(mem_poke(m, 0x10000 + 5 * 4096, &v, 8), 0);
    w = (struct gen_walk){.since = g};
    mem_walk_gen(m, collect, &w);
    assert_int_equal(w.n, 2);
    assert_int_equal(w.pages[0], 0x10000 + 3 * 4096);
    assert_int_equal(w.pages[1], 0x10000 + 5 * 4096);
    /* Touch stamps without writing; page_set writes without stamping. */
    g = mem_gen_advance(m);
    assert_int_equal(mem_gen_touch(m, 0x10000), 0);
    uint8_t page[4096];
    memset(page, 0xab, sizeof page);
    assert_int_equal(mem_page_set(m, 0x10000 + 4096, page), 1);
    assert_int_equal(mem_page_set(m, 0x10000 + 4096, page), 0); /* equal */
    assert_int_equal(mem_page_set(m, 0x90000, page), MEM_E_UNMAPPED);
    w = (struct gen_walk){.since = g};
    mem_walk_gen(m, collect, &w);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.pages[0], 0x10000);
    uint8_t b;
    assert_int_equal(mem_peek(m, 0x10000 + 4096 + 77, &b, 1), 0);
    assert_int_equal(b, 0xab);
    /* Mapping stamps; layout_gen moves on map, unmap, protect only. */
    uint64_t lg = m->layout_gen;
    assert_int_equal(mem_poke(m, 0x10000, &v, 8), 0);
    assert_int_equal(m->layout_gen, lg);
    assert_int_equal(mem_protect(m, 0x10000, 4096, MEM_PROT_R), 0);
    assert_true(m->layout_gen != lg);
    lg = m->layout_gen;
    g = mem_gen_advance(m);
    assert_int_equal(mem_map(m, 0x40000, 4096, MEM_PROT_R), 0);
    assert_true(m->layout_gen != lg);
    w = (struct gen_walk){.since = g};
    mem_walk_gen(m, collect, &w);
    assert_int_equal(w.n, 1);
    assert_int_equal(w.pages[0], 0x40000);
    mem_free(m);
}

static int dirty_count(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                       const uint8_t *bytes)
{
    (void)page;
    (void)prot;
    (void)flags;
    (void)bytes;
    (*(int *)opaque)++;
    return 0;
}

static void test_generations_leave_dirty_flags_alone(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    assert_int_equal(mem_map(m, 0x10000, 4 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    mem_dirty_clear(m);
    uint64_t v = 1;
    assert_int_equal(mem_poke(m, 0x11000, &v, 8), 0);
    mem_gen_advance(m);
    int n = 0;
    mem_walk(m, 1, dirty_count, &n);
    assert_int_equal(n, 1);
    mem_free(m);
}

struct reads {
    uint64_t addr[8];
    size_t len[8];
    int n;
};

static void on_read(void *opaque, uint64_t addr, size_t len)
{
    struct reads *r = opaque;
    if (r->n < 8) {
        r->addr[r->n] = addr;
        r->len[r->n] = len;
    }
    r->n++;
}

static void test_read_watch_reports_every_read(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    struct reads r = {0};
    assert_int_equal(mem_map(m, 0x10000, 2 * 4096, MEM_PROT_R | MEM_PROT_W), 0);
    mem_set_rwatch_cb(m, on_read, &r);
    uint64_t v;
    /* Warm the read TLB, then flag the page: reads must still be seen. */
    assert_int_equal(mem_load(m, 0x10008, 8, &v), 0);
    assert_int_equal(mem_set_rwatch(m, 0x10000, 1), 0);
    assert_int_equal(mem_load(m, 0x10008, 8, &v), 0);
    assert_int_equal(mem_load(m, 0x10010, 4, &v), 0);
    assert_int_equal(r.n, 2);
    assert_int_equal(r.addr[0], 0x10008);
    assert_int_equal(r.len[1], 4);
    /* Crossing into the flagged page from an unflagged one: the part inside. */
    assert_int_equal(mem_set_rwatch(m, 0x10000, 0), 0);
    assert_int_equal(mem_set_rwatch(m, 0x11000, 1), 0);
    assert_int_equal(mem_load(m, 0x10ffc, 8, &v), 0);
    assert_int_equal(r.n, 3);
    assert_int_equal(r.addr[2], 0x11000);
    assert_int_equal(r.len[2], 4);
    /* mem_read (kernel-side reads) too; mem_peek and writes not. */
    uint8_t buf[16];
    assert_int_equal(mem_read(m, 0x11000, buf, 16, NULL), 0);
    assert_int_equal(r.n, 4);
    assert_int_equal(mem_peek(m, 0x11000, buf, 16), 0);
    assert_int_equal(mem_poke(m, 0x11000, buf, 16), 0);
    assert_int_equal(r.n, 4);
    /* Unflagged again: no more reports, and the TLB serves it. */
    assert_int_equal(mem_set_rwatch(m, 0x11000, 0), 0);
    assert_int_equal(mem_load(m, 0x11000, 8, &v), 0);
    assert_int_equal(mem_load(m, 0x11000, 8, &v), 0);
    assert_int_equal(r.n, 4);
    unsigned flags;
    assert_int_equal(mem_query(m, 0x11000, NULL, &flags), 0);
    assert_false(flags & MEM_PF_RWATCH);
    mem_free(m);
}

static void test_cpu_state_assign_keeps_bookkeeping(void **state)
{
    (void)state;
    struct machine *a = mach_new(MACH_USER, 5, 1 << 20);
    struct machine *b = mach_new(MACH_USER, 5, 1 << 20);
    b->cpu.rf[5].lo = 55;
    b->cpu.icount = 1234;
    b->cpu.ip = 0x10000;
    b->cpu.pf = 0x5;
    b->cpu.aau.aasti[3] = 9;
    b->cpu.halt_req = 1;
    a->cpu.bp_skip = 1;
    cpu_state_assign(&a->cpu, &b->cpu);
    assert_int_equal(a->cpu.rf[5].lo, 55);
    assert_int_equal(a->cpu.icount, 1234);
    assert_int_equal(a->cpu.ip, 0x10000);
    assert_int_equal(a->cpu.pf, 0x5);
    assert_int_equal(a->cpu.aau.aasti[3], 9);
    assert_ptr_equal(a->cpu.mem, a->mem);
    assert_ptr_equal(a->cpu.mach, a);
    assert_int_equal(a->cpu.halt_req, 0);
    assert_int_equal(a->cpu.bp_skip, 1);
    mach_free(a);
    mach_free(b);
}

static void test_lnx_state_needs_a_process(void **state)
{
    (void)state;
    struct machine *m = mach_new(MACH_USER, 5, 1 << 20);
    uint8_t buf[64] = {0};
    assert_int_equal(lnx_state_bytes(m), 0);
    assert_true(lnx_state_save(m, buf, sizeof buf) < 0);
    assert_true(lnx_state_load(m, buf, sizeof buf) < 0);
    assert_int_equal(lnx_exit_signal(m), 0);
    assert_int_equal(lnx_exception_at(m, 0), 0);
    mach_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generations_track_writes),
        cmocka_unit_test(test_generations_leave_dirty_flags_alone),
        cmocka_unit_test(test_read_watch_reports_every_read),
        cmocka_unit_test(test_cpu_state_assign_keeps_bookkeeping),
        cmocka_unit_test(test_lnx_state_needs_a_process),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
