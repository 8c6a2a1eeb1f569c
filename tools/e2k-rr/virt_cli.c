/*
 * virt_cli.c — the virt machine on the command line (virt_cli.h): option
 * parsing, building machine and board, live runs and recordings. Host
 * control of the balloon (--balloon-target, --balloon-script, --control,
 * the stats interval) goes through one controller (balloon_ctl.h), the
 * host performer of both live runs and recordings.
 */
#include "tools/e2k-rr/virt_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virt_board.h"
#include "emu/hooks.h"
#include "emu/machine.h"
#include "emu/machine_virt.h"
#include "replay/session.h"
#include "tools/e2k-rr/balloon_ctl.h"
#include "tools/e2k-rr/balloon_script.h"
#include "tools/e2k-rr/cli_progress.h"
#include "tools/e2k-rr/outcome.h"

void virt_cli_init(struct virt_cli *v)
{
    memset(v, 0, sizeof *v);
    v->clock = VIRT_CLOCK_VIRTUAL;
}

/* "64M", "2G", "4096K", "1048576": bytes, or 0 if malformed. */
/* Sizes and times as in balloon scripts (balloon_script.h); a time
 * without a unit is in milliseconds here (--balloon-target 100@40). */
static uint64_t parse_size(const char *s)
{
    uint64_t b = 0;
    char err[128];
    return bscript_parse_size(s, &b, err, sizeof err) == 0 ? b : 0;
}

/* "500ms", "2s", "10us", "100ns", "250" (ms): ns, or -1. */
static int parse_time(const char *s, uint64_t *ns)
{
    char err[128], ms[48];
    if (*s && strspn(s, "0123456789") == strlen(s) && strlen(s) < 40) {
        snprintf(ms, sizeof ms, "%sms", s);
        s = ms;
    }
    return bscript_parse_time(s, ns, err, sizeof err) == 0 ? 0 : -1;
}

/* One option as name + value; 0 ok, -1 bad value (err filled). */
static int apply(struct virt_cli *v, const char *name, const char *val,
                 char *err, size_t errlen)
{
    if (!strcmp(name, "--machine")) {
        if (!strcmp(val, "virt"))
            v->virt = 1;
        else if (!strcmp(val, "linux-user") || !strcmp(val, "user"))
            v->virt = 0;
        else {
            snprintf(err, errlen, "unknown machine '%s' (linux-user, virt)", val);
            return -1;
        }
    } else if (!strcmp(name, "--mem")) {
        v->mem = parse_size(val);
        if (!v->mem) {
            snprintf(err, errlen, "--mem needs a size such as 64M or 1G");
            return -1;
        }
    } else if (!strcmp(name, "--clock")) {
        if (!strcmp(val, "host"))
            v->clock = VIRT_CLOCK_HOST;
        else if (!strcmp(val, "virtual"))
            v->clock = VIRT_CLOCK_VIRTUAL;
        else {
            snprintf(err, errlen, "--clock is host or virtual, not '%s'", val);
            return -1;
        }
    } else if (!strcmp(name, "--balloon")) {
        struct balloon_config bc;
        balloon_config_default(&bc);
        if (strlen(val) >= sizeof v->balloon ||
            balloon_parse_opts(val, &bc, err, errlen) != 0) {
            if (strlen(val) >= sizeof v->balloon)
                snprintf(err, errlen, "--balloon options too long");
            return -1;
        }
        snprintf(v->balloon, sizeof v->balloon, "%s", val);
    } else if (!strcmp(name, "--balloon-target")) {
        char *end = NULL;
        unsigned long long pages = strtoull(val, &end, 10);
        uint64_t at = 0;
        if (!end || end == val || pages > UINT32_MAX ||
            (*end && (*end != '@' || parse_time(end + 1, &at) != 0))) {
            snprintf(err, errlen, "--balloon-target needs PAGES[@TIME] "
                     "(e.g. 256@100ms), not '%s'", val);
            return -1;
        }
        if (v->n_targets >= VIRT_CLI_MAX_TARGETS) {
            snprintf(err, errlen, "at most %d --balloon-target options",
                     VIRT_CLI_MAX_TARGETS);
            return -1;
        }
        v->pages[v->n_targets] = (uint32_t)pages;
        v->at_ns[v->n_targets++] = at;
    } else if (!strcmp(name, "--balloon-script")) {
        v->script = val;
    } else if (!strcmp(name, "--control")) {
        if (strncmp(val, "unix:", 5) != 0 || !val[5]) {
            snprintf(err, errlen, "--control takes unix:PATH, not '%s'", val);
            return -1;
        }
        v->control = val;
    } else if (!strcmp(name, "--cmdline")) {
        if (strlen(val) > VIRT_CMDLINE_MAX ||
            strlen(val) >= sizeof v->cmdline) {
            snprintf(err, errlen, "--cmdline: at most %d bytes",
                     VIRT_CMDLINE_MAX);
            return -1;
        }
        snprintf(v->cmdline, sizeof v->cmdline, "%s", val);
    } else if (!strcmp(name, "--on-violation")) {
        if (!strcmp(val, "stop"))
            v->stop_on_violation = 1;
        else if (!strcmp(val, "continue"))
            v->stop_on_violation = 0;
        else {
            snprintf(err, errlen, "--on-violation takes stop or continue, not '%s'", val);
            return -1;
        }
    } else if (!strcmp(name, "--hang-timeout")) {
        if (parse_time(val, &v->hang_timeout_ns) != 0) {
            snprintf(err, errlen, "--hang-timeout needs a time such as "
                     "50ms or 2s (0 = off), not '%s'", val);
            return -1;
        }
    } else {
        snprintf(err, errlen, "unknown machine option '%s'", name);
        return -1;
    }
    return 0;
}

