/*
 * cli_progress.c — the commands' progress line (cli_progress.h).
 */
#include "tools/e2k-rr/cli_progress.h"

#include <stdio.h>
#include <string.h>

void cli_progress_cb(void *ctx, uint64_t icount, uint64_t end_icount)
{
    trc_progress_update(ctx, icount, end_icount);
}

void cli_progress_begin(struct cli_progress *cp, const char *what)
{
    memset(cp, 0, sizeof *cp);
    trc_progress_init(&cp->line, stderr, what);
    cp->obs.ctx = &cp->line;
    cp->obs.progress = cli_progress_cb;
}

void cli_progress_end(struct cli_progress *cp)
{
    trc_progress_end(&cp->line);
}
