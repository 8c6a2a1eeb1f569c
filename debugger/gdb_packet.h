/*
 * gdb_packet.h — RSP packet contents: a packet payload (as delivered by
 * gdb_wire.h) parsed into a typed struct gdb_req, and the replies
 * formatted back (stop replies, hex data, qSupported, qXfer chunks,
 * console output). The split follows rr's GdbServerConnection (protocol)
 * vs GdbServer (policy), style.md "Protocol vs. policy".
 *
 * Pure: no socket, no session, no allocation; a request carries its
 * decoded data in a fixed buffer. Unit-tested (gdb_packet_test.c) and
 * fuzzed (tests/fuzz/fuzz_gdb_packet.c).
 *
 * Errors: a packet we recognise but cannot use (bad hex, wrong lengths,
 * numbers too large, data beyond GDB_PACKET_MAX) is GDB_REQ_MALFORMED with
 * a one-line reason; the session replies `E01` and goes on. A packet we do
 * not implement is GDB_REQ_UNSUPPORTED; the reply is empty, which gdb reads
 * as "not supported" (gdb manual, "Packets").
 */
#ifndef E2K_DEBUGGER_GDB_PACKET_H
#define E2K_DEBUGGER_GDB_PACKET_H

#include <stddef.h>
#include <stdint.h>

#include "debugger/gdb_buf.h"
#include "debugger/gdb_wire.h"

enum gdb_req_kind {
    GDB_REQ_NONE = 0,
    GDB_REQ_UNSUPPORTED,   /* reply empty */
    GDB_REQ_MALFORMED,     /* reply E01; req.error says why */
    GDB_REQ_SUPPORTED,     /* qSupported[:gdb features]; req.features */
    GDB_REQ_NOACK,         /* QStartNoAckMode */
    GDB_REQ_HALT_REASON,   /* ? */
    GDB_REQ_GET_REGS,      /* g */
    GDB_REQ_SET_REGS,      /* G: req.data[0..data_len) */
    GDB_REQ_GET_REG,       /* p: req.regnum */
    GDB_REQ_SET_REG,       /* P: req.regnum, req.data */
    GDB_REQ_GET_MEM,       /* m: req.addr, req.len */
    GDB_REQ_SET_MEM,       /* M and X: req.addr, req.data (len bytes) */
    GDB_REQ_CONT,          /* c, C, vCont;c / vCont;C (signal ignored) */
    GDB_REQ_STEP,          /* s, S, vCont;s / vCont;S */
    GDB_REQ_RCONT,         /* bc */
    GDB_REQ_RSTEP,         /* bs */
    GDB_REQ_VCONT_QUERY,   /* vCont? */
    GDB_REQ_SET_BREAK,     /* Z: req.type 0..4, req.addr, req.len = kind */
    GDB_REQ_REMOVE_BREAK,  /* z: same fields */
    GDB_REQ_MONITOR,       /* qRcmd: req.data = command text (NUL-ended) */
    GDB_REQ_ATTACHED,      /* qAttached */
    GDB_REQ_CURRENT_THREAD,/* qC */
    GDB_REQ_THREADS_FIRST, /* qfThreadInfo */
    GDB_REQ_THREADS_NEXT,  /* qsThreadInfo */
    GDB_REQ_SET_THREAD,    /* H: req.type = 'g'/'c', req.thread */
    GDB_REQ_THREAD_ALIVE,  /* T: req.thread */
    GDB_REQ_XFER_READ,     /* qXfer:OBJECT:read:ANNEX:OFF,LEN */
    GDB_REQ_KILL,          /* k, vKill */
    GDB_REQ_DETACH,        /* D */
    GDB_REQ_COUNT
};

/* Thread ids as parsed: GDB_TID_ALL for -1, GDB_TID_ANY for 0. */
#define GDB_TID_ALL (-1)
#define GDB_TID_ANY 0

/* gdb features announced in its qSupported (bits of req.features). */
#define GDB_FEAT_SWBREAK 0x1
#define GDB_FEAT_HWBREAK 0x2
#define GDB_FEAT_MULTIPROCESS 0x4

/* Breakpoint types of Z/z (gdb manual "Packets", Z0..Z4). */
enum gdb_bp_type {
    GDB_BP_SW = 0,
    GDB_BP_HW = 1,
    GDB_BP_WATCH_WRITE = 2,
    GDB_BP_WATCH_READ = 3,
    GDB_BP_WATCH_ACCESS = 4
};

#define GDB_XFER_NAME_MAX 32
#define GDB_XFER_ANNEX_MAX 64

