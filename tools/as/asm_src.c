/*
 * asm_src.c — where source lines come from: files (after the C
 * preprocessor for `.S`), in-memory strings, `.include`d files and macro /
 * `.rept` expansions, as a stack of frames.
 *
 * Line numbers follow cpp's line markers (`# 12 "file.S"`), so messages
 * point at the original file. C comments are removed here (cpp already did
 * for `.S`; gas's scrubber does for `.s`), keeping newlines. A macro
 * expansion reports the location of its invocation.
 */
#include "tools/as/asm_src.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tools/as/asm_diag.h"
#include "tools/as/asm_mem.h"

extern char **environ;

#define MAX_FRAMES 200
#define MAX_FILE_SIZE ((size_t)64 << 20)

struct asm_src {
    struct asm_src *up;
    char *buf; /* owned */
    size_t len, pos;
    const char *file; /* interned */
    int line;         /* number of the next line */
    int is_macro;
    struct asm_loc call; /* macro frames: where they were invoked */
    int cond_depth;      /* c->n_conds when the frame started */
    char first_term;     /* separator "before" the first line, or 0 */
    int started;
};

/* Remove C comments, keeping newlines and strings; `!` and line-start `#`
 * comments are left for the statement splitter, but a `/ *` inside them is
 * not a comment start. */
static void strip_c_comments(char *s, size_t len)
{
    enum { CODE, STR, LINE, BLOCK } st = CODE;
    int line_start = 1;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        switch (st) {
        case CODE:
            if (ch == '"') {
                st = STR;
            } else if (ch == '!' || (ch == '#' && line_start)) {
                st = LINE;
            } else if (ch == '/' && i + 1 < len && s[i + 1] == '*') {
                s[i] = s[i + 1] = ' ';
                i++;
                st = BLOCK;
            }
            break;
        case STR:
            if (ch == '\\' && i + 1 < len && s[i + 1] != '\n')
                i++;
            else if (ch == '"' || ch == '\n')
                st = CODE;
            break;
        case LINE:
            if (ch == '\n')
                st = CODE;
            break;
        case BLOCK:
            if (ch == '*' && i + 1 < len && s[i + 1] == '/') {
                s[i] = s[i + 1] = ' ';
                i++;
                st = CODE;
            } else if (ch != '\n') {
                s[i] = ' ';
            }
            break;
        }
        if (ch == '\n')
            line_start = 1;
        else if (ch != ' ' && ch != '\t')
            line_start = 0;
    }
}

static const char *intern(struct asm_ctx *c, const char *name, size_t n)
{
    return asm_strndup(c, name, n);
}

static struct asm_src *push(struct asm_ctx *c, char *buf, size_t len,
                            const char *file)
{
    if (c->src_depth >= MAX_FRAMES) {
        asm_err(c, NULL, "macros or includes nested too deeply");
        free(buf);
        c->fatal = 1;
        return NULL;
    }
    struct asm_src *f = calloc(1, sizeof *f);
    if (!f) {
        free(buf);
        asm_err(c, NULL, "out of memory");
        c->fatal = 1;
        return NULL;
    }
    f->buf = buf;
    f->len = len;
    f->file = file;
    f->line = 1;
    f->up = c->src;
    f->cond_depth = c->n_conds;
    c->src = f;
    c->src_depth++;
    return f;
}

void asm_src_push_text(struct asm_ctx *c, const char *name, const char *text,
                       size_t len)
{
    char *buf = malloc(len + 1);
    if (!buf) {
        asm_err_plain(c, "out of memory");
        c->fatal = 1;
        return;
    }
    memcpy(buf, text, len);
    buf[len] = 0;
    /* NUL bytes would cut lines short; make them visible as junk */
    for (size_t i = 0; i < len; i++)
        if (!buf[i])
            buf[i] = '\x01';
    strip_c_comments(buf, len);
    push(c, buf, len, intern(c, name, strlen(name)));
}

