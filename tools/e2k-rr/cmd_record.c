/*
 * cmd_record.c — `e2k-rr record`: run a static e2k Linux program while the
 * gate logs every nondeterministic input into a journal (replay/session.c).
 * The exit status is the guest's, as with `run`.
 */
#include "tools/e2k-rr/cli.h"

#include <stdlib.h>
#include <string.h>

#include "emu/linux/lnx.h"
#include "replay/session.h"
#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/outcome.h"
#include "tools/e2k-rr/scenario.h"
#include "tools/e2k-rr/virt_cli.h"

extern char **environ;

static const char kHelp[] =
    "usage: e2k-rr record [-o FILE] [--cpu elbrus-vN] [--hash-interval N]\n"
    "                     [--checkpoint-every N] PROG [ARGS...]\n"
    "       e2k-rr record [-o FILE] --machine virt [--mem SIZE]\n"
    "                     [--clock host|virtual] [--balloon OPTS]\n"
    "                     [--balloon-target PAGES[@TIME]]...\n"
    "                     [--balloon-script FILE] [--control unix:PATH] KERNEL.elf\n"
    "       e2k-rr record [-o FILE] --scenario SCENARIO [options] [KERNEL.elf]\n"
    "\n"
    "Run the static e2k Linux executable PROG with ARGS, like `e2k-rr run`,\n"
    "and record every nondeterministic input (system-call results, clocks,\n"
    "random bytes, file contents read) into a journal that `e2k-rr replay`\n"
    "reproduces bit for bit. The journal embeds the program, its command\n"
    "line and environment, so it replays anywhere without them.\n"
    "\n"
    "options:\n"
    "  -o FILE               journal to write (default: PROG's file name\n"
    "                        with .e2krr, in the current directory)\n"
    "  --cpu elbrus-vN       ISA version (default: from the executable, else v5)\n"
    "  --hash-interval N     instructions between state hashes in the\n"
    "                        journal (default 67108864)\n"
    "  --checkpoint-every N  also store a machine checkpoint every N\n"
    "                        instructions, so `e2k-rr debug` can enter a long\n"
    "                        recording anywhere quickly (default: none)\n"
    "  --machine virt ...    record the virt machine booting KERNEL.elf\n"
    "                        (options as for `e2k-rr run --machine virt`):\n"
    "                        UART input, host-clock timer expiries, RTC\n"
    "                        reads and balloon commands are journaled,\n"
    "                        also those of --balloon-script and --control\n"
    "  --scenario SCENARIO   record a scenario file (docs/scenarios.md):\n"
    "                        kernel, machine options, the host's balloon\n"
    "                        schedule and the expected outcome; options\n"
    "                        given here add to or override it; prints the\n"
    "                        outcome and whether it was the expected one\n"
    "  -h, --help            this text\n"
    "\n"
    "exit status: the guest's; 2 if PROG or the journal cannot be used.\n"
    "With --scenario: 0 if the outcome was as expected, 1 if not.\n"
    "A summary line goes to stderr at the end.\n";

static int record_main(int argc, char **argv);

const struct cmd_def cmd_record = {
    .name = "record",
    .summary = "run an e2k Linux program and record it into a journal",
    .help = kHelp,
    .main = record_main,
};

/* `record --scenario`: record the scenario's machine (kernel: the one
 * given, else the scenario's), then print the outcome and check it. */
static int record_scenario(const struct scenario *sc, struct virt_cli *vc,
                           const char *kernel, int extra_args,
                           const char *out, int isa, uint64_t interval)
{
    char kpath[2048], err[600], defname[256];
    if (extra_args)
        return cli_usage_error(&cmd_record, "the virt machine takes no "
                               "arguments after the kernel");
    if (!kernel) {
        if (scenario_kernel(sc, kpath, sizeof kpath, err, sizeof err) != 0)
            return cli_usage_error(&cmd_record, "%s", err);
        kernel = kpath;
    }
    if (!out) {
        snprintf(defname, sizeof defname, "%s.e2krr", sc->name);
        out = defname;
    }
    static struct outcome oc;
    outcome_init(&oc);
    vc->outcome = &oc;
    int st = virt_cli_record(vc, kernel, isa, out, interval);
    vc->outcome = NULL;
    if (!oc.finished)
        return CLI_EXIT_USAGE; /* the recording failed (said why) */
    outcome_print(&oc, stderr);
    (void)st; /* the guest's status is part of the outcome */
    return scenario_check(sc, &oc, stderr) ? 0 : 1;
}

/* The scenario of this run (--scenario); freed by record_main. */
static struct scenario scn;

static int record_args(int argc, char **argv);

static int record_main(int argc, char **argv)
{
    int st = record_args(argc, argv);
    scenario_free(&scn); /* and its schedule file */
    return st;
}

