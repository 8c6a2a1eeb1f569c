/*
 * cli_progress.h — the progress line of `record` and `replay` (and of the
 * replays behind `export` and `plot`): trace/trc_progress.h on stderr,
 * fed by a session observer (replay/session.h). Shown only when stderr is
 * a terminal, from the first second on, at most 4 times a second; erased
 * before the command prints its summary.
 */
#ifndef E2K_TOOLS_E2K_RR_CLI_PROGRESS_H
#define E2K_TOOLS_E2K_RR_CLI_PROGRESS_H

#include "replay/session.h"
#include "trace/trc_progress.h"

struct cli_progress {
    struct trc_progress line;
    struct sess_observer obs;  /* progress only; pass &obs in the opts */
};

/* what: the line's label ("record", "replay"). */
void cli_progress_begin(struct cli_progress *cp, const char *what);
/* Erases the line (if any was shown). */
void cli_progress_end(struct cli_progress *cp);
/* sess_observer.progress for a struct trc_progress context. */
void cli_progress_cb(void *ctx, uint64_t icount, uint64_t end_icount);

#endif