int virt_cli_opt(struct virt_cli *v, const struct cmd_def *cmd, int argc,
                 char **argv, int *i)
{
    static const char *const names[] = {"--machine", "--mem", "--clock",
                                        "--balloon-target", "--balloon-script",
                                        "--balloon", "--control",
                                        "--cmdline", "--hang-timeout",
                                        "--on-violation"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        int missing = 0;
        const char *val = cli_opt_value(argc, argv, i, names[k], &missing);
        if (!val && !missing)
            continue;
        if (missing) {
            cli_usage_error(cmd, "%s needs a value", names[k]);
            return -1;
        }
        char err[256];
        if (apply(v, names[k], val, err, sizeof err) != 0) {
            cli_usage_error(cmd, "%s", err);
            return -1;
        }
        return 1;
    }
    return 0;
}

int virt_cli_header_argv(struct virt_cli *v, const char *name,
                         const char *const **argv)
{
    int n = 0;
    snprintf(v->argbuf[n++], sizeof v->argbuf[0], "%s", name);
    snprintf(v->argbuf[n++], sizeof v->argbuf[0], "--mem=%llu",
             (unsigned long long)(v->mem ? v->mem : VIRT_RAM_DEFAULT));
    snprintf(v->argbuf[n++], sizeof v->argbuf[0], "--clock=%s",
             v->clock == VIRT_CLOCK_HOST ? "host" : "virtual");
    if (v->balloon[0])
        snprintf(v->argbuf[n++], sizeof v->argbuf[0], "--balloon=%s",
                 v->balloon);
    for (unsigned k = 0; k < v->n_targets; k++)
        snprintf(v->argbuf[n++], sizeof v->argbuf[0],
                 "--balloon-target=%u@%lluns", v->pages[k],
                 (unsigned long long)v->at_ns[k]);
    if (v->hang_timeout_ns)
        snprintf(v->argbuf[n++], sizeof v->argbuf[0], "--hang-timeout=%lluns",
                 (unsigned long long)v->hang_timeout_ns);
    if (v->stop_on_violation)
        snprintf(v->argbuf[n++], sizeof v->argbuf[0], "--on-violation=stop");
    for (int k = 0; k < n; k++)
        v->argv[k] = v->argbuf[k];
    if (v->cmdline[0]) {
        snprintf(v->cmdline_arg, sizeof v->cmdline_arg, "--cmdline=%s",
                 v->cmdline);
        v->argv[n++] = v->cmdline_arg;
    }
    *argv = v->argv;
    return n;
}

