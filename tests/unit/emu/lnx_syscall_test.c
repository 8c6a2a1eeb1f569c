/*
 * lnx_syscall_test.c — system calls of the Linux machine without running
 * guest code: host-touching calls become exactly one serializable request
 * through the hook (and none when the guest's arguments are bad), guest
 * fds map to host fds, mmap/brk placement is deterministic, the dispatcher
 * handles unknown and diagnostic numbers, and a signal frame round-trips.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/linux/lnx_host.h"
#include "emu/linux/lnx_internal.h"
#include "emu/linux/lnx_syscall.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "lnx_test_util.h"

static const uint32_t kCode[2] = {0x04000001, 0x11c0c180};

struct fixture {
    struct machine *m;
    struct lt_host host;
    struct emu_hooks hooks;
    FILE *log;
};

static struct fixture F;

static struct machine *setup(void)
{
    memset(&F, 0, sizeof F);
    uint8_t elf[512];
    size_t n = lt_make_elf(elf, kCode, 2, 0x2000, 5, 0);
    F.m = mach_new(MACH_USER, 5, 1u << 20);
    assert_non_null(F.m);
    F.host.ret = 16;
    F.hooks.opaque = &F.host;
    F.hooks.host_call = lt_host_call;
    mach_set_hooks(F.m, &F.hooks);
    F.log = tmpfile();
    const char *argv[] = {"prog"};
    struct lnx_opts o = {.argv = argv, .argc = 1, .log = F.log};
    assert_int_equal(lnx_load(F.m, elf, n, &o, NULL), 0);
    F.host.calls = 0;
    return F.m;
}

static void teardown(void)
{
    mach_free(F.m);
    fclose(F.log);
}

/* A writable guest scratch address (inside the user stack). */
static uint64_t scratch(struct machine *m)
{
    return (m->cpu.usd_lo & 0xffffffffffffull) - 0x1000;
}

static void write_is_one_host_request(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t buf = scratch(m);
    mem_poke(m->mem, buf, "hello", 5);
    F.host.ret = 5;
    uint64_t a[6] = {1, buf, 5};
    assert_int_equal(lnx_sys_write(m, a), 5);
    assert_int_equal(F.host.calls, 1);
    assert_int_equal(F.host.last.kind, EMU_HOST_SYSCALL);
    assert_int_equal(F.host.last.nr, LNX_HOST_WRITE);
    assert_int_equal(F.host.last.args[0], 1);
    assert_int_equal(F.host.last_in_len, 5);
    assert_memory_equal(F.host.last_in, "hello", 5);
    teardown();
}

static void bad_guest_arguments_never_reach_the_host(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t a[6] = {1, 0x1000 /* unmapped */, 8};
    assert_int_equal(lnx_sys_write(m, a), -EFAULT);
    uint64_t b[6] = {55 /* not open */, scratch(m), 8};
    assert_int_equal(lnx_sys_read(m, b), -EBADF);
    uint64_t c[6] = {scratch(m), 0, 0};
    mem_poke(m->mem, c[0], "x", 1);
    c[0] = 0x1000; /* path in unmapped memory */
    assert_int_equal(lnx_sys_open(m, c), -EFAULT);
    assert_int_equal(F.host.calls, 0);
    teardown();
}

static void guest_fds_map_to_host_fds(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t path = scratch(m);
    mem_poke(m->mem, path, "/some/file", 11);
    F.host.ret = 42; /* host fd */
    uint64_t a[6] = {(uint64_t)-100, path, 0, 0};
    assert_int_equal(lnx_sys_openat(m, a), 3); /* lowest free guest fd */
    assert_int_equal(F.host.last.nr, LNX_HOST_OPENAT);
    assert_string_equal((const char *)F.host.last_in, "/some/file");
    F.host.ret = 0;
    uint64_t c[6] = {3};
    assert_int_equal(lnx_sys_close(m, c), 0);
    assert_int_equal(F.host.last.nr, LNX_HOST_CLOSE);
    assert_int_equal(F.host.last.args[0], 42);
    assert_int_equal(lnx_sys_close(m, c), -EBADF);
    teardown();
}

static void closing_stdio_keeps_host_stdio(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t c[6] = {2};
    assert_int_equal(lnx_sys_close(m, c), 0);
    assert_int_equal(F.host.calls, 0);
    uint64_t w[6] = {2, scratch(m), 1};
    assert_int_equal(lnx_sys_write(m, w), -EBADF);
    teardown();
}

static void mmap_placement_is_deterministic(void **state)
{
    (void)state;
    uint64_t got[2][3];
    for (int run = 0; run < 2; run++) {
        struct machine *m = setup();
        uint64_t a[6] = {0, 0x3000, 3, 0x12 /* PRIVATE|ANON (e2k) */,
                         (uint64_t)-1, 0};
        for (int i = 0; i < 3; i++)
            got[run][i] = (uint64_t)lnx_sys_mmap(m, a);
        teardown();
    }
    assert_int_equal(got[0][0], LNX_MMAP_BASE);
    assert_int_equal(got[0][1], LNX_MMAP_BASE + 0x3000);
    for (int i = 0; i < 3; i++)
        assert_int_equal(got[0][i], got[1][i]);
}

