/*
 * fake_rev.h — a stand-in for replay/rev.c for the debugger's unit tests
 * (included by exactly one test file; it defines every rev_* function, so
 * the real engine is not linked in). Its "program" is a pure function of
 * the icount t (0..FAKE_END): pc = FAKE_CODE + 8t, %r0 = t, and the 8
 * bytes at FAKE_DATA hold t/10 (so the bundle at icount 10k-1 writes
 * them); the bundle at 10k+5 reads them. The guest exits with status 7
 * at FAKE_END. Journal events sit at fixed icounts. That is enough to
 * check what the gdb stub and the console make of each rev_* result,
 * including the ordering rules of rev_internal.h (a watch stop after the
 * access sorts before a breakpoint at the same icount).
 */
#ifndef E2K_TESTS_FAKE_REV_H
#define E2K_TESTS_FAKE_REV_H

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/jrnl_fmt.h"
#include "replay/rev.h"

#define FAKE_END 100
#define FAKE_CODE 0x10000ull
#define FAKE_DATA 0x20000ull
#define FAKE_PS 0x30000ull
#define FAKE_PCS 0x40000ull
#define FAKE_MAX 64

struct rev_session {
    struct machine m;
    struct machine *machine;  /* if set, rev_machine returns it instead
                                 (a real virt machine, con_balloon_test) */
    int replay;
    uint64_t t;
    int at_watch;
    uint64_t bps[FAKE_MAX];
    int nbps;
    struct { uint64_t addr, len; int kind; } w[FAKE_MAX];
    int nw;
    atomic_int intr;
    uint64_t ckpt[FAKE_MAX];
    int nckpt;
    unsigned calls_interrupt;
    unsigned slow_us;     /* rev_continue: sleep this long per bundle */
};

static uint64_t fake_value(uint64_t t)
{
    return t / 10;
}

static void fake_apply(struct rev_session *s)
{
    struct cpu_state *c = &s->m.cpu;
    uint64_t t = s->t, v = fake_value(t);
    c->icount = t;
    c->ip = FAKE_CODE + 8 * t;
    c->nip = c->ip + 8;
    c->rf[0].lo = t;
    c->rf[1].lo = 2 * t;
    c->pf = t & 1;
    mem_poke(s->m.mem, FAKE_DATA, &v, 8);
}

static struct rev_session *fake_rev_new(int replay)
{
    struct rev_session *s = calloc(1, sizeof *s);
    s->replay = replay;
    s->m.kind = MACH_USER;
    s->m.isa = 5;
    s->m.mem = mem_new();
    cpu_reset(&s->m.cpu, 5);
    s->m.cpu.mem = s->m.mem;
    s->m.cpu.mach = &s->m;
    mem_map(s->m.mem, FAKE_CODE, 0x1000, MEM_PROT_R | MEM_PROT_X);
    mem_map(s->m.mem, FAKE_DATA, 0x1000, MEM_PROT_R | MEM_PROT_W);
    mem_map(s->m.mem, FAKE_PS, 0x1000, MEM_PROT_R | MEM_PROT_W);
    mem_map(s->m.mem, FAKE_PCS, 0x1000, MEM_PROT_R | MEM_PROT_W);
    /* every bundle: HS only, no syllables (an 8-byte `nop`) */
    s->m.cpu.psp_lo = FAKE_PS;
    s->m.cpu.psp_hi = 0x1000ull << 32;
    s->m.cpu.pcsp_lo = FAKE_PCS;
    s->m.cpu.pcsp_hi = 0x1000ull << 32;
    s->m.cpu.wd_size = 4;
    s->m.cpu.wd_psize = 4;
    s->m.cpu.usd_lo = 0x7000;
    atomic_init(&s->intr, 0);
    fake_apply(s);
    return s;
}

static int fake_fail(struct rev_err *err, int code, const char *msg)
{
    if (err) {
        err->code = code;
        snprintf(err->msg, sizeof err->msg, "%s", msg);
    }
    return code;
}

const char *rev_strerror(int code)
{
    return code == REV_E_NOTSUP ? "not possible here" : code == REV_E_READONLY ? "read-only" : "error";
}

int rev_open(struct rev_session **out, const struct rev_opts *o, struct rev_err *err)
{
    *out = fake_rev_new(o->journal != NULL);
    (void)err;
    return 0;
}

void rev_close(struct rev_session *s)
{
    if (!s)
        return;
    mem_free(s->m.mem);
    free(s);
}

