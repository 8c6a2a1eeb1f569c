/*
 * scenario.h — scenario files (tests/scenarios/NAME.scn, docs/scenarios.md):
 * a kernel, the virt machine's options, the host's balloon schedule and
 * the expected outcome, in one small text file that `e2k-rr record
 * --scenario FILE` runs and checks.
 *
 *   # comment (a `#` at the start of a line or after a blank)
 *   name         squeeze                  (default: the file's base name)
 *   description  the host squeezes ...    (repeatable: lines are joined)
 *   kernel       kernel.elf               (default; see scenario_kernel)
 *   mem          16M                      --mem
 *   clock        host                     --clock
 *   balloon      deflate-on-oom=on,...    --balloon
 *   cmdline      bug=oom-deadlock peak=N  --cmdline (the kernel's)
 *   hang-timeout 20ms                     --hang-timeout (virtual time)
 *   at 10ms set 1536 pages                the host's balloon schedule, in
 *   at icount 4000000 set 1M              the balloon-script syntax
 *                                         (balloon_script.h), handed to the
 *                                         controller as --balloon-script
 *   expect       oom-kill oom-kill-with-balloon   facts that must hold
 *   expect-not   hang violation                   facts that must not
 * Facts: outcome.h enum outcome_fact ("powered-off", "oom-kill", ...).
 */
#ifndef E2K_TOOLS_E2K_RR_SCENARIO_H
#define E2K_TOOLS_E2K_RR_SCENARIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tools/e2k-rr/cli.h"

struct virt_cli;
struct outcome;

#define SCN_MAX_OPTS 32
#define SCN_OPT_BYTES 1100

struct scenario {
    char path[1024];               /* the file */
    char name[64];
    char desc[512];
    char kernel[1024];             /* as written ("" = kernel.elf) */
    unsigned n_opts;               /* machine options, "--name=value" */
    char opt[SCN_MAX_OPTS][SCN_OPT_BYTES];
    uint32_t expect, expect_not;   /* bit per enum outcome_fact */
    char *schedule;                /* the `at` lines (other lines blank), or
                                      NULL; owned */
    size_t schedule_len;
    char script_path[256];         /* its temporary --balloon-script file */
    char script_opt[300];          /* "--balloon-script=PATH" */
};

/* Read a scenario. `path` may omit the ".scn" suffix. 0, or -1 with one
 * line ("FILE:LINE: what") in err. */
int scenario_load(struct scenario *s, const char *path, char *err,
                  size_t errlen);

/* Where its kernel is: an absolute name or one with a '/' as written
 * (relative to the working directory, else to the scenario's folder); a
 * bare name in $E2K_GUEST, then in the guest folder of the build this
 * e2k-rr belongs to (bin/../guest), then in build/guest. 0, or -1 with a
 * reason. */
int scenario_kernel(const struct scenario *s, char *out, size_t cap,
                    char *err, size_t errlen);

/* Apply the machine options to *v as if given on cmd's command line
 * (the machine becomes virt); the schedule goes to a temporary file given
 * as --balloon-script. 0, or -1 (message printed). */
int scenario_apply(struct scenario *s, struct virt_cli *v,
                   const struct cmd_def *cmd);

/* Free the schedule and remove its file. */
void scenario_free(struct scenario *s);

/* Check the outcome against the expectations and say so on f: 1 as
 * expected, 0 not. */
int scenario_check(const struct scenario *s, const struct outcome *o,
                   FILE *f);

#endif