static void mmap_fixed_and_munmap(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t a[6] = {0x300000000, 0x2000, 3, 0x112 /* FIXED|ANON|PRIVATE */,
                     (uint64_t)-1, 0};
    assert_int_equal(lnx_sys_mmap(m, a), 0x300000000);
    unsigned prot;
    assert_int_equal(mem_query(m->mem, 0x300001000, &prot, NULL), 0);
    assert_int_equal(prot, MEM_PROT_R | MEM_PROT_W);
    uint64_t u[6] = {0x300000000, 0x2000};
    assert_int_equal(lnx_sys_munmap(m, u), 0);
    assert_int_not_equal(mem_query(m->mem, 0x300000000, NULL, NULL), 0);
    /* the hardware stacks are not the guest's to unmap */
    uint64_t s[6] = {LNX_PS_BASE, 0x1000};
    assert_int_equal(lnx_sys_munmap(m, s), -EINVAL);
    assert_int_equal(F.host.calls, 0);
    teardown();
}

static void brk_grows_and_shrinks(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t zero[6] = {0};
    uint64_t b0 = (uint64_t)lnx_sys_brk(m, zero);
    assert_int_equal(b0, LT_VADDR + 0x2000);
    uint64_t a[6] = {b0 + 0x5000};
    assert_int_equal(lnx_sys_brk(m, a), b0 + 0x5000);
    assert_int_equal(mem_query(m->mem, b0 + 0x4000, NULL, NULL), 0);
    uint64_t s[6] = {b0};
    assert_int_equal(lnx_sys_brk(m, s), b0);
    assert_int_not_equal(mem_query(m->mem, b0, NULL, NULL), 0);
    teardown();
}

static void clock_gettime_writes_the_host_answer(void **state)
{
    (void)state;
    struct machine *m = setup();
    F.host.ret = 0;
    F.host.vals[0] = 1700000000;
    F.host.vals[1] = 123456789;
    uint64_t ts = scratch(m);
    uint64_t a[6] = {1, ts};
    assert_int_equal(lnx_sys_clock_gettime(m, a), 0);
    assert_int_equal(F.host.last.kind, EMU_HOST_CLOCK);
    assert_int_equal(F.host.last.nr, 1);
    uint64_t v[2];
    mem_peek(m->mem, ts, v, sizeof v);
    assert_int_equal(v[0], 1700000000);
    assert_int_equal(v[1], 123456789);
    uint64_t g[6] = {ts, 0};
    assert_int_equal(lnx_sys_gettimeofday(m, g), 0);
    mem_peek(m->mem, ts, v, sizeof v);
    assert_int_equal(v[1], 123456);
    teardown();
}

static void failed_host_request_is_recorded(void **state)
{
    (void)state;
    struct machine *m = setup();
    F.host.fail = 1;
    uint64_t a[6] = {0};
    assert_int_equal(lnx_sys_getpid(m, a), -EIO);
    assert_true(lnx_proc_of(m)->host_failed);
    int status;
    struct lnx_err err;
    assert_int_equal(lnx_run(m, UINT64_MAX, &status, &err), LNX_E_HOST);
    teardown();
}

/* Set up registers as the CPU leaves them at a CPU_STOP_SYSCALL for
 * `call wbs=4` from a 16-register window with number nr. */
static void fake_syscall_stop(struct machine *m, uint64_t nr, int tagged)
{
    struct cpu_state *c = &m->cpu;
    c->wd_size = 16;
    c->wd_psize = 8;
    c->rf[8].lo = nr;
    c->rf[8].tag = tagged ? CPU_TAG_DIAG64 : 0;
    c->stop.reason = CPU_STOP_SYSCALL;
    c->stop.sys_entry = 3;
    c->stop.sys_wbs = 4;
    c->stop.sys_next = LT_ENTRY + 8;
    c->stop.pc = LT_ENTRY;
}

static void unknown_syscall_is_enosys_and_reported_once(void **state)
{
    (void)state;
    struct machine *m = setup();
    fake_syscall_stop(m, 999, 0);
    lnx_syscall(m);
    assert_int_equal((int64_t)m->cpu.rf[8].lo, -ENOSYS);
    assert_int_equal(m->cpu.ip, LT_ENTRY + 8);
    fake_syscall_stop(m, 999, 0);
    lnx_syscall(m);
    char text[512] = {0};
    rewind(F.log);
    size_t n = fread(text, 1, sizeof text - 1, F.log);
    text[n] = 0;
    const char *first = strstr(text, "999");
    assert_non_null(first);
    assert_null(strstr(first + 3, "999"));
    teardown();
}

