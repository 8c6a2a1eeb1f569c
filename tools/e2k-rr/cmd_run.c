/*
 * cmd_run.c — `e2k-rr run`: load a static e2k Linux executable into a
 * user-mode machine and run it to the end, live (no recording). The exit
 * status is the guest's (128 + signo if a signal killed it).
 *
 * --trace-insn prints every executed bundle on stderr before it runs:
 * address and disassembly (tools/objdump's e2k_dis, MCST syntax) or, in a
 * build without the disassembler, the raw syllables. Tracing single-steps
 * the machine (one bundle per lnx_run call), so it is slow.
 */
#include "tools/e2k-rr/cli.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "emu/decode.h"
#include "emu/isa.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/rev.h"
#include "tools/e2k-rr/cli_debugger.h"
#include "tools/e2k-rr/virt_cli.h"
#ifdef E2K_HAVE_DIS
#include "tools/objdump/dis.h"
#endif

extern char **environ;

static const char kHelp[] =
    "usage: e2k-rr run [--cpu elbrus-vN] [--trace-insn] [--gdb [HOST:]PORT]\n"
    "                  PROG [ARGS...]\n"
    "       e2k-rr run --machine virt [--mem SIZE] [--clock host|virtual]\n"
    "                  [--balloon OPTS] [--balloon-target PAGES[@TIME]]...\n"
    "                  [--balloon-script FILE] [--control unix:PATH]\n"
    "                  [--cpu elbrus-vN] [--trace-insn] KERNEL.elf\n"
    "\n"
    "Run the static e2k Linux executable PROG with ARGS in a user-mode\n"
    "machine and exit with its exit status (128 + signal number if a\n"
    "signal ended it). The program gets the current environment.\n"
    "\n"
    "options:\n"
    "  --cpu elbrus-vN  ISA version N (2..7) to emulate; default: the\n"
    "                   version the executable names in e_flags, else v5\n"
    "  --trace-insn     print each executed bundle (address and\n"
    "                   disassembly) on stderr before it runs\n"
    "  --gdb [HOST:]PORT  wait for gdb (`target remote`) on HOST:PORT\n"
    "                   (HOST 127.0.0.1 unless given; PORT 0 picks one) and\n"
    "                   let it debug the program, forward only\n"
    "                   (docs/debugging.md); exit status 0 after gdb leaves\n"
    "\n"
    "virt machine (docs/virt-machine.md): boot the static e2k kernel\n"
    "KERNEL.elf in privileged mode with RAM and devices; the UART prints on\n"
    "stdout and reads stdin; the exit status is the guest's power-off status.\n"
    "  --machine virt   system mode instead of a Linux process\n"
    "  --mem SIZE       guest RAM (default 64M)\n"
    "  --clock C        timers count virtual time (icount, default) or the\n"
    "                   host's clock (host)\n"
    "  --balloon OPTS   deflate-on-oom=on|off,must-tell-host=on|off,\n"
    "                   stats=on|off,stats-interval=1s\n"
    "  --balloon-target PAGES[@TIME]  the host asks for a balloon of PAGES\n"
    "                   4 KiB pages TIME (ms, or with s/ms/us/ns) after start\n"
    "  --balloon-script FILE  the host's balloon schedule: lines such as\n"
    "                   `at 200ms set 40M`, `at icount 5000000 set 10M`,\n"
    "                   `at 1s stats-interval 100ms`, `at 2s stats`\n"
    "                   (docs/virt-machine.md §8.1)\n"
    "  --control unix:PATH  listen for balloon commands, JSON lines as\n"
    "                   Firecracker's API: {\"op\":\"patch_balloon\",\n"
    "                   \"amount_mib\":40}, get_balloon, get_balloon_stats,\n"
    "                   patch_balloon_stats_interval (§8.2)\n"
    "  --cmdline TEXT   the kernel command line (in the boot info)\n"
    "  --hang-timeout T end the run (status 124) when the guest's heartbeat\n"
    "                   (sysctl HEARTBEAT) has not moved for T of virtual time\n"
    "  --on-violation stop|continue  a guest access to a page in the balloon\n"
    "                   is always journaled; `stop` also ends the run after\n"
    "                   that bundle (status 125); default continue\n"
    "  -h, --help       this text\n"
    "\n"
    "exit status: the guest's; 2 if PROG cannot be read or is not a\n"
    "supported e2k executable, or the options are wrong.\n";

static int run_main(int argc, char **argv);

const struct cmd_def cmd_run = {
    .name = "run",
    .summary = "run an e2k Linux program (live, no recording)",
    .help = kHelp,
    .main = run_main,
};

