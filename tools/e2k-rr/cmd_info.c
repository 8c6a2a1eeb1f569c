/*
 * cmd_info.c — `e2k-rr info`: what a journal holds: its header, sizes,
 * events by kind, compression ratio and icount range, and whether it is
 * complete (a journal cut short says where it ends).
 */
#include "tools/e2k-rr/cli.h"

#include <inttypes.h>
#include <string.h>

#include "replay/jrnl_kinds.h"
#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"

static const char kHelp[] =
    "usage: e2k-rr info [--json] FILE\n"
    "\n"
    "Describe the journal FILE: recording parameters (machine, CPU, command\n"
    "line, embedded program), file and frame sizes, the number of events of\n"
    "each kind, the compression ratio, the icount range and the final exit\n"
    "status and state hash. Damage is reported with its offset.\n"
    "\n"
    "options:\n"
    "  --json       the header as one JSON object, then the summary as another\n"
    "  -h, --help   this text\n"
    "\n"
    "exit status: 0; 2 if FILE is not a readable journal or is damaged.\n";

static int info_main(int argc, char **argv);

const struct cmd_def cmd_info = {
    .name = "info",
    .summary = "describe a journal: header, sizes, events by kind",
    .help = kHelp,
    .main = info_main,
};

static int info_main(int argc, char **argv)
{
    int json = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return cli_usage_error(&cmd_info, "unknown option '%s'", argv[i]);
        } else if (file) {
            return cli_usage_error(&cmd_info, "one journal at a time");
        } else {
            file = argv[i];
        }
    }
    if (!file)
        return cli_usage_error(&cmd_info, "no journal given (see e2k-rr info --help)");
    struct jrnl_reader *r = NULL;
    struct jrnl_err err = {0};
    if (jrnl_reader_open(&r, file, &err) != 0) {
        fprintf(stderr, "e2k-rr info: %s: %s\n", file, err.msg);
        return CLI_EXIT_USAGE;
    }
    const struct jrnl_header *h = jrnl_reader_header(r);
    struct jrnl_status st;
    jrnl_reader_status(r, &st);

    uint64_t raw = 0, lz4 = 0;
    for (uint64_t k = 0; k < st.frames; k++) {
        struct jrnl_frame_info fi;
        if (jrnl_reader_frame(r, k, &fi, &err) != 0)
            break;
        raw += fi.raw_bytes;
        lz4 += fi.lz4_bytes;
    }
    uint64_t counts[JRNL_KIND_LIMIT] = {0}, total = 0;
    struct jrnl_event ev;
    int rc, bad = 0;
    while ((rc = jrnl_reader_next(r, &ev, &err)) == 1) {
        counts[ev.kind < JRNL_KIND_LIMIT ? ev.kind : 0]++;
        total++;
    }
    if (rc < 0)
        bad = 1;

    if (json) {
        jrnl_print_header(stdout, h, JRNL_PRINT_JSON);
        printf("{\"file_bytes\":%" PRIu64 ",\"header_bytes\":%" PRIu64 ",\"frames\":%" PRIu64
               ",\"events\":%" PRIu64 ",\"raw_bytes\":%" PRIu64 ",\"lz4_bytes\":%" PRIu64
               ",\"first_icount\":%" PRIu64 ",\"last_icount\":%" PRIu64 ",\"complete\":%s",
               st.file_bytes, st.header_bytes, st.frames, total, raw, lz4, st.first_icount,
               st.last_icount, st.complete ? "true" : "false");
        if (st.complete)
            printf(",\"final_icount\":%" PRIu64 ",\"exit_status\":%d", st.end.final_icount,
                   st.end.exit_status);
        printf(",\"kinds\":{");
        int first = 1;
        for (unsigned k = 1; k < JRNL_KIND_LIMIT; k++) {
            if (!counts[k])
                continue;
            const struct jrnl_kind_info *ki = jrnl_kind_info(k);
            printf("%s\"%s\":%" PRIu64, first ? "" : ",", ki ? ki->name : "?", counts[k]);
            first = 0;
        }
        printf("}}\n");
    } else {
        jrnl_print_header(stdout, h, 0);
        printf("file            %" PRIu64 " bytes (header %" PRIu64 ", program %" PRIu64 ")\n",
               st.file_bytes, st.header_bytes, h->program_bytes);
        printf("frames          %" PRIu64 ", events %" PRIu64 "\n", st.frames, total);
        if (lz4)
            printf("compression     %" PRIu64 " -> %" PRIu64 " bytes (%.2fx), %.1f bytes/event\n",
                   raw, lz4, (double)raw / (double)lz4,
                   total ? (double)lz4 / (double)total : 0.0);
        printf("icount          %" PRIu64 " .. %" PRIu64 "\n", st.first_icount, st.last_icount);
        for (unsigned k = 1; k < JRNL_KIND_LIMIT; k++) {
            if (!counts[k])
                continue;
            const struct jrnl_kind_info *ki = jrnl_kind_info(k);
            printf("  %-18s %" PRIu64 "\n", ki ? ki->name : "?", counts[k]);
        }
        if (st.complete) {
            printf("end             icount %" PRIu64 ", exit status %d\n", st.end.final_icount,
                   st.end.exit_status);
        } else {
            printf("end             INCOMPLETE: %s\n", st.tail.msg);
        }
    }
    if (bad)
        fprintf(stderr, "e2k-rr info: %s: %s\n", file, err.msg);
    jrnl_reader_close(r);
    return bad || !st.complete ? CLI_EXIT_USAGE : 0;
}