static void diagnostic_syscall_number_is_not_executed(void **state)
{
    (void)state;
    struct machine *m = setup();
    fake_syscall_stop(m, 20 /* getpid */, 1);
    lnx_syscall(m);
    assert_int_equal((int64_t)m->cpu.rf[8].lo, -ENOSYS);
    assert_int_equal(F.host.calls, 0);
    teardown();
}

static void exit_group_ends_the_process(void **state)
{
    (void)state;
    struct machine *m = setup();
    fake_syscall_stop(m, 300, 0);
    m->cpu.rf[9].lo = 0x12345603; /* status is the low byte */
    lnx_syscall(m);
    int status = -1;
    assert_true(lnx_exited(m, &status));
    assert_int_equal(status, 3);
    teardown();
}

static void sigaction_round_trip_and_bad_size(void **state)
{
    (void)state;
    struct machine *m = setup();
    uint64_t act = scratch(m), old = act + 64;
    uint64_t sa[4] = {0x10100, 4, 0, 1ull << 9};
    mem_poke(m->mem, act, sa, sizeof sa);
    uint64_t a[6] = {10, act, 0, 8};
    assert_int_equal(lnx_sys_rt_sigaction(m, a), 0);
    uint64_t q[6] = {10, 0, old, 8};
    assert_int_equal(lnx_sys_rt_sigaction(m, q), 0);
    uint64_t got[4];
    mem_peek(m->mem, old, got, sizeof got);
    assert_memory_equal(got, sa, sizeof sa);
    uint64_t bad[6] = {10, act, 0, 16};
    assert_int_equal(lnx_sys_rt_sigaction(m, bad), -EINVAL);
    uint64_t kill[6] = {9, act, 0, 8};
    assert_int_equal(lnx_sys_rt_sigaction(m, kill), -EINVAL);
    teardown();
}

static void signal_frame_round_trip(void **state)
{
    (void)state;
    struct machine *m = setup();
    struct cpu_state *c = &m->cpu;
    uint64_t act = scratch(m);
    uint64_t sa[4] = {0x10100, 4 /* SA_SIGINFO */, 0, 0};
    mem_poke(m->mem, act, sa, sizeof sa);
    uint64_t a[6] = {10, act, 0, 8};
    assert_int_equal(lnx_sys_rt_sigaction(m, a), 0);

    c->ip = LT_ENTRY;
    c->rf[3].lo = 0x3333;
    c->ctpr[2] = 0xabcdull | (3ull << 54);
    uint64_t sp0 = c->usd_lo & 0xffffffffffffull;
    lnx_signal_raise(m, 10, 0, 0, 0);
    lnx_signal_deliver_pending(m);
    assert_int_equal(c->ip, 0x10100);
    assert_int_equal(c->wd_size, 8);
    assert_int_equal(c->rf[0].lo, 10);
    uint32_t signo = 0;
    mem_peek(m->mem, c->rf[1].lo, &signo, 4);
    assert_int_equal(signo, 10);
    uint64_t sp = c->usd_lo & 0xffffffffffffull;
    assert_true(sp < sp0);
    assert_int_equal(sp & 15, 0);
    assert_int_equal(lnx_proc_of(m)->blocked, 1ull << 9);

    /* The handler returns: the CPU pops the fake frame and lands on the
     * signal-return address; the machine restores everything. */
    assert_int_equal(cpu_proc_return(c), 0);
    assert_int_equal(c->ip, LNX_SIGRET_ADDR);
    c->stop.pc = LNX_SIGRET_ADDR;
    lnx_signal_return(m, 0);
    assert_int_equal(c->ip, LT_ENTRY);
    assert_int_equal(c->rf[3].lo, 0x3333);
    assert_int_equal(c->ctpr[2], 0xabcdull | (3ull << 54));
    assert_int_equal(c->usd_lo & 0xffffffffffffull, sp0);
    assert_int_equal(lnx_proc_of(m)->blocked, 0);
    teardown();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(write_is_one_host_request),
        cmocka_unit_test(bad_guest_arguments_never_reach_the_host),
        cmocka_unit_test(guest_fds_map_to_host_fds),
        cmocka_unit_test(closing_stdio_keeps_host_stdio),
        cmocka_unit_test(mmap_placement_is_deterministic),
        cmocka_unit_test(mmap_fixed_and_munmap),
        cmocka_unit_test(brk_grows_and_shrinks),
        cmocka_unit_test(clock_gettime_writes_the_host_answer),
        cmocka_unit_test(failed_host_request_is_recorded),
        cmocka_unit_test(unknown_syscall_is_enosys_and_reported_once),
        cmocka_unit_test(diagnostic_syscall_number_is_not_executed),
        cmocka_unit_test(exit_group_ends_the_process),
        cmocka_unit_test(sigaction_round_trip_and_bad_size),
        cmocka_unit_test(signal_frame_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
