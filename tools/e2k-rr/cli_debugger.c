/*
 * cli_debugger.c — the disassembler hook and `--gdb` for the commands
 * (cli_debugger.h).
 */
#include "tools/e2k-rr/cli_debugger.h"

#include "debugger/gdb_net.h"
#include "debugger/gdb_server.h"
#include "replay/rev.h"
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