struct gdb_req {
    int kind;               /* enum gdb_req_kind */
    const char *error;      /* GDB_REQ_MALFORMED: why (static text) */
    uint64_t addr;          /* m/M/X/Z/z, c/s resume address */
    uint64_t len;           /* m/M/X length, Z/z kind, qXfer length */
    uint64_t offset;        /* qXfer offset */
    unsigned regnum;        /* p/P */
    int type;               /* Z/z type; H operation ('g', 'c') */
    int has_addr;           /* c/s/C/S carried a resume address */
    int signo;              /* C/S/vCont;C/S: the signal (ignored) */
    long thread;            /* H/T/vCont thread (GDB_TID_*, or an id) */
    long pid;               /* thread given as pPID.TID (0 if not) */
    unsigned features;      /* qSupported: GDB_FEAT_* */
    char object[GDB_XFER_NAME_MAX];  /* qXfer object ("features") */
    char annex[GDB_XFER_ANNEX_MAX];  /* qXfer annex ("target.xml") */
    size_t data_len;        /* bytes in data */
    uint8_t data[GDB_PACKET_MAX + 1]; /* decoded G/P/M/X data or monitor
                                         text (NUL after it) */
};

/* Parse payload[0..n). Always fills *req (kind at least). */
void gdb_packet_parse(const char *payload, size_t n, struct gdb_req *req);

const char *gdb_req_name(int kind);

/* --- helpers --- */
/* Decode hex pairs into out; returns the byte count or -1 (odd length,
 * non-hex digit, more than cap bytes). */
long gdb_hex_decode(const char *in, size_t n, uint8_t *out, size_t cap);
/* A hex number of 1..16 digits in [p, end); *next points after it.
 * 0 or -1. */
int gdb_parse_hex_u64(const char *p, const char *end, uint64_t *v,
                      const char **next);

/* --- replies (appended to b; the payload, not yet framed) --- */

enum gdb_stop_kind {
    GDB_STOP_SIGNAL = 0,  /* T: the thread stopped with a signal */
    GDB_STOP_EXITED,      /* W: the process exited with status */
    GDB_STOP_KILLED       /* X: the process was terminated by sig */
};

enum gdb_stop_why {
    GDB_WHY_NONE = 0,
    GDB_WHY_SWBREAK,      /* swbreak: */
    GDB_WHY_HWBREAK,      /* hwbreak: */
    GDB_WHY_WATCH,        /* watch:ADDR */
    GDB_WHY_RWATCH,       /* rwatch:ADDR */
    GDB_WHY_AWATCH,       /* awatch:ADDR */
    GDB_WHY_REPLAY_BEGIN, /* replaylog:begin */
    GDB_WHY_REPLAY_END    /* replaylog:end */
};

struct gdb_stop {
    int kind;      /* enum gdb_stop_kind */
    int sig;       /* gdb signal number (GDB_SIG_*) for T and X */
    int status;    /* exit status for W (low 8 bits are sent) */
    int why;       /* enum gdb_stop_why (T only) */
    uint64_t addr; /* watch address */
    long thread;   /* T: thread id to name (0: none) */
    unsigned features; /* gdb's GDB_FEAT_*: swbreak:/hwbreak: are sent
                          only when gdb announced them */
};

/* gdb's own signal numbers (gdb/signals.def), which differ from Linux's
 * above 6. */
enum gdb_sig {
    GDB_SIG_0 = 0, GDB_SIG_HUP = 1, GDB_SIG_INT = 2, GDB_SIG_QUIT = 3,
    GDB_SIG_ILL = 4, GDB_SIG_TRAP = 5, GDB_SIG_ABRT = 6, GDB_SIG_EMT = 7,
    GDB_SIG_FPE = 8, GDB_SIG_KILL = 9, GDB_SIG_BUS = 10, GDB_SIG_SEGV = 11,
    GDB_SIG_SYS = 12, GDB_SIG_PIPE = 13, GDB_SIG_ALRM = 14,
    GDB_SIG_TERM = 15, GDB_SIG_USR1 = 30, GDB_SIG_USR2 = 31
};
/* Linux signal number -> gdb signal number (GDB_SIG_0 for unknown
 * ones, which gdb shows as "signal 0"). */
int gdb_sig_from_linux(int linux_signo);

void gdb_reply_stop(struct gdb_buf *b, const struct gdb_stop *st);
void gdb_reply_ok(struct gdb_buf *b);
void gdb_reply_error(struct gdb_buf *b, unsigned code);
void gdb_reply_hex(struct gdb_buf *b, const void *data, size_t n);
/* qSupported reply. reverse: offer ReverseStep/ReverseContinue. */
void gdb_reply_supported(struct gdb_buf *b, int reverse);
/* One qXfer:read chunk of the object data[0..total): `m`/`l` + escaped
 * bytes, at most len bytes starting at offset, and never more than fits a
 * GDB_PACKET_MAX packet. */
void gdb_reply_xfer(struct gdb_buf *b, const void *data, size_t total,
                    uint64_t offset, uint64_t len);
/* Console output for gdb (`O` + hex text). */
void gdb_reply_console(struct gdb_buf *b, const char *text, size_t n);
/* Most text bytes one `O` packet carries. */
#define GDB_CONSOLE_CHUNK ((GDB_PACKET_MAX - 2) / 2)

#endif
