/*
 * trc_testlib.h — helpers shared by the trace/ tests (included, not
 * compiled on its own):
 *  - small well-formedness checkers, so the tests need neither xmllint
 *    nor a JSON library: tl_json_valid (RFC 8259 grammar: objects,
 *    arrays, strings with their escapes, numbers, literals) and
 *    tl_xml_valid (XML 1.0 subset that SVG output uses: declaration,
 *    comments, elements with quoted attributes, properly nested; character
 *    and the five predefined entity references; only printable ASCII and
 *    whitespace);
 *  - a synthetic virt journal written with the journal writer API
 *    (as tests/unit/replay/jrnl_testlib.h does) holding every balloon
 *    event kind, an OOM kill, a panic and a hang, with hostile text.
 */
#ifndef E2K_TESTS_TRC_TESTLIB_H
#define E2K_TESTS_TRC_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "replay/jrnl_fmt.h"
#include "replay/jrnl_writer.h"

/* ---- JSON ---- */

struct tl_js {
    const char *p, *end;
    int depth;
};

static int tl_js_value(struct tl_js *j);

static void tl_js_ws(struct tl_js *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int tl_js_string(struct tl_js *j)
{
    if (j->p >= j->end || *j->p != '"')
        return -1;
    j->p++;
    while (j->p < j->end) {
        unsigned char c = (unsigned char)*j->p++;
        if (c == '"')
            return 0;
        if (c < 0x20)
            return -1;
        if (c == '\\') {
            if (j->p >= j->end)
                return -1;
            char e = *j->p++;
            if (e == 'u') {
                for (int i = 0; i < 4; i++, j->p++)
                    if (j->p >= j->end || !strchr("0123456789abcdefABCDEF", *j->p) || !*j->p)
                        return -1;
            } else if (!strchr("\"\\/bfnrt", e) || !e) {
                return -1;
            }
        }
    }
    return -1;
}

static int tl_js_number(struct tl_js *j)
{
    const char *s = j->p;
    if (j->p < j->end && *j->p == '-')
        j->p++;
    if (j->p >= j->end)
        return -1;
    if (*j->p == '0') {
        j->p++;
    } else if (*j->p >= '1' && *j->p <= '9') {
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
    } else {
        return -1;
    }
    if (j->p < j->end && *j->p == '.') {
        j->p++;
        const char *d = j->p;
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
        if (j->p == d)
            return -1;
    }
    if (j->p < j->end && (*j->p == 'e' || *j->p == 'E')) {
        j->p++;
        if (j->p < j->end && (*j->p == '+' || *j->p == '-'))
            j->p++;
        const char *d = j->p;
        while (j->p < j->end && *j->p >= '0' && *j->p <= '9')
            j->p++;
        if (j->p == d)
            return -1;
    }
    return j->p > s ? 0 : -1;
}

static int tl_js_lit(struct tl_js *j, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, w, n))
        return -1;
    j->p += n;
    return 0;
}

static int tl_js_value(struct tl_js *j)
{
    tl_js_ws(j);
    if (j->p >= j->end || ++j->depth > 64)
        return -1;
    int rc = 0;
    char c = *j->p;
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        j->p++;
        tl_js_ws(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
        } else {
            for (;;) {
                if (c == '{') {
                    tl_js_ws(j);
                    if (tl_js_string(j))
                        return -1;
                    tl_js_ws(j);
                    if (j->p >= j->end || *j->p++ != ':')
                        return -1;
                }
                if (tl_js_value(j))
                    return -1;
                tl_js_ws(j);
                if (j->p >= j->end)
                    return -1;
                if (*j->p == ',') {
                    j->p++;
                    continue;
                }
                if (*j->p++ != close)
                    return -1;
                break;
            }
        }
    } else if (c == '"') {
        rc = tl_js_string(j);
    } else if (c == 't') {
        rc = tl_js_lit(j, "true");
    } else if (c == 'f') {
        rc = tl_js_lit(j, "false");
    } else if (c == 'n') {
        rc = tl_js_lit(j, "null");
    } else {
        rc = tl_js_number(j);
    }
    j->depth--;
    return rc;
}

/* 1 if s[0..n) is exactly one JSON value (with surrounding whitespace). */
static inline int tl_json_valid(const char *s, size_t n)
{
    struct tl_js j = {s, s + n, 0};
    if (tl_js_value(&j))
        return 0;
    tl_js_ws(&j);
    return j.p == j.end;
}

