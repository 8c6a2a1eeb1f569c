/*
 * lnx_signal.c — signals of the Linux machine: dispositions and masks
 * (rt_sigaction, rt_sigprocmask, sigaltstack), delivery to guest handlers,
 * return from handlers, default actions (lnx_internal.h).
 *
 * Delivery follows qemu-e2k's target_setup_frame, which matches the
 * kernel's handle_signal in what the guest sees (docs/linux-user.md §4):
 *  1. a procedure call with wbs = the whole window saves the interrupted
 *     frame (its CR0.hi is the bundle to resume: the faulting bundle, or
 *     the one after the system call);
 *  2. the frame — siginfo, ucontext (sigcontext, sigmask, extra with the
 *     CTPRs and FP control words), then our extension (LSR, ILCR,
 *     %g16..%g31 with tags, SBR) — goes 16-aligned below the user stack
 *     pointer or at the top of the alternate stack;
 *  3. USD is moved below the frame, and a second call with an empty window
 *     pushes a chain frame returning to LNX_SIGRET_ADDR in the fake kernel;
 *  4. the handler starts with an 8-register window: %r0 signal number,
 *     %r1 &siginfo, %r2 &ucontext.
 * When the handler returns, the CPU pops the fake frame and fails to fetch
 * from LNX_SIGRET_ADDR; the run loop calls lnx_signal_return(), which
 * restores what the frame saved, writes uc_mcontext.cr0_hi into the
 * interrupted chain frame (so a handler may choose where execution
 * resumes, as on the kernel) and returns into it. rt_sigreturn called from
 * inside a handler first unwinds to the fake frame.
 *
 * Deviations (docs/linux-user.md §5): one thread; standard and real-time
 * signals are both "one pending instance"; no core dumps (a fatal signal
 * ends the run with status 128 + signo); the trap-cellar/TIR/DAM parts of
 * the sigcontext are zero; only cr0_hi of uc_mcontext is read back.
 */
#include "emu/linux/lnx_internal.h"

#include <errno.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"

#define SIGKILL_ 9
#define SIGSTOP_ 19
#define SA_SIGINFO_ 0x4
#define SA_ONSTACK_ 0x08000000
#define SA_NODEFER_ 0x40000000
#define SA_RESETHAND_ 0x80000000u
#define SS_ONSTACK_ 1
#define SS_DISABLE_ 2
#define MINSIGSTKSZ_ 4096
#define SIG_DFL_ 0
#define SIG_IGN_ 1
#define SIGBIT(s) (1ull << ((s) - 1))
#define UNBLOCKABLE (SIGBIT(SIGKILL_) | SIGBIT(SIGSTOP_))
#define DESC_BASE(lo) ((lo) & 0xffffffffffffull)
#define DESC_IND(hi) ((hi) & 0xffffffffull)

