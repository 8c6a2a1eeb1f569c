/*
 * jrnl_kinds.h — the event kind table (from jrnl_kinds.def) and the
 * generic payload codec driven by each kind's spec string.
 *
 * The spec is the single description of a payload: the writer checks each
 * event it builds against it, the reader checks each event it returns, and
 * jrnl_print.c prints fields by name from it. Code that knows a kind (the
 * gate) reads fields in spec order with the jrnl_cur_* cursor; because the
 * reader already validated the payload, those calls cannot fail on an
 * event it returned, but they still check bounds.
 */
#ifndef E2K_REPLAY_JRNL_KINDS_H
#define E2K_REPLAY_JRNL_KINDS_H

#include <stddef.h>
#include <stdint.h>

#include "replay/jrnl_fmt.h"

struct jrnl_kind_info {
    uint32_t num;      /* enum jrnl_kind */
    const char *name;  /* "SYSCALL" */
    const char *spec;  /* payload spec, jrnl_kinds.def grammar */
    const char *desc;  /* one line */
};

/* All kinds, in number order. Constant. */
extern const struct jrnl_kind_info jrnl_kinds[];
extern const size_t jrnl_kinds_count;

/* Row for a kind number, or NULL if no such kind. */
const struct jrnl_kind_info *jrnl_kind_info(uint32_t kind);
/* Row by name (case-insensitive), or NULL. */
const struct jrnl_kind_info *jrnl_kind_by_name(const char *name);

/* One decoded field, as handed to a visitor. */
struct jrnl_field {
    const char *name;       /* points into the spec, not NUL-terminated */
    uint32_t name_len;
    char type;              /* 'u','x','s','b','t','h', or '[' for a group */
    int depth;              /* 0 at top level, 1 inside a group, ... */
    uint64_t u;             /* u/x value; group element count */
    int64_t s;              /* s value */
    const uint8_t *data;    /* b/t/h bytes (borrowed from the payload) */
    uint32_t data_bytes;
};

/* Callbacks for jrnl_payload_walk; any may be NULL. */
struct jrnl_visitor {
    void (*field)(void *ctx, const struct jrnl_field *f); /* also a group's start */
    void (*elem)(void *ctx, int depth, uint64_t index);   /* group element begins */
    void (*group_end)(void *ctx, int depth);
    void *ctx;
};

#define JRNL_SPEC_MAX_DEPTH 4

/* Walks payload[0..len) per the kind's spec, calling v (may be NULL) for
 * each field. Returns 0, JRNL_E_KIND, or JRNL_E_EVENT when the payload does
 * not match (truncated field, length past the end, trailing bytes); then
 * *bad_off (if not NULL) is the payload offset and why (if not NULL) gets a
 * short reason. Linear in len: every field takes at least one byte. */
int jrnl_payload_walk(uint32_t kind, const uint8_t *payload, size_t len,
                      const struct jrnl_visitor *v, size_t *bad_off, char *why,
                      size_t why_len);

/* Sequential field reader over a payload. Each call returns 0, or
 * JRNL_E_EVENT if the bytes left do not hold that field. */
struct jrnl_cur {
    const uint8_t *p;   /* next byte */
    const uint8_t *end; /* one past the payload */
};
void jrnl_cur_init(struct jrnl_cur *c, const uint8_t *payload, size_t len);
int jrnl_cur_u(struct jrnl_cur *c, uint64_t *v);                         /* u, x, group count */
int jrnl_cur_s(struct jrnl_cur *c, int64_t *v);                          /* s */
int jrnl_cur_bytes(struct jrnl_cur *c, const uint8_t **p, uint32_t *n);  /* b, t */
int jrnl_cur_hash(struct jrnl_cur *c, const uint8_t **h);                /* h: 32 bytes */
/* 1 when every byte was consumed. */
int jrnl_cur_done(const struct jrnl_cur *c);

#endif /* E2K_REPLAY_JRNL_KINDS_H */
