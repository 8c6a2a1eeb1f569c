/*
 * rev.c — reverse-execution sessions (rev.h): opening a journal or a live
 * program, breakpoints and watchpoints, state access for debuggers, user
 * checkpoints, journal events around a position. Moving in time (step,
 * continue, their reverse forms, goto) is rev_run.c; snapshots are ckpt.c
 * and their spacing ckpt_policy.c. docs/debugging.md describes the
 * semantics.
 *
 * The session owns a machine behind a gate, like `e2k-rr replay`
 * (session.c; a virt journal's machine is built by the same code,
 * sess_virt_machine), with two additions: its own hook table in front of
 * the gate's (it forwards host requests and catches watched writes, DMA
 * writes of devices included), and a read-watch callback on guest memory.
 * Guest output -- a Linux program's writes to fds 1 and 2, the virt
 * machine's UART -- is re-emitted only the first time the replay passes it
 * (an icount high-water mark): moving back and forth does not print the
 * same lines again. The Linux machine's own diagnostics go to /dev/null
 * for the same reason; exits and fatal signals are reported as stops.
 * What differs per machine kind (the virt machine's journal, checkpoint
 * parts and UART output) is rev_virt.c.
 */
#include "replay/rev.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/linux/lnx.h"
#include "emu/linux/lnx_host.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "replay/ckpt.h"
#include "replay/gate.h"
#include "replay/jrnl_print.h"
#include "replay/jrnl_reader.h"
#include "replay/rev_internal.h"

const char *rev_strerror(int code)
{
    switch (code) {
    case REV_OK: return "ok";
    case REV_E_ARGS: return "bad arguments";
    case REV_E_JOURNAL: return "the journal cannot be read";
    case REV_E_DIVERGED: return "the replay diverged from the journal";
    case REV_E_NOTSUP: return "not possible in this session";
    case REV_E_READONLY: return "state cannot be changed in a replay";
    case REV_E_NOMEM: return "out of memory";
    case REV_E_LIMIT: return "too many breakpoints, watchpoints or checkpoints";
    default: return "unknown error";
    }
}

