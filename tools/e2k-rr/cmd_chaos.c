/*
 * cmd_chaos.c — `e2k-rr chaos`: record a scenario again and again with
 * perturbed host inputs (emu/machine_virt_chaos.h: seeded timer jitter,
 * extra input poll points between any two bundles, balloon command
 * jitter) until a run meets the --until predicate, and keep that run's
 * journal. Runs go to forked worker processes (--jobs); run k uses seed
 * chaos_run_seed(S, k), and the kept run is the lowest-numbered hit, so a
 * search is reproducible for a given base seed S (docs/chaos.md).
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "devices/virtio_balloon.h"
#include "emu/machine_virt.h"
#include "emu/machine_virt_chaos.h"
#include "replay/session.h"
#include "tools/e2k-rr/balloon_script.h"
#include "tools/e2k-rr/outcome.h"
#include "tools/e2k-rr/scenario.h"
#include "tools/e2k-rr/virt_cli.h"

static const char kHelp[] =
    "usage: e2k-rr chaos --scenario SCENARIO --until PREDICATE [--seed S]\n"
    "                    [--runs N] [--jobs J] [-o FILE] [KERNEL.elf]\n"
    "\n"
    "Record the scenario's machine repeatedly with chaos host inputs: a\n"
    "seeded generator instead of the host decides the host clock, timer\n"
    "expiry jitter, extra input poll points (an interrupt can land between\n"
    "any two bundles) and when the balloon commands arrive. Stops at the\n"
    "first run whose outcome meets PREDICATE and keeps its journal, which\n"
    "`e2k-rr replay` reproduces exactly (without the seed).\n"
    "\n"
    "options:\n"
    "  --scenario SCENARIO  the scenario file (docs/scenarios.md)\n"
    "  --until PREDICATE    terms joined with '|': oom-kill, hang,\n"
    "                       violation, panic, exit!=0, exit==N\n"
    "  --seed S             base seed (default: from the clock, printed);\n"
    "                       run k uses a seed derived from S and k\n"
    "  --runs N             runs at most (default 1000)\n"
    "  --jobs J             runs in parallel (default: online CPUs)\n"
    "  -o FILE              journal to keep (default\n"
    "                       NAME-seedS-runK.e2krr in the current directory)\n"
    "  -h, --help           this text\n"
    "\n"
    "The kept run is the lowest-numbered run that meets PREDICATE, so the\n"
    "same S finds the same run whatever J is.\n"
    "exit status: 0 a run was found and kept; 1 none of N runs met\n"
    "PREDICATE; 2 bad usage or a run could not be recorded.\n";

static int chaos_main(int argc, char **argv);

const struct cmd_def cmd_chaos = {
    .name = "chaos",
    .summary = "record a scenario with perturbed interrupts until it fails",
    .help = kHelp,
    .main = chaos_main,
};

/* ---- --until ---- */

enum { U_OOM = 1, U_HANG = 2, U_VIOL = 4, U_PANIC = 8, U_EXIT_NZ = 16 };
#define U_MAX_EQ 8

struct until {
    unsigned mask;
    unsigned n_eq;
    int eq[U_MAX_EQ];
};

