/*
 * cmd_plot.c — `e2k-rr plot -o balloon.svg FILE`: the balloon's story as
 * a picture (trace/trc_svg.h): target, actual and the guest's free memory
 * over icount or virtual time, OOM kills, deflate-on-oom returns and
 * violations marked.
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/virt_cli.h"
#include "trace/trc_progress.h"
#include "trace/trc_svg.h"
#include "trace/trc_timeline.h"

static const char kHelp[] =
    "usage: e2k-rr plot -o OUT.svg [--x icount|time] [--insn-per-us N]\n"
    "                   [--size WxH] [--title TEXT] [--no-replay] FILE\n"
    "\n"
    "Draw the balloon of the virt journal FILE as an SVG picture OUT.svg\n"
    "(- for stdout): the host's target (dashed), the balloon's actual size\n"
    "and the guest's free memory (dots: statistics reports) in MiB, with\n"
    "marks for OOM kills (red cross and dotted line), deflate-on-oom\n"
    "returns (purple triangle), balloon violations (brown diamond), panics\n"
    "and hangs (squares), and a legend with their counts. Hovering a mark\n"
    "in a browser shows what happened.\n"
    "\n"
    "The guest's statistics are not in the journal: the command replays\n"
    "the journal (silently) to collect them, unless --no-replay.\n"
    "\n"
    "options:\n"
    "  -o OUT          the picture to write (required)\n"
    "  --x icount      x axis in wide instructions (default)\n"
    "  --x time        x axis in virtual time: icount / N us\n"
    "  --insn-per-us N instructions per microsecond (default 1000: the virt\n"
    "                  machine's clock, 1 ns per instruction)\n"
    "  --size WxH      picture size in pixels (default 1000x600)\n"
    "  --title TEXT    title (default: the journal's file name)\n"
    "  --no-replay     do not replay: no free-memory line\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0; 2 for bad usage, a journal that cannot be read (what\n"
    "was read before the damage is drawn) or a write error. If the replay\n"
    "for the statistics fails, a warning says so and the picture is drawn\n"
    "without them.\n";

static int plot_main(int argc, char **argv);

const struct cmd_def cmd_plot = {
    .name = "plot",
    .summary = "draw a journal's balloon activity as an SVG picture",
    .help = kHelp,
    .main = plot_main,
};

static int parse_size(const char *v, unsigned *w, unsigned *h)
{
    char *end = NULL;
    if (!v || *v < '0' || *v > '9')
        return -1;
    unsigned long a = strtoul(v, &end, 10);
    if (!end || (*end != 'x' && *end != 'X') || end[1] < '0' || end[1] > '9')
        return -1;
    unsigned long b = strtoul(end + 1, &end, 10);
    if (!end || *end || a < 400 || b < 300 || a > 20000 || b > 20000)
        return -1;
    *w = (unsigned)a;
    *h = (unsigned)b;
    return 0;
}

static int plot_main(int argc, char **argv)
{
    const char *file = NULL, *out = NULL, *v;
    int missing = 0, no_replay = 0;
    struct trc_svg_opts so = {0};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--no-replay") == 0) {
            no_replay = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "-o", &missing)) || missing) {
            if (!v || !*v)
                return cli_usage_error(&cmd_plot, "-o needs a file name");
            out = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--x", &missing)) || missing) {
            if (v && strcmp(v, "icount") == 0)
                so.x_axis = TRC_SVG_X_ICOUNT;
            else if (v && strcmp(v, "time") == 0)
                so.x_axis = TRC_SVG_X_TIME;
            else
                return cli_usage_error(&cmd_plot, "--x needs icount or time");
        } else if ((v = cli_opt_value(argc, argv, &i, "--insn-per-us", &missing)) ||
                   missing) {
            char *end = NULL;
            errno = 0;
            unsigned long long n = v ? strtoull(v, &end, 0) : 0;
            if (!v || !end || *end || errno || n == 0 || *v == '-')
                return cli_usage_error(&cmd_plot, "--insn-per-us needs a number >= 1");
            so.insn_per_us = n;
        } else if ((v = cli_opt_value(argc, argv, &i, "--size", &missing)) || missing) {
            if (parse_size(v, &so.width, &so.height))
                return cli_usage_error(&cmd_plot, "--size needs WxH, at least 400x300");
        } else if ((v = cli_opt_value(argc, argv, &i, "--title", &missing)) || missing) {
            if (!v)
                return cli_usage_error(&cmd_plot, "--title needs a text");
            so.title = v;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_plot, "unknown option '%s' (see e2k-rr plot --help)",
                                   a);
        } else if (file) {
            return cli_usage_error(&cmd_plot, "one journal at a time ('%s' and '%s')", file,
                                   a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage_error(&cmd_plot, "no journal given (see e2k-rr plot --help)");
    if (!out)
        return cli_usage_error(&cmd_plot, "say where to draw: -o OUT.svg");

    struct trc_timeline t;
    trc_timeline_init(&t);
    struct trc_err err = {0};
    int status = 0;
    int rc = trc_timeline_read(&t, file, &err);
    if (rc < 0 && !t.have_header) { /* not a journal: nothing to draw */
        trc_timeline_fini(&t);
        return cli_usage_error(&cmd_plot, "%s", err.msg);
    }
    if (rc < 0) {
        fprintf(stderr, "e2k-rr plot: %s\n", err.msg);
        status = CLI_EXIT_USAGE;
    } else if (t.system && !no_replay) {
        struct trc_progress pg;
        trc_progress_init(&pg, stderr, "plot: replay");
        struct trc_err rerr = {0};
        int xr = trc_timeline_replay(&t, file, virt_cli_build, NULL, cli_progress_cb, &pg, &rerr);
        trc_progress_end(&pg);
        if (xr < 0)
            fprintf(stderr, "e2k-rr plot: warning: guest statistics incomplete: %s\n",
                    rerr.msg);
    }
    const char *base = strrchr(file, '/');
    char title[300];
    snprintf(title, sizeof title, "balloon: %s", base ? base + 1 : file);
    if (!so.title)
        so.title = title;
    FILE *f = stdout;
    if (strcmp(out, "-") != 0 && !(f = fopen(out, "w"))) {
        trc_timeline_fini(&t);
        return cli_usage_error(&cmd_plot, "cannot write %s: %s", out, strerror(errno));
    }
    struct trc_err werr = {0};
    if (trc_svg_write(f, &t, &so, &werr) < 0 || (f != stdout && fclose(f) != 0)) {
        fprintf(stderr, "e2k-rr plot: writing %s failed\n", out);
        status = CLI_EXIT_USAGE;
    }
    trc_timeline_fini(&t);
    return status;
}
