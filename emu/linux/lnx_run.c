/*
 * lnx_run.c — the run loop of the Linux machine: lnx_run() (lnx.h).
 *
 * Runs the CPU and acts on each stop as the kernel would: system calls
 * (lnx_syscall.c), hardware-stack overflow (grow and retry the bundle),
 * the return of a signal handler into the fake kernel, and every other
 * CPU exception turned into a synchronous signal. The mapping follows
 * qemu-e2k's cpu_loop (docs/linux-user.md §4, e2k-isa.md §10):
 *   illegal opcode, privileged action   SIGILL  ILL_ILLOPC
 *   illegal operand (diagnostic value)  SIGILL  ILL_ILLOPN
 *   window / array bounds               SIGSEGV SEGV_MAPERR, si_addr = pc
 *   data / instruction page             SIGSEGV MAPERR or ACCERR (mapped
 *                                       but not permitted), si_addr = address
 *   misaligned data or bundle address   SIGBUS  BUS_ADRALN
 *   division                            SIGFPE  FPE_INTDIV
 *   breakpoint bundle                   SIGTRAP TRAP_BRKPT
 * A debugger breakpoint (stop.exc 0) is not the guest's business: lnx_run
 * returns LNX_RUN_STOPPED and the caller decides.
 */
#include "emu/linux/lnx.h"

#include <stdarg.h>
#include <stdio.h>

#include "emu/cpu.h"
#include "emu/linux/lnx_internal.h"
#include "emu/linux/lnx_syscall.h"
#include "emu/machine.h"
#include "emu/mem.h"

enum {
    SIGILL_ = 4, SIGTRAP_ = 5, SIGBUS_ = 7, SIGFPE_ = 8, SIGSEGV_ = 11,
    ILL_ILLOPC_ = 1, ILL_ILLOPN_ = 2, SEGV_MAPERR_ = 1, SEGV_ACCERR_ = 2,
    BUS_ADRALN_ = 1, FPE_INTDIV_ = 1, TRAP_BRKPT_ = 1
};

static int fail(struct lnx_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

static void on_exception(struct machine *m, struct lnx_proc *p)
{
    struct cpu_state *c = &m->cpu;
    unsigned exc = c->stop.exc;
    uint64_t pc = c->stop.pc;
    c->ip = pc; /* the bundle did not execute: it runs again after this */
    p->exc_icount1 = c->icount + 1;

    if (exc == EXC_PROC_STACK_BOUNDS || exc == EXC_CHAIN_STACK_BOUNDS) {
        if (lnx_hws_grow(m, exc) == 0)
            return;
        snprintf(p->why, sizeof p->why, "%s: the %s stack %s",
                 cpu_exc_name(exc),
                 exc == EXC_PROC_STACK_BOUNDS ? "procedure" : "chain",
                 c->stop.msg[0] ? c->stop.msg : "cannot grow");
        lnx_signal_fault(m, SIGSEGV_, SEGV_MAPERR_, pc, pc);
        return;
    }
    if (exc == EXC_INSTR_PAGE && pc == LNX_SIGRET_ADDR) {
        lnx_signal_return(m, 0);
        return;
    }
    int sig, code;
    uint64_t addr = pc;
    switch (exc) {
    case EXC_ILLEGAL_OPERAND:
        sig = SIGILL_, code = ILL_ILLOPN_;
        break;
    case EXC_WINDOW_BOUNDS:
    case EXC_ARRAY_BOUNDS:
        sig = SIGSEGV_, code = SEGV_MAPERR_;
        break;
    case EXC_DATA_PAGE:
    case EXC_INSTR_PAGE:
        sig = SIGSEGV_;
        code = c->stop.mem_err == MEM_E_PROT ? SEGV_ACCERR_ : SEGV_MAPERR_;
        addr = exc == EXC_DATA_PAGE ? c->stop.addr : pc;
        break;
    case EXC_ADDR_NOT_ALIGNED:
        sig = SIGBUS_, code = BUS_ADRALN_, addr = c->stop.addr;
        break;
    case EXC_ILLEGAL_INSTR_ADDR:
        sig = SIGBUS_, code = BUS_ADRALN_;
        break;
    case EXC_DIV:
        sig = SIGFPE_, code = FPE_INTDIV_;
        break;
    default: /* illegal opcode, privileged action, anything unknown */
        sig = SIGILL_, code = ILL_ILLOPC_;
        break;
    }
    snprintf(p->why, sizeof p->why, "%s%s%s", cpu_exc_name(exc),
             c->stop.msg[0] ? ", " : "", c->stop.msg);
    lnx_signal_fault(m, sig, code, addr, pc);
}

int lnx_run(struct machine *m, uint64_t icount_limit, int *status,
            struct lnx_err *err)
{
    struct lnx_proc *p = lnx_proc_of(m);
    if (!p)
        return fail(err, LNX_E_STATE, "not a loaded Linux process");
    struct cpu_state *c = &m->cpu;
    for (;;) {
        if (p->exited) {
            if (status)
                *status = p->status;
            return LNX_RUN_EXITED;
        }
        if (p->host_failed)
            return fail(err, LNX_E_HOST, "a host request could not be "
                        "served at icount %llu",
                        (unsigned long long)c->icount);
        if (c->icount >= icount_limit)
            return LNX_RUN_LIMIT;
        switch (cpu_run(m, icount_limit)) {
        case CPU_STOP_SYSCALL:
            lnx_syscall(m);
            break;
        case CPU_STOP_EXCEPTION:
            on_exception(m, p);
            break;
        case CPU_STOP_BREAKPOINT:
            if (c->stop.exc == 1) { /* a breakpoint bundle in the program */
                c->ip = c->stop.pc;
                snprintf(p->why, sizeof p->why, "breakpoint bundle");
                lnx_signal_fault(m, SIGTRAP_, TRAP_BRKPT_, c->stop.pc,
                                 c->stop.pc);
                break;
            }
            return LNX_RUN_STOPPED;
        case CPU_STOP_ICOUNT:
            break; /* the loop head decides */
        case CPU_STOP_NONE:
            break; /* an exit request without a reason: go on */
        default: /* halt, hook */
            if (p->exited)
                break;
            return LNX_RUN_STOPPED;
        }
    }
}