/* Frame layout (docs/linux-user.md §4; offsets in bytes). */
#define F_INFO 0          /* siginfo, 128 bytes */
#define F_UC 128          /* struct ucontext */
#define UC_FLAGS 0
#define UC_LINK 8
#define UC_STACK 16       /* ss_sp, ss_flags (+pad), ss_size */
#define UC_MCTX 40        /* struct sigcontext, 1576 bytes */
#define SC_CR0_LO 0
#define SC_CR0_HI 8
#define SC_CR1_LO 16
#define SC_CR1_HI 24
#define SC_SBR 32
#define SC_USD_LO 40
#define SC_USD_HI 48
#define SC_PSP_LO 56
#define SC_PSP_HI 64
#define SC_PCSP_LO 72
#define SC_PCSP_HI 80
#define SC_NR_TIRS 104
#define SC_UPSR 1568
#define SC_SIZE 1576
#define UC_SIGMASK (UC_MCTX + SC_SIZE) /* union with pad[16]: 128 bytes */
#define UC_EXTRA (UC_SIGMASK + 128)
#define EX_SIZEOF 0
#define EX_CURR_CNT 4
#define EX_TC_COUNT 8
#define EX_FPCR 12
#define EX_FPSR 16
#define EX_PFPFR 20
#define EX_CTPR1 24
#define EX_SIZE 48
#define UC_SIZE (UC_EXTRA + EX_SIZE) /* 1792 */
#define F_EXT (F_UC + UC_SIZE)       /* our own part */
#define X_MAGIC 0
#define X_SBR 8
#define X_LSR 16
#define X_LSR_LCNT 24
#define X_ILCR 32
#define X_ILCR_LCNT 40
#define X_GREGS 48                   /* %g16..%g31: lo, hi */
#define X_GTAGS (X_GREGS + 16 * 16)
#define X_SIZE (X_GTAGS + 16)
#define FRAME_SIZE (F_EXT + X_SIZE)  /* 2240, a multiple of 16 */
#define FRAME_MAGIC 0x6532726b73696731ull /* "1gisk2re" */

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
           (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
    return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static const char *sig_name(int sig)
{
    static const char *const names[32] = {
        NULL, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
        "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT",
        "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR",
        "SIGSYS"};
    return sig > 0 && sig < 32 ? names[sig] : "real-time signal";
}

/* Default action: 1 = terminate, 0 = ignore. */
static int default_kills(int sig)
{
    switch (sig) {
    case 17: case 18: case 23: case 28: /* CHLD CONT URG WINCH */
    case 19: case 20: case 21: case 22: /* stop signals: no job control */
        return 0;
    default:
        return 1;
    }
}

static void die(struct machine *m, int sig, uint64_t pc)
{
    struct lnx_proc *p = lnx_proc_of(m);
    lnx_log(m, "guest killed by %s (%d) at pc 0x%llx%s%s", sig_name(sig), sig,
            (unsigned long long)pc, p->why[0] ? ": " : "", p->why);
    if (!p->exited)
        p->term_sig = sig;
    lnx_exit(m, 128 + sig);
}

static int on_alt_stack(const struct lnx_proc *p, uint64_t sp)
{
    return !(p->ss_flags & SS_DISABLE_) && sp > p->ss_sp &&
           sp - p->ss_sp <= p->ss_size;
}

/* Build the frame and enter the handler for `sig` (not SIG_DFL/IGN). */
static void enter_handler(struct machine *m, int sig, int code,
                          uint64_t addr, uint64_t resume)
{
    struct lnx_proc *p = lnx_proc_of(m);
    struct cpu_state *c = &m->cpu;
    struct lnx_sigaction *act = &p->act[sig];
    uint8_t f[FRAME_SIZE];
    memset(f, 0, sizeof f);

    /* What the calls below change, saved first. */
    uint64_t ctpr[3] = {c->ctpr[1], c->ctpr[2], c->ctpr[3]};
    uint64_t sbr = c->sbr, usd_lo = c->usd_lo, usd_hi = c->usd_hi;
    uint64_t sp = DESC_BASE(c->usd_lo);
    int use_alt = (act->flags & SA_ONSTACK_) && !(p->ss_flags & SS_DISABLE_) &&
                  !on_alt_stack(p, sp);

    unsigned wbs = c->wd_size / 2;
    if (lnx_hws_reserve(m, wbs, 2) || cpu_proc_call(c, act->handler, wbs,
                                                    resume)) {
        snprintf(p->why, sizeof p->why, "no room on the hardware stacks "
                 "for the signal frame");
        die(m, 11, resume);
        return;
    }
    uint64_t top = use_alt ? p->ss_sp + p->ss_size : sp;
    uint64_t frame = (top - FRAME_SIZE) & ~0xfull;

    /* siginfo */
    put32(f + F_INFO + 0, (uint32_t)sig);
    put32(f + F_INFO + 8, (uint32_t)code);
    put64(f + F_INFO + 16, addr); /* si_addr; si_pid/si_uid 0 for SI_USER */
    /* ucontext */
    uint8_t *uc = f + F_UC;
    put64(uc + UC_STACK, p->ss_sp);
    put32(uc + UC_STACK + 8, (p->ss_flags & SS_DISABLE_) ? SS_DISABLE_
                             : on_alt_stack(p, sp) ? SS_ONSTACK_ : 0);
    put64(uc + UC_STACK + 16, p->ss_size);
    uint8_t *sc = uc + UC_MCTX;
    uint64_t cr[4];
    if (cpu_cr_read(c, 0, &cr[0], &cr[1], &cr[2], &cr[3]))
        memset(cr, 0, sizeof cr);
    put64(sc + SC_CR0_LO, cr[0]);
    put64(sc + SC_CR0_HI, cr[1]);
    put64(sc + SC_CR1_LO, cr[2]);
    put64(sc + SC_CR1_HI, cr[3]);
    put64(sc + SC_SBR, sbr);
    put64(sc + SC_USD_LO, usd_lo);
    put64(sc + SC_USD_HI, usd_hi);
    put64(sc + SC_PSP_LO, c->psp_lo);
    put64(sc + SC_PSP_HI, c->psp_hi);
    put64(sc + SC_PCSP_LO, c->pcsp_lo);
    put64(sc + SC_PCSP_HI, c->pcsp_hi);
    put64(sc + SC_NR_TIRS, 0);
    put64(sc + SC_UPSR, c->upsr);
    put64(uc + UC_SIGMASK, p->blocked);
    uint8_t *ex = uc + UC_EXTRA;
    put32(ex + EX_SIZEOF, EX_SIZE - 4);
    put32(ex + EX_CURR_CNT, 0xffffffffu);
    put32(ex + EX_TC_COUNT, 0);
    put32(ex + EX_FPCR, (uint32_t)c->fpcr);
    put32(ex + EX_FPSR, (uint32_t)c->fpsr);
    put32(ex + EX_PFPFR, (uint32_t)c->pfpfr);
    for (int i = 0; i < 3; i++)
        put64(ex + EX_CTPR1 + 8 * i, ctpr[i]);
    /* our extension */
    uint8_t *x = f + F_EXT;
    put64(x + X_MAGIC, FRAME_MAGIC);
    put64(x + X_SBR, sbr);
    put64(x + X_LSR, cpu_lsr_get(&c->lsr));
    put64(x + X_LSR_LCNT, c->lsr.lcnt);
    put64(x + X_ILCR, cpu_lsr_get(&c->ilcr));
    put64(x + X_ILCR_LCNT, c->ilcr.lcnt);
    for (int i = 0; i < 16; i++) {
        const struct cpu_reg *g = &c->rf[CPU_RF_G0 + 16 + i];
        put64(x + X_GREGS + 16 * i, g->lo);
        put64(x + X_GREGS + 16 * i + 8, g->hi);
        x[X_GTAGS + i] = g->tag;
    }
    if (frame < FRAME_SIZE || lnx_copy_out(m, frame, f, sizeof f)) {
        snprintf(p->why, sizeof p->why, "cannot write the signal frame at "
                 "0x%llx", (unsigned long long)frame);
        die(m, 11, resume);
        return;
    }

    /* USD below the frame (SBR = top of the alternate stack there). */
    if (use_alt)
        c->sbr = top & ~0xfull;
    c->usd_lo = (c->usd_lo & ~0xffffffffffffull) | frame;
    c->usd_hi = (c->usd_hi & 0xffffffffull) | ((c->sbr - frame) << 32);
    if (cpu_proc_call(c, act->handler, 0, LNX_SIGRET_ADDR)) {
        snprintf(p->why, sizeof p->why, "cannot push the signal return "
                 "frame");
        die(m, 11, resume);
        return;
    }
    c->wd_size = 8;
    c->wd_psize = 0;
    for (int i = 0; i < 8; i++)
        c->rf[i] = (struct cpu_reg){0};
    c->rf[0].lo = (uint64_t)sig;
    c->rf[1].lo = frame + F_INFO;
    c->rf[2].lo = frame + F_UC;
    c->ip = act->handler;
    c->nip = act->handler;

    p->blocked |= act->mask;
    if (!(act->flags & SA_NODEFER_))
        p->blocked |= SIGBIT(sig);
    p->blocked &= ~UNBLOCKABLE;
    if (act->flags & SA_RESETHAND_)
        *act = (struct lnx_sigaction){0};
    p->sig_depth++;
    p->why[0] = 0;
}

/* Act on `sig` now: handler, ignore, or default. */
static void deliver(struct machine *m, int sig, int code, uint64_t addr,
                    uint64_t resume)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t h = p->act[sig].handler;
    if (h == SIG_IGN_)
        return;
    if (h == SIG_DFL_) {
        if (default_kills(sig))
            die(m, sig, resume);
        return;
    }
    enter_handler(m, sig, code, addr, resume);
}

