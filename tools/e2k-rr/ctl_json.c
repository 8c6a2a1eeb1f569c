/*
 * ctl_json.c — bounded JSON reader and writer for the control socket
 * (ctl_json.h). Grammar: RFC 8259 §2-§8. The reader is a recursive-descent
 * parser whose recursion is limited to CTL_JSON_MAX_DEPTH; it never
 * allocates and never reads past `len`.
 */
#include "tools/e2k-rr/ctl_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct rd {
    const char *s;
    size_t len, pos;
    char *err;
    size_t errlen;
    int failed;
};

static int bad(struct rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad(struct rd *r, const char *fmt, ...)
{
    if (!r->failed && r->err && r->errlen) {
        char msg[160];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        snprintf(r->err, r->errlen, "bad JSON at byte %zu: %s", r->pos, msg);
    }
    r->failed = 1;
    return -1;
}

static int peek(const struct rd *r)
{
    return r->pos < r->len ? (unsigned char)r->s[r->pos] : -1;
}

static void ws(struct rd *r)
{
    while (r->pos < r->len) {
        char c = r->s[r->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        r->pos++;
    }
}

static int hex4(struct rd *r, unsigned *v)
{
    if (r->len - r->pos < 4)
        return bad(r, "\\u needs 4 hex digits");
    unsigned x = 0;
    for (int i = 0; i < 4; i++) {
        char c = r->s[r->pos++];
        unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
                     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                            : 16;
        if (d == 16)
            return bad(r, "\\u needs 4 hex digits");
        x = x << 4 | d;
    }
    *v = x;
    return 0;
}

/* Length of the valid UTF-8 sequence at s[0..n), or 0 (RFC 3629 §4: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t k;
    unsigned min, cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf)
        k = 2, min = 0x80, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        k = 3, min = 0x800, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        k = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return k;
}

/* Append one code point as UTF-8 (out may be NULL: validate only). */
static int put_cp(struct rd *r, char *out, size_t cap, size_t *n, unsigned cp)
{
    unsigned char b[4];
    size_t k;
    if (cp < 0x80)
        b[0] = (unsigned char)cp, k = 1;
    else if (cp < 0x800)
        b[0] = (unsigned char)(0xc0 | cp >> 6), b[1] = (unsigned char)(0x80 | (cp & 0x3f)), k = 2;
    else if (cp < 0x10000)
        b[0] = (unsigned char)(0xe0 | cp >> 12), b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f)),
        b[2] = (unsigned char)(0x80 | (cp & 0x3f)), k = 3;
    else
        b[0] = (unsigned char)(0xf0 | cp >> 18), b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f)),
        b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f)), b[3] = (unsigned char)(0x80 | (cp & 0x3f)),
        k = 4;
    if (out) {
        if (*n + k >= cap)
            return bad(r, "string longer than %zu bytes", cap - 1);
        memcpy(out + *n, b, k);
    }
    *n += k;
    return 0;
}

/* A string at r->pos ('"'); its bytes into out (cap incl. NUL) unless
 * out is NULL. */
