/*
 * lnx_test_util.h — helpers for the Linux-machine unit tests: a minimal
 * e2k ELF64 executable built in memory, and a fake host_call hook that
 * records every request and answers from a script (so no test touches the
 * host). Header-only (static functions): each test is one executable.
 */
#ifndef E2K_TESTS_LNX_TEST_UTIL_H
#define E2K_TESTS_LNX_TEST_UTIL_H

#include <stdint.h>
#include <string.h>

#include "emu/hooks.h"

#define LT_VADDR 0x10000ull
#define LT_ENTRY (LT_VADDR + 0x78)

static inline void lt_put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static inline void lt_put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static inline void lt_put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

/*
 * A one-segment executable: ELF header, one PT_LOAD program header (R+X,
 * file offset 0 at LT_VADDR, memsz `memsz`), then `n_words` code words at
 * LT_ENTRY. Writes into buf (at least 0x78 + 4 * n_words bytes) and
 * returns the file size. e_flags = machine `mach` (5 = elbrus-v5) | extra.
 */
static inline size_t lt_make_elf(uint8_t *buf, const uint32_t *words, size_t n_words,
                          uint64_t memsz, unsigned mach, uint32_t extra)
{
    size_t size = 0x78 + 4 * n_words;
    memset(buf, 0, 0x78);
    memcpy(buf, "\x7f" "ELF", 4);
    buf[4] = 2; /* ELFCLASS64 */
    buf[5] = 1; /* little-endian */
    buf[6] = 1; /* EV_CURRENT */
    lt_put16(buf + 16, 2);   /* ET_EXEC */
    lt_put16(buf + 18, 175); /* EM_MCST_ELBRUS */
    lt_put32(buf + 20, 1);
    lt_put64(buf + 24, LT_ENTRY);
    lt_put64(buf + 32, 64);  /* e_phoff */
    lt_put32(buf + 48, (uint32_t)mach << 24 | extra);
    lt_put16(buf + 52, 64);
    lt_put16(buf + 54, 56);
    lt_put16(buf + 56, 1);
    uint8_t *ph = buf + 64;
    lt_put32(ph + 0, 1);     /* PT_LOAD */
    lt_put32(ph + 4, 5);     /* PF_R | PF_X */
    lt_put64(ph + 8, 0);
    lt_put64(ph + 16, LT_VADDR);
    lt_put64(ph + 24, LT_VADDR);
    lt_put64(ph + 32, size);
    lt_put64(ph + 40, memsz < size ? size : memsz);
    lt_put64(ph + 48, 0x1000);
    for (size_t i = 0; i < n_words; i++)
        lt_put32(buf + 0x78 + 4 * i, words[i]);
    return size;
}

/* Recording fake host: remembers the last request, answers from `ret`
 * and fills output buffers with `fill`. */
struct lt_host {
    int calls;
    struct emu_host_req last;
    uint8_t last_in[256];
    size_t last_in_len;
    int64_t ret;
    uint64_t vals[2];
    uint8_t fill;
    int fail;         /* 1: return an error (replay divergence) */
};

static inline int lt_host_call(void *opaque, const struct emu_host_req *req,
                        struct emu_host_resp *resp)
{
    struct lt_host *h = opaque;
    h->calls++;
    h->last = *req;
    h->last_in_len = 0;
    if (req->n_in) {
        size_t n = req->in[0].len < sizeof h->last_in ? req->in[0].len
                                                      : sizeof h->last_in;
        memcpy(h->last_in, req->in[0].ptr, n);
        h->last_in_len = n;
    }
    if (h->fail)
        return -1;
    for (unsigned i = 0; i < resp->n_out; i++) {
        memset(resp->out[i].ptr, h->fill, resp->out[i].cap);
        resp->out[i].len = resp->out[i].cap;
    }
    resp->ret = h->ret;
    resp->vals[0] = h->vals[0];
    resp->vals[1] = h->vals[1];
    return 0;
}

#endif
