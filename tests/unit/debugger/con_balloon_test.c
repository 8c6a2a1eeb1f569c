/*
 * con_balloon_test.c — the console's `balloon` / `info balloon` and
 * `balloon SIZE` (debugger/con_balloon.c) on a real virt machine: the
 * guest tests/guest/virt/virt_balloon.S ($E2K_GUEST/virt_balloon.elf) runs
 * behind a scripted host (target 100 pages at the first poll after icount
 * 100000, a stats request after icount 1000000) and the fake engine of
 * fake_rev.h shows that machine to the console. Checks: target, actual,
 * pages held, the statistics by name with their age in icount and virtual
 * time, an age that is not known (a position before the report), the
 * replay refusal with its advice, the live path through con.balloon_set,
 * size parsing, and the Linux user-mode answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "debugger/con.h"
#include "devices/virt_board.h"
#include "emu/hooks.h"
#include "emu/machine_virt.h"
#include "fake_rev.h"

/* The host: clocks read 0; polls answer the two scripted inputs once. */
struct host {
    int target_sent, stats_sent;
};

struct fix {
    struct host h;
    struct rev_session *s;
    struct machine *vm;
    struct con c;
    char *buf;
    size_t size;
    FILE *out;
    uint64_t set_bytes;   /* what balloon_set was given */
    int set_calls;
};

static int host_call(void *opaque, const struct emu_host_req *req, struct emu_host_resp *resp)
{
    struct host *h = opaque;
    resp->ret = 0;
    if (req->kind != EMU_HOST_INPUT)
        return 0;
    if (!h->target_sent && req->icount >= 100000) {
        h->target_sent = 1;
        resp->vals[0] = 100;
        resp->ret = EMU_INPUT_BALLOON_TARGET;
    } else if (!h->stats_sent && req->icount >= 1000000 && req->args[4]) {
        h->stats_sent = 1;
        resp->ret = EMU_INPUT_BALLOON_STATS;
    } else {
        resp->ret = EMU_INPUT_NONE;
    }
    return 0;
}

