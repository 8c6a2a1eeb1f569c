/*
 * scenario.c — scenario files (scenario.h): parsing, finding the kernel,
 * turning them into machine options, checking expectations.
 */
#include "tools/e2k-rr/scenario.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tools/e2k-rr/balloon_script.h"
#include "tools/e2k-rr/outcome.h"
#include "tools/e2k-rr/virt_cli.h"

#define SCN_MAX_FILE (64u << 10)

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Cut a trailing comment (`#` after a blank) and blanks at both ends. */
static char *trim(char *s)
{
    for (char *p = s; *p; p++)
        if (*p == '#' && (p == s || p[-1] == ' ' || p[-1] == '\t')) {
            *p = 0;
            break;
        }
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static int add_opt(struct scenario *s, const char *name, const char *val,
                   char *err, size_t errlen, unsigned line)
{
    if (s->n_opts >= SCN_MAX_OPTS)
        return fail(err, errlen, "%s:%u: too many machine options", s->path,
                    line);
    int n = snprintf(s->opt[s->n_opts], SCN_OPT_BYTES, "--%s=%s", name, val);
    if (n < 0 || n >= SCN_OPT_BYTES)
        return fail(err, errlen, "%s:%u: %s value too long", s->path, line,
                    name);
    s->n_opts++;
    return 0;
}

/* "oom-kill hang ...": facts into a mask. */
static int facts(struct scenario *s, char *list, uint32_t *mask, char *err,
                 size_t errlen, unsigned line)
{
    for (char *w = strtok(list, " \t"); w; w = strtok(NULL, " \t")) {
        int f = outcome_fact_parse(w);
        if (f < 0) {
            char known[256] = "";
            for (unsigned i = 0; i < OF_COUNT; i++) {
                strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
                strncat(known, outcome_fact_name(i),
                        sizeof known - strlen(known) - 1);
            }
            return fail(err, errlen, "%s:%u: unknown fact '%s' (%s)", s->path,
                        line, w, known);
        }
        *mask |= 1u << f;
    }
    return 0;
}

/* The schedule: balloon-script lines (balloon_script.h), checked here so
 * that mistakes name the scenario file; kept as text for the controller. */
static int schedule(struct scenario *s, char *text, size_t len, char *err,
                    size_t errlen)
{
    struct bscript bs;
    bscript_init(&bs);
    int rc = bscript_parse(&bs, text, len, s->path, err, errlen);
    size_t n = bs.n;
    bscript_fini(&bs);
    if (rc) {
        free(text);
        return -1;
    }
    if (n) {
        s->schedule = text;
        s->schedule_len = len;
    } else {
        free(text);
    }
    return 0;
}

static int parse(struct scenario *s, char *text, char *err, size_t errlen)
{
    static const char *const kOpts[] = {"mem", "clock", "balloon",
                                        "cmdline", "hang-timeout", "on-violation"};
    size_t tlen = strlen(text);
    char *sched = calloc(1, tlen + 2); /* a newline may be added */
    size_t slen = 0;
    if (!sched)
        return fail(err, errlen, "out of memory");
    unsigned line = 0, n_at = 0;
    int rc = 0;
    for (char *p = text, *nl; rc == 0 && p && *p; p = nl) {
        nl = strchr(p, '\n');
        if (nl)
            *nl++ = 0;
        line++;
        char *l = trim(p);
        /* The schedule keeps the file's line numbering: other lines
         * stand in it as empty ones. */
        int at = !strncmp(l, "at ", 3) || !strncmp(l, "at\t", 3);
        slen += (size_t)snprintf(sched + slen, tlen + 2 - slen, "%s\n",
                                 at ? l : "");
        n_at += at;
        if (!*l || at)
            continue;
        char *key = l, *val = l + strcspn(l, " \t");
        if (*val)
            *val++ = 0;
        val = trim(val);
        int known = 0;
        for (size_t k = 0; k < sizeof kOpts / sizeof kOpts[0]; k++)
            if (!strcmp(key, kOpts[k])) {
                known = 1;
                rc = *val ? add_opt(s, key, val, err, errlen, line)
                          : fail(err, errlen, "%s:%u: %s needs a value",
                                 s->path, line, key);
            }
        if (known)
            continue;
        if (!strcmp(key, "name"))
            snprintf(s->name, sizeof s->name, "%s", val);
        else if (!strcmp(key, "description")) {
            size_t n = strlen(s->desc);
            snprintf(s->desc + n, sizeof s->desc - n, "%s%s", n ? " " : "",
                     val);
        } else if (!strcmp(key, "kernel"))
            snprintf(s->kernel, sizeof s->kernel, "%s", val);
        else if (!strcmp(key, "expect"))
            rc = facts(s, val, &s->expect, err, errlen, line);
        else if (!strcmp(key, "expect-not"))
            rc = facts(s, val, &s->expect_not, err, errlen, line);
        else
            rc = fail(err, errlen, "%s:%u: unknown key '%s' (name, description, "
                      "kernel, mem, clock, balloon, cmdline, hang-timeout, on-violation, "
                      "at, expect, expect-not)", s->path, line, key);
    }
    if (rc == 0 && n_at)
        rc = schedule(s, sched, slen, err, errlen); /* takes sched */
    else
        free(sched);
    if (rc == 0 && (s->expect & s->expect_not))
        rc = fail(err, errlen, "%s: a fact is both expected and not", s->path);
    return rc;
}

int scenario_load(struct scenario *s, const char *path, char *err,
                  size_t errlen)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    if (!is_file(s->path)) {
        snprintf(s->path, sizeof s->path, "%s.scn", path);
        if (!is_file(s->path))
            return fail(err, errlen, "no scenario file '%s' (nor '%s.scn')",
                        path, path);
    }
    uint8_t *buf = NULL;
    size_t len = 0;
    int r = cli_read_file(s->path, &buf, &len);
    if (r)
        return fail(err, errlen, "cannot read %s: %s", s->path, strerror(-r));
    if (len > SCN_MAX_FILE || memchr(buf, 0, len)) {
        free(buf);
        return fail(err, errlen, "%s: not a scenario file (too long or binary)",
                    s->path);
    }
    char *text = malloc(len + 1);
    if (!text) {
        free(buf);
        return fail(err, errlen, "out of memory");
    }
    memcpy(text, buf, len);
    text[len] = 0;
    free(buf);
    int rc = parse(s, text, err, errlen);
    free(text);
    if (rc)
        scenario_free(s);
    if (rc == 0 && !s->name[0]) {
        const char *b = strrchr(s->path, '/');
        b = b ? b + 1 : s->path;
        size_t n = strcspn(b, ".");
        snprintf(s->name, sizeof s->name, "%.*s", (int)n, b);
    }
    return rc;
}