void lnx_signal_raise(struct machine *m, int sig, int code, uint64_t addr,
                      unsigned flags)
{
    struct lnx_proc *p = lnx_proc_of(m);
    (void)flags;
    if (!p || sig < 1 || sig > LNX_NSIG)
        return;
    uint64_t h = p->act[sig].handler;
    if (sig != SIGKILL_ && sig != SIGSTOP_ &&
        (h == SIG_IGN_ || (h == SIG_DFL_ && !default_kills(sig))))
        return; /* discarded at generation, as Linux does */
    p->pending |= SIGBIT(sig);
    p->sig_code[sig] = code;
    p->sig_addr[sig] = addr;
}

void lnx_signal_fault(struct machine *m, int sig, int code, uint64_t addr,
                      uint64_t pc)
{
    struct lnx_proc *p = lnx_proc_of(m);
    if (!p)
        return;
    /* force_sig: a blocked or ignored fault takes the default action */
    uint64_t h = p->act[sig].handler;
    if ((p->blocked & SIGBIT(sig)) || h == SIG_IGN_ || h == SIG_DFL_) {
        die(m, sig, pc);
        return;
    }
    enter_handler(m, sig, code, addr, pc);
}

void lnx_signal_deliver_pending(struct machine *m)
{
    struct lnx_proc *p = lnx_proc_of(m);
    if (!p || p->exited)
        return;
    uint64_t ready = p->pending & (~p->blocked | UNBLOCKABLE);
    if (!ready)
        return;
    int sig = __builtin_ctzll(ready) + 1;
    p->pending &= ~SIGBIT(sig);
    deliver(m, sig, p->sig_code[sig], p->sig_addr[sig], m->cpu.ip);
}