static uint8_t *read_guest(size_t *len)
{
    const char *dir = getenv("E2K_GUEST");
    char path[1024];
    snprintf(path, sizeof path, "%s/virt_balloon.elf", dir ? dir : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *elf = malloc(*len);
    if (fread(elf, 1, *len, f) != *len) {
        free(elf);
        elf = NULL;
    }
    fclose(f);
    return elf;
}

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    size_t len = 0;
    uint8_t *elf = read_guest(&len);
    if (!elf) {
        free(f);
        *state = NULL;
        return 0;
    }
    f->vm = mach_new(MACH_VIRT, 5, 0);
    struct virt_config vc = {.ram_bytes = 32ull << 20, .clock = VIRT_CLOCK_VIRTUAL};
    struct virt_err verr;
    assert_int_equal(virt_setup(f->vm, &vc, elf, len, &verr), 0);
    free(elf);
    struct virt_board_config bc;
    memset(&bc, 0, sizeof bc);
    balloon_config_default(&bc.balloon);
    bc.balloon.deflate_on_oom = 1;
    bc.mute_output = 1;
    char msg[200];
    assert_int_equal(virt_board_attach(f->vm, &bc, msg, sizeof msg), 0);
    struct emu_hooks hooks = {.opaque = &f->h, .host_call = host_call};
    mach_set_hooks(f->vm, &hooks);
    int status = 0;
    struct virt_err err;
    assert_int_equal(virt_run(f->vm, 2000000, &status, &err), VIRT_RUN_LIMIT);
    mach_set_hooks(f->vm, NULL);
    assert_true(f->h.target_sent && f->h.stats_sent);

    f->s = fake_rev_new(0);
    f->s->machine = f->vm;
    f->s->t = f->vm->cpu.icount;
    f->out = open_memstream(&f->buf, &f->size);
    con_init(&f->c, f->s, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    if (!f)
        return 0;
    fclose(f->out);
    free(f->buf);
    rev_close(f->s);
    mach_free(f->vm);
    free(f);
    return 0;
}

static const char *run(struct fix *f, const char *line, int want_rc)
{
    fflush(f->out);
    size_t before = f->size;
    assert_int_equal(con_exec(&f->c, line), want_rc);
    fflush(f->out);
    return f->buf + before;
}

#define NEED_GUEST(f)                                                                   \
    do {                                                                                \
        if (!(f)) {                                                                     \
            print_message("skipped: $E2K_GUEST/virt_balloon.elf not found\n");          \
            skip();                                                                     \
        }                                                                               \
    } while (0)

static void test_info_shows_target_actual_and_stats_with_age(void **state)
{
    struct fix *f = *state;
    NEED_GUEST(f);
    struct virt_balloon_info in;
    assert_int_equal(virt_balloon_info(f->vm, &in), 0);
    assert_int_equal(in.target_pages, 100);
    assert_int_equal(in.actual_pages, 100);
    assert_true(in.stats_reports >= 1);
    assert_true(in.stats_icount >= 1000000 && in.stats_icount < f->vm->cpu.icount);
    const char *r = run(f, "info balloon", 0);
    char want[160];
    snprintf(want, sizeof want,
             "balloon at icount %llu: target 100 pages (0 MiB), actual 100 pages (0 MiB), "
             "100 pages held, deflate-on-oom\n",
             (unsigned long long)f->vm->cpu.icount);
    assert_non_null(strstr(r, want));
    uint64_t age = f->vm->cpu.icount - in.stats_icount;
    snprintf(want, sizeof want, "stats: last report at icount %llu, %llu icount ago (",
             (unsigned long long)in.stats_icount, (unsigned long long)age);
    assert_non_null(strstr(r, want));
    assert_non_null(strstr(r, " of virtual time)\n"));
    assert_non_null(strstr(r, "  free_memory          "));
    assert_non_null(strstr(r, "  total_memory         67108864\n"));
    assert_null(strstr(r, "swap_in"));  /* not reported by this guest */
    assert_null(strstr(r, "journal:")); /* live: no journal */
    /* `balloon` alone is the same report */
    assert_non_null(strstr(run(f, "balloon", 0), "target 100 pages"));
}

static void test_age_unknown_before_the_report(void **state)
{
    struct fix *f = *state;
    NEED_GUEST(f);
    f->s->t = 500000; /* as after going back before the report */
    const char *r = run(f, "balloon", 0);
    assert_non_null(strstr(r, "when: not known at this position"));
    assert_non_null(strstr(r, "total_memory"));
}

static int fake_set(void *ctx, uint64_t bytes, char *err, size_t errlen)
{
    struct fix *f = ctx;
    f->set_calls++;
    f->set_bytes = bytes;
    if (bytes > (32ull << 20)) {
        snprintf(err, errlen, "more than the guest's RAM");
        return -1;
    }
    return 0;
}

static void test_set_in_a_live_session(void **state)
{
    struct fix *f = *state;
    NEED_GUEST(f);
    assert_non_null(strstr(run(f, "balloon 48M", -1), "no host control of the balloon"));
    f->c.balloon_set = fake_set;
    f->c.balloon_ctx = f;
    assert_non_null(strstr(run(f, "balloon 16M", 0),
                           "target 4096 pages (16 MiB) goes to the guest at the next poll"));
    assert_int_equal(f->set_bytes, 16ull << 20);
    assert_non_null(strstr(run(f, "balloon 1024 pages", 0), "target 1024 pages (4 MiB)"));
    assert_int_equal(f->set_bytes, 4ull << 20);
    assert_non_null(strstr(run(f, "balloon 48M", -1), "balloon: more than the guest's RAM"));
    int calls = f->set_calls;
    assert_non_null(strstr(run(f, "balloon 1000", -1), "multiple of 4 KiB"));
    assert_non_null(strstr(run(f, "balloon lots", -1), "multiple of 4 KiB"));
    assert_non_null(strstr(run(f, "balloon 4 furlongs", -1), "multiple of 4 KiB"));
    assert_non_null(strstr(run(f, "balloon 99999999999999999999G", -1), "multiple of 4 KiB"));
    assert_int_equal(f->set_calls, calls);
}

static void test_replay_refuses_and_explains(void **state)
{
    struct fix *f = *state;
    NEED_GUEST(f);
    f->s->replay = 1;
    f->c.balloon_set = fake_set;
    f->c.balloon_ctx = f;
    const char *r = run(f, "balloon 48M", -1);
    assert_non_null(strstr(r, "cannot be changed while replaying"));
    assert_non_null(strstr(r, "--balloon-script FILE"));
    assert_int_equal(f->set_calls, 0);
    /* the report adds the journal's balloon events */
    assert_non_null(strstr(run(f, "info balloon", 0), "journal: 0 host commands, 0 inflates"));
}

static void test_linux_session_has_no_balloon(void **state)
{
    struct fix *f = *state;
    NEED_GUEST(f);
    f->s->machine = NULL;
    assert_non_null(strstr(run(f, "info balloon", 0), "no balloon"));
    assert_non_null(strstr(run(f, "balloon 48M", -1), "no balloon"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_info_shows_target_actual_and_stats_with_age, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_age_unknown_before_the_report, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_in_a_live_session, setup, teardown),
        cmocka_unit_test_setup_teardown(test_replay_refuses_and_explains, setup, teardown),
        cmocka_unit_test_setup_teardown(test_linux_session_has_no_balloon, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
