/*
 * balloon_script.c — the balloon schedule parser (balloon_script.h).
 *
 * Line-oriented and strict: every line is `at TRIGGER ACTION` or nothing,
 * unknown words and trailing words are errors that name the file and
 * line, and numbers are integers checked for overflow (no fractions: a
 * smaller unit says the same exactly). The input is outside input (a file,
 * or a scenario's embedded text), so lengths and counts are bounded
 * (BSCRIPT_MAX_*) and bytes are never trusted: NUL bytes and overlong
 * lines are errors, and words echoed in messages are cut and made
 * printable.
 */
#include "tools/e2k-rr/balloon_script.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void bscript_init(struct bscript *s)
{
    memset(s, 0, sizeof *s);
}

void bscript_fini(struct bscript *s)
{
    if (!s)
        return;
    free(s->a);
    memset(s, 0, sizeof *s);
}

static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, int code, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* A word for a message: at most 24 bytes, non-printable bytes as '?'. */
static const char *shown(const char *w, char *buf, size_t n)
{
    size_t i = 0;
    for (; w[i] && i + 4 < n && i < 24; i++)
        buf[i] = isprint((unsigned char)w[i]) ? w[i] : '?';
    if (w[i] && i + 4 <= n)
        buf[i++] = '.', buf[i++] = '.', buf[i++] = '.';
    buf[i] = 0;
    return buf;
}

/* Leading decimal digits of s as *v; returns the bytes used (0: none) or
 * -1 on overflow. */
static int digits(const char *s, uint64_t *v)
{
    uint64_t n = 0;
    int i = 0;
    for (; s[i] >= '0' && s[i] <= '9'; i++) {
        unsigned d = (unsigned)(s[i] - '0');
        if (n > (UINT64_MAX - d) / 10)
            return -1;
        n = n * 10 + d;
    }
    *v = n;
    return i;
}

static int number_prefix(const char *s, uint64_t *v, const char *what,
                         char *err, size_t errlen)
{
    char b[32];
    int k = digits(s, v);
    if (k < 0)
        return fail(err, errlen, BSCRIPT_E_SYNTAX, "%s '%s' is too large", what,
                    shown(s, b, sizeof b));
    if (k == 0)
        return fail(err, errlen, BSCRIPT_E_SYNTAX, "%s '%s' is not a number", what,
                    shown(s, b, sizeof b));
    if (s[k] == '.' || s[k] == ',')
        return fail(err, errlen, BSCRIPT_E_SYNTAX,
                    "%s '%s': fractions are not supported, use a smaller unit",
                    what, shown(s, b, sizeof b));
    return k;
}

int bscript_parse_size(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
    static const struct { const char *unit; uint64_t mul; } k_units[] = {
        {"", 1}, {"b", 1},
        {"k", 1ull << 10}, {"kb", 1ull << 10}, {"kib", 1ull << 10},
        {"m", 1ull << 20}, {"mb", 1ull << 20}, {"mib", 1ull << 20},
        {"g", 1ull << 30}, {"gb", 1ull << 30}, {"gib", 1ull << 30},
        {"t", 1ull << 40}, {"tb", 1ull << 40}, {"tib", 1ull << 40},
        {"page", BSCRIPT_PAGE_BYTES}, {"pages", BSCRIPT_PAGE_BYTES},
    };
    char b[32];
    uint64_t n;
    int k = number_prefix(s, &n, "size", err, errlen);
    if (k < 0)
        return k;
    const char *u = s + k;
    while (*u == ' ' || *u == '\t')
        u++;
    for (size_t i = 0; i < sizeof k_units / sizeof k_units[0]; i++) {
        if (strcasecmp(u, k_units[i].unit) != 0)
            continue;
        uint64_t mul = k_units[i].mul;
        if (n > UINT64_MAX / mul)
            return fail(err, errlen, BSCRIPT_E_SYNTAX, "size '%s' is too large",
                        shown(s, b, sizeof b));
        uint64_t v = n * mul;
        if (v % BSCRIPT_PAGE_BYTES)
            return fail(err, errlen, BSCRIPT_E_SYNTAX,
                        "size '%s' is not a multiple of 4 KiB (the balloon's page)",
                        shown(s, b, sizeof b));
        if (v / BSCRIPT_PAGE_BYTES > UINT32_MAX)
            return fail(err, errlen, BSCRIPT_E_SYNTAX,
                        "size '%s' is more than 2^32-1 pages", shown(s, b, sizeof b));
        *bytes = v;
        return 0;
    }
    return fail(err, errlen, BSCRIPT_E_SYNTAX,
                "size '%s': unknown unit (K, M, G, T, or pages)", shown(s, b, sizeof b));
}

