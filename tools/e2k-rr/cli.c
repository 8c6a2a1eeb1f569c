/*
 * cli.c — dispatch of `e2k-rr CMD ...` to the commands of cmds.def, and the
 * top-level help (cli.h).
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct cmd_def *const kCmds[] = {
#define CLI_CMD(name) &cmd_##name,
#include "tools/e2k-rr/cmds.def"
#undef CLI_CMD
};

#define N_CMDS (sizeof kCmds / sizeof kCmds[0])

const struct cmd_def *cli_find(const char *name)
{
    for (size_t i = 0; i < N_CMDS; i++)
        if (strcmp(kCmds[i]->name, name) == 0)
            return kCmds[i];
    return NULL;
}

int cli_is_help(const char *arg)
{
    return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int cli_usage_error(const struct cmd_def *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "e2k-rr%s%s: ", cmd ? " " : "", cmd ? cmd->name : "");
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return CLI_EXIT_USAGE;
}

static void print_help(FILE *out)
{
    fputs("usage: e2k-rr [--help] COMMAND [ARGS...]\n"
          "\n"
          "e2k-rr runs Elbrus 2000 (e2k) Linux programs deterministically.\n"
          "\n"
          "commands:\n", out);
    for (size_t i = 0; i < N_CMDS; i++)
        fprintf(out, "  %-10s %s\n", kCmds[i]->name, kCmds[i]->summary);
    fputs("\n"
          "`e2k-rr COMMAND --help` describes a command; so does\n"
          "`e2k-rr help COMMAND`.\n", out);
}

int cli_main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *word = argv[1];
    if (cli_is_help(word)) {
        print_help(stdout);
        return 0;
    }
    if (strcmp(word, "help") == 0) {
        if (argc < 3) {
            print_help(stdout);
            return 0;
        }
        const struct cmd_def *c = cli_find(argv[2]);
        if (!c)
            return cli_usage_error(NULL, "unknown command '%s' (see "
                                   "e2k-rr --help)", argv[2]);
        fputs(c->help, stdout);
        return 0;
    }
    const struct cmd_def *c = cli_find(word);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s' (see e2k-rr "
                               "--help)", word);
    return c->main(argc - 1, argv + 1);
}

#define CLI_MAX_FILE_BYTES (1u << 30)

int cli_read_file(const char *path, uint8_t **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -errno;
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (n == cap) {
            if (cap >= CLI_MAX_FILE_BYTES) {
                rc = -EFBIG;
                break;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = -EIO;
            break;
        }
    }
    if (!buf)
        rc = -ENOMEM;
    fclose(f);
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

int cli_parse_cpu(const char *s)
{
    if (strncmp(s, "elbrus-v", 8) != 0 || !s[8] || s[9])
        return -1;
    int v = s[8] - '0';
    return v >= 2 && v <= 7 ? v : -1;
}

const char *cli_opt_value(int argc, char **argv, int *i, const char *opt,
                          int *missing)
{
    size_t n = strlen(opt);
    const char *a = argv[*i];
    *missing = 0;
    if (strncmp(a, opt, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != 0)
        return NULL;
    if (*i + 1 >= argc) {
        *missing = 1;
        return NULL;
    }
    return argv[++*i];
}
