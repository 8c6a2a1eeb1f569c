/*
 * rev_testlib.h — helpers shared by the checkpoint and reverse-engine
 * tests (ckpt_test.c, rev_test.c): record a guest built by the test suite
 * ($E2K_GUEST/<name>.elf) into a temporary journal, look up its symbols,
 * and compute the state digest of a straight replay (a fresh machine
 * replayed from icount 0 with lnx_run, no checkpoints) at an icount, which
 * is what every time-travel result is compared with.
 */
#ifndef E2K_TESTS_REV_TESTLIB_H
#define E2K_TESTS_REV_TESTLIB_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "replay/gate.h"
#include "replay/jrnl_kinds.h"
#include "replay/jrnl_reader.h"
#include "replay/session.h"
#include "replay/state_hash.h"

static inline uint8_t *tl_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* The guest's ELF image ($E2K_GUEST/<name>.elf), or NULL. */
static inline uint8_t *tl_guest(const char *name, size_t *len)
{
    const char *dir = getenv("E2K_GUEST");
    if (!dir)
        return NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/%s.elf", dir, name);
    uint8_t *b = tl_slurp(path, len);
    if (!b)
        fprintf(stderr, "cannot read %s (build the guests first)\n", path);
    return b;
}

/* Address of a symbol in an ELF64 image (0 if absent). */
static inline uint64_t tl_symbol(const uint8_t *elf, size_t len, const char *name)
{
    if (len < 64)
        return 0;
    uint64_t shoff;
    uint16_t shentsize, shnum;
    memcpy(&shoff, elf + 0x28, 8);
    memcpy(&shentsize, elf + 0x3a, 2);
    memcpy(&shnum, elf + 0x3c, 2);
    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sh = elf + shoff + (uint64_t)i * shentsize;
        uint32_t type, link;
        uint64_t off, size, entsize;
        memcpy(&type, sh + 4, 4);
        if (type != 2) /* SHT_SYMTAB */
            continue;
        memcpy(&off, sh + 0x18, 8);
        memcpy(&size, sh + 0x20, 8);
        memcpy(&link, sh + 0x28, 4);
        memcpy(&entsize, sh + 0x38, 8);
        const uint8_t *strsh = elf + shoff + (uint64_t)link * shentsize;
        uint64_t stroff;
        memcpy(&stroff, strsh + 0x18, 8);
        for (uint64_t k = 0; entsize && k < size / entsize; k++) {
            const uint8_t *sym = elf + off + k * entsize;
            uint32_t nm;
            uint64_t val;
            memcpy(&nm, sym, 4);
            memcpy(&val, sym + 8, 8);
            if (strcmp((const char *)elf + stroff + nm, name) == 0)
                return val;
        }
    }
    return 0;
}

/* Record `elf` into dir/name.e2krr; the path goes to out (cap bytes).
 * checkpoint_every > 0 stores journal checkpoints. */
static inline int tl_record_ck(const uint8_t *elf, size_t len, const char *dir,
                               const char *name, uint64_t checkpoint_every, char *out,
                               size_t cap, struct sess_result *res)
{
    snprintf(out, cap, "%s/%s.e2krr", dir, name);
    FILE *null = fopen("/dev/null", "w");
    const char *argv[] = {name};
    const char *envp[] = {"E2K_TEST=1", NULL};
    /* A state hash every 4096 instructions: the replays must stop and
     * check them on the way. */
    struct sess_record_opts o = {
        .journal = out, .program = elf, .program_bytes = len,
        .argc = 1, .argv = argv, .envp = envp, .log = null, .hash_interval = 4096,
        .checkpoint_every = checkpoint_every,
    };
    int rc = sess_record(&o, res);
    if (null)
        fclose(null);
    if (rc != SESS_OK)
        fprintf(stderr, "record failed: %s\n", res->msg);
    return rc;
}

static inline int tl_record(const uint8_t *elf, size_t len, const char *dir,
                            const char *name, char *out, size_t cap, struct sess_result *res)
{
    return tl_record_ck(elf, len, dir, name, 0, out, cap, res);
}

/* The combined state digest of a machine (registers, then memory). */
static inline void tl_digest(struct machine *m, uint8_t out[32])
{
    uint8_t regs[32], mem[32];
    sh_regs_digest(&m->cpu, regs);
    sh_mem_digest(m, mem);
    sh_state_digest(regs, mem, out);
}

/* A replaying machine built the way `e2k-rr replay` builds it. */
struct tl_replay {
    struct jrnl_reader *r;
    struct machine *m;
    struct gate *g;
    FILE *null;
};

static inline int tl_replay_open(struct tl_replay *t, const char *journal)
{
    memset(t, 0, sizeof *t);
    struct jrnl_err jerr;
    if (jrnl_reader_open(&t->r, journal, &jerr))
        return -1;
    const struct jrnl_header *h = jrnl_reader_header(t->r);
    t->m = mach_new(MACH_USER, h->isa_version, 0);
    struct gate_opts go = {.mode = GATE_REPLAY, .machine = t->m, .reader = t->r};
    t->g = gate_new(&go);
    mach_set_hooks(t->m, gate_hooks(t->g));
    t->null = fopen("/dev/null", "w");
    struct lnx_opts lo = {.argv = h->argv, .argc = (int)h->argc, .envp = h->envp,
                          .log = t->null};
    struct lnx_err lerr;
    return lnx_load(t->m, h->program, h->program_bytes, &lo, &lerr);
}

static inline void tl_replay_close(struct tl_replay *t)
{
    mach_free(t->m);
    gate_free(t->g);
    jrnl_reader_close(t->r);
    if (t->null)
        fclose(t->null);
}

/* Replay forward to icount (or the exit), consuming STATE_HASH events.
 * Returns the last lnx_run result. */
static inline int tl_replay_to(struct tl_replay *t, uint64_t icount)
{
    int r = LNX_RUN_LIMIT;
    while (t->m->cpu.icount < icount) {
        const struct jrnl_event *ev;
        uint64_t seg = icount;
        uint64_t hi = jrnl_reader_header(t->r)->hash_interval_icount;
        if (hi && (t->m->cpu.icount / hi + 1) * hi < seg)
            seg = (t->m->cpu.icount / hi + 1) * hi;
        int pr = gate_peek(t->g, &ev);
        if (pr == 1 && ev->kind == JRNL_K_STATE_HASH) {
            if (ev->icount == t->m->cpu.icount) {
                gate_consume(t->g);
                continue;
            }
            if (ev->icount < seg)
                seg = ev->icount;
        }
        int status;
        struct lnx_err le;
        r = lnx_run(t->m, seg, &status, &le);
        if (r != LNX_RUN_LIMIT)
            break;
    }
    return r;
}

/* The digest of a straight replay at icount. */
static inline int tl_straight_digest(const char *journal, uint64_t icount, uint8_t out[32])
{
    struct tl_replay t;
    int rc = tl_replay_open(&t, journal);
    if (rc == 0) {
        tl_replay_to(&t, icount);
        tl_digest(t.m, out);
        rc = t.m->cpu.icount == icount ? 0 : -1;
    }
    tl_replay_close(&t);
    return rc;
}

#endif
