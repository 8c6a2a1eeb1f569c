/*
 * cmd_trace.c — `e2k-rr trace`: the instruction trace of a replay, bundle
 * by bundle, with disassembly and the registers each bundle changed
 * (trace/trc_insn.h does the work; the disassembler comes from
 * tools/objdump through cli_dis_hook, which trace/ cannot include).
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tools/e2k-rr/cli_debugger.h"
#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/virt_cli.h"
#include "trace/trc_insn.h"
#include "trace/trc_progress.h"

/* Exit status for a replay that diverged (as `e2k-rr replay`). */
#define TRACE_EXIT_DIVERGED 3

static const char kHelp[] =
    "usage: e2k-rr trace [--from ICOUNT] [--to ICOUNT] [--pc LO-HI | --pc ADDR]\n"
    "                    [--events] [-o OUT] FILE\n"
    "\n"
    "Replay the journal FILE (Linux user-mode or virt machine) and print\n"
    "every bundle it executes: icount, address, the disassembly (MCST\n"
    "objdump syntax), then one line per register, predicate, CTPR or\n"
    "state register the bundle changed, e.g.\n"
    "  1036 0x000000010450:\n"
    "    ldw,0 0x0, 0xf0002005, %r4\n"
    "      => %r4 = 0x60 (was 0x0)\n"
    "A value marked * carries a diagnostic tag. After a call, return or\n"
    "trap the window moves and %rN are not compared (docs/tracing.md).\n"
    "\n"
    "options:\n"
    "  --from ICOUNT   start at this icount (default 0); the replay runs at\n"
    "                  full speed up to it\n"
    "  --to ICOUNT     stop after the bundle at this icount (default: the\n"
    "                  end of the recording)\n"
    "  --pc LO-HI      only bundles at addresses LO <= pc < HI (hex with\n"
    "                  0x, or decimal); --pc ADDR: only the bundle at ADDR\n"
    "  --events        also print the journal's events where they happen\n"
    "                  (lines starting with \"  -- \")\n"
    "  -o OUT          write the trace to OUT instead of stdout\n"
    "  -h, --help      this text\n"
    "\n"
    "Tracing single-steps the replay: expect well under a million bundles\n"
    "per second. A progress line is shown on stderr when it is a terminal\n"
    "and the trace goes to a file.\n"
    "\n"
    "exit status: 0; 2 for bad usage or a journal that cannot be read (the\n"
    "trace up to the damage is printed first); 3 if the replay diverged.\n";

static int trace_main(int argc, char **argv);

const struct cmd_def cmd_trace = {
    .name = "trace",
    .summary = "print the instruction trace of a replay (disassembly, register changes)",
    .help = kHelp,
    .main = trace_main,
};

static int parse_u64(const char *v, uint64_t *out)
{
    char *end = NULL;
    if (!v || !*v || *v == '-')
        return -1;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 0);
    if (!end || *end || errno)
        return -1;
    *out = n;
    return 0;
}

/* "LO-HI" (HI exclusive) or "ADDR" (just that bundle). */
static int parse_range(const char *v, uint64_t *lo, uint64_t *hi)
{
    char buf[80];
    if (!v || strlen(v) >= sizeof buf)
        return -1;
    strcpy(buf, v);
    char *dash = strchr(buf, '-');
    if (!dash) {
        if (parse_u64(buf, lo) || *lo == UINT64_MAX)
            return -1;
        *hi = *lo + 1;
        return 0;
    }
    *dash = 0;
    if (parse_u64(buf, lo) || parse_u64(dash + 1, hi) || *hi <= *lo)
        return -1;
    return 0;
}

static int trace_main(int argc, char **argv)
{
    struct trc_insn_opts o = {.to = UINT64_MAX, .dis = cli_dis_hook(),
                              .virt_build = virt_cli_build};
    const char *file = NULL, *out = NULL, *v;
    int missing = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--events") == 0) {
            o.events = 1;
        } else if ((v = cli_opt_value(argc, argv, &i, "--from", &missing)) || missing) {
            if (parse_u64(v, &o.from))
                return cli_usage_error(&cmd_trace, "--from needs an icount");
        } else if ((v = cli_opt_value(argc, argv, &i, "--to", &missing)) || missing) {
            if (parse_u64(v, &o.to))
                return cli_usage_error(&cmd_trace, "--to needs an icount");
        } else if ((v = cli_opt_value(argc, argv, &i, "--pc", &missing)) || missing) {
            if (parse_range(v, &o.pc_lo, &o.pc_hi))
                return cli_usage_error(&cmd_trace, "--pc needs LO-HI (LO < HI) or ADDR, "
                                       "e.g. 0x10000-0x10200");
        } else if ((v = cli_opt_value(argc, argv, &i, "-o", &missing)) || missing) {
            if (!v || !*v)
                return cli_usage_error(&cmd_trace, "-o needs a file name");
            out = v;
        } else if ((v = cli_opt_value(argc, argv, &i, "--backend", &missing)) || missing) {
            /* for tests: which way to move (docs/tracing.md) */
            if (v && strcmp(v, "rev") == 0)
                o.backend = TRC_BACKEND_REV;
            else if (v && strcmp(v, "session") == 0)
                o.backend = TRC_BACKEND_SESSION;
            else
                return cli_usage_error(&cmd_trace, "--backend needs rev or session");
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_trace, "unknown option '%s' (see e2k-rr trace --help)",
                                   a);
        } else if (file) {
            return cli_usage_error(&cmd_trace, "one journal at a time ('%s' and '%s')", file,
                                   a);
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage_error(&cmd_trace, "no journal given (see e2k-rr trace --help)");
    if (o.from > o.to)
        return cli_usage_error(&cmd_trace, "--from is after --to");
    if (access(file, R_OK) != 0)
        return cli_usage_error(&cmd_trace, "cannot read %s: %s", file, strerror(errno));
    FILE *f = stdout;
    if (out && strcmp(out, "-") != 0 && !(f = fopen(out, "w")))
        return cli_usage_error(&cmd_trace, "cannot write %s: %s", out, strerror(errno));
    o.journal = file;
    o.out = f;
    struct trc_progress pg;
    trc_progress_init(&pg, stderr, "trace");
    if (isatty(fileno(f)))
        pg.on = 0; /* the trace itself is on the terminal */
    o.progress = cli_progress_cb;
    o.progress_ctx = &pg;
    struct trc_insn_result res;
    struct trc_err err = {0};
    int rc = trc_insn_run(&o, &res, &err);
    trc_progress_end(&pg);
    int wfail = fflush(f) != 0 || ferror(f);
    if (f != stdout && fclose(f) != 0)
        wfail = 1;
    if (rc < 0) {
        fprintf(stderr, "e2k-rr trace: %s: %s\n", file, err.msg);
        return rc == TRC_E_DIVERGED ? TRACE_EXIT_DIVERGED : CLI_EXIT_USAGE;
    }
    if (wfail) {
        fprintf(stderr, "e2k-rr trace: writing %s failed\n", out ? out : "stdout");
        return CLI_EXIT_USAGE;
    }
    return 0;
}
