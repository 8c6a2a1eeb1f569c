/*
 * balloon_script.h — balloon schedules: the text of `--balloon-script
 * FILE` (docs/virt-machine.md §8.1) parsed into an ordered list of host
 * actions, each "at a host time or at an icount, do one thing to the
 * balloon". The parser only reads text; the host controller
 * (balloon_ctl.h) carries the actions out, through the gate.
 *
 *   # comment                       blank lines and `#` comments are ignored
 *   at 200ms set 40M                target 40 MiB, 200 ms of host time
 *                                   after start
 *   at icount 5000000 set 10240 pages
 *   at 1s stats-interval 100ms      ask for statistics every 100 ms
 *                                   (0 = stop)
 *   at 2s stats                     ask for statistics once now
 *
 * Times: an integer with ns, us, ms or s (0 alone is fine). Sizes: an
 * integer of bytes with an optional K, M, G or T (binary: 1K = 1024; KB,
 * KiB and lower case too), or "N pages" (4 KiB pages); a multiple of
 * 4 KiB, at most 2^32 - 1 pages. Counts: a decimal integer.
 *
 * Usable from other front ends (scenario files embed a schedule): parse
 * from a string with bscript_parse, several sources into one list.
 */
#ifndef E2K_TOOLS_E2K_RR_BALLOON_SCRIPT_H
#define E2K_TOOLS_E2K_RR_BALLOON_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#define BSCRIPT_PAGE_BYTES 4096ull   /* virtio balloon page (§5.5.6) */
#define BSCRIPT_MAX_ACTIONS 65536    /* per list */
#define BSCRIPT_MAX_LINE 1024        /* bytes per line, newline excluded */
#define BSCRIPT_MAX_FILE (1u << 20)  /* bytes of a script file */

enum bscript_error {
    BSCRIPT_OK = 0,
    BSCRIPT_E_SYNTAX = -1,  /* a bad line (message names file:line) */
    BSCRIPT_E_NOMEM = -2,
    BSCRIPT_E_IO = -3,      /* the file cannot be read */
    BSCRIPT_E_LIMIT = -4    /* too many actions, line or file too long */
};

/* When an action is due. */
enum bscript_when {
    BSCRIPT_AT_TIME = 0,    /* `at`: host time since start (ns) */
    BSCRIPT_AT_ICOUNT = 1   /* guest icount (first poll point at or after) */
};

/* What it does. */
enum bscript_op {
    BSCRIPT_SET = 1,            /* value = target in bytes (page multiple) */
    BSCRIPT_STATS_INTERVAL = 2, /* value = stats request period ns; 0 off */
    BSCRIPT_STATS = 3           /* one stats request; value 0 */
};

struct bscript_action {
    unsigned when;          /* enum bscript_when */
    uint64_t at;            /* ns or icount */
    unsigned op;            /* enum bscript_op */
    uint64_t value;         /* see enum bscript_op */
    unsigned line;          /* source line (1-based; 0 = not from text) */
    uint64_t seq;           /* order added (ties keep it) */
};

/* Sorted by (when, at, seq): the time actions in time order, then the
 * icount actions in icount order, each stable. */
struct bscript {
    struct bscript_action *a; /* owned */
    size_t n, cap;
    uint64_t next_seq;
};

void bscript_init(struct bscript *s);
void bscript_fini(struct bscript *s);

/* Parse `len` bytes of script text and add its actions to *s. `name`
 * names the source in messages ("FILE:LINE: what"; NULL = "<script>").
 * Returns 0, or a BSCRIPT_E_* code with one line in err (if not NULL);
 * on error *s is as before. */
int bscript_parse(struct bscript *s, const char *text, size_t len,
                  const char *name, char *err, size_t errlen);
/* The same for a file (at most BSCRIPT_MAX_FILE bytes). */
int bscript_load(struct bscript *s, const char *path, char *err,
                 size_t errlen);
/* Add one action (e.g. from --balloon-target). 0 or BSCRIPT_E_*. */
int bscript_add(struct bscript *s, unsigned when, uint64_t at, unsigned op,
                uint64_t value, unsigned line);

/* Value parsers of the grammar, also for other front ends: 0, or
 * BSCRIPT_E_SYNTAX with a message (no file:line) in err. */
int bscript_parse_size(const char *s, uint64_t *bytes, char *err,
                       size_t errlen);
int bscript_parse_time(const char *s, uint64_t *ns, char *err,
                       size_t errlen);

/* One action as a script line ("at 200ms set 41943040"), for messages. */
void bscript_format(const struct bscript_action *a, char *buf, size_t n);

#endif
