/*
 * bench_rev.c — reverse-execution benchmark (docs/performance.md "Reverse
 * execution"): records bench/guest/mem64.s (64 MiB written, then ~1.1·10^9
 * instructions), opens the journal in a reverse session, goes to icount
 * 10^9 and measures reverse-stepi latency there (the target: median
 * <= 10 ms), plus a few other moves, and the checkpoint memory used. The
 * second figure does the same on the virt machine: bench/guest/
 * virt_mem64.S, the same workload as a kernel on 64 MiB of RAM with timer
 * interrupts, recorded and debugged as a system-mode journal.
 *
 * usage: bench_rev [GUEST_DIR [ICOUNT [RSTEPS]]]
 *   GUEST_DIR  where bench_mem64.elf and bench_virt_mem64.elf are
 *              (default build/guest)
 *   ICOUNT     where to measure (default 1000000000)
 *   RSTEPS     reverse-stepi calls to time (default 41)
 * Times are wall-clock (the session is single-threaded; the machine may be
 * shared, so read the median, not the maximum).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "devices/virt_board.h"
#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "emu/mem.h"
#include "replay/rev.h"
#include "replay/session.h"

#define VIRT_RAM (64ull << 20)

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void report_ckpts(struct rev_session *s, const char *when)
{
    struct rev_ckpt_info info[256];
    size_t n = rev_checkpoints(s, info, 256);
    printf("  checkpoints %s: %zu, %.1f MiB (guest memory mapped %.1f MiB)\n", when, n,
           rev_checkpoint_bytes(s) / 1048576.0,
           rev_machine(s)->mem->mapped_pages * 4096.0 / 1048576.0);
}

static int check(int rc, const struct rev_err *err, const char *what)
{
    if (rc) {
        fprintf(stderr, "bench_rev: %s: %s\n", what, err->msg);
        exit(1);
    }
    return rc;
}

/* sess_virt_build_fn for virt_mem64: 64 MiB, virtual clock, no balloon
 * (the header's options are always these). */
static int build_virt(void *opaque, struct machine *m, const uint8_t *kernel,
                      size_t kernel_bytes, int argc, const char *const *argv, int mute,
                      FILE *out, char *err, size_t errlen)
{
    (void)opaque;
    (void)argc;
    (void)argv;
    struct virt_config vc = {.ram_bytes = VIRT_RAM, .clock = VIRT_CLOCK_VIRTUAL};
    struct virt_err ve = {0};
    if (virt_setup(m, &vc, kernel, kernel_bytes, &ve)) {
        snprintf(err, errlen, "%s", ve.msg);
        return -1;
    }
    struct virt_board_config bc;
    memset(&bc, 0, sizeof bc);
    bc.no_balloon = 1;
    bc.mute_output = mute;
    bc.out = out;
    return virt_board_attach(m, &bc, err, errlen);
}

