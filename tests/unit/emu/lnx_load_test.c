/*
 * lnx_load_test.c — building the initial process (emu/linux/lnx_load.c):
 * segments, the argv/envp/auxv block on the user stack, USD/SBR, the
 * hardware stacks, the initial PC, and that AT_RANDOM is a host request.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "emu/linux/lnx.h"
#include "emu/linux/lnx_internal.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "lnx_test_util.h"

#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_RANDOM 25
#define AT_EXECFN 31

static const uint32_t kCode[2] = {0x04000001, 0x11c0c180};

struct fixture {
    struct machine *m;
    struct lt_host host;
    struct emu_hooks hooks;
};

static struct fixture *load(const char *const *argv, int argc,
                            const char *const *envp)
{
    static struct fixture f;
    memset(&f, 0, sizeof f);
    uint8_t elf[512];
    size_t n = lt_make_elf(elf, kCode, 2, 0x2000, 5, 0);
    f.m = mach_new(MACH_USER, 5, 1u << 20);
    assert_non_null(f.m);
    f.host.fill = 0xa5;
    f.host.ret = 16;
    f.hooks.opaque = &f.host;
    f.hooks.host_call = lt_host_call;
    mach_set_hooks(f.m, &f.hooks);
    struct lnx_opts o = {.argv = argv, .argc = argc, .envp = envp};
    struct lnx_err err;
    assert_int_equal(lnx_load(f.m, elf, n, &o, &err), 0);
    return &f;
}

static uint64_t peek64(struct machine *m, uint64_t a)
{
    uint64_t v = 0;
    assert_int_equal(mem_peek(m->mem, a, &v, 8), 0);
    return v;
}

static void peek_str(struct machine *m, uint64_t a, char *buf, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(mem_peek(m->mem, a + i, &buf[i], 1), 0);
        if (!buf[i])
            return;
    }
    buf[n - 1] = 0;
}

static void pc_is_the_entry_point(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    assert_int_equal(f->m->cpu.ip, LT_ENTRY);
    uint32_t w = 0;
    assert_int_equal(mem_peek(f->m->mem, LT_ENTRY, &w, 4), 0);
    assert_int_equal(w, kCode[0]);
    mach_free(f->m);
}

static void segment_pages_have_segment_permissions(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    unsigned prot = 0;
    assert_int_equal(mem_query(f->m->mem, LT_VADDR, &prot, NULL), 0);
    assert_int_equal(prot, MEM_PROT_R | MEM_PROT_X);
    /* memsz 0x2000: the second page exists and is zero */
    assert_int_equal(peek64(f->m, LT_VADDR + 0x1ff8), 0);
    assert_int_not_equal(mem_query(f->m->mem, LT_VADDR + 0x2000, NULL, NULL),
                         0);
    mach_free(f->m);
}

static void stack_holds_argc_argv_envp(void **state)
{
    (void)state;
    const char *argv[] = {"prog", "one", "two"};
    const char *envp[] = {"HOME=/x", NULL};
    struct fixture *f = load(argv, 3, envp);
    struct cpu_state *c = &f->m->cpu;
    uint64_t sp = c->usd_lo & 0xffffffffffffull;
    assert_int_equal(sp & 15, 0);
    assert_int_equal(peek64(f->m, sp), 3);
    char s[64];
    peek_str(f->m, peek64(f->m, sp + 8), s, sizeof s);
    assert_string_equal(s, "prog");
    peek_str(f->m, peek64(f->m, sp + 24), s, sizeof s);
    assert_string_equal(s, "two");
    assert_int_equal(peek64(f->m, sp + 32), 0);
    peek_str(f->m, peek64(f->m, sp + 40), s, sizeof s);
    assert_string_equal(s, "HOME=/x");
    assert_int_equal(peek64(f->m, sp + 48), 0);
    mach_free(f->m);
}