int virt_cli_build(void *opaque, struct machine *m, const uint8_t *kernel,
                   size_t kernel_bytes, int argc, const char *const *argv,
                   int mute_output, FILE *uart_out, char *err, size_t errlen)
{
    struct virt_cli v;
    virt_cli_init(&v);
    for (int k = 1; k < argc; k++) {
        const char *eq = strchr(argv[k], '=');
        char name[64];
        size_t nl = eq ? (size_t)(eq - argv[k]) : strlen(argv[k]);
        if (!eq || nl >= sizeof name) {
            snprintf(err, errlen, "bad machine option '%s'", argv[k]);
            return -1;
        }
        memcpy(name, argv[k], nl);
        name[nl] = 0;
        if (apply(&v, name, eq + 1, err, errlen) != 0)
            return -1;
    }
    struct virt_config vc = {.ram_bytes = v.mem, .clock = v.clock,
                             .cmdline = v.cmdline[0] ? v.cmdline : NULL,
                             .hang_timeout_ns = v.hang_timeout_ns,
                             .stop_on_violation = v.stop_on_violation};
    struct virt_err verr = {0};
    if (virt_setup(m, &vc, kernel, kernel_bytes, &verr) != 0) {
        snprintf(err, errlen, "%s", verr.msg);
        return -1;
    }
    struct virt_board_config bc;
    memset(&bc, 0, sizeof bc);
    balloon_config_default(&bc.balloon);
    if (v.balloon[0] &&
        balloon_parse_opts(v.balloon, &bc.balloon, err, errlen) != 0)
        return -1;
    bc.mute_output = mute_output;
    bc.out = uart_out;
    if (virt_board_attach(m, &bc, err, errlen) != 0)
        return -1;
    if (opaque)
        outcome_attach(opaque, m); /* after the gate's hooks are set */
    return 0;
}

/* The host side of live runs and recordings: the performer of clocks,
 * timers and UART input (virt_host), and in front of it the balloon
 * controller with the --balloon-target and --balloon-script schedule, the
 * stats interval and the control socket. 0, or -1 after a usage error
 * printed for cmd (nothing left to free). */
static int make_host(const struct virt_cli *v, const struct cmd_def *cmd,
                     struct virt_host **host, struct bctl **ctl)
{
    struct balloon_config bc;
    balloon_config_default(&bc);
    if (v->balloon[0])
        balloon_parse_opts(v->balloon, &bc, NULL, 0);
    struct virt_host_opts ho = {.input_fd = 0};
    *ctl = NULL;
    *host = virt_host_new(&ho);
    if (!*host) {
        fprintf(stderr, "e2k-rr %s: out of memory\n", cmd->name);
        return -1;
    }
    struct bscript sched;
    bscript_init(&sched);
    char err[300] = "";
    int rc = 0;
    for (unsigned k = 0; k < v->n_targets && rc == 0; k++)
        rc = bscript_add(&sched, BSCRIPT_AT_TIME, v->at_ns[k], BSCRIPT_SET,
                         (uint64_t)v->pages[k] * BSCRIPT_PAGE_BYTES, 0);
    if (rc)
        snprintf(err, sizeof err, "out of memory");
    else if (v->script)
        rc = bscript_load(&sched, v->script, err, sizeof err);
    if (rc == 0) {
        struct bctl_opts co = {
            .schedule = &sched,
            .stats_interval_ns = bc.stats ? bc.stats_interval_ns : 0,
            .ram_bytes = v->mem ? v->mem : VIRT_RAM_DEFAULT,
            .control = v->control,
            .host = *host,
        };
        rc = bctl_new(ctl, &co, err, sizeof err);
    }
    bscript_fini(&sched);
    if (rc) {
        virt_host_free(*host);
        *host = NULL;
        cli_usage_error(cmd, "%s", err);
        return -1;
    }
    if (v->control)
        fprintf(stderr, "control: listening on %s\n", v->control);
    return 0;
}

/* What record_build needs: the controller, and the outcome to watch the
 * run with (NULL = none). */
struct record_ctx {
    struct bctl *ctl;
    struct outcome *outcome;
};

/* sess_virt_build_fn for recordings: build, then let the controller watch
 * the machine's balloon (opaque = struct record_ctx *). */
static int record_build(void *opaque, struct machine *m, const uint8_t *kernel,
                        size_t kernel_bytes, int argc, const char *const *argv,
                        int mute_output, FILE *uart_out, char *err, size_t errlen)
{
    const struct record_ctx *rc_ = opaque;
    int rc = virt_cli_build(rc_->outcome, m, kernel, kernel_bytes, argc, argv,
                            mute_output, uart_out, err, errlen);
    if (rc == 0)
        bctl_attach(rc_->ctl, m);
    return rc;
}

static int load_kernel(const struct cmd_def *cmd, const char *path,
                       uint8_t **elf, size_t *len, int *isa)
{
    int rc = cli_read_file(path, elf, len);
    if (rc)
        return cli_usage_error(cmd, "cannot read %s: %s", path, strerror(-rc));
    struct virt_err err = {0};
    int elf_isa = virt_elf_isa(*elf, *len, &err);
    if (elf_isa < 0) {
        free(*elf);
        return cli_usage_error(cmd, "%s: %s", path, err.msg);
    }
    if (!*isa)
        *isa = elf_isa ? elf_isa : 5;
    return 0;
}

