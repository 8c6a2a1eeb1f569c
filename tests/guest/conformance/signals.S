// signals.S — signal actions, masks, handler entry and return, the
// alternate stack (docs/linux-user.md §4, §5). Signals are raised with
// kill(getpid(), sig) and delivered when that system call returns.
// Faults as signals: exceptions.S; default actions: signals-default.S.

#include "e2k-test.h"

#define SIGUSR1_BIT 0x200 /* bit (signo - 1) of a sigset */
#define SI_USER 0

// kill(getpid(), sig)
#define RAISE(sig) \
    T_SYSCALL0(T_NR_getpid) ; \
    { addd,0 %r24, 0, %r23 } ; \
    T_SYSCALL2(T_NR_kill, %r23, sig)

TEST_BEGIN

CASE(sigaction_installs_and_reads_back)
    T_SIGACTION(T_SIGUSR1, usr1_handler, T_SA_SIGINFO)
    CHECK_D(%r24, 0)
    T_SYSCALL4(T_NR_rt_sigaction, T_SIGUSR1, 0, oldact, 8)
    CHECK_D(%r24, 0)
    { ldd,0 0, oldact, %r1 ; ldd,2 0, oldact + 8, %r2 }
    { addd,0 0, usr1_handler, %r3 }
    CHECK_D(%r1, %r3)
    CHECK_D(%r2, T_SA_SIGINFO)

CASE(sigaction_bad_size_is_einval)
    T_SYSCALL4(T_NR_rt_sigaction, T_SIGUSR1, 0, oldact, 16)
    CHECK_D(%r24, -T_EINVAL)

CASE(handler_runs_with_signal_arguments)
    { addd,0 0, 0x5eed, %r5 }
    RAISE(T_SIGUSR1)
    CHECK_D(%r24, 0)
    CHECK_MEM_D(h_count, 1)
    CHECK_MEM_D(h_sig, T_SIGUSR1)
    CHECK_MEM_D(h_si_signo, T_SIGUSR1)
    CHECK_MEM_D(h_si_code, SI_USER)

CASE(interrupted_registers_survive)
    CHECK_D(%r5, 0x5eed)

CASE(signal_is_blocked_inside_its_handler)
    CHECK_MEM_D(h_mask, SIGUSR1_BIT)

CASE(mask_is_restored_after_the_handler)
    T_SYSCALL4(T_NR_rt_sigprocmask, T_SIG_BLOCK, 0, curmask, 8)
    CHECK_D(%r24, 0)
    CHECK_MEM_D(curmask, 0)

CASE(siginfo_handler_gets_a_ucontext)
    CHECK_MEM_D(h_uc_nonnull, 1)

CASE(blocked_signal_stays_pending)
    T_SYSCALL4(T_NR_rt_sigprocmask, T_SIG_BLOCK, usr1_set, curmask, 8)
    CHECK_D(%r24, 0)
    CHECK_MEM_D(curmask, 0)
    RAISE(T_SIGUSR1)
    CHECK_MEM_D(h_count, 1)
    T_SYSCALL4(T_NR_rt_sigprocmask, T_SIG_BLOCK, 0, curmask, 8)
    CHECK_MEM_D(curmask, SIGUSR1_BIT)

CASE(unblocking_delivers_the_pending_signal)
    T_SYSCALL4(T_NR_rt_sigprocmask, T_SIG_UNBLOCK, usr1_set, 0, 8)
    CHECK_D(%r24, 0)
    CHECK_MEM_D(h_count, 2)

CASE(ignored_signal_is_discarded)
    T_SIGACTION(T_SIGUSR2, T_SIG_IGN, 0)
    CHECK_D(%r24, 0)
    RAISE(T_SIGUSR2)
    CHECK_D(%r24, 0)
    CHECK_MEM_D(h_count, 2)