struct machine *rev_machine(struct rev_session *s) { return s->machine ? s->machine : &s->m; }
uint64_t rev_icount(const struct rev_session *s) { return s->t; }
int rev_is_replay(const struct rev_session *s) { return s->replay; }
uint64_t rev_end_icount(const struct rev_session *s) { return s->replay ? FAKE_END : UINT64_MAX; }
int rev_program(const struct rev_session *s, const uint8_t **elf, size_t *len)
{
    (void)s;
    (void)elf;
    (void)len;
    return -1; /* the fake runs no program: no symbols */
}

static int fake_bp(const struct rev_session *s, uint64_t t)
{
    for (int i = 0; i < s->nbps; i++)
        if (s->bps[i] == FAKE_CODE + 8 * t)
            return 1;
    return 0;
}

/* The watchpoint (index) the bundle at icount t hits, or -1. */
static int fake_watch(const struct rev_session *s, uint64_t t, int *kind)
{
    int wr = (t + 1) % 10 == 0, rd = t % 10 == 5;
    for (int i = 0; i < s->nw; i++) {
        if (!(FAKE_DATA < s->w[i].addr + s->w[i].len && s->w[i].addr < FAKE_DATA + 8))
            continue;
        int k = s->w[i].kind;
        if ((wr && (k == REV_WATCH_WRITE || k == REV_WATCH_ACCESS)) ||
            (rd && (k == REV_WATCH_READ || k == REV_WATCH_ACCESS))) {
            *kind = wr ? (k == REV_WATCH_ACCESS ? REV_WATCH_ACCESS : REV_WATCH_WRITE)
                       : (k == REV_WATCH_ACCESS ? REV_WATCH_ACCESS : REV_WATCH_READ);
            return i;
        }
    }
    return -1;
}

static void fake_stop(struct rev_session *s, struct rev_stop *st, int reason)
{
    fake_apply(s);
    memset(st, 0, sizeof *st);
    st->reason = reason;
    st->icount = s->t;
    st->pc = s->m.cpu.ip;
    s->at_watch = reason == REV_STOP_WATCH;
    if (reason == REV_STOP_EXITED)
        st->status = 7;
}

static void fake_watch_stop(struct rev_session *s, struct rev_stop *st, int kind)
{
    fake_stop(s, st, REV_STOP_WATCH);
    st->addr = FAKE_DATA;
    st->len = 8;
    st->watch_kind = kind;
}

int rev_step(struct rev_session *s, uint64_t n, struct rev_stop *st, struct rev_err *err)
{
    (void)err;
    for (uint64_t i = 0; i < n; i++) {
        if (s->t >= FAKE_END) {
            fake_stop(s, st, REV_STOP_EXITED);
            return 0;
        }
        int kind, w = fake_watch(s, s->t, &kind);
        s->t++;
        if (w >= 0) {
            fake_watch_stop(s, st, kind);
            return 0;
        }
        if (fake_bp(s, s->t)) {
            fake_stop(s, st, REV_STOP_BREAK);
            return 0;
        }
    }
    fake_stop(s, st, REV_STOP_STEP);
    return 0;
}

int rev_continue(struct rev_session *s, struct rev_stop *st, struct rev_err *err)
{
    atomic_store(&s->intr, 0);
    for (;;) {
        if (atomic_exchange(&s->intr, 0)) {
            fake_stop(s, st, REV_STOP_INTERRUPT);
            return 0;
        }
        if (s->slow_us)
            usleep(s->slow_us);
        rev_step(s, 1, st, err);
        if (st->reason != REV_STOP_STEP)
            return 0;
    }
}

int rev_rstep(struct rev_session *s, uint64_t n, struct rev_stop *st, struct rev_err *err)
{
    if (!s->replay)
        return fake_fail(err, REV_E_NOTSUP, "reverse execution needs a journal");
    for (uint64_t i = 0; i < n; i++) {
        if (s->t == 0) {
            fake_stop(s, st, REV_STOP_BEGIN);
            return 0;
        }
        s->t--;
        if (fake_bp(s, s->t)) {
            fake_stop(s, st, REV_STOP_BREAK);
            return 0;
        }
    }
    fake_stop(s, st, REV_STOP_STEP);
    return 0;
}

int rev_rcontinue(struct rev_session *s, struct rev_stop *st, struct rev_err *err)
{
    if (!s->replay)
        return fake_fail(err, REV_E_NOTSUP, "reverse execution needs a journal");
    uint64_t present = 4 * s->t + (s->at_watch ? 0 : 1);
    for (uint64_t p = s->t + 1; p-- > 0;) {
        if (fake_bp(s, p) && 4 * p + 1 < present) {
            s->t = p;
            fake_stop(s, st, REV_STOP_BREAK);
            return 0;
        }
        int kind;
        if (p > 0 && 4 * p < present && fake_watch(s, p - 1, &kind) >= 0) {
            s->t = p;
            fake_watch_stop(s, st, kind);
            return 0;
        }
    }
    s->t = 0;
    fake_stop(s, st, REV_STOP_BEGIN);
    return 0;
}