void lnx_signal_return(struct machine *m, int from_syscall)
{
    struct lnx_proc *p = lnx_proc_of(m);
    struct cpu_state *c = &m->cpu;
    uint64_t here = from_syscall ? c->stop.sys_next : c->stop.pc;
    if (from_syscall) {
        /* Unwind the handler's own calls down to the fake kernel frame. */
        int found = 0;
        for (unsigned depth = 0; depth < 100000 && !found; depth++) {
            uint64_t cr[4];
            if (cpu_cr_read(c, 0, &cr[0], &cr[1], &cr[2], &cr[3]))
                break;
            found = (cr[1] & ~7ull) == LNX_SIGRET_ADDR;
            if (cpu_proc_return(c))
                break;
        }
        if (!found) {
            snprintf(p->why, sizeof p->why, "rt_sigreturn outside a signal "
                     "handler");
            die(m, 11, here);
            return;
        }
    }
    uint8_t f[FRAME_SIZE];
    uint64_t frame = DESC_BASE(c->usd_lo);
    if (lnx_copy_in(m, f, frame, sizeof f) ||
        get64(f + F_EXT + X_MAGIC) != FRAME_MAGIC) {
        snprintf(p->why, sizeof p->why, "bad signal frame at 0x%llx",
                 (unsigned long long)frame);
        die(m, 11, here);
        return;
    }
    const uint8_t *uc = f + F_UC, *sc = uc + UC_MCTX, *ex = uc + UC_EXTRA;
    const uint8_t *x = f + F_EXT;
    /* The resume address the handler may have changed. */
    uint64_t cr0_hi = get64(sc + SC_CR0_HI) & 0xfffffffffff8ull;
    uint64_t slot = DESC_BASE(c->pcsp_lo) + DESC_IND(c->pcsp_hi) + 8;
    c->sbr = get64(x + X_SBR);
    if (mem_poke(m->mem, slot, &cr0_hi, sizeof cr0_hi) ||
        cpu_proc_return(c)) {
        snprintf(p->why, sizeof p->why, "cannot return from the signal "
                 "handler");
        die(m, 11, here);
        return;
    }
    p->blocked = get64(uc + UC_SIGMASK) & ~UNBLOCKABLE;
    for (int i = 0; i < 3; i++)
        c->ctpr[1 + i] = get64(ex + EX_CTPR1 + 8 * i);
    c->fpcr = get32(ex + EX_FPCR);
    c->fpsr = get32(ex + EX_FPSR);
    c->pfpfr = get32(ex + EX_PFPFR);
    cpu_lsr_set(&c->lsr, get64(x + X_LSR));
    c->lsr.lcnt = get64(x + X_LSR_LCNT);
    cpu_lsr_set(&c->ilcr, get64(x + X_ILCR));
    c->ilcr.lcnt = get64(x + X_ILCR_LCNT);
    for (int i = 0; i < 16; i++) {
        struct cpu_reg *g = &c->rf[CPU_RF_G0 + 16 + i];
        g->lo = get64(x + X_GREGS + 16 * i);
        g->hi = get64(x + X_GREGS + 16 * i + 8);
        g->tag = x[X_GTAGS + i];
    }
    c->nip = c->ip;
    if (p->sig_depth)
        p->sig_depth--;
    lnx_signal_deliver_pending(m);
}