/* ---- XML ---- */

static int tl_xml_name_ch(char c, int first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
           (!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

/* A reference at p ('&'); returns its length or 0. */
static size_t tl_xml_ref(const char *p, const char *end)
{
    static const char *const ents[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (int i = 0; i < 5; i++) {
        size_t n = strlen(ents[i]);
        if ((size_t)(end - p) >= n && memcmp(p, ents[i], n) == 0)
            return n;
    }
    if (end - p >= 4 && p[1] == '#') {
        const char *q = p + 2;
        while (q < end && *q >= '0' && *q <= '9')
            q++;
        if (q > p + 2 && q < end && *q == ';')
            return (size_t)(q - p + 1);
    }
    return 0;
}

static int tl_xml_char_ok(unsigned char c)
{
    return c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f);
}

/* 1 if s[0..n) is a well-formed document in the subset above; on failure
 * *where (if not NULL) is the offset of the problem. */
static inline int tl_xml_valid(const char *s, size_t n, size_t *where)
{
    const char *p = s, *end = s + n;
    char stack[64][64];
    int depth = 0, roots = 0;
#define TL_XFAIL()                            \
    do {                                      \
        if (where)                            \
            *where = (size_t)(p - s);         \
        return 0;                             \
    } while (0)
    if ((size_t)(end - p) >= 5 && memcmp(p, "<?xml", 5) == 0) {
        const char *q = strstr(p, "?>");
        if (!q)
            TL_XFAIL();
        p = q + 2;
    }
    while (p < end) {
        if (!tl_xml_char_ok((unsigned char)*p))
            TL_XFAIL();
        if (*p == '&') {
            size_t r = tl_xml_ref(p, end);
            if (!r || depth == 0)
                TL_XFAIL();
            p += r;
            continue;
        }
        if (*p == '>')
            TL_XFAIL(); /* allowed by XML but never written by us unescaped */
        if (*p != '<') {
            if (depth == 0 && !(*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
                TL_XFAIL();
            p++;
            continue;
        }
        if ((size_t)(end - p) >= 4 && memcmp(p, "<!--", 4) == 0) {
            const char *q = strstr(p + 4, "-->");
            if (!q)
                TL_XFAIL();
            p = q + 3;
            continue;
        }
        p++;
        int closing = 0;
        if (p < end && *p == '/') {
            closing = 1;
            p++;
        }
        const char *name = p;
        if (p >= end || !tl_xml_name_ch(*p, 1))
            TL_XFAIL();
        while (p < end && tl_xml_name_ch(*p, 0))
            p++;
        size_t nl = (size_t)(p - name);
        if (nl >= sizeof stack[0])
            TL_XFAIL();
        if (closing) {
            while (p < end && (*p == ' ' || *p == '\n'))
                p++;
            if (p >= end || *p != '>' || depth == 0 || strlen(stack[depth - 1]) != nl ||
                memcmp(stack[depth - 1], name, nl))
                TL_XFAIL();
            depth--;
            p++;
            continue;
        }
        /* attributes: no duplicates checked, quoted values, no '<' */
        for (;;) {
            const char *ws = p;
            while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
                p++;
            if (p >= end)
                TL_XFAIL();
            if (*p == '>' || (*p == '/' && p + 1 < end && p[1] == '>'))
                break;
            if (p == ws || !tl_xml_name_ch(*p, 1))
                TL_XFAIL();
            while (p < end && tl_xml_name_ch(*p, 0))
                p++;
            if (p >= end || *p != '=')
                TL_XFAIL();
            p++;
            if (p >= end || (*p != '"' && *p != '\''))
                TL_XFAIL();
            char q = *p++;
            while (p < end && *p != q) {
                if (*p == '<' || !tl_xml_char_ok((unsigned char)*p))
                    TL_XFAIL();
                if (*p == '&') {
                    size_t r = tl_xml_ref(p, end);
                    if (!r)
                        TL_XFAIL();
                    p += r;
                    continue;
                }
                p++;
            }
            if (p >= end)
                TL_XFAIL();
            p++;
        }
        if (depth == 0 && roots++)
            TL_XFAIL(); /* a second root element */
        if (*p == '/') {
            p += 2;
            continue;
        }
        p++;
        if (depth >= 64)
            TL_XFAIL();
        memcpy(stack[depth], name, nl);
        stack[depth][nl] = 0;
        depth++;
    }
#undef TL_XFAIL
    if (where)
        *where = (size_t)(p - s);
    return depth == 0 && roots == 1;
}

/* Occurrences of needle in hay. */
static inline size_t tl_count(const char *hay, const char *needle)
{
    size_t n = 0, l = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += l)
        n++;
    return n;
}

/* ---- a synthetic virt journal ---- */

/* Hostile guest text: XML/JSON specials, a control byte, a non-ASCII byte. */
#define TL_NASTY_COMM "<&\"'>\x01\xff" "end"

static inline void tl_put_pfns(struct jrnl_writer *w, uint64_t first, uint64_t n)
{
    jrnl_put_u(w, n);
    for (uint64_t i = 0; i < n; i++)
        jrnl_put_u(w, first + i);
}

/* Writes a virt journal to path: target 256 pages at icount 0, inflate
 * 64 + 64 pages, a violation, target 64, deflate 64 (normal), an OOM kill
 * at 900000 (comm TL_NASTY_COMM), a deflate-on-oom of 32 pages at
 * 900100, a panic, a hang, END at 1000000. 0 or -1. */
static inline int tl_write_scenario(const char *path)
{
    static const char *const argv[] = {"kernel.elf", "--mem=33554432"};
    static const uint8_t prog[] = "\x7f" "ELF fake kernel";
    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.flags = JRNL_HF_SYSTEM;
    h.isa_version = 5;
    h.ram_bytes = 32u << 20;
    h.hash_interval_icount = 500000;
    h.machine = "virt";
    h.cpu = "elbrus-v5";
    h.host = "test \"host\" <a&b>";
    h.argc = 2;
    h.argv = argv;
    h.program = prog;
    h.program_bytes = sizeof prog;
    h.flags |= JRNL_HF_PROGRAM;
    struct jrnl_writer *w = NULL;
    struct jrnl_err e;
    if (jrnl_writer_open(&w, path, &h, NULL, &e) != 0)
        return -1;
    jrnl_put_begin(w, JRNL_K_BALLOON_CMD, 0);
    jrnl_put_u(w, 256);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_INFLATE, 1500);
    tl_put_pfns(w, 0x1000, 64);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_VIOLATION, 2000);
    jrnl_put_u(w, 0x1000);
    jrnl_put_u(w, 0x1000000);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_INFLATE, 3000);
    tl_put_pfns(w, 0x1040, 64);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_STATS_REQ, 65536);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_CMD, 400000);
    jrnl_put_u(w, 64);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_DEFLATE, 401000);
    jrnl_put_u(w, 0);
    tl_put_pfns(w, 0x1040, 64);
    jrnl_put_end(w);
    uint8_t rh[JRNL_HASH_BYTES] = {1}, mh[JRNL_HASH_BYTES] = {2};
    jrnl_put_state_hash(w, 500000, rh, mh);
    jrnl_put_begin(w, JRNL_K_OOM_KILL, 900000);
    jrnl_put_u(w, 7);
    jrnl_put_u(w, 1234);
    jrnl_put_bytes(w, TL_NASTY_COMM, strlen(TL_NASTY_COMM));
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_BALLOON_DEFLATE, 900100);
    jrnl_put_u(w, 3); /* BALLOON_DEFL_OOM | BALLOON_DEFL_HINT */
    tl_put_pfns(w, 0x1000, 32);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_PANIC, 950000);
    jrnl_put_bytes(w, "kernel \"panic\"\n", 15);
    jrnl_put_end(w);
    jrnl_put_begin(w, JRNL_K_HANG, 960000);
    jrnl_put_bytes(w, "no progress", 11);
    jrnl_put_end(w);
    struct jrnl_end end = {.final_icount = 1000000, .exit_status = 0};
    return jrnl_writer_close(w, &end, &e) == 0 ? 0 : -1;
}

/* A temporary file name (created empty). */
static inline void tl_tmpname(char *buf, size_t n, const char *tag)
{
    snprintf(buf, n, "/tmp/trc_test_%s_XXXXXX", tag);
    int fd = mkstemp(buf);
    if (fd >= 0)
        close(fd);
}

#endif
