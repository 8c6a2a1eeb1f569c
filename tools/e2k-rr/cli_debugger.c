/*
 * cli_debugger.c — the disassembler hook and `--gdb` for the commands
 * (cli_debugger.h).
 */
#include "tools/e2k-rr/cli_debugger.h"

#include <stdlib.h>
#include <string.h>

#include "debugger/gdb_net.h"
#include "debugger/gdb_server.h"
#include "replay/rev.h"
#include "tools/e2k-rr/balloon_script.h"
#ifdef E2K_HAVE_DIS
#include "tools/objdump/dis.h"
#endif

#ifdef E2K_HAVE_DIS
static int dis_hook(void *ctx, const uint8_t *buf, size_t avail, uint64_t addr,
                    unsigned isa, char *out, size_t size, unsigned *consumed)
{
    (void)ctx;
    struct dis_opts o = {.isa = isa, .syntax = DIS_SYNTAX_MCST};
    return dis_insn(buf, avail, addr, &o, out, size, consumed, NULL) < 0 ? -1 : 0;
}
#endif

con_dis_fn cli_dis_hook(void)
{
#ifdef E2K_HAVE_DIS
    return dis_hook;
#else
    return NULL;
#endif
}

/* Sizes are written as in balloon scripts (balloon_script.h: 256M, 2G,
 * 65536, 64KiB, 1024 pages); bytes, or 0 if malformed or 0. */
static uint64_t parse_bytes(const char *s)
{
    uint64_t b = 0;
    char err[128];
    return bscript_parse_size(s, &b, err, sizeof err) == 0 ? b : 0;
}

int cli_checkpoint_mem_opt(const struct cmd_def *cmd, int argc, char **argv, int *i,
                           uint64_t *bytes)
{
    int missing = 0;
    const char *v = cli_opt_value(argc, argv, i, "--checkpoint-mem", &missing);
    if (!v && !missing)
        return 0;
    uint64_t b = v ? parse_bytes(v) : 0;
    if (!b) {
        cli_usage_error(cmd, "--checkpoint-mem needs a size such as 256M or 2G%s%s%s",
                        v ? " (not '" : "", v ? v : "", v ? "')" : "");
        return -1;
    }
    *bytes = b;
    return 1;
}

int cli_gdb_run(const struct cmd_def *cmd, const char *addr, const struct rev_opts *o)
{
    char host[64], msg[256];
    int port = 0;
    if (gdb_net_parse_addr(addr, host, sizeof host, &port, msg, sizeof msg))
        return cli_usage_error(cmd, "--gdb: %s", msg);
    struct rev_session *s = NULL;
    struct rev_err err = {0};
    int rc = rev_open(&s, o, &err);
    if (rc < 0)
        return cli_usage_error(cmd, "%s", err.msg[0] ? err.msg : rev_strerror(rc));
    struct gdb_server_opts go = {
        .host = host,
        .port = port,
        .log = stderr,
        .dis = cli_dis_hook(),
    };
    rc = gdb_server_run(s, &go);
    rev_close(s);
    return rc < 0 ? CLI_EXIT_USAGE : 0;
}
