/*
 * virt_cli.h — the command-line side of the virt machine, shared by `run`,
 * `record` and `replay`: the machine options (--machine, --mem, --balloon,
 * --balloon-target, --clock), the host-control options of live runs and
 * recordings (--balloon-script, --control: balloon_ctl.h), building the
 * machine with its devices, the live run, and the option strings a journal
 * header keeps so that a replay rebuilds the same machine
 * (docs/virt-machine.md §8).
 */
#ifndef E2K_TOOLS_E2K_RR_VIRT_CLI_H
#define E2K_TOOLS_E2K_RR_VIRT_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tools/e2k-rr/cli.h"

struct machine;
struct outcome;

#define VIRT_CLI_MAX_TARGETS 16
#define VIRT_CLI_MAX_ARGS (7 + VIRT_CLI_MAX_TARGETS) /* name, mem, clock, balloon, targets, hang, violation */

struct virt_cli {
    int virt;                 /* --machine virt */
    uint64_t mem;             /* --mem (bytes), 0 = default */
    unsigned clock;           /* enum virt_clock */
    char balloon[256];        /* --balloon option string ("" = defaults) */
    unsigned n_targets;       /* --balloon-target PAGES[@TIME] */
    uint32_t pages[VIRT_CLI_MAX_TARGETS];
    uint64_t at_ns[VIRT_CLI_MAX_TARGETS];
    const char *script;       /* --balloon-script FILE (borrowed argv), or
                                 NULL; host side only, not in the header */
    const char *control;      /* --control unix:PATH (borrowed), or NULL */
    char cmdline[1025];       /* --cmdline: kernel command line ("" = none;
                                 at most VIRT_CMDLINE_MAX bytes) */
    uint64_t hang_timeout_ns; /* --hang-timeout (virtual time), 0 = off */
    int stop_on_violation;    /* --on-violation stop */
    char cmdline_arg[1040];   /* header argv storage for --cmdline */
    struct outcome *outcome;  /* record: watch the run for the outcome
                                 summary (outcome.h); NULL = no */
    /* header argv (virt_cli_header_argv): storage */
    char argbuf[VIRT_CLI_MAX_ARGS][288];
    const char *argv[VIRT_CLI_MAX_ARGS];
};

void virt_cli_init(struct virt_cli *v);

/* Try the option at argv[*i]: 1 = consumed (advancing *i past a separate
 * value), 0 = not a machine option, -1 = bad usage (message printed for
 * `cmd`). */
int virt_cli_opt(struct virt_cli *v, const struct cmd_def *cmd, int argc,
                 char **argv, int *i);

/* The machine options as "--name=value" strings after argv[0] = name (the
 * kernel's file name): what the journal header stores. Returns argc. */
int virt_cli_header_argv(struct virt_cli *v, const char *name,
                         const char *const **argv);

/* sess_virt_build_fn (replay/session.h): parse the header argv and build
 * machine + devices. opaque: NULL, or a struct outcome to attach to the
 * machine (outcome_attach). */
int virt_cli_build(void *opaque, struct machine *m, const uint8_t *kernel,
                   size_t kernel_bytes, int argc, const char *const *argv,
                   int mute_output, FILE *uart_out, char *err,
                   size_t errlen);

/* `e2k-rr run --machine virt`: run KERNEL live; returns the exit status.
 * trace (may be NULL) is called before each bundle (single-stepping). */
int virt_cli_run(struct virt_cli *v, const char *kernel, int isa,
                 void (*trace)(struct machine *m));

/* `e2k-rr record --machine virt`. */
int virt_cli_record(struct virt_cli *v, const char *kernel, int isa,
                    const char *journal, uint64_t hash_interval);

#endif
