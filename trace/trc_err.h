/*
 * trc_err.h — errors of the trace/ library: negative TRC_E_* codes and an
 * optional one-line message saying what failed and where (style.md
 * "Errors"). Every trc_* function that can fail returns 0 or a code and
 * fills a struct trc_err if given one.
 */
#ifndef E2K_TRACE_TRC_ERR_H
#define E2K_TRACE_TRC_ERR_H

enum trc_error {
    TRC_OK = 0,
    TRC_E_ARGS = -1,     /* bad arguments (a range, an option) */
    TRC_E_JOURNAL = -2,  /* the journal cannot be read, or is damaged */
    TRC_E_REPLAY = -3,   /* the replay diverged or could not be set up */
    TRC_E_NOMEM = -4,
    TRC_E_IO = -5,       /* writing the output failed */
    TRC_E_DIVERGED = -6  /* the replay diverged from the journal */
};

struct trc_err {
    int code;            /* enum trc_error */
    char msg[320];       /* one line, no newline */
};

/* Fills err (if not NULL) and returns code. */
int trc_fail(struct trc_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Text of a TRC_E_* code. */
const char *trc_strerror(int code);

#endif