static int parse_until(const char *s, struct until *u, char *err, size_t n)
{
    memset(u, 0, sizeof *u);
    char buf[256];
    if (strlen(s) >= sizeof buf) {
        snprintf(err, n, "--until is too long");
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", s);
    char *save = NULL;
    int terms = 0;
    for (char *t = strtok_r(buf, "|", &save); t; t = strtok_r(NULL, "|", &save)) {
        while (*t == ' ')
            t++;
        size_t l = strlen(t);
        while (l && t[l - 1] == ' ')
            t[--l] = 0;
        terms++;
        if (!strcmp(t, "oom-kill"))
            u->mask |= U_OOM;
        else if (!strcmp(t, "hang"))
            u->mask |= U_HANG;
        else if (!strcmp(t, "violation"))
            u->mask |= U_VIOL;
        else if (!strcmp(t, "panic"))
            u->mask |= U_PANIC;
        else if (!strcmp(t, "exit!=0"))
            u->mask |= U_EXIT_NZ;
        else if (!strncmp(t, "exit==", 6) && t[6]) {
            char *end = NULL;
            long v = strtol(t + 6, &end, 10);
            if (*end || v < 0 || v > 255 || u->n_eq >= U_MAX_EQ) {
                snprintf(err, n, "--until: bad term '%s' (exit==N: N in 0..255)", t);
                return -1;
            }
            u->eq[u->n_eq++] = (int)v;
        } else {
            snprintf(err, n, "--until: unknown term '%s' (oom-kill, hang, violation, "
                     "panic, exit!=0, exit==N)", t);
            return -1;
        }
    }
    if (!terms) {
        snprintf(err, n, "--until needs at least one term");
        return -1;
    }
    return 0;
}

/* 1 if the outcome meets the predicate; `why` names the terms met. */
static int until_met(const struct until *u, const struct outcome *o, char *why, size_t n)
{
    why[0] = 0;
    size_t len = 0;
#define MET(name) (len += (size_t)snprintf(why + len, len < n ? n - len : 0, "%s%s", \
                                           len ? ", " : "", name))
    if ((u->mask & U_OOM) && outcome_has(o, OF_OOM_KILL))
        MET("oom-kill");
    if ((u->mask & U_HANG) && outcome_has(o, OF_HANG))
        MET("hang");
    if ((u->mask & U_VIOL) && outcome_has(o, OF_VIOLATION))
        MET("violation");
    if ((u->mask & U_PANIC) && outcome_has(o, OF_PANIC))
        MET("panic");
    char t[32];
    if ((u->mask & U_EXIT_NZ) && o->exited && o->status != 0) {
        snprintf(t, sizeof t, "exit %d", o->status);
        MET(t);
    }
    for (unsigned i = 0; i < u->n_eq; i++)
        if (o->exited && o->status == u->eq[i]) {
            snprintf(t, sizeof t, "exit %d", o->status);
            MET(t);
        }
#undef MET
    return why[0] != 0;
}

/* ---- one run (in a worker process) ---- */

struct chaos_job {
    struct virt_cli *vc;
    const uint8_t *elf;
    size_t elf_len;
    int isa;
    const char *kname;              /* kernel base name for the header */
    const struct until *until;
    struct chaos_action *acts;
    size_t n_acts;
    uint64_t stats_interval;
};

/* What a worker reports through the pipe (< PIPE_BUF: atomic). */
struct chaos_msg {
    uint64_t run;
    int32_t ok;       /* 1 recorded, 0 failed (what = why) */
    int32_t hit;
    int32_t exited, status;
    uint64_t icount;
    char what[200];
};

static void run_one(const struct chaos_job *j, uint64_t seed, const char *journal,
                    struct chaos_msg *msg)
{
    struct virt_chaos_opts co = {.seed = seed,
                                 .stats_interval_ns = j->stats_interval,
                                 .n_actions = j->n_acts,
                                 .actions = j->acts};
    struct virt_chaos *c = virt_chaos_new(&co);
    if (!c) {
        snprintf(msg->what, sizeof msg->what, "out of memory");
        return;
    }
    struct outcome oc;
    outcome_init(&oc);
    const char *const *hargv;
    int hargc = virt_cli_header_argv(j->vc, j->kname, &hargv);
    struct sess_virt_record_opts o = {
        .journal = journal,
        .kernel = j->elf,
        .kernel_bytes = j->elf_len,
        .argc = hargc,
        .argv = hargv,
        .isa = j->isa,
        .ram_bytes = j->vc->mem ? j->vc->mem : VIRT_RAM_DEFAULT,
        .build = virt_cli_build,
        .build_opaque = &oc,
        .live = virt_chaos_host_call,
        .live_opaque = c,
        .next_poll = virt_chaos_next_poll,
        .next_poll_opaque = c,
    };
    struct sess_result res;
    int r = sess_virt_record(&o, &res);
    virt_chaos_free(c);
    if (r != SESS_OK) {
        snprintf(msg->what, sizeof msg->what, "%.190s", res.msg);
        return;
    }
    outcome_finish(&oc, res.exited, res.exit_status, res.icount);
    msg->ok = 1;
    msg->exited = res.exited;
    msg->status = res.exit_status;
    msg->icount = res.icount;
    msg->hit = until_met(j->until, &oc, msg->what, sizeof msg->what);
}