int scenario_kernel(const struct scenario *s, char *out, size_t cap,
                    char *err, size_t errlen)
{
    const char *k = s->kernel[0] ? s->kernel : "kernel.elf";
    char cand[4][2200];
    int n = 0;
    if (k[0] == '/' || strchr(k, '/')) {
        snprintf(cand[n++], sizeof cand[0], "%s", k);
        if (k[0] != '/') {
            const char *slash = strrchr(s->path, '/');
            if (slash)
                snprintf(cand[n++], sizeof cand[0], "%.*s/%s",
                         (int)(slash - s->path), s->path, k);
        }
    } else {
        const char *g = getenv("E2K_GUEST");
        if (g && *g)
            snprintf(cand[n++], sizeof cand[0], "%s/%s", g, k);
        char exe[1024];
        ssize_t el = readlink("/proc/self/exe", exe, sizeof exe - 1);
        if (el > 0) {
            exe[el] = 0;
            char *slash = strrchr(exe, '/');
            if (slash) {
                *slash = 0;
                snprintf(cand[n++], sizeof cand[0], "%.1000s/../guest/%.1000s",
                         exe, k);
            }
        }
        snprintf(cand[n++], sizeof cand[0], "build/guest/%s", k);
    }
    for (int i = 0; i < n; i++)
        if (is_file(cand[i])) {
            if (strlen(cand[i]) >= cap)
                return fail(err, errlen, "kernel path too long");
            snprintf(out, cap, "%s", cand[i]);
            return 0;
        }
    return fail(err, errlen, "%s: kernel '%s' not found (looked in %s%s%s%s%s)",
                s->path, k, cand[0], n > 1 ? ", " : "", n > 1 ? cand[1] : "",
                n > 2 ? ", " : "", n > 2 ? cand[2] : "");
}

