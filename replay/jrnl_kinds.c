/*
 * jrnl_kinds.c — the kind table built from jrnl_kinds.def, and the one
 * spec interpreter that validates, walks and reads event payloads.
 *
 * The interpreter re-reads the spec string for every event instead of
 * compiling it: specs are a few dozen characters, and this keeps the .def
 * row the only description. It is not on the per-instruction path; events
 * are rare next to instructions.
 */
#include "replay/jrnl_kinds.h"

#include <stdio.h>
#include <strings.h>

#include "replay/varint.h"

#define JRNL_KIND(name, num, spec, desc) \
    _Static_assert((num) > 0 && (num) < JRNL_KIND_LIMIT, "kind number out of range: " #name);
#include "replay/jrnl_kinds.def"
#undef JRNL_KIND

const struct jrnl_kind_info jrnl_kinds[] = {
#define JRNL_KIND(name, num, spec, desc) {num, #name, spec, desc},
#include "replay/jrnl_kinds.def"
#undef JRNL_KIND
};
const size_t jrnl_kinds_count = sizeof jrnl_kinds / sizeof jrnl_kinds[0];

/* By number; -Woverride-init (in -Wextra) rejects duplicate numbers. */
static const struct jrnl_kind_info k_by_num[JRNL_KIND_LIMIT] = {
#define JRNL_KIND(name, num, spec, desc) [num] = {num, #name, spec, desc},
#include "replay/jrnl_kinds.def"
#undef JRNL_KIND
};

const struct jrnl_kind_info *jrnl_kind_info(uint32_t kind)
{
    if (kind >= JRNL_KIND_LIMIT || k_by_num[kind].name == NULL)
        return NULL;
    return &k_by_num[kind];
}

const struct jrnl_kind_info *jrnl_kind_by_name(const char *name)
{
    for (size_t i = 0; i < jrnl_kinds_count; i++)
        if (strcasecmp(jrnl_kinds[i].name, name) == 0)
            return &jrnl_kinds[i];
    return NULL;
}

/* ---- Spec interpreter ---- */

struct walk {
    const uint8_t *p0;              /* payload start */
    const uint8_t *p;               /* next payload byte */
    const uint8_t *field_at;        /* start of the field being decoded */
    const uint8_t *end;
    const struct jrnl_visitor *v;
    size_t bad_off;
    char *why;
    size_t why_len;
    int failed;
};

static void walk_fail(struct walk *w, const char *name, uint32_t name_len, const char *what)
{
    if (w->failed)
        return;
    w->failed = 1;
    w->bad_off = (size_t)(w->field_at - w->p0);
    if (w->why && w->why_len)
        snprintf(w->why, w->why_len, "field %.*s: %s", (int)name_len, name, what);
}

/* s is just after a '['; returns the character after the matching ']',
 * or NULL if the spec is unbalanced. */
static const char *skip_group(const char *s)
{
    int depth = 1;
    for (; *s; s++) {
        if (*s == '[')
            depth++;
        else if (*s == ']' && --depth == 0)
            return s + 1;
    }
    return NULL;
}

static int walk_varint(struct walk *w, const char *name, uint32_t nl, uint64_t *u)
{
    int n = varint_get_u(w->p, (size_t)(w->end - w->p), u);
    if (n < 0) {
        walk_fail(w, name, nl,
                  n == VARINT_E_TRUNCATED ? "truncated varint" : "varint over 64 bits");
        return -1;
    }
    w->p += n;
    return 0;
}

/* Walks fields until '\0' or ']' and returns a pointer to that character;
 * NULL on a malformed spec or payload (w->failed says which). */
static const char *walk_seq(struct walk *w, const char *s, int depth)
{
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s == '\0' || *s == ']')
            return s;
        struct jrnl_field f = {.name = s, .depth = depth};
        w->field_at = w->p;
        while (*s && *s != ':' && *s != ' ')
            s++;
        f.name_len = (uint32_t)(s - f.name);
        if (*s != ':' || s[1] == '\0') {
            walk_fail(w, f.name, f.name_len, "malformed spec");
            return NULL;
        }
        f.type = s[1];
        s += 2;
        uint64_t u;
        size_t left;
        switch (f.type) {
        case 'u':
        case 'x':
            if (walk_varint(w, f.name, f.name_len, &f.u))
                return NULL;
            break;
        case 's':
            if (walk_varint(w, f.name, f.name_len, &u))
                return NULL;
            f.s = varint_unzigzag(u);
            break;
        case 'b':
        case 't':
            if (walk_varint(w, f.name, f.name_len, &u))
                return NULL;
            left = (size_t)(w->end - w->p);
            if (u > left) {
                walk_fail(w, f.name, f.name_len, "length past the end of the payload");
                return NULL;
            }
            f.data = w->p;
            f.data_bytes = (uint32_t)u;
            w->p += u;
            break;
        case 'h':
            if ((size_t)(w->end - w->p) < JRNL_HASH_BYTES) {
                walk_fail(w, f.name, f.name_len, "hash past the end of the payload");
                return NULL;
            }
            f.data = w->p;
            f.data_bytes = JRNL_HASH_BYTES;
            w->p += JRNL_HASH_BYTES;
            break;
        case '[': {
            if (depth + 1 >= JRNL_SPEC_MAX_DEPTH) {
                walk_fail(w, f.name, f.name_len, "spec nests too deep");
                return NULL;
            }
            if (walk_varint(w, f.name, f.name_len, &f.u))
                return NULL;
            /* Every element takes at least one byte, so this bounds the loop. */
            if (f.u > (uint64_t)(w->end - w->p)) {
                walk_fail(w, f.name, f.name_len, "group count exceeds the bytes left");
                return NULL;
            }
            if (w->v && w->v->field)
                w->v->field(w->v->ctx, &f);
            for (uint64_t i = 0; i < f.u; i++) {
                const uint8_t *before = w->p;
                if (w->v && w->v->elem)
                    w->v->elem(w->v->ctx, depth + 1, i);
                const char *e = walk_seq(w, s, depth + 1);
                if (!e)
                    return NULL;
                if (*e != ']' || w->p == before) {
                    walk_fail(w, f.name, f.name_len, "malformed spec group");
                    return NULL;
                }
            }
            if (w->v && w->v->group_end)
                w->v->group_end(w->v->ctx, depth + 1);
            s = skip_group(s);
            if (!s) {
                walk_fail(w, f.name, f.name_len, "unbalanced spec group");
                return NULL;
            }
            continue;
        }
        default:
            walk_fail(w, f.name, f.name_len, "unknown spec type");
            return NULL;
        }
        if (w->v && w->v->field)
            w->v->field(w->v->ctx, &f);
    }
}