CASE(resethand_restores_default)
    T_SIGACTION(T_SIGUSR2, usr1_handler, T_SA_SIGINFO | T_SA_RESETHAND)
    RAISE(T_SIGUSR2)
    CHECK_MEM_D(h_count, 3)
    CHECK_MEM_D(h_sig, T_SIGUSR2)
    T_SYSCALL4(T_NR_rt_sigaction, T_SIGUSR2, 0, oldact, 8)
    CHECK_MEM_D(oldact, 0)

CASE(sigaltstack_set_and_query)
    T_SYSCALL2(T_NR_sigaltstack, altss, 0)
    CHECK_D(%r24, 0)
    T_SYSCALL2(T_NR_sigaltstack, 0, oldss)
    CHECK_D(%r24, 0)
    { ldd,0 0, oldss, %r1 ; addd,1 0, altstack, %r2 }
    CHECK_D(%r1, %r2)
    CHECK_MEM_D(oldss + 16, 16384)

CASE(onstack_handler_runs_on_the_alternate_stack)
    T_SIGACTION(T_SIGUSR1, usr1_handler, T_SA_SIGINFO | T_SA_ONSTACK)
    RAISE(T_SIGUSR1)
    CHECK_MEM_D(h_count, 4)
    { ldd,0 0, h_sp, %r1 ; addd,1 0, altstack, %r2 }
    CHECK_LTU_D(%r2, %r1)
    { addd,0 %r2, 16384, %r3 }
    CHECK_LTU_D(%r1, %r3)

CASE(plain_handler_runs_on_the_normal_stack)
    T_SIGACTION(T_SIGUSR1, usr1_handler, T_SA_SIGINFO)
    RAISE(T_SIGUSR1)
    CHECK_MEM_D(h_count, 5)
    { ldd,0 0, h_sp, %r1 ; addd,1 0, altstack, %r2 }
    { addd,0 %r2, 16384, %r3 }
    { cmpbdb,0 %r1, %r2, %pred1 ; cmpbdb,1 %r3, %r1, %pred2 ; nop 2 }
    { pass %pred1, @p0 ; pass %pred2, @p1 ; andp ~@p0, ~@p1, @p4 ; pass @p4, %pred3 }
    CHECK_NOT_PRED(%pred3)

CASE(nodefer_signal_not_blocked_in_handler)
    T_SIGACTION(T_SIGUSR1, usr1_handler, T_SA_SIGINFO | T_SA_NODEFER)
    RAISE(T_SIGUSR1)
    CHECK_MEM_D(h_count, 6)
    CHECK_MEM_D(h_mask, 0)

TEST_END

    .balign 8
    // usr1_handler(sig, info, uc): records what it got
usr1_handler:
    { setwd wsz=16, nfx=1 }
    { ldw,0 %r1, T_SI_SIGNO, %r3 ; ldw,2 %r1, T_SI_CODE, %r4 }
    { std,2 %r0, 0, h_sig }
    { std,2 %r3, 0, h_si_signo }
    { std,2 %r4, 0, h_si_code }
    { cmpedb,0 %r2, 0, %pred0 ; addd,1 0, 1, %r6 ; nop 2 }
    { addd,0 0, 0, %r6 ? %pred0 }
    { std,2 %r6, 0, h_uc_nonnull }
    { getsp,0 0, %r5 }
    { std,2 %r5, 0, h_sp }
    T_SYSCALL4(T_NR_rt_sigprocmask, T_SIG_BLOCK, 0, h_mask, 8)
    { ldd,0 0, h_count, %r7 }
    { addd,0 %r7, 1, %r7 }
    { std,2 %r7, 0, h_count ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .data
    .balign 8
usr1_set: .quad SIGUSR1_BIT
curmask: .quad -1
oldact: .quad -1, -1, -1, -1
altss: .quad altstack, 0, 16384
oldss: .quad 0, 0, 0
h_count: .quad 0
h_sig: .quad 0
h_si_signo: .quad 0
h_si_code: .quad -1
h_uc_nonnull: .quad 0
h_sp: .quad 0
h_mask: .quad -1
    .balign 16
altstack: .fill 16384, 1, 0