void scenario_free(struct scenario *s)
{
    if (s->script_path[0])
        unlink(s->script_path);
    s->script_path[0] = 0;
    free(s->schedule);
    s->schedule = NULL;
    s->schedule_len = 0;
}

/* The schedule as a --balloon-script file (removed by scenario_free). */
static int write_script(struct scenario *s, const struct cmd_def *cmd)
{
    const char *dir = getenv("TMPDIR");
    snprintf(s->script_path, sizeof s->script_path, "%s/e2k-rr-scenario-XXXXXX",
             dir && *dir ? dir : "/tmp");
    int fd = mkstemp(s->script_path);
    if (fd < 0) {
        s->script_path[0] = 0;
        fprintf(stderr, "e2k-rr %s: cannot write the schedule: %s\n",
                cmd->name, strerror(errno));
        return -1;
    }
    size_t done = 0;
    while (done < s->schedule_len) {
        ssize_t w = write(fd, s->schedule + done, s->schedule_len - done);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(fd);
    if (done != s->schedule_len) {
        fprintf(stderr, "e2k-rr %s: cannot write the schedule\n", cmd->name);
        return -1;
    }
    return 0;
}

int scenario_apply(struct scenario *s, struct virt_cli *v,
                   const struct cmd_def *cmd)
{
    char mach[] = "--machine=virt";
    char *argv[1] = {mach};
    int i = 0;
    if (virt_cli_opt(v, cmd, 1, argv, &i) != 1)
        return -1;
    if (s->schedule) {
        if (write_script(s, cmd) != 0)
            return -1;
        snprintf(s->script_opt, sizeof s->script_opt, "--balloon-script=%s",
                 s->script_path);
        argv[0] = s->script_opt; /* virt_cli keeps a pointer into it */
        i = 0;
        if (virt_cli_opt(v, cmd, 1, argv, &i) != 1)
            return -1;
    }
    for (unsigned k = 0; k < s->n_opts; k++) {
        char buf[SCN_OPT_BYTES];
        snprintf(buf, sizeof buf, "%s", s->opt[k]);
        argv[0] = buf;
        i = 0;
        if (virt_cli_opt(v, cmd, 1, argv, &i) != 1) {
            fprintf(stderr, "e2k-rr %s: (from %s)\n", cmd->name, s->path);
            return -1;
        }
    }
    return 0;
}

int scenario_check(const struct scenario *s, const struct outcome *o,
                   FILE *f)
{
    char bad[512] = "";
    for (unsigned i = 0; i < OF_COUNT; i++) {
        int has = outcome_has(o, i);
        const char *why = NULL;
        if ((s->expect & (1u << i)) && !has)
            why = "expected ";
        else if ((s->expect_not & (1u << i)) && has)
            why = "unexpected ";
        if (why) {
            size_t n = strlen(bad);
            snprintf(bad + n, sizeof bad - n, "%s%s%s", n ? ", " : "", why,
                     outcome_fact_name(i));
        }
    }
    if (!bad[0]) {
        fprintf(f, "scenario %s: as expected\n", s->name);
        return 1;
    }
    fprintf(f, "scenario %s: NOT as expected: %s\n", s->name, bad);
    return 0;
}
