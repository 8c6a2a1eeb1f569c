/*
 * jrnl_testlib.h — helpers shared by the journal tests (included, not
 * compiled on its own): a deterministic RNG, a random event generator that
 * follows each kind's spec and builds the expected payload bytes by itself
 * (so the reader is checked against an independent encoding), and writing
 * a journal to memory through a memfd.
 */
#ifndef E2K_TESTS_JRNL_TESTLIB_H
#define E2K_TESTS_JRNL_TESTLIB_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "replay/jrnl_fmt.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_writer.h"
#include "replay/varint.h"

struct tl_rng {
    uint64_t s;
};

static inline uint64_t tl_next(struct tl_rng *r)
{
    /* xorshift64* */
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 0x2545F4914F6CDD1Dull;
}

/* Values of varied size: mostly small, sometimes full 64-bit. */
static inline uint64_t tl_value(struct tl_rng *r)
{
    uint64_t v = tl_next(r);
    switch (v & 3) {
    case 0: return v >> 58;
    case 1: return v >> 40;
    case 2: return v >> 20;
    default: return v;
    }
}

struct tl_event {
    uint32_t kind;
    uint64_t icount;
    uint8_t *payload; /* expected bytes (malloc) */
    size_t len;
};

struct tl_buf {
    uint8_t *p;
    size_t len, cap;
};

static inline void tl_buf_put(struct tl_buf *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

/* Emits fields for spec s (up to '\0' or the matching ']'), both into the
 * writer and into the expected bytes. Returns the spec position after. */
static inline const char *tl_gen_fields(struct jrnl_writer *w, struct tl_buf *exp,
                                        struct tl_rng *r, const char *s, uint32_t max_blob)
{
    uint8_t tmp[16];
    for (;;) {
        while (*s == ' ')
            s++;
        if (*s == '\0' || *s == ']')
            return s;
        while (*s != ':')
            s++;
        char t = s[1];
        s += 2;
        if (t == 'u' || t == 'x') {
            uint64_t v = tl_value(r);
            jrnl_put_u(w, v);
            tl_buf_put(exp, tmp, varint_put_u(tmp, v));
        } else if (t == 's') {
            int64_t v = (int64_t)tl_value(r);
            if (tl_next(r) & 1)
                v = -v;
            jrnl_put_s(w, v);
            tl_buf_put(exp, tmp, varint_put_s(tmp, v));
        } else if (t == 'b' || t == 't') {
            uint32_t n = max_blob ? (uint32_t)(tl_next(r) % (max_blob + 1)) : 0;
            uint8_t *d = malloc(n + 1);
            for (uint32_t i = 0; i < n; i++)
                d[i] = (uint8_t)(t == 't' ? 'a' + tl_next(r) % 26 : tl_next(r));
            jrnl_put_bytes(w, d, n);
            tl_buf_put(exp, tmp, varint_put_u(tmp, n));
            tl_buf_put(exp, d, n);
            free(d);
        } else if (t == 'h') {
            uint8_t h[JRNL_HASH_BYTES];
            for (int i = 0; i < JRNL_HASH_BYTES; i++)
                h[i] = (uint8_t)tl_next(r);
            jrnl_put_hash(w, h);
            tl_buf_put(exp, h, sizeof h);
        } else if (t == '[') {
            uint64_t n = tl_next(r) % 4;
            jrnl_put_u(w, n);
            tl_buf_put(exp, tmp, varint_put_u(tmp, n));
            const char *e = s;
            for (uint64_t i = 0; i < n; i++)
                e = tl_gen_fields(w, exp, r, s, max_blob);
            if (n == 0) { /* skip the group's spec */
                int depth = 1;
                while (depth) {
                    if (*e == '[')
                        depth++;
                    else if (*e == ']')
                        depth--;
                    e++;
                }
                s = e;
            } else {
                s = e + 1; /* past ']' */
            }
        }
    }
}

/* Puts one random event of `kind` at icount; records what the reader must return. */
static inline void tl_gen_event(struct jrnl_writer *w, struct tl_rng *r, uint32_t kind,
                                uint64_t icount, uint32_t max_blob, struct tl_event *out)
{
    struct tl_buf exp = {0};
    jrnl_put_begin(w, kind, icount);
    tl_gen_fields(w, &exp, r, jrnl_kind_info(kind)->spec, max_blob);
    jrnl_put_end(w);
    out->kind = kind;
    out->icount = icount;
    out->payload = exp.p;
    out->len = exp.len;
}

static inline void tl_events_free(struct tl_event *ev, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ev[i].payload);
    free(ev);
}