void asm_src_push_macro(struct asm_ctx *c, char *text, size_t len,
                        const struct asm_loc *call, char first_term)
{
    struct asm_src *f = push(c, text, len, call->file);
    if (f) {
        f->is_macro = 1;
        f->call = *call;
        f->line = call->line;
        f->first_term = first_term;
    }
}

static int read_file(const char *path, char **out, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (n < cap)
            break;
        if (cap >= MAX_FILE_SIZE) {
            free(buf);
            buf = NULL;
            break;
        }
        cap *= 2;
        char *nb = realloc(buf, cap + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
        } else {
            buf = nb;
        }
    }
    int err = ferror(f);
    fclose(f);
    if (!buf || err) {
        free(buf);
        return -1;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return 0;
}

/* Run the C preprocessor on path into a temporary file and read it. */
static int run_cpp(struct asm_ctx *c, const char *path, char **out, size_t *len)
{
    const struct asm_opts *o = c->opts;
    const char *cmd = o->cpp ? o->cpp : getenv("E2K_CPP");
    if (!cmd || !*cmd)
        cmd = "cpp";
    char tmp[] = "/tmp/e2k-as-cpp-XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) {
        asm_err_plain(c, "cannot create a temporary file: %s", strerror(errno));
        return -1;
    }
    close(fd);

    size_t max = 64 + 2 * (o->n_incdirs + o->n_defines);
    char **argv = calloc(max, sizeof *argv);
    char *cmdcopy = strdup(cmd);
    char isa_def[32];
    snprintf(isa_def, sizeof isa_def, "-D__iset__=%d", c->isa);
    int rc = -1;
    if (!argv || !cmdcopy)
        goto out;
    size_t n = 0;
    for (char *t = strtok(cmdcopy, " \t"); t && n < 8; t = strtok(NULL, " \t"))
        argv[n++] = t;
    /* what the MCST driver predefines for assembler sources (lcc 1.26) */
    static const char *const k_args[] = {"-x",
                                         "assembler-with-cpp",
                                         "-undef",
                                         "-nostdinc",
                                         "-D__e2k__=1",
                                         "-D__e2k=1",
                                         "-D__elbrus__=1",
                                         "-D__elbrus=1",
                                         "-D__LCC__=126",
                                         "-D__LCC_MINOR__=0",
                                         "-D__linux__=1",
                                         "-D__linux=1",
                                         "-D__unix__=1",
                                         "-D__unix=1",
                                         "-D__ELF__=1",
                                         "-D__LP64__=1",
                                         "-D_LP64=1",
                                         "-D__ptr64__=1"};
    for (size_t i = 0; i < sizeof k_args / sizeof k_args[0]; i++)
        argv[n++] = (char *)k_args[i];
    argv[n++] = isa_def;
    for (unsigned i = 0; i < o->n_incdirs; i++) {
        argv[n++] = (char *)"-I";
        argv[n++] = (char *)o->incdirs[i];
    }
    for (unsigned i = 0; i < o->n_defines; i++) {
        argv[n++] = (char *)"-D";
        argv[n++] = (char *)o->defines[i];
    }
    argv[n++] = (char *)path;
    argv[n++] = (char *)"-o";
    argv[n++] = tmp;
    argv[n] = NULL;
    pid_t pid;
    int err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
    if (err) {
        asm_err_plain(c, "cannot run the preprocessor `%s': %s", argv[0],
                      strerror(err));
        goto out;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) {
            status = -1;
            break;
        }
    if (status != 0) {
        asm_err_plain(c, "preprocessing `%s' failed", path);
        goto out;
    }
    if (read_file(tmp, out, len)) {
        asm_err_plain(c, "cannot read the preprocessed `%s'", path);
        goto out;
    }
    rc = 0;
out:
    unlink(tmp);
    free(argv);
    free(cmdcopy);
    return rc;
}

static int ends_with_capital_s(const char *path)
{
    size_t n = strlen(path);
    return n >= 2 && path[n - 2] == '.' && path[n - 1] == 'S';
}

