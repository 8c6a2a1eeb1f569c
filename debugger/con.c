/*
 * con.c — the console's interpreter core (con.h): the command table from
 * con_cmds.def, line splitting and dispatch, and the helpers the commands
 * share (values, movement, stop reports, disassembly).
 */
#include "debugger/con.h"

#include "debugger/con_sym.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/decode.h"
#include "emu/machine.h"
#include "replay/rev.h"

#define CON_CMD(name) &con_cmd_##name,
const struct con_cmd *const con_cmds[] = {
#include "debugger/con_cmds.def"
    NULL};
#undef CON_CMD

void con_init(struct con *c, struct rev_session *s, FILE *out)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->out = out;
    c->next_bp_id = 1;
}

void con_printf(struct con *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(c->out, fmt, ap);
    va_end(ap);
}

int con_error(struct con *c, const char *fmt, ...)
{
    va_list ap;
    fputs("error: ", c->out);
    va_start(ap, fmt);
    vfprintf(c->out, fmt, ap);
    va_end(ap);
    fputc('\n', c->out);
    c->failed = 1;
    return -1;
}

const struct con_cmd *con_find(const char *word)
{
    size_t n = strlen(word);
    const struct con_cmd *hit = NULL;
    int hits = 0;
    if (!n)
        return NULL;
    for (size_t i = 0; con_cmds[i]; i++) {
        if (strcmp(con_cmds[i]->name, word) == 0)
            return con_cmds[i];
        if (strncmp(con_cmds[i]->name, word, n) == 0) {
            hit = con_cmds[i];
            hits++;
        }
    }
    /* gdb-style short forms for the most used commands */
    static const struct {
        const char *abbr;
        const struct con_cmd *cmd;
    } k_abbr[] = {
        {"si", &con_cmd_stepi},     {"rsi", &con_cmd_rstepi},
        {"c", &con_cmd_continue},   {"rc", &con_cmd_rcontinue},
        {"b", &con_cmd_break},      {"d", &con_cmd_delete},
        {"q", &con_cmd_quit},       {"h", &con_cmd_help},
        {"exit", &con_cmd_quit},
    };
    for (size_t i = 0; i < sizeof k_abbr / sizeof k_abbr[0]; i++)
        if (strcmp(k_abbr[i].abbr, word) == 0)
            return k_abbr[i].cmd;
    return hits == 1 ? hit : NULL;
}

int con_exec(struct con *c, const char *line)
{
    char buf[CON_LINE_MAX];
    char *argv[CON_MAX_ARGS + 1];
    int argc = 0;
    size_t n = strlen(line);
    if (n >= sizeof buf)
        return con_error(c, "line too long (at most %d characters)", CON_LINE_MAX - 1);
    memcpy(buf, line, n + 1);
    for (char *p = buf; *p;) {
        while (*p && isspace((unsigned char)*p))
            p++;
        if (!*p || (*p == '#' && argc == 0))
            break;
        if (argc == CON_MAX_ARGS)
            return con_error(c, "too many arguments (at most %d)", CON_MAX_ARGS - 1);
        argv[argc++] = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (*p)
            *p++ = 0;
    }
    argv[argc] = NULL;
    if (argc == 0)
        return 0;
    /* `x/8xb` style: the command word ends at '/' */
    char word[32];
    size_t wl = strcspn(argv[0], "/");
    if (wl >= sizeof word)
        return con_error(c, "unknown command '%s' (try help)", argv[0]);
    memcpy(word, argv[0], wl);
    word[wl] = 0;
    const struct con_cmd *cmd = con_find(word);
    if (!cmd)
        return con_error(c, "unknown command '%s' (try help)", word);
    if (argv[0][wl] == '/' && cmd != &con_cmd_x)
        return con_error(c, "%s takes no /FORMAT", cmd->name);
    if (c->monitor && !(cmd->flags & CON_F_MONITOR))
        return con_error(c, "'%s' is not a monitor command (use gdb's own "
                            "command; `monitor help` lists them)", cmd->name);
    int rc = cmd->run(c, argc, argv);
    if (rc)
        c->failed = 1;
    return rc;
}

static int parse_atom(struct con *c, const char *s, uint64_t *v);

int con_parse_value(struct con *c, const char *s, uint64_t *v)
{
    /* BASE+OFF / BASE-OFF (one operator, e.g. $sp+16, counter+0x8) */
    const char *op = NULL;
    for (const char *p = s + 1; *p; p++)
        if (*p == '+' || *p == '-')
            op = p;
    if (!op)
        return parse_atom(c, s, v);
    char left[64];
    size_t n = (size_t)(op - s);
    uint64_t a, b;
    if (n >= sizeof left)
        return -1;
    memcpy(left, s, n);
    left[n] = 0;
    if (parse_atom(c, left, &a) || parse_atom(c, op + 1, &b))
        return -1;
    *v = *op == '+' ? a + b : a - b;
    return 0;
}

