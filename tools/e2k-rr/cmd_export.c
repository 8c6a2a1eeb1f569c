/*
 * cmd_export.c — `e2k-rr export --chrome OUT.json FILE`: a journal as a
 * Chrome trace-event file (trace/trc_chrome.h) that Perfetto and
 * chrome://tracing open: every event as an instant on its track, the
 * balloon target/actual and the guest's free memory as counters.
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay/jrnl_reader.h"
#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/virt_cli.h"
#include "trace/trc_chrome.h"
#include "trace/trc_progress.h"
#include "trace/trc_timeline.h"

static const char kHelp[] =
    "usage: e2k-rr export --chrome OUT.json [--insn-per-us N] [--no-replay] FILE\n"
    "\n"
    "Write the journal FILE as a Chrome trace-event JSON file OUT.json (- for\n"
    "stdout) that opens in https://ui.perfetto.dev or chrome://tracing:\n"
    "  - every journal event as an instant event, on tracks \"host inputs\",\n"
    "    \"interrupts\", \"balloon\", \"guest\" and \"replay checks\", with its\n"
    "    fields as arguments (as `e2k-rr dump --json` names them); OOM kills,\n"
    "    panics and hangs are global (a line across the timeline);\n"
    "  - counters \"balloon target\", \"balloon actual\" and, when the guest\n"
    "    reports balloon statistics, \"guest free memory\" (MiB).\n"
    "Timestamps are virtual time: icount / N microseconds (default N = 1000,\n"
    "the virt machine's 1 ns per instruction).\n"
    "\n"
    "The guest's statistics are not in the journal: for a virt journal the\n"
    "command replays it (silently) to collect them, unless --no-replay.\n"
    "\n"
    "options:\n"
    "  --chrome OUT    the output file (required)\n"
    "  --insn-per-us N instructions per microsecond of the timeline (>= 1)\n"
    "  --no-replay     do not replay: no free-memory counter\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0; 2 for bad usage, a journal that cannot be read (the\n"
    "events before the damage are written, as valid JSON), or a write error.\n"
    "If the replay for the statistics fails, a warning says so and the\n"
    "file is written without them.\n";

static int export_main(int argc, char **argv);

const struct cmd_def cmd_export = {
    .name = "export",
    .summary = "write a journal as a Chrome/Perfetto trace (events, balloon counters)",
    .help = kHelp,
    .main = export_main,
};

static int export_main(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *v;
    int missing = 0, no_replay = 0;
    uint64_t per_us = TRC_CHROME_INSN_PER_US;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--no-replay") == 0) {
            no_replay = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--chrome", &missing)) || missing) {
            if (!v || !*v)
                return cli_usage_error(&cmd_export, "--chrome needs an output file");
            out = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--insn-per-us", &missing)) ||
                   missing) {
            char *end = NULL;
            errno = 0;
            unsigned long long n = v ? strtoull(v, &end, 0) : 0;
            if (!v || !end || *end || errno || n == 0 || *v == '-')
                return cli_usage_error(&cmd_export, "--insn-per-us needs a number >= 1");
            per_us = n;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_export,
                                   "unknown option '%s' (see e2k-rr export --help)", a);
        } else if (file) {
            return cli_usage_error(&cmd_export, "one journal at a time ('%s' and '%s')", file,
                                   a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage_error(&cmd_export, "no journal given (see e2k-rr export --help)");
    if (!out)
        return cli_usage_error(&cmd_export, "say what to write: --chrome OUT.json");

    struct jrnl_reader *r = NULL;
    struct jrnl_err je = {0};
    if (jrnl_reader_open(&r, file, &je) != 0)
        return cli_usage_error(&cmd_export, "%s: %s", file, je.msg);
    FILE *f = stdout;
    if (strcmp(out, "-") != 0 && !(f = fopen(out, "w"))) {
        jrnl_reader_close(r);
        return cli_usage_error(&cmd_export, "cannot write %s: %s", out, strerror(errno));
    }
    const struct jrnl_header *h = jrnl_reader_header(r);
    const char *base = strrchr(file, '/');
    base = base ? base + 1 : file;
    struct trc_timeline t;
    trc_timeline_init(&t);
    trc_timeline_header(&t, h);
    struct trc_chrome c;
    struct trc_chrome_opts co = {.insn_per_us = per_us, .name = base};
    trc_chrome_begin(&c, f, &co, h);
    int status = 0, system = t.system;
    struct jrnl_event ev;
    int rc;
    while ((rc = jrnl_reader_next(r, &ev, &je)) == 1) {
        trc_chrome_event(&c, &ev);
        if (trc_timeline_event(&t, &ev)) {
            rc = -1;
            snprintf(je.msg, sizeof je.msg, "out of memory");
            break;
        }
    }
    jrnl_reader_close(r);
    if (rc < 0) {
        fprintf(stderr, "e2k-rr export: %s: %s\n", file, je.msg);
        status = CLI_EXIT_USAGE;
    } else if (system && !no_replay) {
        struct trc_progress pg;
        trc_progress_init(&pg, stderr, "export: replay");
        struct trc_err err = {0};
        int xr = trc_timeline_replay(&t, file, virt_cli_build, NULL, cli_progress_cb, &pg, &err);
        trc_progress_end(&pg);
        if (xr < 0)
            fprintf(stderr, "e2k-rr export: warning: guest statistics incomplete: %s\n",
                    err.msg);
    }
    trc_chrome_timeline(&c, &t);
    struct trc_err werr = {0};
    if (trc_chrome_end(&c, &werr) < 0 || (f != stdout && fclose(f) != 0)) {
        fprintf(stderr, "e2k-rr export: writing %s failed\n", out);
        status = CLI_EXIT_USAGE;
    } else if (f == stdout) {
        fflush(stdout);
    }
    trc_timeline_fini(&t);
    return status;
}