static int string(struct rd *r, char *out, size_t cap, size_t *len)
{
    size_t n = 0;
    r->pos++; /* '"' */
    for (;;) {
        if (r->pos >= r->len)
            return bad(r, "unterminated string");
        unsigned char c = (unsigned char)r->s[r->pos];
        if (c == '"') {
            r->pos++;
            break;
        }
        if (c < 0x20)
            return bad(r, "control character in a string");
        if (c == '\\') {
            r->pos++;
            if (r->pos >= r->len)
                return bad(r, "unterminated escape");
            char e = r->s[r->pos++];
            unsigned cp;
            switch (e) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u':
                if (hex4(r, &cp))
                    return -1;
                if (cp >= 0xdc00 && cp <= 0xdfff)
                    return bad(r, "lone low surrogate");
                if (cp >= 0xd800 && cp <= 0xdbff) {
                    unsigned lo;
                    if (r->len - r->pos < 2 || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
                        return bad(r, "high surrogate without a low one");
                    r->pos += 2;
                    if (hex4(r, &lo))
                        return -1;
                    if (lo < 0xdc00 || lo > 0xdfff)
                        return bad(r, "high surrogate without a low one");
                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                }
                break;
            default:
                return bad(r, "invalid escape");
            }
            if (put_cp(r, out, cap, &n, cp))
                return -1;
            continue;
        }
        size_t k = utf8_len((const unsigned char *)r->s + r->pos, r->len - r->pos);
        if (!k)
            return bad(r, "invalid UTF-8");
        if (out) {
            if (n + k >= cap)
                return bad(r, "string longer than %zu bytes", cap - 1);
            memcpy(out + n, r->s + r->pos, k);
        }
        n += k;
        r->pos += k;
    }
    if (out)
        out[n] = 0;
    if (len)
        *len = n;
    return 0;
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int number(struct rd *r, struct ctl_json_member *m)
{
    int neg = 0, in_range = 1, frac = 0;
    uint64_t u = 0;
    if (peek(r) == '-')
        neg = 1, r->pos++;
    if (!is_digit(peek(r)))
        return bad(r, "bad number");
    if (peek(r) == '0') {
        r->pos++;
        if (is_digit(peek(r)))
            return bad(r, "leading zero in a number");
    } else {
        while (is_digit(peek(r))) {
            unsigned d = (unsigned)(peek(r) - '0');
            if (u > (UINT64_MAX - d) / 10)
                in_range = 0;
            else
                u = u * 10 + d;
            r->pos++;
        }
    }
    if (peek(r) == '.') {
        r->pos++, frac = 1;
        if (!is_digit(peek(r)))
            return bad(r, "bad fraction");
        while (is_digit(peek(r)))
            r->pos++;
    }
    if (peek(r) == 'e' || peek(r) == 'E') {
        r->pos++, frac = 1;
        if (peek(r) == '+' || peek(r) == '-')
            r->pos++;
        if (!is_digit(peek(r)))
            return bad(r, "bad exponent");
        while (is_digit(peek(r)))
            r->pos++;
    }
    if (m) {
        m->type = CTL_JSON_NUMBER;
        m->is_int = in_range && !frac;
        m->neg = neg && u != 0;
        m->u = m->is_int ? u : 0;
    }
    return 0;
}

static int literal(struct rd *r, const char *word)
{
    size_t n = strlen(word);
    if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
        return bad(r, "unexpected character");
    r->pos += n;
    return 0;
}

static int value(struct rd *r, struct ctl_json_member *m, int depth);

/* An object or array below the top level: checked, not kept. */
static int skip_container(struct rd *r, int depth)
{
    if (depth >= CTL_JSON_MAX_DEPTH)
        return bad(r, "nested deeper than %d", CTL_JSON_MAX_DEPTH);
    char close = r->s[r->pos] == '{' ? '}' : ']';
    r->pos++;
    ws(r);
    if (peek(r) == close) {
        r->pos++;
        return 0;
    }
    for (;;) {
        if (close == '}') {
            if (peek(r) != '"')
                return bad(r, "object key must be a string");
            if (string(r, NULL, 0, NULL))
                return -1;
            ws(r);
            if (peek(r) != ':')
                return bad(r, "':' expected");
            r->pos++;
            ws(r);
        }
        if (value(r, NULL, depth + 1))
            return -1;
        ws(r);
        int c = peek(r);
        r->pos++;
        if (c == close)
            return 0;
        if (c != ',') {
            r->pos--;
            return bad(r, "',' or '%c' expected", close);
        }
        ws(r);
    }
}

/* One value at r->pos; scalars into *m when m is not NULL. */
static int value(struct rd *r, struct ctl_json_member *m, int depth)
{
    int c = peek(r);
    switch (c) {
    case '"':
        if (m) {
            m->type = CTL_JSON_STRING;
            return string(r, m->str, sizeof m->str, &m->str_len);
        }
        return string(r, NULL, 0, NULL);
    case '{':
    case '[':
        if (m)
            m->type = CTL_JSON_OTHER;
        return skip_container(r, depth);
    case 't':
    case 'f':
        if (m) {
            m->type = CTL_JSON_BOOL;
            m->b = c == 't';
        }
        return literal(r, c == 't' ? "true" : "false");
    case 'n':
        if (m)
            m->type = CTL_JSON_NULL;
        return literal(r, "null");
    case -1:
        return bad(r, "value expected");
    default:
        if (c == '-' || is_digit(c))
            return number(r, m);
        return bad(r, "unexpected character");
    }
}

int ctl_json_parse(const char *s, size_t len, struct ctl_json_obj *o, char *err, size_t errlen)
{
    struct rd r = {.s = s, .len = len, .err = err, .errlen = errlen};
    memset(o, 0, sizeof *o);
    if (len > CTL_JSON_MAX_INPUT)
        return bad(&r, "request longer than %d bytes", CTL_JSON_MAX_INPUT);
    ws(&r);
    if (peek(&r) != '{')
        return bad(&r, "a request is one JSON object");
    r.pos++;
    ws(&r);
    if (peek(&r) == '}') {
        r.pos++;
    } else {
        for (;;) {
            if (peek(&r) != '"')
                return bad(&r, "object key must be a string");
            if (o->n >= CTL_JSON_MAX_MEMBERS)
                return bad(&r, "more than %d members", CTL_JSON_MAX_MEMBERS);
            struct ctl_json_member *m = &o->m[o->n];
            size_t kl = 0;
            if (string(&r, m->key, sizeof m->key, &kl))
                return -1;
            if (strlen(m->key) != kl)
                return bad(&r, "NUL in a key");
            for (unsigned i = 0; i < o->n; i++)
                if (strcmp(o->m[i].key, m->key) == 0)
                    return bad(&r, "duplicate key");
            ws(&r);
            if (peek(&r) != ':')
                return bad(&r, "':' expected");
            r.pos++;
            ws(&r);
            if (value(&r, m, 1))
                return -1;
            o->n++;
            ws(&r);
            int c = peek(&r);
            if (c == '}') {
                r.pos++;
                break;
            }
            if (c != ',')
                return bad(&r, "',' or '}' expected");
            r.pos++;
            ws(&r);
        }
    }
    ws(&r);
    if (r.pos != r.len)
        return bad(&r, "trailing bytes after the object");
    return 0;
}

const struct ctl_json_member *ctl_json_get(const struct ctl_json_obj *o, const char *key)
{
    for (unsigned i = 0; i < o->n; i++)
        if (strcmp(o->m[i].key, key) == 0)
            return &o->m[i];
    return NULL;
}

/* ---- writer ---- */

static void put(struct ctl_json_out *w, const char *s, size_t n)
{
    if (w->overflow || w->len + n >= w->cap) {
        w->overflow = 1;
        return;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = 0;
}

static void put_str(struct ctl_json_out *w, const char *s)
{
    put(w, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\', esc[1] = (char)*p;
            put(w, esc, 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            put(w, esc, 6);
        } else {
            put(w, (const char *)p, 1);
        }
    }
    put(w, "\"", 1);
}

static void key(struct ctl_json_out *w, const char *k)
{
    if (w->members++)
        put(w, ",", 1);
    put_str(w, k);
    put(w, ":", 1);
}

void ctl_json_begin(struct ctl_json_out *w, char *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->buf = buf;
    w->cap = cap;
    if (cap)
        buf[0] = 0;
    put(w, "{", 1);
}

void ctl_json_u64(struct ctl_json_out *w, const char *k, uint64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%llu", (unsigned long long)v);
    key(w, k);
    put(w, num, (size_t)n);
}

void ctl_json_bool(struct ctl_json_out *w, const char *k, int v)
{
    key(w, k);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

void ctl_json_str(struct ctl_json_out *w, const char *k, const char *v)
{
    key(w, k);
    put_str(w, v);
}

size_t ctl_json_end(struct ctl_json_out *w)
{
    put(w, "}", 1);
    return w->overflow ? 0 : w->len;
}
