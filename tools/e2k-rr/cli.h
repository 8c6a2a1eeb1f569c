/*
 * cli.h — the e2k-rr command line: one subcommand per file (cmd_<name>.c),
 * each described by a `const struct cmd_def` holding its name and help
 * text, all listed once in cmds.def (style.md "Files": rr's Command /
 * RmCommand, without static constructors).
 *
 * Conventions every command follows: `e2k-rr CMD --help` prints the help
 * text and exits 0; bad usage or unusable input prints one line
 * "e2k-rr CMD: ..." on stderr and exits CLI_EXIT_USAGE (2); otherwise the
 * command decides its exit status (`run` returns the guest's).
 */
#ifndef E2K_TOOLS_E2K_RR_CLI_H
#define E2K_TOOLS_E2K_RR_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define CLI_EXIT_USAGE 2

struct cmd_def {
    const char *name;    /* the subcommand word */
    const char *summary; /* one line for `e2k-rr --help` */
    const char *help;    /* full text for `e2k-rr CMD --help` (usage first) */
    /* Run with argv[0] = the command name; returns the exit status. */
    int (*main)(int argc, char **argv);
};

/* The commands, in cmds.def order. */
#define CLI_CMD(name) extern const struct cmd_def cmd_##name;
#include "tools/e2k-rr/cmds.def"
#undef CLI_CMD

/* Look a command up by name; NULL if unknown. */
const struct cmd_def *cli_find(const char *name);

/* The whole program: `e2k-rr [--help] CMD [ARGS...]`. */
int cli_main(int argc, char **argv);

/* Print "e2k-rr CMD: <message>\n" on stderr; returns CLI_EXIT_USAGE. */
int cli_usage_error(const struct cmd_def *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* 1 if arg is -h or --help. */
int cli_is_help(const char *arg);

/* Read a whole host file (at most 1 GiB) into a malloc'd buffer: 0 or
 * -errno. */
int cli_read_file(const char *path, uint8_t **out, size_t *len);

/* "elbrus-vN" -> N (2..7), or -1. */
int cli_parse_cpu(const char *s);

/* Option value for "--opt VALUE" or "--opt=VALUE" at argv[*i] (advances *i
 * past a separate value); NULL when argv[*i] is not that option. Sets
 * *missing when the option is there but its value is not. */
const char *cli_opt_value(int argc, char **argv, int *i, const char *opt,
                          int *missing);

#endif