static int parse_atom(struct con *c, const char *s, uint64_t *v)
{
    struct machine *m = rev_machine(c->s);
    char *end = NULL;
    if (s[0] == '$' || (s[0] == '%')) {
        const char *r = s + 1;
        if (!m)
            return -1;
        if (strcmp(r, "pc") == 0) {
            *v = m->cpu.ip;
            return 0;
        }
        if (strcmp(r, "sp") == 0) {
            *v = m->cpu.usd_lo & 0xffffffffffffull;
            return 0;
        }
        if ((r[0] == 'r' || r[0] == 'g') && isdigit((unsigned char)r[1])) {
            unsigned long k = strtoul(r + 1, &end, 10);
            if (*end)
                return -1;
            struct cpu_reg *reg = r[0] == 'r' ? cpu_rreg(&m->cpu, (unsigned)k)
                                              : cpu_greg(&m->cpu, (unsigned)k);
            if (!reg)
                return -1;
            *v = reg->lo;
            return 0;
        }
        return -1;
    }
    if (isalpha((unsigned char)s[0]) || s[0] == '_' || s[0] == '.')
        return con_sym_addr(c->s, s, strlen(s), v); /* a guest symbol */
    if (!isdigit((unsigned char)s[0]))
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 0);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

const struct con_bp *con_bp_for_stop(const struct con *c,
                                     const struct rev_stop *st)
{
    for (int i = 0; i < c->n_bps; i++) {
        const struct con_bp *b = &c->bps[i];
        if (st->reason == REV_STOP_BREAK && b->kind == CON_BP_BREAK &&
            b->addr == st->pc)
            return b;
        /* con_bp_kind numbers watchpoints as rev_watch_kind does */
        if (st->reason == REV_STOP_WATCH && b->kind == st->watch_kind &&
            st->addr < b->addr + b->len && b->addr < st->addr + (st->len ? st->len : 1))
            return b;
    }
    return NULL;
}

static const char *watch_word(int kind)
{
    return kind == REV_WATCH_READ ? "read" : kind == REV_WATCH_ACCESS ? "access" : "write";
}

void con_print_stop(struct con *c, const struct rev_stop *st)
{
    const struct con_bp *b = con_bp_for_stop(c, st);
    con_printf(c, "icount %" PRIu64 ", pc 0x%" PRIx64, st->icount, st->pc);
    switch (st->reason) {
    case REV_STOP_BREAK:
        if (b)
            con_printf(c, ": breakpoint %d", b->id);
        else
            con_printf(c, ": breakpoint");
        break;
    case REV_STOP_WATCH:
        con_printf(c, ": ");
        if (b)
            con_printf(c, "watchpoint %d, ", b->id);
        con_printf(c, "%s of 0x%" PRIx64 " (%" PRIu64 " bytes)", watch_word(st->watch_kind),
                   st->addr, st->len);
        break;
    case REV_STOP_BEGIN:
        con_printf(c, ": start of the recording");
        break;
    case REV_STOP_END:
        con_printf(c, ": end of the recording");
        break;
    case REV_STOP_EXITED:
        con_printf(c, ": the program exited with status %d", st->status);
        break;
    case REV_STOP_SIGNAL:
        con_printf(c, ": signal %d%s%s", st->signo, st->msg[0] ? ", " : "", st->msg);
        break;
    case REV_STOP_INTERRUPT:
        con_printf(c, ": interrupted");
        break;
    default:
        break;
    }
    con_printf(c, "\n");
    if (st->reason != REV_STOP_EXITED)
        con_disasm(c, st->pc, 1);
}

uint64_t con_disasm(struct con *c, uint64_t addr, unsigned n)
{
    struct machine *m = rev_machine(c->s);
    unsigned isa = m ? m->isa : 5;
    for (unsigned k = 0; k < n; k++) {
        uint8_t b[DEC_MAX_BUNDLE];
        size_t avail = 0;
        while (avail < sizeof b && rev_read_mem(c->s, addr + avail, b + avail, 8) == 0)
            avail += 8;
        if (avail < 8) {
            con_printf(c, "0x%" PRIx64 ": <not readable>\n", addr);
            return addr;
        }
        uint32_t hs = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                      (uint32_t)b[3] << 24;
        unsigned len = dec_bundle_len(hs);
        if (len == 0 || len > avail)
            len = (unsigned)avail < 8 ? (unsigned)avail : 8;
        char text[4096];
        unsigned used = 0;
        if (c->dis && c->dis(c->dis_ctx, b, len, addr, isa, text, sizeof text, &used) == 0 &&
            used > 0) {
            con_printf(c, "0x%" PRIx64 ":\n%s", addr, text);
            len = used;
        } else {
            con_printf(c, "0x%" PRIx64 ":", addr);
            for (unsigned i = 0; i + 4 <= len; i += 4)
                con_printf(c, " %02x%02x%02x%02x", b[i + 3], b[i + 2], b[i + 1], b[i]);
            con_printf(c, "\n");
        }
        addr += len;
    }
    return addr;
}

int con_move(struct con *c, int how, uint64_t n)
{
    struct rev_stop st;
    struct rev_err err;
    memset(&st, 0, sizeof st);
    memset(&err, 0, sizeof err);
    int rc;
    switch (how) {
    case CON_STEP:
        rc = rev_step(c->s, n, &st, &err);
        break;
    case CON_RSTEP:
        rc = rev_rstep(c->s, n, &st, &err);
        break;
    case CON_CONT:
        rc = rev_continue(c->s, &st, &err);
        break;
    case CON_RCONT:
        rc = rev_rcontinue(c->s, &st, &err);
        break;
    default:
        rc = rev_goto(c->s, n, &st, &err);
        break;
    }
    if (rc < 0)
        return con_error(c, "%s", err.msg[0] ? err.msg : rev_strerror(rc));
    con_print_stop(c, &st);
    return 0;
}