static const char *const tl_argv[] = {"/bin/hello", "--flag", "arg with spaces"};

/* A header with every field set; program is a small fake ELF. */
static inline struct jrnl_header tl_header(void)
{
    static const uint8_t prog[] = "\x7f" "ELF fake guest program for journal tests";
    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.flags = 0;
    h.isa_version = 5;
    h.record_time_ns = 1700000000123456789ll;
    h.hash_interval_icount = 1000000;
    h.machine = "linux-user";
    h.cpu = "elbrus-v5";
    h.host = "testhost Linux 6.1";
    h.argc = 3;
    h.argv = tl_argv;
    h.program = prog;
    h.program_bytes = sizeof prog;
    return h;
}

/* A writer on a memfd; tl_finish returns the bytes. */
static inline int tl_memfd(void)
{
    return memfd_create("jrnl", MFD_CLOEXEC);
}

/* Reads back everything written to fd (which the writer already closed:
 * so the caller keeps a dup). */
static inline uint8_t *tl_slurp(int fd, size_t *len)
{
    off_t n = lseek(fd, 0, SEEK_END);
    uint8_t *b = malloc(n > 0 ? (size_t)n : 1);
    size_t got = 0;
    while (got < (size_t)n) {
        ssize_t r = pread(fd, b + got, (size_t)n - got, (off_t)got);
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    *len = got;
    return b;
}

static const struct jrnl_end tl_end_rec = {
    .final_icount = 0, /* callers set */
    .exit_status = 3,
    .regs_hash = {1, 2, 3},
    .mem_hash = {4, 5, 6},
};

/* Writes nev random events (kinds cycling through the table, icount
 * advancing by 0..3 each) plus the END event close adds, to memory.
 * *evs gets the nev + 1 expected events; returns the journal bytes (NULL if
 * the writer failed). */
static inline uint8_t *tl_make(const struct jrnl_writer_opts *o, size_t nev, uint64_t seed,
                               uint32_t max_blob, struct tl_event **evs, size_t *len)
{
    struct jrnl_header h = tl_header();
    int fd = tl_memfd();
    int keep = dup(fd);
    struct jrnl_writer *w;
    struct jrnl_err e;
    if (jrnl_writer_open_fd(&w, fd, &h, o, &e) != 0) {
        close(keep);
        return NULL;
    }
    struct tl_rng r = {seed * 2654435761u + 1};
    struct tl_event *ev = calloc(nev + 1, sizeof *ev);
    uint64_t icount = 100;
    for (size_t i = 0; i < nev; i++) {
        icount += tl_next(&r) % 4;
        uint32_t kind = jrnl_kinds[i % jrnl_kinds_count].num;
        tl_gen_event(w, &r, kind, icount, max_blob, &ev[i]);
    }
    struct jrnl_end end = tl_end_rec;
    end.final_icount = icount + 7;
    struct tl_buf exp = {0};
    uint8_t tmp[16];
    tl_buf_put(&exp, tmp, varint_put_s(tmp, end.exit_status));
    tl_buf_put(&exp, end.regs_hash, JRNL_HASH_BYTES);
    tl_buf_put(&exp, end.mem_hash, JRNL_HASH_BYTES);
    ev[nev] = (struct tl_event){JRNL_K_END, end.final_icount, exp.p, exp.len};
    int rc = jrnl_writer_close(w, &end, &e);
    uint8_t *b = rc == 0 ? tl_slurp(keep, len) : NULL;
    close(keep);
    if (!b) {
        tl_events_free(ev, nev + 1);
        return NULL;
    }
    *evs = ev;
    return b;
}

#endif /* E2K_TESTS_JRNL_TESTLIB_H */
