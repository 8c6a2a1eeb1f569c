/*
 * ctl_json.h — the control socket's JSON: a small, bounded reader for one
 * request object per line, and a writer for the replies (RFC 8259).
 *
 * The reader takes exactly one JSON object and keeps its top-level members
 * whose values are scalars (null, true/false, numbers, strings); nested
 * objects and arrays are checked and skipped (type CTL_JSON_OTHER). It is
 * written for input nobody vouches for: fixed limits on members, key and
 * string lengths and nesting depth, no allocation, no recursion deeper
 * than CTL_JSON_MAX_DEPTH, every byte checked (control characters in
 * strings, invalid escapes and bad UTF-16 surrogates are errors), and
 * duplicate keys rejected. Numbers keep their integer value when they are
 * one (sign, digits, no fraction or exponent, within 64 bits).
 *
 * Not a general JSON library: what a request needs, nothing more.
 */
#ifndef E2K_TOOLS_E2K_RR_CTL_JSON_H
#define E2K_TOOLS_E2K_RR_CTL_JSON_H

#include <stddef.h>
#include <stdint.h>

#define CTL_JSON_MAX_MEMBERS 32  /* our own replies have up to 22 */
#define CTL_JSON_MAX_KEY 32      /* bytes incl. NUL */
#define CTL_JSON_MAX_STR 256     /* bytes incl. NUL, after unescaping */
#define CTL_JSON_MAX_DEPTH 16    /* nesting of skipped values */
#define CTL_JSON_MAX_INPUT 4096  /* bytes of one request */

enum ctl_json_type {
    CTL_JSON_NULL = 0,
    CTL_JSON_BOOL = 1,
    CTL_JSON_NUMBER = 2,
    CTL_JSON_STRING = 3,
    CTL_JSON_OTHER = 4     /* object or array (not kept) */
};

struct ctl_json_member {
    char key[CTL_JSON_MAX_KEY];
    int type;              /* enum ctl_json_type */
    int b;                 /* BOOL */
    int is_int;            /* NUMBER: an integer in range */
    int neg;               /* NUMBER: integer < 0 (value = -u) */
    uint64_t u;            /* NUMBER: magnitude when is_int */
    char str[CTL_JSON_MAX_STR]; /* STRING: UTF-8, NUL-terminated */
    size_t str_len;        /* STRING: bytes (may contain NUL via \u0000) */
};

struct ctl_json_obj {
    struct ctl_json_member m[CTL_JSON_MAX_MEMBERS];
    unsigned n;
};

/* Parse one object (surrounding whitespace allowed, nothing else). 0, or
 * -1 with a one-line reason in err (with the byte offset). */
int ctl_json_parse(const char *s, size_t len, struct ctl_json_obj *o, char *err,
                   size_t errlen);
/* The member named key, or NULL. */
const struct ctl_json_member *ctl_json_get(const struct ctl_json_obj *o, const char *key);

/* Writer into a caller's buffer; on overflow the output is cut and
 * `overflow` set (the caller then sends an error instead). */
struct ctl_json_out {
    char *buf;
    size_t cap, len;
    int overflow;
    int members;           /* members in the open object */
};
void ctl_json_begin(struct ctl_json_out *w, char *buf, size_t cap); /* "{" */
void ctl_json_u64(struct ctl_json_out *w, const char *key, uint64_t v);
void ctl_json_bool(struct ctl_json_out *w, const char *key, int v);
void ctl_json_str(struct ctl_json_out *w, const char *key, const char *v);
/* "}" and NUL; returns the length, or 0 on overflow. */
size_t ctl_json_end(struct ctl_json_out *w);

#endif
