/*
 * trc_err.c — the trace/ library's error codes and messages (trc_err.h).
 */
#include "trace/trc_err.h"

#include <stdarg.h>
#include <stdio.h>

int trc_fail(struct trc_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

const char *trc_strerror(int code)
{
    switch (code) {
    case TRC_OK: return "ok";
    case TRC_E_ARGS: return "bad arguments";
    case TRC_E_JOURNAL: return "journal unreadable or damaged";
    case TRC_E_REPLAY: return "the replay could not be set up";
    case TRC_E_NOMEM: return "out of memory";
    case TRC_E_IO: return "write error";
    case TRC_E_DIVERGED: return "the replay diverged";
    default: return "unknown error";
    }
}
