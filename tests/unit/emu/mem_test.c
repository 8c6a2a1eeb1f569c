/*
 * mem_test.c — guest memory (emu/mem.h): mapping, permissions, faults,
 * page-crossing accesses, the software TLB, dirty pages, code/watch
 * callbacks, address-ordered walks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "emu/mem.h"

static void test_map_read_write(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    assert_non_null(m);
    assert_int_equal(mem_map(m, 0x10000, 0x2000, MEM_PROT_R | MEM_PROT_W), 0);
    uint64_t v = 0x1122334455667788ull, r = 0;
    assert_int_equal(mem_write(m, 0x10ffc, &v, 8, NULL), 0); /* crosses */
    assert_int_equal(mem_read(m, 0x10ffc, &r, 8, NULL), 0);
    assert_true(r == v);
    assert_int_equal(mem_load(m, 0x10ffc, 8, &r), 0);
    assert_true(r == v);
    /* fresh pages read as zero */
    assert_int_equal(mem_load(m, 0x11800, 8, &r), 0);
    assert_true(r == 0);
    mem_free(m);
}

static void test_faults(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    uint64_t v = 1, fa = 0;
    mem_map(m, 0x10000, 0x1000, MEM_PROT_R);
    assert_int_equal(mem_write(m, 0x10000, &v, 8, &fa), MEM_E_PROT);
    assert_int_equal(mem_store(m, 0x10000, 8, &v), MEM_E_PROT);
    assert_int_equal(mem_load(m, 0x20000, 8, &v), MEM_E_UNMAPPED);
    /* a read that runs off the end reports the first bad address and
     * writes nothing */
    assert_int_equal(mem_read(m, 0x10ffc, &v, 8, &fa), MEM_E_UNMAPPED);
    assert_true(fa == 0x11000);
    assert_int_equal(mem_load(m, ~0ull - 3, 8, &v), MEM_E_UNMAPPED);
    assert_int_equal(mem_map(m, 0x10001, 0x1000, MEM_PROT_R), MEM_E_INVAL);
    assert_int_equal(mem_map(m, MEM_ADDR_LIMIT, 0x1000, MEM_PROT_R),
                     MEM_E_INVAL);
    mem_free(m);
}

static void test_protect_unmap_tlb(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    uint64_t v = 7, r = 0;
    mem_map(m, 0x10000, 0x1000, MEM_PROT_R | MEM_PROT_W);
    assert_int_equal(mem_store(m, 0x10008, 8, &v), 0); /* fills TLB */
    assert_int_equal(mem_store(m, 0x10008, 8, &v), 0); /* TLB hit */
    assert_int_equal(mem_protect(m, 0x10000, 0x1000, MEM_PROT_R), 0);
    assert_int_equal(mem_store(m, 0x10008, 8, &v), MEM_E_PROT);
    assert_int_equal(mem_load(m, 0x10008, 8, &r), 0);
    assert_true(r == 7);
    assert_int_equal(mem_unmap(m, 0x10000, 0x1000), 0);
    assert_int_equal(mem_load(m, 0x10008, 8, &r), MEM_E_UNMAPPED);
    assert_int_equal(mem_protect(m, 0x10000, 0x1000, MEM_PROT_R),
                     MEM_E_UNMAPPED);
    mem_free(m);
}

static void test_find_free_and_query(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    uint64_t a = 0;
    unsigned prot, flags;
    mem_map(m, 0x10000, 0x3000, MEM_PROT_R);
    assert_int_equal(mem_find_free(m, 0x10000, 0, 0x2000, &a), 0);
    assert_true(a == 0x13000);
    assert_int_equal(mem_find_free(m, 0xf000, 0, 0x1000, &a), 0);
    assert_true(a == 0xf000);
    assert_int_equal(mem_query(m, 0x11234, &prot, &flags), 0);
    assert_int_equal(prot, MEM_PROT_R);
    assert_true(flags & MEM_PF_DIRTY);
    assert_int_equal(mem_query(m, 0x13000, &prot, NULL), MEM_E_UNMAPPED);
    mem_free(m);
}

struct walk_acc {
    uint64_t pages[8];
    unsigned n;
};

