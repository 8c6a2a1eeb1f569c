/*
 * cmd_dump.c — `e2k-rr dump`: the journal's events, one per line, as text
 * or JSON, optionally limited to an icount range (a read-only consumer of
 * the journal, like rr's DumpCommand).
 */
#include "tools/e2k-rr/cli.h"

#include <stdlib.h>
#include <string.h>

#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"

static const char kHelp[] =
    "usage: e2k-rr dump [--json] [--full] [--from ICOUNT] [--to ICOUNT] FILE\n"
    "\n"
    "Print the events of the journal FILE, one per line: icount, kind and\n"
    "the fields named in replay/jrnl_kinds.def.\n"
    "\n"
    "options:\n"
    "  --json          one JSON object per line\n"
    "  --full          print byte fields in full (text: else the first 64)\n"
    "  --from ICOUNT   start at the first event at or after ICOUNT\n"
    "  --to ICOUNT     stop after the last event at or before ICOUNT\n"
    "  -h, --help      this text\n"
    "\n"
    "exit status: 0; 2 if FILE is not a readable journal or is damaged (the\n"
    "events before the damage are printed first).\n";

static int dump_main(int argc, char **argv);

const struct cmd_def cmd_dump = {
    .name = "dump",
    .summary = "print a journal's events, one per line (text or JSON)",
    .help = kHelp,
    .main = dump_main,
};

static int parse_icount(const char *v, uint64_t *out)
{
    char *end = NULL;
    if (!v || !*v || *v == '-')
        return -1;
    unsigned long long n = strtoull(v, &end, 0);
    if (!end || *end)
        return -1;
    *out = n;
    return 0;
}

static int dump_main(int argc, char **argv)
{
    unsigned flags = 0;
    uint64_t from = 0, to = UINT64_MAX;
    const char *file = NULL;
    int missing = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--json") == 0) {
            flags |= JRNL_PRINT_JSON;
        } else if (strcmp(a, "--full") == 0) {
            flags |= JRNL_PRINT_FULL;
        } else if ((v = cli_opt_value(argc, argv, &i, "--from", &missing)) || missing) {
            if (parse_icount(v, &from))
                return cli_usage_error(&cmd_dump, "--from needs an icount");
        } else if ((v = cli_opt_value(argc, argv, &i, "--to", &missing)) || missing) {
            if (parse_icount(v, &to))
                return cli_usage_error(&cmd_dump, "--to needs an icount");
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_dump, "unknown option '%s'", a);
        } else if (file) {
            return cli_usage_error(&cmd_dump, "one journal at a time");
        } else {
            file = a;
        }
    }
    if (!file)
        return cli_usage_error(&cmd_dump, "no journal given (see e2k-rr dump --help)");
    struct jrnl_reader *r = NULL;
    struct jrnl_err err = {0};
    if (jrnl_reader_open(&r, file, &err) != 0) {
        fprintf(stderr, "e2k-rr dump: %s: %s\n", file, err.msg);
        return CLI_EXIT_USAGE;
    }
    int rc = 0;
    if (from && (rc = jrnl_reader_seek(r, from, &err)) < 0) {
        fprintf(stderr, "e2k-rr dump: %s: %s\n", file, err.msg);
        jrnl_reader_close(r);
        return CLI_EXIT_USAGE;
    }
    struct jrnl_event ev;
    while ((rc = jrnl_reader_next(r, &ev, &err)) == 1) {
        if (ev.icount < from)
            continue;
        if (ev.icount > to)
            break;
        jrnl_print_event(stdout, &ev, flags);
    }
    fflush(stdout);
    jrnl_reader_close(r);
    if (rc < 0) {
        fprintf(stderr, "e2k-rr dump: %s: %s\n", file, err.msg);
        return CLI_EXIT_USAGE;
    }
    return 0;
}