int rev_goto(struct rev_session *s, uint64_t icount, struct rev_stop *st, struct rev_err *err)
{
    if (icount > FAKE_END)
        return fake_fail(err, REV_E_ARGS, "past the end of the recording");
    if (!s->replay && icount < s->t)
        return fake_fail(err, REV_E_NOTSUP, "reverse execution needs a journal");
    s->t = icount;
    fake_stop(s, st, REV_STOP_GOTO);
    return 0;
}

void rev_interrupt(struct rev_session *s)
{
    s->calls_interrupt++;
    atomic_store(&s->intr, 1);
}

int rev_break_insert(struct rev_session *s, uint64_t pc, struct rev_err *err)
{
    for (int i = 0; i < s->nbps; i++)
        if (s->bps[i] == pc)
            return 0;
    if (s->nbps == FAKE_MAX)
        return fake_fail(err, REV_E_LIMIT, "too many breakpoints");
    s->bps[s->nbps++] = pc;
    return 0;
}

int rev_break_remove(struct rev_session *s, uint64_t pc, struct rev_err *err)
{
    for (int i = 0; i < s->nbps; i++)
        if (s->bps[i] == pc) {
            s->bps[i] = s->bps[--s->nbps];
            return 0;
        }
    return fake_fail(err, REV_E_ARGS, "no such breakpoint");
}

int rev_watch_insert(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err)
{
    if (s->nw == FAKE_MAX)
        return fake_fail(err, REV_E_LIMIT, "too many watchpoints");
    s->w[s->nw].addr = addr;
    s->w[s->nw].len = len;
    s->w[s->nw].kind = kind;
    s->nw++;
    return 0;
}

int rev_watch_remove(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err)
{
    for (int i = 0; i < s->nw; i++)
        if (s->w[i].addr == addr && s->w[i].len == len && s->w[i].kind == kind) {
            s->w[i] = s->w[--s->nw];
            return 0;
        }
    return fake_fail(err, REV_E_ARGS, "no such watchpoint");
}

int rev_read_mem(struct rev_session *s, uint64_t addr, void *buf, size_t len)
{
    return mem_peek(s->m.mem, addr, buf, len) ? REV_E_ARGS : 0;
}

int rev_write_mem(struct rev_session *s, uint64_t addr, const void *buf, size_t len,
                  struct rev_err *err)
{
    if (s->replay)
        return fake_fail(err, REV_E_READONLY, "state writes are refused in replay");
    return mem_poke(s->m.mem, addr, buf, len) ? fake_fail(err, REV_E_ARGS, "unmapped") : 0;
}

int rev_checkpoint(struct rev_session *s, uint64_t *id, struct rev_err *err)
{
    if (s->nckpt == FAKE_MAX)
        return fake_fail(err, REV_E_LIMIT, "too many checkpoints");
    s->ckpt[s->nckpt++] = s->t;
    *id = (uint64_t)s->nckpt;
    return 0;
}

size_t rev_checkpoints(const struct rev_session *s, struct rev_ckpt_info *out, size_t max)
{
    for (int i = 0; i < s->nckpt && (size_t)i < max; i++) {
        out[i].id = (uint64_t)i + 1;
        out[i].icount = s->ckpt[i];
        out[i].bytes = 4096;
        out[i].pinned = 1;
    }
    return (size_t)s->nckpt;
}

uint64_t rev_checkpoint_bytes(const struct rev_session *s)
{
    return 4096ull * (uint64_t)s->nckpt;
}

uint64_t rev_checkpoint_budget(const struct rev_session *s, int *is_default)
{
    if (is_default)
        *is_default = 1;
    return s->replay ? 1ull << 20 : 0;
}

int rev_events(struct rev_session *s, uint64_t from, uint64_t to, rev_event_fn fn, void *ctx,
               struct rev_err *err)
{
    static const struct { uint32_t kind; uint64_t icount; const char *text; } k_ev[] = {
        {JRNL_K_HOST_RESULT, 5, "read(0) = 17"},
        {JRNL_K_HOST_RESULT, 15, "clock_gettime = 0"},
        {JRNL_K_HOST_RESULT, 50, "write(1) = 17"},
        {JRNL_K_OUTPUT, 50, "fd=1 \"hello\""},
        {JRNL_K_HOST_RESULT, 99, "exit(7)"},
    };
    (void)s;
    (void)err;
    for (size_t i = 0; i < sizeof k_ev / sizeof k_ev[0]; i++)
        if (k_ev[i].icount >= from && k_ev[i].icount <= to &&
            fn(ctx, k_ev[i].kind, k_ev[i].icount, k_ev[i].text))
            break;
    return 0;
}

#endif