static int record_args(int argc, char **argv)
{
    const char *out = NULL;
    int isa = 0, i = 1, missing = 0, vr;
    uint64_t interval = 0, ck_every = 0;
    struct virt_cli vc;
    virt_cli_init(&vc);
    /* A scenario first, so that the command line adds to or overrides
     * its options. */
    const char *scn_path = NULL;
    for (int k = 1; k < argc && strcmp(argv[k], "--"); k++) {
        static const char *const with_value[] = {
            "-o", "--cpu", "--hash-interval", "--checkpoint-every",
            "--machine", "--mem", "--clock", "--balloon", "--balloon-target",
            "--balloon-script", "--control", "--cmdline", "--hang-timeout", "--on-violation"};
        int miss = 0;
        const char *sv = cli_opt_value(argc, argv, &k, "--scenario", &miss);
        if (miss)
            return cli_usage_error(&cmd_record, "--scenario needs a file");
        if (sv) {
            scn_path = sv;
            continue;
        }
        if (argv[k][0] != '-')
            break; /* the program: the rest are its arguments */
        for (size_t w = 0; w < sizeof with_value / sizeof with_value[0]; w++)
            if (!strcmp(argv[k], with_value[w]))
                k++; /* skip its value */
    }
    if (scn_path) {
        char err[600];
        if (scenario_load(&scn, scn_path, err, sizeof err) != 0)
            return cli_usage_error(&cmd_record, "%s", err);
        if (scenario_apply(&scn, &vc, &cmd_record) != 0)
            return CLI_EXIT_USAGE;
    }
    for (; i < argc; i++) {
        const char *a = argv[i], *v;
        if ((vr = virt_cli_opt(&vc, &cmd_record, argc, argv, &i)) != 0) {
            if (vr < 0)
                return CLI_EXIT_USAGE;
        } else if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if ((v = cli_opt_value(argc, argv, &i, "-o", &missing)) || missing) {
            if (missing)
                return cli_usage_error(&cmd_record, "-o needs a file name");
            out = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--cpu", &missing)) || missing) {
            if (missing || (isa = cli_parse_cpu(v)) < 0)
                return cli_usage_error(&cmd_record, "--cpu needs elbrus-v2 .. elbrus-v7");
        } else if ((v = cli_opt_value(argc, argv, &i, "--hash-interval", &missing)) ||
                   missing) {
            char *end = NULL;
            unsigned long long n = missing ? 0 : strtoull(v, &end, 0);
            if (missing || !end || *end || n == 0)
                return cli_usage_error(&cmd_record, "--hash-interval needs a positive number");
            interval = n;
        } else if ((v = cli_opt_value(argc, argv, &i, "--checkpoint-every", &missing)) ||
                   missing) {
            char *end = NULL;
            unsigned long long n = missing ? 0 : strtoull(v, &end, 0);
            if (missing || !end || *end || n == 0)
                return cli_usage_error(&cmd_record,
                                       "--checkpoint-every needs a positive number");
            ck_every = n;
        } else if ((v = cli_opt_value(argc, argv, &i, "--scenario", &missing)) || missing) {
            /* read above */
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_record, "unknown option '%s' (see e2k-rr record --help)",
                                   a);
        } else {
            break;
        }
    }
    if (scn_path)
        return record_scenario(&scn, &vc, i < argc ? argv[i] : NULL,
                               i + 1 < argc, out, isa, interval);
    if (i >= argc)
        return cli_usage_error(&cmd_record, "no program given (see e2k-rr record --help)");
    const char *prog = argv[i];
    char defname[4096];
    if (!out) {
        const char *base = strrchr(prog, '/');
        base = base ? base + 1 : prog;
        snprintf(defname, sizeof defname, "%s.e2krr", base);
        out = defname;
    }
    if (vc.virt) {
        if (i + 1 < argc)
            return cli_usage_error(&cmd_record, "the virt machine takes no "
                                   "arguments after the kernel");
        return virt_cli_record(&vc, prog, isa, out, interval);
    }
    uint8_t *elf = NULL;
    size_t len = 0;
    int rc = cli_read_file(prog, &elf, &len);
    if (rc)
        return cli_usage_error(&cmd_record, "cannot read %s: %s", prog, strerror(-rc));

    struct sess_record_opts o = {
        .journal = out,
        .program = elf,
        .program_bytes = len,
        .argc = argc - i,
        .argv = (const char *const *)argv + i,
        .envp = (const char *const *)environ,
        .isa = isa,
        .hash_interval = interval,
        .checkpoint_every = ck_every,
    };
    struct cli_progress pg;
    cli_progress_begin(&pg, "record");
    o.obs = &pg.obs;
    struct sess_result res;
    int outcome = sess_record(&o, &res);
    cli_progress_end(&pg);
    free(elf);
    if (outcome != SESS_OK) {
        fprintf(stderr, "e2k-rr record: %s\n", res.msg);
        return CLI_EXIT_USAGE;
    }
    char ckpts[48] = "";
    if (ck_every)
        snprintf(ckpts, sizeof ckpts, "%llu checkpoints, ", (unsigned long long)res.checkpoints);
    fprintf(stderr,
            "record: %llu instructions, %llu events, %llu state hashes, %s"
            "journal %s (%llu bytes), state %s\n",
            (unsigned long long)res.icount, (unsigned long long)res.events,
            (unsigned long long)res.hashes, ckpts, out,
            (unsigned long long)res.journal_bytes, res.state_hex);
    return res.exit_status;
}
