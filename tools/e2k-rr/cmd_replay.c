/*
 * cmd_replay.c — `e2k-rr replay`: re-run a journal without consulting the
 * host and say whether the run was reproduced exactly.
 */
#include "tools/e2k-rr/cli.h"

#include <string.h>

#include "replay/rev.h"
#include "replay/session.h"
#include "tools/e2k-rr/cli_debugger.h"
#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/outcome.h"
#include "tools/e2k-rr/virt_cli.h"

/* Exit status for a divergence (the contract). */
#define REPLAY_EXIT_DIVERGED 3

static const char kHelp[] =
    "usage: e2k-rr replay [--quiet] [--summary] [--gdb [HOST:]PORT [--checkpoint-mem SIZE]] FILE\n"
    "\n"
    "Replay the journal FILE written by `e2k-rr record` (Linux user-mode\n"
    "or virt machine): the embedded program or kernel runs again with\n"
    "every nondeterministic input served from the journal (no input files,\n"
    "no stdin, no host clock are used), and every\n"
    "state hash in the journal is checked. The guest's output is written\n"
    "again unless --quiet.\n"
    "\n"
    "The last line on stderr is either\n"
    "  replay: identical, N instructions, state HASH\n"
    "or a divergence report naming the icount, the PC and what differs.\n"
    "\n"
    "options:\n"
    "  --quiet      do not re-emit the guest's stdout/stderr\n"
    "  --summary    virt journals: before the last line, print the outcome\n"
    "               the replay produced (OOM kills, deflate-on-oom, the\n"
    "               balloon over time, violations, a hang; docs/scenarios.md)\n"
    "  --gdb [HOST:]PORT  wait for gdb (`target remote`) on HOST:PORT\n"
    "               (HOST 127.0.0.1 unless given; PORT 0 picks one) and\n"
    "               let it debug the replay, backwards too\n"
    "               (docs/debugging.md); exit status 0 after gdb leaves\n"
    CLI_CHECKPOINT_MEM_HELP
    "  -h, --help   this text\n"
    "\n"
    "exit status: the recorded guest's exit status when identical; 3 on a\n"
    "divergence; 2 when the journal cannot be read (a journal cut short is\n"
    "replayed up to its last complete frame first).\n";

static int replay_main(int argc, char **argv);

const struct cmd_def cmd_replay = {
    .name = "replay",
    .summary = "replay a journal and check that the run is reproduced",
    .help = kHelp,
    .main = replay_main,
};

static int replay_main(int argc, char **argv)
{
    int quiet = 0, missing = 0, ckmem_given = 0;
    uint64_t ckmem = 0;
    const char *file = NULL, *gdb = NULL, *v;
    int summary = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_checkpoint_mem_opt(&cmd_replay, argc, argv, &i, &ckmem);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0) {
            ckmem_given = 1;
            continue;
        }
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--summary") == 0) {
            summary = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--gdb", &missing)) || missing) {
            if (!v)
                return cli_usage_error(&cmd_replay, "--gdb needs [HOST:]PORT");
            gdb = v;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_replay, "unknown option '%s' (see e2k-rr replay --help)",
                                   a);
        } else if (file) {
            return cli_usage_error(&cmd_replay, "one journal at a time ('%s' and '%s')", file,
                                   a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage_error(&cmd_replay, "no journal given (see e2k-rr replay --help)");
    if (ckmem_given && !gdb)
        return cli_usage_error(&cmd_replay, "--checkpoint-mem goes with --gdb");
    if (gdb) {
        struct rev_opts ro = {.journal = file, .emit_output = !quiet, .checkpoint_mem = ckmem,
                              .virt_build = virt_cli_build};
        return cli_gdb_run(&cmd_replay, gdb, &ro);
    }
    struct outcome oc;
    outcome_init(&oc);
    struct sess_replay_opts o = {.journal = file, .emit_output = !quiet,
                                 .virt_build = virt_cli_build,
                                 .virt_opaque = summary ? &oc : NULL};
    struct cli_progress pg;
    cli_progress_begin(&pg, "replay");
    o.obs = &pg.obs;
    struct sess_result res;
    int outcome = sess_replay(&o, &res);
    cli_progress_end(&pg);
    switch (outcome) {
    case SESS_OK:
        if (summary && oc.attached) { /* a virt journal: what the replay saw */
            outcome_finish(&oc, res.exited, res.exit_status, res.icount);
            outcome_print(&oc, stderr);
            fprintf(stderr, "journal: %s\n", file);
        }
        fprintf(stderr, "replay: identical, %llu instructions, state %s\n",
                (unsigned long long)res.icount, res.state_hex);
        return res.exit_status;
    case SESS_DIVERGED:
        fprintf(stderr, "replay: DIVERGED at icount %llu, pc 0x%llx: %s\n",
                (unsigned long long)res.report.icount, (unsigned long long)res.report.pc,
                res.report.what);
        return REPLAY_EXIT_DIVERGED;
    case SESS_JOURNAL:
        if (res.msg[0])
            fprintf(stderr, "e2k-rr replay: %s\n", res.msg);
        else
            fprintf(stderr,
                    "replay: stopped at icount %llu (pc 0x%llx) after %llu events: %s\n",
                    (unsigned long long)res.report.icount, (unsigned long long)res.report.pc,
                    (unsigned long long)res.events, res.report.what);
        return CLI_EXIT_USAGE;
    default:
        fprintf(stderr, "e2k-rr replay: %s\n", res.msg);
        return CLI_EXIT_USAGE;
    }
}