static void auxv_has_pagesz_entry_random(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    uint64_t sp = f->m->cpu.usd_lo & 0xffffffffffffull;
    uint64_t a = sp + 8 * 4; /* argc, argv[0], NULL, envp NULL */
    uint64_t pagesz = 0, entry = 0, rnd = 0, execfn = 0;
    for (int i = 0; i < 40; i++, a += 16) {
        uint64_t t = peek64(f->m, a), v = peek64(f->m, a + 8);
        if (t == 0)
            break;
        if (t == AT_PAGESZ)
            pagesz = v;
        if (t == AT_ENTRY)
            entry = v;
        if (t == AT_RANDOM)
            rnd = v;
        if (t == AT_EXECFN)
            execfn = v;
    }
    assert_int_equal(pagesz, 4096);
    assert_int_equal(entry, LT_ENTRY);
    assert_int_not_equal(rnd, 0);
    assert_int_equal(peek64(f->m, rnd), 0xa5a5a5a5a5a5a5a5ull);
    char s[16];
    peek_str(f->m, execfn, s, sizeof s);
    assert_string_equal(s, "prog");
    mach_free(f->m);
}

static void at_random_is_one_host_request(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    assert_int_equal(f->host.calls, 1);
    assert_int_equal(f->host.last.kind, EMU_HOST_RANDOM);
    assert_int_equal(f->host.last.args[0], 16);
    mach_free(f->m);
}

static void usd_and_sbr_follow_qemu(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    struct cpu_state *c = &f->m->cpu;
    uint64_t sp = c->usd_lo & 0xffffffffffffull;
    assert_int_equal(c->usd_lo >> 59 & 3, 3); /* read + write */
    assert_int_equal(c->sbr & 15, 0);
    assert_true(c->sbr > sp);
    assert_int_equal(c->usd_hi >> 32, c->sbr - sp);
    assert_true(c->sbr <= LNX_STACK_TOP);
    mach_free(f->m);
}

static void hardware_stacks_start_empty(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    struct cpu_state *c = &f->m->cpu;
    assert_int_equal(c->psp_lo & 0xffffffffffffull, LNX_PS_BASE);
    assert_int_equal(c->psp_hi & 0xffffffff, 0);
    assert_int_equal(c->psp_hi >> 32, LNX_PS_INIT);
    assert_int_equal(c->pcsp_lo & 0xffffffffffffull, LNX_PCS_BASE);
    assert_int_equal(c->pcsp_hi & 0xffffffff, 0);
    assert_int_equal(c->pcsp_hi >> 32, LNX_PCS_INIT);
    assert_int_equal(c->ps_tag_base, LNX_PS_TAG_BASE);
    /* guard pages: nothing mapped right after the stacks */
    assert_int_not_equal(mem_query(f->m->mem, LNX_PS_BASE + LNX_PS_INIT,
                                   NULL, NULL), 0);
    assert_int_not_equal(mem_query(f->m->mem, LNX_PCS_BASE + LNX_PCS_INIT,
                                   NULL, NULL), 0);
    mach_free(f->m);
}

static void loading_twice_is_refused(void **state)
{
    (void)state;
    const char *argv[] = {"prog"};
    struct fixture *f = load(argv, 1, NULL);
    uint8_t elf[512];
    size_t n = lt_make_elf(elf, kCode, 2, 0, 5, 0);
    struct lnx_err err;
    assert_int_equal(lnx_load(f->m, elf, n, NULL, &err), LNX_E_STATE);
    mach_free(f->m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pc_is_the_entry_point),
        cmocka_unit_test(segment_pages_have_segment_permissions),
        cmocka_unit_test(stack_holds_argc_argv_envp),
        cmocka_unit_test(auxv_has_pagesz_entry_random),
        cmocka_unit_test(at_random_is_one_host_request),
        cmocka_unit_test(usd_and_sbr_follow_qemu),
        cmocka_unit_test(hardware_stacks_start_empty),
        cmocka_unit_test(loading_twice_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