/* ---- the search ---- */

struct slot {
    pid_t pid;       /* 0 = free */
    int reaped;      /* exited and waited for; its report is still due */
    uint64_t run;
};

static void journal_name(char *out, size_t n, const char *dir, uint64_t run)
{
    snprintf(out, n, "%s/run-%llu.e2krr", dir, (unsigned long long)run);
}

/* Stop a worker that can no longer matter and remove its journal. */
static void stop_worker(struct slot *sl, const char *dir, unsigned *active)
{
    char path[4200];
    if (!sl->reaped) {
        kill(sl->pid, SIGTERM);
        waitpid(sl->pid, NULL, 0);
    }
    journal_name(path, sizeof path, dir, sl->run);
    unlink(path);
    sl->pid = 0;
    sl->reaped = 0;
    (*active)--;
}

static int keep_file(const char *from, const char *to)
{
    if (rename(from, to) == 0)
        return 0;
    FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
    int ok = in && out;
    char buf[65536];
    size_t k;
    while (ok && (k = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, k, out) == k;
    if (in)
        fclose(in);
    if (out && fclose(out) != 0)
        ok = 0;
    unlink(from);
    return ok ? 0 : -1;
}

static int search(const struct chaos_job *j, const struct scenario *sc, uint64_t base,
                  uint64_t runs, unsigned jobs, const char *out_opt)
{
    char dir[] = "e2k-chaos-XXXXXX";
    char tmpl[4096];
    const char *tmpd = getenv("TMPDIR");
    snprintf(tmpl, sizeof tmpl, "%s/%s", tmpd && *tmpd ? tmpd : "/tmp", dir);
    if (!mkdtemp(tmpl))
        return cli_usage_error(&cmd_chaos, "cannot make a temporary folder: %s", strerror(errno));
    int pfd[2];
    if (pipe(pfd) != 0)
        return cli_usage_error(&cmd_chaos, "pipe: %s", strerror(errno));
    int tty = isatty(2);
    struct slot *slot = calloc(jobs, sizeof *slot);
    if (!slot)
        return cli_usage_error(&cmd_chaos, "out of memory");
    fprintf(stderr, "chaos: scenario %s, base seed %llu, up to %llu runs, %u jobs\n", sc->name,
            (unsigned long long)base, (unsigned long long)runs, jobs);
    uint64_t next = 0, done = 0, best = UINT64_MAX;
    struct chaos_msg best_msg;
    memset(&best_msg, 0, sizeof best_msg);
    unsigned active = 0;
    int failed = 0;
    char path[4200];
    for (;;) {
        /* Launch while there is room and a run that could still win. */
        while (!failed && active < jobs && next < runs && next < best) {
            unsigned s = 0;
            while (slot[s].pid)
                s++;
            uint64_t run = next++;
            fflush(NULL);
            pid_t pid = fork();
            if (pid < 0) {
                fprintf(stderr, "e2k-rr chaos: fork: %s\n", strerror(errno));
                failed = 1;
                break;
            }
            if (pid == 0) {
                close(pfd[0]);
                int nul = open("/dev/null", O_WRONLY);
                if (nul >= 0) { /* guest UART and machine messages */
                    dup2(nul, 1);
                    dup2(nul, 2);
                }
                struct chaos_msg m;
                memset(&m, 0, sizeof m);
                m.run = run;
                journal_name(path, sizeof path, tmpl, run);
                run_one(j, chaos_run_seed(base, run), path, &m);
                ssize_t w = write(pfd[1], &m, sizeof m);
                _exit(w == (ssize_t)sizeof m ? 0 : 1);
            }
            slot[s].pid = pid;
            slot[s].reaped = 0;
            slot[s].run = run;
            active++;
        }
        if (!active)
            break;
        /* Wait for a report; a worker that died without one (crashed,
         * killed from outside) fails the search instead of hanging it. */
        struct pollfd pf = {.fd = pfd[0], .events = POLLIN};
        int pr = poll(&pf, 1, 200);
        if (pr == 0) {
            for (unsigned s = 0; s < jobs && !failed; s++) {
                int wst = 0;
                if (!slot[s].pid)
                    continue;
                /* The pipe is empty: a worker reaped before has no report. */
                int gone = slot[s].reaped;
                if (!gone && waitpid(slot[s].pid, &wst, WNOHANG) == slot[s].pid) {
                    slot[s].reaped = 1; /* its report may still come */
                    gone = poll(&pf, 1, 0) == 0;
                }
                if (gone) {
                    {
                        fprintf(stderr, "%se2k-rr chaos: the worker of run %llu died "
                                "without a report (status 0x%x)\n", tty ? "\r\033[K" : "",
                                (unsigned long long)slot[s].run, (unsigned)wst);
                        failed = 1;
                    }
                }
            }
            if (failed)
                for (unsigned s = 0; s < jobs; s++)
                    if (slot[s].pid)
                        stop_worker(&slot[s], tmpl, &active);
            continue;
        }
        struct chaos_msg m;
        ssize_t r = read(pfd[0], &m, sizeof m);
        if (r < 0 && errno == EINTR)
            continue;
        if (r != (ssize_t)sizeof m) {
            fprintf(stderr, "e2k-rr chaos: lost contact with a worker\n");
            failed = 1;
            break;
        }
        int mine = 0;
        for (unsigned s = 0; s < jobs; s++)
            if (slot[s].pid && slot[s].run == m.run) {
                if (!slot[s].reaped)
                    waitpid(slot[s].pid, NULL, 0);
                slot[s].pid = 0;
                slot[s].reaped = 0;
                active--;
                mine = 1;
            }
        if (!mine)
            continue; /* a worker stopped after it had reported */
        done++;
        journal_name(path, sizeof path, tmpl, m.run);
        if (!m.ok) {
            fprintf(stderr, "%se2k-rr chaos: run %llu (seed %llu) could not be recorded: %s\n",
                    tty ? "\r\033[K" : "", (unsigned long long)m.run,
                    (unsigned long long)chaos_run_seed(base, m.run), m.what);
            failed = 1;
        } else if (m.hit && m.run < best) {
            if (best != UINT64_MAX) {
                journal_name(path, sizeof path, tmpl, best);
                unlink(path);
            }
            best = m.run;
            best_msg = m;
            /* Runs after it cannot win: stop them (they may have
             * reported already: such reports are ignored). */
            for (unsigned s = 0; s < jobs; s++)
                if (slot[s].pid && slot[s].run > best)
                    stop_worker(&slot[s], tmpl, &active);
        } else {
            unlink(path);
        }
        if (tty)
            fprintf(stderr, "\r\033[Kchaos: %llu runs done, %u running%s", (unsigned long long)done,
                    active, best != UINT64_MAX ? ", found one" : "");
        if (failed)
            for (unsigned s = 0; s < jobs; s++)
                if (slot[s].pid)
                    stop_worker(&slot[s], tmpl, &active);
    }
    if (tty)
        fputs("\r\033[K", stderr);
    for (unsigned s = 0; s < jobs; s++)
        if (slot[s].pid)
            stop_worker(&slot[s], tmpl, &active);
    free(slot);
    close(pfd[0]);
    close(pfd[1]);
    int st;
    if (failed && best == UINT64_MAX) {
        st = CLI_EXIT_USAGE;
    } else if (best == UINT64_MAX) {
        fprintf(stderr, "chaos: no run of %llu met the predicate (base seed %llu)\n",
                (unsigned long long)done, (unsigned long long)base);
        st = 1;
    } else {
        char kept[4200];
        if (out_opt)
            snprintf(kept, sizeof kept, "%s", out_opt);
        else
            snprintf(kept, sizeof kept, "%s-seed%llu-run%llu.e2krr", sc->name,
                     (unsigned long long)base, (unsigned long long)best);
        journal_name(path, sizeof path, tmpl, best);
        if (keep_file(path, kept) != 0) {
            fprintf(stderr, "e2k-rr chaos: cannot write %s: %s\n", kept, strerror(errno));
            st = CLI_EXIT_USAGE;
        } else {
            printf("chaos: found at run %llu (seed %llu, base seed %llu): %s, "
                   "%llu instructions\n",
                   (unsigned long long)best, (unsigned long long)chaos_run_seed(base, best),
                   (unsigned long long)base, best_msg.what,
                   (unsigned long long)best_msg.icount);
            printf("chaos: journal %s\n", kept);
            printf("chaos: reproduce with: e2k-rr replay --summary %s\n", kept);
            st = 0;
        }
    }
    rmdir(tmpl);
    return st;
}

/* The scenario's balloon schedule (its --balloon-script) as chaos actions. */
static int load_actions(const struct virt_cli *vc, struct chaos_action **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!vc->script)
        return 0;
    struct bscript bs;
    bscript_init(&bs);
    char err[300];
    if (bscript_load(&bs, vc->script, err, sizeof err) != 0) {
        cli_usage_error(&cmd_chaos, "%s", err);
        return -1;
    }
    if (bs.n > CHAOS_MAX_ACTIONS) {
        bscript_fini(&bs);
        cli_usage_error(&cmd_chaos, "more than %d balloon actions", CHAOS_MAX_ACTIONS);
        return -1;
    }
    struct chaos_action *a = bs.n ? calloc(bs.n, sizeof *a) : NULL;
    if (bs.n && !a) {
        bscript_fini(&bs);
        cli_usage_error(&cmd_chaos, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < bs.n; i++) {
        a[i].by_icount = bs.a[i].when == BSCRIPT_AT_ICOUNT;
        a[i].at = bs.a[i].at;
        a[i].op = bs.a[i].op == BSCRIPT_SET ? CHAOS_SET_PAGES
                  : bs.a[i].op == BSCRIPT_STATS_INTERVAL ? CHAOS_STATS_INTERVAL
                                                          : CHAOS_STATS;
        a[i].value = bs.a[i].op == BSCRIPT_SET ? bs.a[i].value / BSCRIPT_PAGE_BYTES
                                               : bs.a[i].value;
    }
    *out = a;
    *n = bs.n;
    bscript_fini(&bs);
    return 0;
}

static struct scenario scn;

static int chaos_args(int argc, char **argv);

static int chaos_main(int argc, char **argv)
{
    int st = chaos_args(argc, argv);
    scenario_free(&scn);
    return st;
}

static int parse_u64(const char *v, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long n = v ? strtoull(v, &end, 0) : 0;
    if (!v || !*v || *end || errno || v[0] == '-')
        return -1;
    *out = n;
    return 0;
}

static int chaos_args(int argc, char **argv)
{
    const char *scn_path = NULL, *until_s = NULL, *out = NULL, *kernel = NULL, *v;
    uint64_t seed = 0, runs = 1000, jobs = 0;
    int have_seed = 0, missing = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if ((v = cli_opt_value(argc, argv, &i, "--scenario", &missing)) || missing) {
            if (missing)
                return cli_usage_error(&cmd_chaos, "--scenario needs a file");
            scn_path = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--until", &missing)) || missing) {
            if (missing)
                return cli_usage_error(&cmd_chaos, "--until needs a predicate");
            until_s = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--seed", &missing)) || missing) {
            if (missing || parse_u64(v, &seed))
                return cli_usage_error(&cmd_chaos, "--seed needs a number");
            have_seed = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--runs", &missing)) || missing) {
            if (missing || parse_u64(v, &runs) || runs == 0)
                return cli_usage_error(&cmd_chaos, "--runs needs a positive number");
        } else if ((v = cli_opt_value(argc, argv, &i, "--jobs", &missing)) || missing) {
            if (missing || parse_u64(v, &jobs) || jobs == 0 || jobs > 1024)
                return cli_usage_error(&cmd_chaos, "--jobs needs a number in 1..1024");
        } else if ((v = cli_opt_value(argc, argv, &i, "-o", &missing)) || missing) {
            if (missing)
                return cli_usage_error(&cmd_chaos, "-o needs a file name");
            out = v;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_chaos, "unknown option '%s' (see e2k-rr chaos --help)", a);
        } else if (!kernel) {
            kernel = a;
        } else {
            return cli_usage_error(&cmd_chaos, "unexpected argument '%s'", a);
        }
    }
    if (!scn_path)
        return cli_usage_error(&cmd_chaos, "--scenario is required (see e2k-rr chaos --help)");
    if (!until_s)
        return cli_usage_error(&cmd_chaos, "--until is required, e.g. --until 'exit!=0'");
    struct until u;
    char err[600];
    if (parse_until(until_s, &u, err, sizeof err) != 0)
        return cli_usage_error(&cmd_chaos, "%s", err);
    if (!jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (uint64_t)n : 1;
    }
    if (jobs > runs)
        jobs = runs;
    if (!have_seed) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        seed = ((uint64_t)ts.tv_sec * 1000003u) ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid();
        seed %= 1000000000ull; /* short enough to type */
    }
    struct virt_cli vc;
    virt_cli_init(&vc);
    if (scenario_load(&scn, scn_path, err, sizeof err) != 0)
        return cli_usage_error(&cmd_chaos, "%s", err);
    if (scenario_apply(&scn, &vc, &cmd_chaos) != 0)
        return CLI_EXIT_USAGE;
    if (vc.clock != VIRT_CLOCK_HOST)
        fprintf(stderr, "e2k-rr chaos: note: scenario %s uses the virtual clock: only "
                "host-clock timers and balloon commands are perturbed\n", scn.name);
    char kpath[2048];
    if (!kernel) {
        if (scenario_kernel(&scn, kpath, sizeof kpath, err, sizeof err) != 0)
            return cli_usage_error(&cmd_chaos, "%s", err);
        kernel = kpath;
    }
    uint8_t *elf = NULL;
    size_t len = 0;
    int rc = cli_read_file(kernel, &elf, &len);
    if (rc)
        return cli_usage_error(&cmd_chaos, "cannot read %s: %s", kernel, strerror(-rc));
    struct virt_err verr = {0};
    int isa = virt_elf_isa(elf, len, &verr);
    if (isa < 0) {
        free(elf);
        return cli_usage_error(&cmd_chaos, "%s: %s", kernel, verr.msg);
    }
    struct balloon_config bc;
    balloon_config_default(&bc);
    if (vc.balloon[0])
        balloon_parse_opts(vc.balloon, &bc, NULL, 0);
    struct chaos_job j = {
        .vc = &vc,
        .elf = elf,
        .elf_len = len,
        .isa = isa ? isa : 5,
        .until = &u,
        .stats_interval = bc.stats ? bc.stats_interval_ns : 0,
    };
    const char *base = strrchr(kernel, '/');
    j.kname = base ? base + 1 : kernel;
    if (load_actions(&vc, &j.acts, &j.n_acts) != 0) {
        free(elf);
        return CLI_EXIT_USAGE;
    }
    int st = search(&j, &scn, seed, runs, (unsigned)jobs, out);
    free(j.acts);
    free(elf);
    return st;
}
