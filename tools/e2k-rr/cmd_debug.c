/*
 * cmd_debug.c — `e2k-rr debug`: the interactive time-travel console
 * (debugger/con.h) on a journal, or forward-only on a live program.
 * Reads commands from stdin: readline on a terminal, plain lines from a
 * pipe or file (docs/debugging.md).
 */
#include "tools/e2k-rr/cli.h"

#include <stdlib.h>
#include <string.h>

#include "debugger/con.h"
#include "replay/rev.h"
#include "tools/e2k-rr/cli_debugger.h"
#include "tools/e2k-rr/virt_cli.h"

extern char **environ;

static const char kHelp[] =
    "usage: e2k-rr debug [--quiet] [--checkpoint-mem SIZE] FILE\n"
    "       e2k-rr debug [--quiet] [--cpu elbrus-vN] PROG [ARGS...]\n"
    "\n"
    "Debug the recording FILE (written by `e2k-rr record`, of a Linux\n"
    "program or of the virt machine) with reverse execution: step and\n"
    "continue in both directions, break- and watchpoints, goto any icount,\n"
    "journal events, checkpoints. Given an e2k executable instead, run it\n"
    "live (forward only).\n"
    "\n"
    "Commands are read from stdin: with line editing, history\n"
    "($HOME/.e2k-rr_history) and tab completion on a terminal; one per line\n"
    "with no prompt from a pipe or file. `help` lists them.\n"
    "\n"
    "options:\n"
    "  --quiet          do not show the guest's stdout/stderr output (virt:\n"
    "                   its UART output)\n"
    CLI_CHECKPOINT_MEM_HELP
    "  --cpu elbrus-vN  (live programs) ISA version to emulate\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: 0; 1 if input was not a terminal and a command failed;\n"
    "2 if FILE cannot be opened.\n";

static int debug_main(int argc, char **argv);

const struct cmd_def cmd_debug = {
    .name = "debug",
    .summary = "debug a recording (or a program) in a console",
    .help = kHelp,
    .main = debug_main,
};

static int is_elf(const char *path)
{
    FILE *f = fopen(path, "rb");
    unsigned char m[4] = {0};
    if (!f)
        return 0;
    size_t n = fread(m, 1, 4, f);
    fclose(f);
    return n == 4 && m[0] == 0x7f && m[1] == 'E' && m[2] == 'L' && m[3] == 'F';
}

static int debug_main(int argc, char **argv)
{
    int quiet = 0, isa = 0, i = 1;
    uint64_t ckmem = 0;
    for (; i < argc; i++) {
        const char *a = argv[i];
        int r = cli_checkpoint_mem_opt(&cmd_debug, argc, argv, &i, &ckmem);
        if (r < 0)
            return CLI_EXIT_USAGE;
        if (r > 0)
            continue;
        if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--cpu") == 0 || strncmp(a, "--cpu=", 6) == 0) {
            int missing = 0;
            const char *v = cli_opt_value(argc, argv, &i, "--cpu", &missing);
            if (!v)
                return cli_usage_error(&cmd_debug, "--cpu needs a value (elbrus-v2 .. elbrus-v7)");
            isa = cli_parse_cpu(v);
            if (isa < 0)
                return cli_usage_error(&cmd_debug, "unknown CPU '%s'", v);
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_debug, "unknown option '%s' (see e2k-rr debug --help)", a);
        } else {
            break;
        }
    }
    if (i >= argc)
        return cli_usage_error(&cmd_debug, "no journal or program given (see e2k-rr debug --help)");
    const char *file = argv[i];
    struct rev_opts o = {.emit_output = !quiet, .isa = isa, .checkpoint_mem = ckmem,
                         .virt_build = virt_cli_build};
    uint8_t *elf = NULL;
    if (is_elf(file)) {
        size_t len = 0;
        int rc = cli_read_file(file, &elf, &len);
        if (rc)
            return cli_usage_error(&cmd_debug, "cannot read %s: %s", file, strerror(-rc));
        o.program = elf;
        o.program_bytes = len;
        o.argc = argc - i;
        o.argv = (const char *const *)argv + i;
        o.envp = (const char *const *)environ;
    } else {
        if (i + 1 != argc)
            return cli_usage_error(&cmd_debug, "one journal at a time");
        o.journal = file;
    }
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    int rc = rev_open(&s, &o, &err);
    free(elf);
    if (rc < 0)
        return cli_usage_error(&cmd_debug, "%s: %s", file,
                               err.msg[0] ? err.msg : rev_strerror(rc));
    struct con c;
    con_init(&c, s, stdout);
    c.dis = cli_dis_hook();
    int status = con_run(&c, stdin);
    fflush(stdout);
    rev_close(s);
    return status;
}