int jrnl_payload_walk(uint32_t kind, const uint8_t *payload, size_t len,
                      const struct jrnl_visitor *v, size_t *bad_off, char *why,
                      size_t why_len)
{
    const struct jrnl_kind_info *ki = jrnl_kind_info(kind);
    if (!ki) {
        if (bad_off)
            *bad_off = 0;
        if (why && why_len)
            snprintf(why, why_len, "unknown kind %u", kind);
        return JRNL_E_KIND;
    }
    struct walk w = {payload, payload, payload, payload + len, v, 0, why, why_len, 0};
    const char *e = walk_seq(&w, ki->spec, 0);
    w.field_at = w.p;
    if (e && *e != '\0')
        walk_fail(&w, "]", 1, "unbalanced spec");
    else if (e && w.p != w.end)
        walk_fail(&w, "(end)", 5, "trailing bytes after the last field");
    if (!w.failed)
        return 0;
    if (bad_off)
        *bad_off = w.bad_off;
    return JRNL_E_EVENT;
}

/* ---- Cursor ---- */

void jrnl_cur_init(struct jrnl_cur *c, const uint8_t *payload, size_t len)
{
    c->p = payload;
    c->end = payload + len;
}

int jrnl_cur_u(struct jrnl_cur *c, uint64_t *v)
{
    int n = varint_get_u(c->p, (size_t)(c->end - c->p), v);
    if (n < 0)
        return JRNL_E_EVENT;
    c->p += n;
    return 0;
}

int jrnl_cur_s(struct jrnl_cur *c, int64_t *v)
{
    int n = varint_get_s(c->p, (size_t)(c->end - c->p), v);
    if (n < 0)
        return JRNL_E_EVENT;
    c->p += n;
    return 0;
}

int jrnl_cur_bytes(struct jrnl_cur *c, const uint8_t **p, uint32_t *n)
{
    uint64_t len;
    int r = varint_get_u(c->p, (size_t)(c->end - c->p), &len);
    if (r < 0 || len > (uint64_t)(c->end - c->p - r))
        return JRNL_E_EVENT;
    *p = c->p + r;
    *n = (uint32_t)len;
    c->p += r + len;
    return 0;
}

int jrnl_cur_hash(struct jrnl_cur *c, const uint8_t **h)
{
    if (c->end - c->p < JRNL_HASH_BYTES)
        return JRNL_E_EVENT;
    *h = c->p;
    c->p += JRNL_HASH_BYTES;
    return 0;
}

int jrnl_cur_done(const struct jrnl_cur *c)
{
    return c->p == c->end;
}