int bscript_parse_time(const char *s, uint64_t *ns, char *err, size_t errlen)
{
    static const struct { const char *unit; uint64_t mul; } k_units[] = {
        {"ns", 1}, {"us", 1000}, {"ms", 1000000}, {"s", 1000000000},
    };
    char b[32];
    uint64_t n;
    int k = number_prefix(s, &n, "time", err, errlen);
    if (k < 0)
        return k;
    const char *u = s + k;
    if (!*u && n == 0) {
        *ns = 0;
        return 0;
    }
    if (!*u)
        return fail(err, errlen, BSCRIPT_E_SYNTAX,
                    "time '%s' needs a unit (ns, us, ms, s)", shown(s, b, sizeof b));
    for (size_t i = 0; i < sizeof k_units / sizeof k_units[0]; i++) {
        if (strcmp(u, k_units[i].unit) != 0)
            continue;
        if (n > UINT64_MAX / k_units[i].mul)
            return fail(err, errlen, BSCRIPT_E_SYNTAX, "time '%s' is too large",
                        shown(s, b, sizeof b));
        *ns = n * k_units[i].mul;
        return 0;
    }
    return fail(err, errlen, BSCRIPT_E_SYNTAX, "time '%s': unknown unit (ns, us, ms, s)",
                shown(s, b, sizeof b));
}

static int cmp_action(const void *pa, const void *pb)
{
    const struct bscript_action *a = pa, *b = pb;
    if (a->when != b->when)
        return a->when < b->when ? -1 : 1;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int append(struct bscript *s, const struct bscript_action *a)
{
    if (s->n >= BSCRIPT_MAX_ACTIONS)
        return BSCRIPT_E_LIMIT;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        struct bscript_action *na = realloc(s->a, cap * sizeof *na);
        if (!na)
            return BSCRIPT_E_NOMEM;
        s->a = na;
        s->cap = cap;
    }
    s->a[s->n] = *a;
    s->a[s->n++].seq = s->next_seq++;
    return 0;
}

int bscript_add(struct bscript *s, unsigned when, uint64_t at, unsigned op, uint64_t value,
                unsigned line)
{
    if (when > BSCRIPT_AT_ICOUNT || op < BSCRIPT_SET || op > BSCRIPT_STATS)
        return BSCRIPT_E_SYNTAX;
    struct bscript_action a = {.when = when, .at = at, .op = op, .value = value, .line = line};
    int rc = append(s, &a);
    if (rc == 0)
        qsort(s->a, s->n, sizeof *s->a, cmp_action);
    return rc;
}

#define MAX_WORDS 8

/* Split a line (NUL-terminated, comment already cut) into words. Returns
 * the count, or MAX_WORDS + 1 if there are more. */
static int split(char *line, char **w)
{
    int n = 0;
    for (char *p = line;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            *p++ = 0;
        if (!*p)
            return n;
        if (n == MAX_WORDS)
            return MAX_WORDS + 1;
        w[n++] = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
    }
}

/* One line of words into *a; 0 or BSCRIPT_E_SYNTAX with err (no prefix). */
static int parse_words(char **w, int n, struct bscript_action *a, char *err, size_t errlen)
{
    char b[32];
    if (n > MAX_WORDS)
        return fail(err, errlen, BSCRIPT_E_SYNTAX, "too many words");
    if (strcmp(w[0], "at") != 0)
        return fail(err, errlen, BSCRIPT_E_SYNTAX,
                    "a line starts with 'at', not '%s' (at TIME|icount N ACTION)",
                    shown(w[0], b, sizeof b));
    int i = 1, rc;
    if (i >= n)
        return fail(err, errlen, BSCRIPT_E_SYNTAX, "'at' needs a time or 'icount N'");
    if (strcmp(w[i], "icount") == 0) {
        if (++i >= n)
            return fail(err, errlen, BSCRIPT_E_SYNTAX, "'icount' needs a number");
        int k = number_prefix(w[i], &a->at, "icount", err, errlen);
        if (k < 0)
            return k;
        if (w[i][k])
            return fail(err, errlen, BSCRIPT_E_SYNTAX, "icount '%s' is not a number",
                        shown(w[i], b, sizeof b));
        a->when = BSCRIPT_AT_ICOUNT;
    } else {
        if ((rc = bscript_parse_time(w[i], &a->at, err, errlen)) != 0)
            return rc;
        a->when = BSCRIPT_AT_TIME;
    }
    if (++i >= n)
        return fail(err, errlen, BSCRIPT_E_SYNTAX,
                    "no action after the trigger (set SIZE, stats-interval TIME, stats)");
    const char *verb = w[i++];
    if (strcmp(verb, "set") == 0) {
        if (i >= n)
            return fail(err, errlen, BSCRIPT_E_SYNTAX, "'set' needs a size (e.g. 40M)");
        char size[64];
        const char *arg = w[i++];
        if (i < n && (strcmp(w[i], "pages") == 0 || strcmp(w[i], "page") == 0)) {
            snprintf(size, sizeof size, "%.40s %s", arg, w[i++]);
            arg = size;
        }
        if ((rc = bscript_parse_size(arg, &a->value, err, errlen)) != 0)
            return rc;
        a->op = BSCRIPT_SET;
    } else if (strcmp(verb, "stats-interval") == 0) {
        if (i >= n)
            return fail(err, errlen, BSCRIPT_E_SYNTAX,
                        "'stats-interval' needs a time (e.g. 100ms, 0 = off)");
        if ((rc = bscript_parse_time(w[i++], &a->value, err, errlen)) != 0)
            return rc;
        a->op = BSCRIPT_STATS_INTERVAL;
    } else if (strcmp(verb, "stats") == 0 || strcmp(verb, "stats-request") == 0) {
        a->op = BSCRIPT_STATS;
        a->value = 0;
    } else {
        return fail(err, errlen, BSCRIPT_E_SYNTAX,
                    "unknown action '%s' (set, stats-interval, stats)",
                    shown(verb, b, sizeof b));
    }
    if (i < n)
        return fail(err, errlen, BSCRIPT_E_SYNTAX, "unexpected '%s' after the action",
                    shown(w[i], b, sizeof b));
    return 0;
}