static int walk_cb(void *opaque, uint64_t page, unsigned prot, unsigned flags,
                   const uint8_t *bytes)
{
    (void)prot;
    (void)flags;
    (void)bytes;
    struct walk_acc *w = opaque;
    if (w->n < 8)
        w->pages[w->n] = page;
    w->n++;
    return 0;
}

static void test_dirty_walk_in_order(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    struct walk_acc w = {{0}, 0};
    mem_map(m, 0x7000000000ull, 0x1000, MEM_PROT_R | MEM_PROT_W);
    mem_map(m, 0x10000, 0x2000, MEM_PROT_R | MEM_PROT_W);
    mem_dirty_clear(m);
    assert_int_equal(mem_walk(m, 1, walk_cb, &w), 0);
    assert_int_equal(w.n, 0);
    uint64_t v = 1;
    mem_store(m, 0x7000000010ull, 8, &v);
    mem_store(m, 0x11000, 8, &v);
    mem_store(m, 0x11008, 8, &v); /* now via the write TLB: still dirty */
    w.n = 0;
    mem_walk(m, 1, walk_cb, &w);
    assert_int_equal(w.n, 2);
    assert_true(w.pages[0] == 0x11000 && w.pages[1] == 0x7000000000ull);
    mem_dirty_clear(m);
    mem_store(m, 0x11010, 8, &v); /* TLB was dropped: marks again */
    w.n = 0;
    mem_walk(m, 1, walk_cb, &w);
    assert_int_equal(w.n, 1);
    w.n = 0;
    mem_walk(m, 0, walk_cb, &w);
    assert_int_equal(w.n, 3);
    mem_free(m);
}

struct cb_acc {
    uint64_t addr;
    size_t len;
    unsigned calls;
};

static void code_cb(void *opaque, uint64_t addr, size_t len)
{
    struct cb_acc *a = opaque;
    a->addr = addr;
    a->len = len;
    a->calls++;
}

static void test_code_and_watch_callbacks(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    struct cb_acc code = {0, 0, 0}, watch = {0, 0, 0};
    mem_map(m, 0x10000, 0x2000, MEM_PROT_R | MEM_PROT_W);
    mem_set_code_write_cb(m, code_cb, &code);
    mem_set_watch_cb(m, code_cb, &watch);
    uint64_t v = 1;
    mem_store(m, 0x10000, 8, &v); /* TLB now has the page writable */
    assert_int_equal(mem_set_code(m, 0x10000, 1), 0);
    mem_store(m, 0x10010, 4, &v);
    assert_int_equal(code.calls, 1);
    assert_true(code.addr == 0x10010 && code.len == 4);
    mem_set_watch(m, 0x11000, 1);
    uint8_t buf[16] = {0};
    mem_write(m, 0x10ff8, buf, 16, NULL); /* both pages */
    assert_int_equal(code.calls, 2);
    assert_true(code.addr == 0x10ff8 && code.len == 8);
    assert_int_equal(watch.calls, 1);
    assert_true(watch.addr == 0x11000 && watch.len == 8);
    mem_set_code(m, 0x10000, 0);
    mem_store(m, 0x10010, 4, &v);
    assert_int_equal(code.calls, 2);
    mem_free(m);
}

static void test_peek_poke_ignore_prot(void **state)
{
    (void)state;
    struct mem *m = mem_new();
    mem_map(m, 0x10000, 0x1000, MEM_PROT_NONE);
    uint32_t v = 0xdeadbeef, r = 0;
    assert_int_equal(mem_poke(m, 0x10004, &v, 4), 0);
    assert_int_equal(mem_peek(m, 0x10004, &r, 4), 0);
    assert_true(r == v);
    assert_int_equal(mem_load(m, 0x10004, 4, &r), MEM_E_PROT);
    assert_null(mem_host_ptr(m, 0x10004, MEM_PROT_R));
    assert_non_null(mem_host_ptr(m, 0x10004, 0));
    mem_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_read_write),
        cmocka_unit_test(test_faults),
        cmocka_unit_test(test_protect_unmap_tlb),
        cmocka_unit_test(test_find_free_and_query),
        cmocka_unit_test(test_dirty_walk_in_order),
        cmocka_unit_test(test_code_and_watch_callbacks),
        cmocka_unit_test(test_peek_poke_ignore_prot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