int virt_cli_run(struct virt_cli *v, const char *kernel, int isa,
                 void (*trace)(struct machine *m))
{
    uint8_t *elf = NULL;
    size_t len = 0;
    if (load_kernel(&cmd_run, kernel, &elf, &len, &isa))
        return CLI_EXIT_USAGE;
    struct virt_host *host = NULL;
    struct bctl *ctl = NULL;
    if (make_host(v, &cmd_run, &host, &ctl) != 0) {
        free(elf);
        return CLI_EXIT_USAGE;
    }
    struct machine *m = mach_new(MACH_VIRT, (unsigned)isa, 0);
    if (!m) {
        free(elf);
        bctl_free(ctl);
        virt_host_free(host);
        fprintf(stderr, "e2k-rr run: out of memory creating the machine\n");
        return CLI_EXIT_USAGE;
    }
    const char *const *hargv;
    int hargc = virt_cli_header_argv(v, kernel, &hargv);
    char err[256] = "";
    int rc = virt_cli_build(NULL, m, elf, len, hargc, hargv, 0, NULL, err, sizeof err);
    free(elf);
    if (rc) {
        mach_free(m);
        bctl_free(ctl);
        virt_host_free(host);
        return cli_usage_error(&cmd_run, "%s: %s", kernel, err);
    }
    /* The controller performs the machine's host requests (no gate). */
    struct emu_hooks hooks = {.opaque = ctl, .host_call = bctl_host_call};
    mach_set_hooks(m, &hooks);
    bctl_attach(ctl, m);
    int status = 0;
    struct virt_err verr = {0};
    for (;;) {
        uint64_t limit = UINT64_MAX;
        if (trace) {
            trace(m);
            limit = m->cpu.icount + 1;
        }
        int r = virt_run(m, limit, &status, &verr);
        if (r == VIRT_RUN_EXITED)
            break;
        if (r == VIRT_RUN_LIMIT && trace)
            continue;
        fprintf(stderr, "e2k-rr run: %s\n",
                r < 0 ? verr.msg : "the machine stopped unexpectedly");
        status = CLI_EXIT_USAGE;
        break;
    }
    mach_free(m);
    bctl_free(ctl);
    virt_host_free(host);
    return status;
}

int virt_cli_record(struct virt_cli *v, const char *kernel, int isa,
                    const char *journal, uint64_t hash_interval)
{
    uint8_t *elf = NULL;
    size_t len = 0;
    if (load_kernel(&cmd_record, kernel, &elf, &len, &isa))
        return CLI_EXIT_USAGE;
    struct virt_host *host = NULL;
    struct bctl *ctl = NULL;
    if (make_host(v, &cmd_record, &host, &ctl) != 0) {
        free(elf);
        return CLI_EXIT_USAGE;
    }
    const char *base = strrchr(kernel, '/');
    base = base ? base + 1 : kernel;
    const char *const *hargv;
    int hargc = virt_cli_header_argv(v, base, &hargv);
    struct record_ctx rctx = {.ctl = ctl, .outcome = v->outcome};
    struct sess_virt_record_opts o = {
        .journal = journal,
        .kernel = elf,
        .kernel_bytes = len,
        .argc = hargc,
        .argv = hargv,
        .isa = isa,
        .ram_bytes = v->mem ? v->mem : VIRT_RAM_DEFAULT,
        .hash_interval = hash_interval,
        .build = record_build,
        .build_opaque = &rctx,
        .live = bctl_host_call,
        .live_opaque = ctl,
    };
    struct cli_progress pg;
    cli_progress_begin(&pg, "record");
    o.obs = &pg.obs;
    struct sess_result res;
    int outcome = sess_virt_record(&o, &res);
    cli_progress_end(&pg);
    free(elf);
    bctl_free(ctl);
    virt_host_free(host);
    if (v->outcome && outcome == SESS_OK)
        outcome_finish(v->outcome, res.exited, res.exit_status, res.icount);
    if (outcome != SESS_OK) {
        fprintf(stderr, "e2k-rr record: %s\n", res.msg);
        return CLI_EXIT_USAGE;
    }
    fprintf(stderr,
            "record: %llu instructions, %llu events, %llu state hashes, journal %s "
            "(%llu bytes), state %s\n",
            (unsigned long long)res.icount, (unsigned long long)res.events,
            (unsigned long long)res.hashes, journal,
            (unsigned long long)res.journal_bytes, res.state_hex);
    return res.exit_status;
}