/* The second figure: reverse-stepi at `at` in a virt-machine journal. */
static int bench_virt(const char *dir, const char *tmp, uint64_t at, int nsteps)
{
    char path[600], journal[700];
    snprintf(path, sizeof path, "%s/bench_virt_mem64.elf", dir);
    size_t len;
    uint8_t *elf = slurp(path, &len);
    if (!elf) {
        fprintf(stderr, "bench_rev: cannot read %s (build with `make`)\n", path);
        return 2;
    }
    snprintf(journal, sizeof journal, "%s/virt_mem64.e2krr", tmp);
    const char *args[] = {"virt_mem64.elf", "--mem=67108864", "--clock=virtual"};
    struct virt_host *host = virt_host_new(&(struct virt_host_opts){.input_fd = -1});
    struct sess_virt_record_opts ro = {.journal = journal, .kernel = elf, .kernel_bytes = len,
                                       .argc = 3, .argv = args, .ram_bytes = VIRT_RAM,
                                       .build = build_virt, .live = virt_host_live,
                                       .live_opaque = host};
    struct sess_result res;
    double t0 = now_ms();
    int rc = sess_virt_record(&ro, &res);
    double t_rec = now_ms() - t0;
    virt_host_free(host);
    free(elf);
    if (rc != SESS_OK || res.exit_status != 0) {
        fprintf(stderr, "bench_rev: record virt_mem64: %s (status %d)\n", res.msg,
                res.exit_status);
        return 1;
    }
    printf("bench_rev: virt_mem64 recorded (virt machine, 64 MiB): %llu instructions, "
           "%llu events, journal %llu bytes, %.0f ms\n",
           (unsigned long long)res.icount, (unsigned long long)res.events,
           (unsigned long long)res.journal_bytes, t_rec);
    if (at >= res.icount)
        at = res.icount / 2;
    struct rev_opts o = {.journal = journal, .virt_build = build_virt};
    struct rev_session *s;
    struct rev_err err = {0};
    struct rev_stop st;
    t0 = now_ms();
    check(rev_open(&s, &o, &err), &err, "rev_open (virt)");
    double t_open = now_ms() - t0;
    t0 = now_ms();
    check(rev_goto(s, at, &st, &err), &err, "goto (virt)");
    double t_goto = now_ms() - t0;
    printf("  open %.1f ms; goto %llu: %.0f ms (%.0f M instructions/s replayed, "
           "checkpoints included)\n",
           t_open, (unsigned long long)at, t_goto, at / t_goto / 1e3);
    report_ckpts(s, "after goto");
    double *lat = malloc((size_t)nsteps * sizeof *lat);
    for (int i = 0; i < nsteps; i++) {
        t0 = now_ms();
        check(rev_rstep(s, 1, &st, &err), &err, "rstep (virt)");
        lat[i] = now_ms() - t0;
        if (st.icount != at - 1 - (uint64_t)i) {
            fprintf(stderr, "bench_rev: rstep landed at %llu\n", (unsigned long long)st.icount);
            return 1;
        }
    }
    double first = lat[0];
    qsort(lat, (size_t)nsteps, sizeof *lat, cmp_double);
    printf("  reverse-stepi x%d at icount ~%llu: median %.2f ms, min %.2f, max %.2f, "
           "first %.2f ms\n",
           nsteps, (unsigned long long)at, lat[nsteps / 2], lat[0], lat[nsteps - 1], first);
    report_ckpts(s, "after reverse-stepi");
    t0 = now_ms();
    check(rev_goto(s, at / 2, &st, &err), &err, "goto back (virt)");
    double t_back = now_ms() - t0;
    printf("  goto %llu (back): %.0f ms\n", (unsigned long long)(at / 2), t_back);
    report_ckpts(s, "at the end");
    rev_close(s);
    free(lat);
    unlink(journal);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "build/guest";
    uint64_t at = argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000000ull;
    int nsteps = argc > 3 ? atoi(argv[3]) : 41;
    if (nsteps < 1 || nsteps > 10000)
        nsteps = 41;
    char path[600];
    snprintf(path, sizeof path, "%s/bench_mem64.elf", dir);
    size_t len;
    uint8_t *elf = slurp(path, &len);
    if (!elf) {
        fprintf(stderr, "bench_rev: cannot read %s (build with `make`)\n", path);
        return 2;
    }
    char tmp[] = "/tmp/e2k-bench-rev-XXXXXX";
    if (!mkdtemp(tmp))
        return 2;
    char journal[700];
    /* (journal2 below: the same with journal checkpoints) */
    snprintf(journal, sizeof journal, "%s/mem64.e2krr", tmp);

    /* Record. */
    FILE *null = fopen("/dev/null", "w");
    const char *args[] = {"mem64"};
    const char *envp[] = {NULL};
    struct sess_record_opts ro = {.journal = journal, .program = elf, .program_bytes = len,
                                  .argc = 1, .argv = args, .envp = envp, .log = null};
    struct sess_result res;
    double t0 = now_ms();
    if (sess_record(&ro, &res) != SESS_OK) {
        fprintf(stderr, "bench_rev: record: %s\n", res.msg);
        return 1;
    }
    double t_rec = now_ms() - t0;
    printf("bench_rev: mem64 recorded: %llu instructions, %llu events, journal %llu bytes, "
           "%.0f ms\n",
           (unsigned long long)res.icount, (unsigned long long)res.events,
           (unsigned long long)res.journal_bytes, t_rec);
    if (at >= res.icount)
        at = res.icount / 2;

    /* Open and go to the measuring point. */
    struct rev_opts o = {.journal = journal};
    struct rev_session *s;
    struct rev_err err = {0};
    struct rev_stop st;
    t0 = now_ms();
    check(rev_open(&s, &o, &err), &err, "rev_open");
    double t_open = now_ms() - t0;
    t0 = now_ms();
    check(rev_goto(s, at, &st, &err), &err, "goto");
    double t_goto = now_ms() - t0;
    printf("  open %.1f ms; goto %llu: %.0f ms (%.0f M instructions/s replayed, "
           "checkpoints included)\n",
           t_open, (unsigned long long)at, t_goto, at / t_goto / 1e3);
    report_ckpts(s, "after goto");

    /* Reverse-stepi at the measuring point. */
    double *lat = malloc((size_t)nsteps * sizeof *lat);
    for (int i = 0; i < nsteps; i++) {
        t0 = now_ms();
        check(rev_rstep(s, 1, &st, &err), &err, "rstep");
        lat[i] = now_ms() - t0;
        if (st.icount != at - 1 - (uint64_t)i) {
            fprintf(stderr, "bench_rev: rstep landed at %llu\n", (unsigned long long)st.icount);
            return 1;
        }
    }
    double first = lat[0];
    qsort(lat, (size_t)nsteps, sizeof *lat, cmp_double);
    printf("  reverse-stepi x%d at icount ~%llu: median %.2f ms, min %.2f, max %.2f, "
           "first %.2f ms\n",
           nsteps, (unsigned long long)at, lat[nsteps / 2], lat[0], lat[nsteps - 1], first);
    report_ckpts(s, "after reverse-stepi");

    /* Alternating stepi / reverse-stepi (a debugger user going back and
     * forth over one instruction). */
    double alt[20];
    for (int i = 0; i < 20; i++) {
        t0 = now_ms();
        if (i % 2)
            check(rev_step(s, 1, &st, &err), &err, "step");
        else
            check(rev_rstep(s, 1, &st, &err), &err, "rstep");
        alt[i] = now_ms() - t0;
    }
    qsort(alt, 20, sizeof *alt, cmp_double);
    printf("  stepi/reverse-stepi alternating x20: median %.2f ms, max %.2f ms\n", alt[10],
           alt[19]);

    /* A far jump back and forward again. */
    t0 = now_ms();
    check(rev_goto(s, at / 2, &st, &err), &err, "goto back");
    double t_back = now_ms() - t0;
    t0 = now_ms();
    check(rev_goto(s, at - 1000, &st, &err), &err, "goto forward");
    double t_fwd = now_ms() - t0;
    printf("  goto %llu (back): %.0f ms; goto %llu (forward again): %.0f ms\n",
           (unsigned long long)(at / 2), t_back, (unsigned long long)(at - 1000), t_fwd);
    report_ckpts(s, "at the end");

    rev_close(s);

    /* The same program recorded with journal checkpoints: entering the
     * recording at the measuring point. */
    char journal2[720];
    snprintf(journal2, sizeof journal2, "%s/mem64-ck.e2krr", tmp);
    ro.journal = journal2;
    ro.checkpoint_every = 1ull << 27;
    t0 = now_ms();
    if (sess_record(&ro, &res) != SESS_OK) {
        fprintf(stderr, "bench_rev: record: %s\n", res.msg);
        return 1;
    }
    t_rec = now_ms() - t0;
    printf("  recorded again with --checkpoint-every %llu: %llu checkpoints, journal %llu "
           "bytes, %.0f ms\n",
           (unsigned long long)ro.checkpoint_every, (unsigned long long)res.checkpoints,
           (unsigned long long)res.journal_bytes, t_rec);
    o.journal = journal2;
    t0 = now_ms();
    check(rev_open(&s, &o, &err), &err, "rev_open");
    check(rev_goto(s, at, &st, &err), &err, "goto");
    double t_enter = now_ms() - t0;
    t0 = now_ms();
    check(rev_rstep(s, 1, &st, &err), &err, "rstep");
    double t_r1 = now_ms() - t0;
    printf("  open + goto %llu through journal checkpoints: %.0f ms; then reverse-stepi "
           "%.2f ms\n",
           (unsigned long long)at, t_enter, t_r1);
    report_ckpts(s, "after entering");
    rev_close(s);
    unlink(journal2);

    free(lat);
    free(elf);
    if (null)
        fclose(null);
    unlink(journal);
    int vrc = bench_virt(dir, tmp, argc > 2 ? strtoull(argv[2], NULL, 0) : 1000000000ull,
                         nsteps);
    rmdir(tmp);
    return vrc;
}