int rev_fail(struct rev_err *err, int code, const char *fmt, ...)
{
    if (err) {
        err->code = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* ---- hooks: host requests through the gate, watched accesses ---- */

static int hook_host_call(void *opaque, const struct emu_host_req *req,
                          struct emu_host_resp *resp)
{
    const struct emu_hooks_fwd *fw = opaque;
    struct rev_session *s = fw->ctx;
    int r = emu_fwd_host_call(fw, req, resp);
    /* Guest output, the first time the replay gets here. */
    if (r == 0 && s->replay && s->emit_output && req->kind == EMU_HOST_SYSCALL &&
        req->nr == LNX_HOST_WRITE && (req->args[0] == 1 || req->args[0] == 2) &&
        resp->ret > 0 && req->n_in >= 1 && req->icount > s->out_mark) {
        size_t len = (size_t)resp->ret <= req->in[0].len ? (size_t)resp->ret : req->in[0].len;
        FILE *f = req->args[0] == 1 ? stdout : stderr;
        fwrite(req->in[0].ptr, 1, len, f);
        fflush(f);
        s->out_mark = req->icount;
    }
    return r;
}

/* A guest access touched a watched page: report the first matching
 * watchpoint and stop the CPU right after the accessing bundle (smc makes
 * the block leave after it, cpu_halt makes cpu_run return). */
static void watch_hit(struct rev_session *s, uint64_t addr, size_t len, int access)
{
    if (!s->armed || s->pending.what)
        return;
    uint64_t end = addr + len;
    for (size_t i = 0; i < s->nwatch; i++) {
        const struct rev_watch *w = &s->watch[i];
        if (!(w->kind & access))
            continue;
        uint64_t lo = addr > w->addr ? addr : w->addr;
        uint64_t hi = end < w->addr + w->len ? end : w->addr + w->len;
        if (lo >= hi)
            continue;
        s->pending.what = 2;
        s->pending.addr = lo;
        s->pending.len = hi - lo;
        s->pending.watch_kind = w->kind;
        s->m->cpu.smc = 1;
        cpu_halt(&s->m->cpu);
        return;
    }
}

static void hook_mem_write(void *opaque, struct machine *m, uint64_t addr, size_t len)
{
    (void)m;
    watch_hit(((const struct emu_hooks_fwd *)opaque)->ctx, addr, len, REV_WATCH_WRITE);
}

static void on_mem_read(void *opaque, uint64_t addr, size_t len)
{
    watch_hit(opaque, addr, len, REV_WATCH_READ);
}

/* ---- open / close ---- */

static int gate_part_save(void *opaque, struct machine *m, struct ckpt_blob *out)
{
    (void)m;
    struct gate_pos pos;
    gate_save(opaque, &pos);
    return ckpt_blob_put(out, &pos, sizeof pos);
}

static int gate_part_load(void *opaque, struct machine *m, const uint8_t *data,
                          size_t len)
{
    (void)m;
    struct gate_pos pos;
    if (len != sizeof pos)
        return -1;
    memcpy(&pos, data, sizeof pos);
    return gate_restore(opaque, &pos);
}

void rev_install_hooks(void *ctx, struct machine *m, struct gate *g)
{
    struct rev_session *s = ctx;
    emu_hooks_fwd_init(&s->fwd, gate_hooks(g), s);
    s->fwd.hooks.host_call = hook_host_call;
    s->fwd.hooks.mem_write = hook_mem_write;
    mach_set_hooks(m, &s->fwd.hooks);
    mem_set_rwatch_cb(m->mem, on_mem_read, s);
}

static int open_user(struct rev_session *s, const struct rev_opts *o,
                     const struct jrnl_header *h, struct rev_err *err);

static int open_replay(struct rev_session *s, const struct rev_opts *o, struct rev_err *err)
{
    struct jrnl_err jerr = {0};
    if (jrnl_reader_open(&s->r, o->journal, &jerr) != 0)
        return rev_fail(err, REV_E_JOURNAL, "%s: %s", o->journal, jerr.msg);
    const struct jrnl_header *h = jrnl_reader_header(s->r);
    struct jrnl_status jst;
    jrnl_reader_status(s->r, &jst);
    s->hash_interval = h->hash_interval_icount;
    s->end_known = jst.complete;
    s->end_icount = jst.complete ? jst.end.final_icount : jst.last_icount;
    int rc = h->flags & JRNL_HF_SYSTEM ? rev_open_virt(s, o, err) : open_user(s, o, h, err);
    if (rc)
        return rc;
    if (ckpt_store_new(&s->ck, s->m) ||
        ckpt_add_part(s->ck, "gate", gate_part_save, gate_part_load, s->g) ||
        (s->virt && rev_virt_parts(s)))
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    struct ckpt *c;
    rc = ckpt_take(s->ck, 0, &c);
    if (rc)
        return rev_fail(err, REV_E_NOMEM, "first checkpoint: %s", ckpt_strerror(rc));
    ckpt_set_flags(c, REV_CK_PINNED);
    return 0;
}

/* A Linux user-mode journal: the embedded program loaded as `e2k-rr
 * replay` loads it. */
static int open_user(struct rev_session *s, const struct rev_opts *o,
                     const struct jrnl_header *h, struct rev_err *err)
{
    if (!(h->flags & JRNL_HF_PROGRAM) || !h->program)
        return rev_fail(err, REV_E_JOURNAL, "%s: the guest program is not embedded",
                        o->journal);
    if (h->isa_version < 2 || h->isa_version > 7 || h->argc < 1)
        return rev_fail(err, REV_E_JOURNAL, "%s: header names ISA version %u and %u "
                        "arguments", o->journal, h->isa_version, h->argc);
    s->m = mach_new(MACH_USER, h->isa_version, 0);
    if (!s->m)
        return rev_fail(err, REV_E_NOMEM, "cannot create a machine");
    struct gate_opts go = {.mode = GATE_REPLAY, .machine = s->m, .reader = s->r};
    s->g = gate_new(&go);
    if (!s->g)
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    rev_install_hooks(s, s->m, s->g);
    struct lnx_opts lo = {.argv = h->argv, .argc = (int)h->argc, .envp = h->envp,
                          .log = s->null_log};
    struct lnx_err lerr = {0};
    if (lnx_load(s->m, h->program, h->program_bytes, &lo, &lerr) != 0) {
        struct gate_report rep;
        if (gate_report(s->g, &rep))
            return rev_fail(err, rep.diverged ? REV_E_DIVERGED : REV_E_JOURNAL, "%s", rep.what);
        return rev_fail(err, REV_E_JOURNAL, "loading the embedded program failed: %s",
                        lerr.msg);
    }
    return 0;
}

static int open_live(struct rev_session *s, const struct rev_opts *o, struct rev_err *err)
{
    struct lnx_err lerr = {0};
    int isa = o->isa;
    if (!o->program || o->argc < 1 || !o->argv)
        return rev_fail(err, REV_E_ARGS, "a live session needs a program and argv");
    if (!isa) {
        isa = lnx_elf_isa(o->program, o->program_bytes, &lerr);
        if (isa < 0)
            return rev_fail(err, REV_E_ARGS, "%s", lerr.msg);
        if (isa == 0)
            isa = 5;
    }
    s->end_icount = UINT64_MAX;
    s->m = mach_new(MACH_USER, (unsigned)isa, 0);
    if (!s->m)
        return rev_fail(err, REV_E_NOMEM, "cannot create a machine for elbrus-v%d", isa);
    struct gate_opts go = {.mode = GATE_LIVE, .machine = s->m, .live = lnx_host_live};
    s->g = gate_new(&go);
    if (!s->g)
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    rev_install_hooks(s, s->m, s->g);
    struct lnx_opts lo = {.argv = o->argv, .argc = o->argc, .envp = o->envp};
    if (lnx_load(s->m, o->program, o->program_bytes, &lo, &lerr) != 0)
        return rev_fail(err, REV_E_ARGS, "%s", lerr.msg);
    /* Keep the image for rev_program (symbols): the caller's is borrowed. */
    s->live_program = malloc(o->program_bytes ? o->program_bytes : 1);
    if (!s->live_program)
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    memcpy(s->live_program, o->program, o->program_bytes);
    s->live_program_bytes = o->program_bytes;
    return 0;
}

int rev_program(const struct rev_session *s, const uint8_t **elf, size_t *len)
{
    if (s->replay) {
        const struct jrnl_header *h = jrnl_reader_header(s->r);
        if (!h || !h->program || !h->program_bytes)
            return -1;
        *elf = h->program;
        *len = (size_t)h->program_bytes;
        return 0;
    }
    if (!s->live_program)
        return -1;
    *elf = s->live_program;
    *len = s->live_program_bytes;
    return 0;
}

int rev_open(struct rev_session **out, const struct rev_opts *o, struct rev_err *err)
{
    *out = NULL;
    if (!o)
        return rev_fail(err, REV_E_ARGS, "no options");
    struct rev_session *s = calloc(1, sizeof *s);
    if (!s)
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    atomic_init(&s->intr, 0);
    ckpt_policy_default(&s->pol);
    s->budget_opt = o->checkpoint_mem;
    s->emit_output = o->emit_output;
    s->replay = o->journal != NULL;
    int rc;
    if (s->replay) {
        s->journal = strdup(o->journal);
        s->null_log = fopen("/dev/null", "w");
        if (!s->journal || !s->null_log)
            rc = rev_fail(err, REV_E_NOMEM, "out of memory");
        else
            rc = open_replay(s, o, err);
    } else {
        rc = open_live(s, o, err);
    }
    if (rc) {
        rev_close(s);
        return rc;
    }
    *out = s;
    return 0;
}

void rev_close(struct rev_session *s)
{
    if (!s)
        return;
    ckpt_store_free(s->ck);
    mach_free(s->m);
    gate_free(s->g);
    if (s->uart_out)
        fclose(s->uart_out);
    jrnl_reader_close(s->r);
    jrnl_reader_close(s->er);
    free(s->jck);
    if (s->null_log)
        fclose(s->null_log);
    free(s->bps);
    free(s->journal);
    free(s->live_program);
    free(s);
}

struct machine *rev_machine(struct rev_session *s)
{
    return s->m;
}

uint64_t rev_icount(const struct rev_session *s)
{
    return s->m->cpu.icount;
}

int rev_is_replay(const struct rev_session *s)
{
    return s->replay;
}

uint64_t rev_end_icount(const struct rev_session *s)
{
    return s->replay ? s->end_icount : UINT64_MAX;
}

void rev_interrupt(struct rev_session *s)
{
    atomic_store(&s->intr, 1);
    cpu_halt(&s->m->cpu);
}

/* ---- breakpoints ---- */

int rev_break_insert(struct rev_session *s, uint64_t pc, struct rev_err *err)
{
    for (size_t i = 0; i < s->nbps; i++)
        if (s->bps[i] == pc)
            return 0;
    if (s->nbps >= REV_MAX_BREAK)
        return rev_fail(err, REV_E_LIMIT, "at most %d breakpoints", REV_MAX_BREAK);
    if (s->nbps == s->cap_bps) {
        size_t cap = s->cap_bps ? 2 * s->cap_bps : 16;
        uint64_t *n = realloc(s->bps, cap * sizeof *n);
        if (!n)
            return rev_fail(err, REV_E_NOMEM, "out of memory");
        s->bps = n;
        s->cap_bps = cap;
    }
    if (cpu_bp_insert(s->m, pc))
        return rev_fail(err, REV_E_NOMEM, "out of memory");
    s->bps[s->nbps++] = pc;
    return 0;
}

int rev_break_remove(struct rev_session *s, uint64_t pc, struct rev_err *err)
{
    for (size_t i = 0; i < s->nbps; i++) {
        if (s->bps[i] != pc)
            continue;
        cpu_bp_remove(s->m, pc);
        s->bps[i] = s->bps[--s->nbps];
        return 0;
    }
    return rev_fail(err, REV_E_ARGS, "no breakpoint at 0x%llx", (unsigned long long)pc);
}

/* ---- watchpoints ---- */

/* Flags of one page from the watchpoints covering it. */
static void page_flags(struct rev_session *s, uint64_t page)
{
    int w = 0, r = 0;
    for (size_t i = 0; i < s->nwatch; i++) {
        const struct rev_watch *x = &s->watch[i];
        if (x->addr < page + MEM_PAGE_SIZE && page < x->addr + x->len) {
            w |= (x->kind & REV_WATCH_WRITE) != 0;
            r |= (x->kind & REV_WATCH_READ) != 0;
        }
    }
    mem_set_watch(s->m->mem, page, w);
    mem_set_rwatch(s->m->mem, page, r);
}

static void range_flags(struct rev_session *s, uint64_t addr, uint64_t len)
{
    uint64_t first = addr & ~MEM_PAGE_MASK;
    uint64_t last = (addr + len - 1) & ~MEM_PAGE_MASK;
    for (uint64_t p = first;; p += MEM_PAGE_SIZE) {
        page_flags(s, p); /* unmapped pages: ignored, set when mapped */
        if (p == last)
            break;
    }
}

void rev_watch_apply(struct rev_session *s)
{
    int reads = 0;
    for (size_t i = 0; i < s->nwatch; i++) {
        range_flags(s, s->watch[i].addr, s->watch[i].len);
        reads |= (s->watch[i].kind & REV_WATCH_READ) != 0;
    }
    cpu_exit_after_loads(s->m, reads);
    s->watch_layout_gen = s->m->mem->layout_gen;
    s->watch_applied = 1;
}

static int watch_args(uint64_t addr, uint64_t len, int kind)
{
    return len && len <= (1ull << 30) && addr < MEM_ADDR_LIMIT &&
           len <= MEM_ADDR_LIMIT - addr &&
           (kind == REV_WATCH_WRITE || kind == REV_WATCH_READ || kind == REV_WATCH_ACCESS);
}

int rev_watch_insert(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err)
{
    if (!watch_args(addr, len, kind))
        return rev_fail(err, REV_E_ARGS, "bad watchpoint 0x%llx+%llu kind %d",
                        (unsigned long long)addr, (unsigned long long)len, kind);
    for (size_t i = 0; i < s->nwatch; i++)
        if (s->watch[i].addr == addr && s->watch[i].len == len && s->watch[i].kind == kind)
            return 0;
    if (s->nwatch >= REV_MAX_WATCH)
        return rev_fail(err, REV_E_LIMIT, "at most %d watchpoints", REV_MAX_WATCH);
    s->watch[s->nwatch++] = (struct rev_watch){addr, len, kind};
    rev_watch_apply(s);
    return 0;
}

int rev_watch_remove(struct rev_session *s, uint64_t addr, uint64_t len, int kind,
                     struct rev_err *err)
{
    for (size_t i = 0; i < s->nwatch; i++) {
        if (s->watch[i].addr != addr || s->watch[i].len != len || s->watch[i].kind != kind)
            continue;
        s->watch[i] = s->watch[--s->nwatch];
        range_flags(s, addr, len);
        rev_watch_apply(s);
        return 0;
    }
    return rev_fail(err, REV_E_ARGS, "no such watchpoint at 0x%llx",
                    (unsigned long long)addr);
}

/* ---- state access ---- */

int rev_read_mem(struct rev_session *s, uint64_t addr, void *buf, size_t len)
{
    return mem_peek(s->m->mem, addr, buf, len) ? REV_E_ARGS : 0;
}

int rev_write_mem(struct rev_session *s, uint64_t addr, const void *buf, size_t len,
                  struct rev_err *err)
{
    if (s->replay)
        return rev_fail(err, REV_E_READONLY, "memory cannot be changed in a replay");
    if (mem_poke(s->m->mem, addr, buf, len))
        return rev_fail(err, REV_E_ARGS, "0x%llx+%zu is not mapped",
                        (unsigned long long)addr, len);
    return 0;
}

/* ---- user checkpoints ---- */

int rev_checkpoint(struct rev_session *s, uint64_t *id, struct rev_err *err)
{
    if (!s->replay)
        return rev_fail(err, REV_E_NOTSUP, "checkpoints need a replay (live sessions "
                        "cannot go back)");
    struct ckpt *c;
    int rc = ckpt_take(s->ck, rev_canonical(s) ? 0 : 1, &c);
    if (rc)
        return rev_fail(err, REV_E_NOMEM, "checkpoint: %s", ckpt_strerror(rc));
    ckpt_set_flags(c, ckpt_flags(c) | REV_CK_PINNED | REV_CK_USER);
    struct ckpt_info ci;
    ckpt_info(c, &ci);
    if (id)
        *id = ci.id;
    return 0;
}

size_t rev_checkpoints(const struct rev_session *s, struct rev_ckpt_info *out, size_t max)
{
    if (!s->ck)
        return 0;
    size_t n = ckpt_count(s->ck);
    for (size_t i = 0; i < n && i < max; i++) {
        struct ckpt_info ci;
        ckpt_info(ckpt_at(s->ck, i), &ci);
        out[i] = (struct rev_ckpt_info){.id = ci.id, .icount = ci.icount,
                                        .bytes = ci.bytes,
                                        .pinned = (ci.flags & REV_CK_USER) != 0};
    }
    return n;
}

uint64_t rev_checkpoint_bytes(const struct rev_session *s)
{
    return s->ck ? ckpt_store_bytes(s->ck) : 0;
}

uint64_t rev_checkpoint_budget(const struct rev_session *s, int *is_default)
{
    if (is_default)
        *is_default = !s->budget_opt;
    if (!s->replay)
        return 0;
    if (s->budget_opt)
        return s->budget_opt;
    return 2 * s->m->mem->mapped_pages * MEM_PAGE_SIZE;
}

/* ---- journal events ---- */

struct jrnl_reader *rev_side_reader(struct rev_session *s)
{
    struct jrnl_err jerr;
    if (!s->er && s->journal && jrnl_reader_open(&s->er, s->journal, &jerr) != 0)
        s->er = NULL;
    return s->er;
}

int rev_events(struct rev_session *s, uint64_t from, uint64_t to, rev_event_fn fn,
               void *ctx, struct rev_err *err)
{
    if (!s->replay)
        return rev_fail(err, REV_E_NOTSUP, "a live session has no journal");
    struct jrnl_err jerr = {0};
    if (!rev_side_reader(s))
        return rev_fail(err, REV_E_JOURNAL, "%s: cannot open it again", s->journal);
    if (jrnl_reader_seek(s->er, from, &jerr) < 0)
        return rev_fail(err, REV_E_JOURNAL, "%s", jerr.msg);
    for (;;) {
        struct jrnl_event ev;
        int r = jrnl_reader_next(s->er, &ev, &jerr);
        if (r == 0)
            return 0;
        if (r < 0) /* a damaged or cut journal: the events before were given */
            return r == JRNL_E_TRUNCATED
                       ? 0
                       : rev_fail(err, REV_E_JOURNAL, "%s", jerr.msg);
        if (ev.icount > to)
            return 0;
        char *text = NULL;
        size_t tlen = 0;
        FILE *f = open_memstream(&text, &tlen);
        if (!f)
            return rev_fail(err, REV_E_NOMEM, "out of memory");
        jrnl_print_event(f, &ev, 0);
        fclose(f);
        if (tlen && text[tlen - 1] == '\n')
            text[tlen - 1] = 0;
        int stop = fn(ctx, ev.kind, ev.icount, text ? text : "");
        free(text);
        if (stop)
            return 0;
    }
}