int bscript_parse(struct bscript *s, const char *text, size_t len, const char *name,
                  char *err, size_t errlen)
{
    if (!name)
        name = "<script>";
    size_t n0 = s->n;
    uint64_t seq0 = s->next_seq;
    char line[BSCRIPT_MAX_LINE + 1];
    char msg[200];
    unsigned lineno = 0;
    int rc = 0;
    for (size_t pos = 0; pos < len && rc == 0;) {
        lineno++;
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t ll = end - pos;
        if (ll > BSCRIPT_MAX_LINE) {
            rc = fail(err, errlen, BSCRIPT_E_LIMIT, "%s:%u: line longer than %d bytes", name,
                      lineno, BSCRIPT_MAX_LINE);
            break;
        }
        if (memchr(text + pos, 0, ll)) {
            rc = fail(err, errlen, BSCRIPT_E_SYNTAX, "%s:%u: NUL byte in the line", name,
                      lineno);
            break;
        }
        memcpy(line, text + pos, ll);
        line[ll] = 0;
        pos = end + 1;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = 0;
        char *w[MAX_WORDS];
        int nw = split(line, w);
        if (nw == 0)
            continue;
        struct bscript_action a = {.line = lineno};
        int r = parse_words(w, nw, &a, msg, sizeof msg);
        if (r == 0)
            r = append(s, &a);
        if (r == BSCRIPT_E_SYNTAX)
            rc = fail(err, errlen, r, "%s:%u: %s", name, lineno, msg);
        else if (r == BSCRIPT_E_LIMIT)
            rc = fail(err, errlen, r, "%s:%u: more than %d actions", name, lineno,
                      BSCRIPT_MAX_ACTIONS);
        else if (r)
            rc = fail(err, errlen, r, "%s:%u: out of memory", name, lineno);
    }
    if (rc) {
        s->n = n0; /* all or nothing */
        s->next_seq = seq0;
        return rc;
    }
    qsort(s->a, s->n, sizeof *s->a, cmp_action);
    return 0;
}

int bscript_load(struct bscript *s, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return fail(err, errlen, BSCRIPT_E_IO, "%s: %s", path, strerror(errno));
    char *buf = malloc(BSCRIPT_MAX_FILE + 1);
    if (!buf) {
        fclose(f);
        return fail(err, errlen, BSCRIPT_E_NOMEM, "%s: out of memory", path);
    }
    size_t len = fread(buf, 1, BSCRIPT_MAX_FILE + 1, f);
    int rd_err = ferror(f);
    fclose(f);
    int rc;
    if (rd_err)
        rc = fail(err, errlen, BSCRIPT_E_IO, "%s: read error", path);
    else if (len > BSCRIPT_MAX_FILE)
        rc = fail(err, errlen, BSCRIPT_E_LIMIT, "%s: larger than %u bytes", path,
                  BSCRIPT_MAX_FILE);
    else
        rc = bscript_parse(s, buf, len, path, err, errlen);
    free(buf);
    return rc;
}

void bscript_format(const struct bscript_action *a, char *buf, size_t n)
{
    char when[48];
    if (a->when == BSCRIPT_AT_ICOUNT)
        snprintf(when, sizeof when, "icount %llu", (unsigned long long)a->at);
    else
        snprintf(when, sizeof when, "%lluns", (unsigned long long)a->at);
    switch (a->op) {
    case BSCRIPT_SET:
        snprintf(buf, n, "at %s set %llu", when, (unsigned long long)a->value);
        break;
    case BSCRIPT_STATS_INTERVAL:
        snprintf(buf, n, "at %s stats-interval %lluns", when, (unsigned long long)a->value);
        break;
    default:
        snprintf(buf, n, "at %s stats", when);
        break;
    }
}