int asm_src_push_file(struct asm_ctx *c, const char *path, int top)
{
    char *buf;
    size_t len;
    if (top && ends_with_capital_s(path)) {
        if (run_cpp(c, path, &buf, &len))
            return -1;
    } else if (read_file(path, &buf, &len)) {
        if (top)
            asm_err_plain(c, "cannot read `%s': %s", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < len; i++)
        if (!buf[i])
            buf[i] = '\x01';
    strip_c_comments(buf, len);
    return push(c, buf, len, intern(c, path, strlen(path))) ? 0 : -1;
}

int asm_src_include(struct asm_ctx *c, const char *name)
{
    if (c->opts->no_include) {
        asm_err(c, NULL, ".include is disabled");
        return -1;
    }
    size_t cap = strlen(name) + 4096;
    char *path = malloc(cap);
    if (!path)
        return -1;
    int rc = -1;
    struct stat st;
#define TRY(...)                                                               \
    do {                                                                       \
        snprintf(path, cap, __VA_ARGS__);                                      \
        if (!stat(path, &st) && S_ISREG(st.st_mode)) {                         \
            rc = asm_src_push_file(c, path, 0);                                \
            goto done;                                                         \
        }                                                                      \
    } while (0)
    TRY("%s", name);
    if (name[0] != '/') {
        const char *cur = c->src ? c->src->file : NULL;
        const char *slash = cur ? strrchr(cur, '/') : NULL;
        if (slash)
            TRY("%.*s/%s", (int)(slash - cur), cur, name);
        for (unsigned i = 0; i < c->opts->n_incdirs; i++)
            TRY("%s/%s", c->opts->incdirs[i], name);
    }
#undef TRY
    asm_err(c, NULL, "cannot find include file `%s'", name);
done:
    free(path);
    return rc;
}

/* `# N "file"` or `#line N "file"`: apply and return 1. */
static int line_marker(struct asm_ctx *c, struct asm_src *f, const char *s,
                       size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '#')
        return 0;
    i++;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i + 4 <= n && !strncmp(s + i, "line", 4)) {
        i += 4;
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
    }
    if (i >= n || s[i] < '0' || s[i] > '9')
        return 0;
    long line = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9' && line < 100000000)
        line = line * 10 + (s[i++] - '0');
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && s[i] == '"') {
        size_t j = ++i;
        while (j < n && s[j] != '"')
            j++;
        if (j >= n)
            return 0;
        f->file = intern(c, s + i, j - i);
    }
    f->line = (int)line;
    return 1;
}

int asm_src_next(struct asm_ctx *c, const char **line, size_t *len,
                 struct asm_loc *loc, char *first_term)
{
    while (c->src) {
        struct asm_src *f = c->src;
        if (f->pos >= f->len || c->fatal) {
            asm_src_pop(c);
            continue;
        }
        const char *s = f->buf + f->pos;
        const char *nl = memchr(s, '\n', f->len - f->pos);
        size_t n = nl ? (size_t)(nl - s) : f->len - f->pos;
        f->pos += n + (nl ? 1 : 0);
        int ln = f->line++;
        if (!f->is_macro && line_marker(c, f, s, n))
            continue;
        while (n && s[n - 1] == '\r')
            n--;
        *line = s;
        *len = n;
        *first_term = f->started ? 0 : f->first_term;
        f->started = 1;
        if (f->is_macro) {
            *loc = f->call;
        } else {
            loc->file = f->file;
            loc->line = ln;
            loc->col = 1;
        }
        return 1;
    }
    return 0;
}

void asm_src_pop(struct asm_ctx *c)
{
    struct asm_src *f = c->src;
    if (!f)
        return;
    c->src = f->up;
    c->src_depth--;
    free(f->buf);
    free(f);
}

int asm_src_in_macro(const struct asm_ctx *c)
{
    return c->src && c->src->is_macro;
}

void asm_src_free(struct asm_ctx *c)
{
    while (c->src)
        asm_src_pop(c);
}