/* ---- system calls ------------------------------------------------------ */

int64_t lnx_sys_rt_sigaction(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t sig = a[0], act = a[1], oact = a[2];
    if (a[3] != 8 || sig < 1 || sig > LNX_NSIG)
        return -EINVAL;
    if (act && (sig == SIGKILL_ || sig == SIGSTOP_))
        return -EINVAL;
    uint64_t n[4];
    if (act && lnx_copy_in(m, n, act, sizeof n))
        return -EFAULT;
    if (oact) {
        const struct lnx_sigaction *o = &p->act[sig];
        uint64_t w[4] = {o->handler, o->flags, o->restorer, o->mask};
        if (lnx_copy_out(m, oact, w, sizeof w))
            return -EFAULT;
    }
    if (act) {
        p->act[sig] = (struct lnx_sigaction){n[0], n[1], n[2],
                                             n[3] & ~UNBLOCKABLE};
        if (n[0] == SIG_IGN_ ||
            (n[0] == SIG_DFL_ && !default_kills((int)sig)))
            p->pending &= ~SIGBIT(sig);
    }
    return 0;
}

int64_t lnx_sys_rt_sigprocmask(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t how = a[0], set = a[1], oset = a[2];
    if (a[3] != 8)
        return -EINVAL;
    uint64_t n = 0;
    if (set) {
        if (how > 2)
            return -EINVAL;
        if (lnx_copy_in(m, &n, set, sizeof n))
            return -EFAULT;
    }
    if (oset && lnx_copy_out(m, oset, &p->blocked, sizeof p->blocked))
        return -EFAULT;
    if (set) {
        if (how == 0)
            p->blocked |= n;
        else if (how == 1)
            p->blocked &= ~n;
        else
            p->blocked = n;
        p->blocked &= ~UNBLOCKABLE;
    }
    return 0;
}

int64_t lnx_sys_sigaltstack(struct machine *m, const uint64_t *a)
{
    struct lnx_proc *p = lnx_proc_of(m);
    uint64_t sp = DESC_BASE(m->cpu.usd_lo);
    int on = on_alt_stack(p, sp);
    uint64_t n[3];
    if (a[0] && lnx_copy_in(m, n, a[0], sizeof n))
        return -EFAULT;
    if (a[1]) {
        uint64_t o[3] = {p->ss_sp, (uint64_t)((p->ss_flags & SS_DISABLE_)
                                              ? SS_DISABLE_
                                              : on ? SS_ONSTACK_ : 0),
                         p->ss_size};
        if (lnx_copy_out(m, a[1], o, sizeof o))
            return -EFAULT;
    }
    if (a[0]) {
        uint32_t flags = (uint32_t)n[1];
        if (on)
            return -EPERM;
        if (flags & ~(uint32_t)(SS_DISABLE_ | SS_ONSTACK_ | 0x80000000u))
            return -EINVAL;
        if (flags & SS_DISABLE_) {
            p->ss_flags = SS_DISABLE_;
            p->ss_sp = p->ss_size = 0;
        } else {
            if (n[2] < MINSIGSTKSZ_)
                return -ENOMEM;
            p->ss_flags = 0;
            p->ss_sp = n[0];
            p->ss_size = n[2];
        }
    }
    return 0;
}