/* One trace line (or block of lines) for the bundle at c->ip. */
static void trace_bundle(struct machine *m)
{
    uint64_t pc = m->cpu.ip;
    uint8_t b[DEC_MAX_BUNDLE];
    size_t avail = 0;
    while (avail < sizeof b && mem_peek(m->mem, pc + avail, b + avail, 8) == 0)
        avail += 8;
    if (avail < 8) {
        fprintf(stderr, "0x%012llx: <unmapped>\n", (unsigned long long)pc);
        return;
    }
    uint32_t hs = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
                  (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    unsigned len = dec_bundle_len(hs);
    if (len > avail)
        len = (unsigned)avail;
#ifdef E2K_HAVE_DIS
    char text[DIS_TEXT_MAX];
    unsigned consumed = 0;
    struct dis_opts o = {.isa = m->isa, .syntax = DIS_SYNTAX_MCST};
    if (dis_insn(b, len, pc, &o, text, sizeof text, &consumed, NULL) >= 0) {
        fprintf(stderr, "0x%012llx:\n%s", (unsigned long long)pc, text);
        return;
    }
#endif
    fprintf(stderr, "0x%012llx:", (unsigned long long)pc);
    for (unsigned i = 0; i + 4 <= len; i += 4)
        fprintf(stderr, " %02x%02x%02x%02x", b[i + 3], b[i + 2], b[i + 1],
                b[i]);
    fputc('\n', stderr);
}

static int run_main(int argc, char **argv)
{
    int isa = 0, trace = 0, i = 1, vr, missing = 0;
    const char *gdb = NULL, *gv;
    struct virt_cli vc;
    virt_cli_init(&vc);
    for (; i < argc; i++) {
        const char *a = argv[i];
        if ((vr = virt_cli_opt(&vc, &cmd_run, argc, argv, &i)) != 0) {
            if (vr < 0)
                return CLI_EXIT_USAGE;
        } else if (cli_is_help(a)) {
            fputs(kHelp, stdout);
            return 0;
        } else if (strcmp(a, "--trace-insn") == 0) {
            trace = 1;
        } else if ((gv = cli_opt_value(argc, argv, &i, "--gdb", &missing)) || missing) {
            if (!gv)
                return cli_usage_error(&cmd_run, "--gdb needs [HOST:]PORT");
            gdb = gv;
        } else if (strcmp(a, "--cpu") == 0 || strncmp(a, "--cpu=", 6) == 0) {
            const char *v = a[5] == '=' ? a + 6 : (i + 1 < argc ? argv[++i]
                                                               : NULL);
            if (!v)
                return cli_usage_error(&cmd_run, "--cpu needs a value "
                                       "(elbrus-v2 .. elbrus-v7)");
            isa = cli_parse_cpu(v);
            if (isa < 0)
                return cli_usage_error(&cmd_run, "unknown CPU '%s' "
                                       "(elbrus-v2 .. elbrus-v7)", v);
        } else if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (a[0] == '-' && a[1]) {
            return cli_usage_error(&cmd_run, "unknown option '%s' (see "
                                   "e2k-rr run --help)", a);
        } else {
            break;
        }
    }
    if (i >= argc)
        return cli_usage_error(&cmd_run, "no program given (see e2k-rr run "
                               "--help)");
    const char *prog = argv[i];
    if (vc.virt) {
        if (i + 1 < argc)
            return cli_usage_error(&cmd_run, "the virt machine takes no "
                                   "arguments after the kernel");
        return virt_cli_run(&vc, prog, isa, trace ? trace_bundle : NULL);
    }
    if (gdb) {
        uint8_t *img = NULL;
        size_t img_len = 0;
        int rc = cli_read_file(prog, &img, &img_len);
        if (rc)
            return cli_usage_error(&cmd_run, "cannot read %s: %s", prog, strerror(-rc));
        struct rev_opts ro = {
            .program = img,
            .program_bytes = img_len,
            .argc = argc - i,
            .argv = (const char *const *)argv + i,
            .envp = (const char *const *)environ,
            .isa = isa,
            .emit_output = 1,
        };
        rc = cli_gdb_run(&cmd_run, gdb, &ro);
        free(img);
        return rc;
    }

    uint8_t *elf = NULL;
    size_t len = 0;
    int rc = cli_read_file(prog, &elf, &len);
    if (rc)
        return cli_usage_error(&cmd_run, "cannot read %s: %s", prog,
                               strerror(-rc));
    struct lnx_err err = {0};
    int elf_isa = lnx_elf_isa(elf, len, &err);
    if (elf_isa < 0) {
        free(elf);
        return cli_usage_error(&cmd_run, "%s: %s", prog, err.msg);
    }
    if (!isa)
        isa = elf_isa ? elf_isa : ISA_VERSION_DEFAULT;

    struct machine *m = mach_new(MACH_USER, (unsigned)isa, 0);
    if (!m) {
        free(elf);
        fprintf(stderr, "e2k-rr run: out of memory creating the machine\n");
        return CLI_EXIT_USAGE;
    }
    struct lnx_opts opts = {
        .argv = (const char *const *)argv + i,
        .argc = argc - i,
        .envp = (const char *const *)environ,
    };
    rc = lnx_load(m, elf, len, &opts, &err);
    free(elf);
    if (rc) {
        mach_free(m);
        return cli_usage_error(&cmd_run, "%s: %s", prog, err.msg);
    }

    int status = 0;
    for (;;) {
        uint64_t limit = UINT64_MAX;
        if (trace) {
            trace_bundle(m);
            limit = m->cpu.icount + 1;
        }
        rc = lnx_run(m, limit, &status, &err);
        if (rc == LNX_RUN_EXITED)
            break;
        if (rc == LNX_RUN_LIMIT && trace)
            continue;
        if (rc < 0) {
            fprintf(stderr, "e2k-rr run: %s\n", err.msg);
            status = CLI_EXIT_USAGE;
        } else {
            fprintf(stderr, "e2k-rr run: the machine stopped (%s at pc "
                    "0x%llx): %s\n", cpu_stop_name(m->cpu.stop.reason),
                    (unsigned long long)m->cpu.stop.pc, m->cpu.stop.msg);
            status = CLI_EXIT_USAGE;
        }
        break;
    }
    mach_free(m);
    return status;
}
