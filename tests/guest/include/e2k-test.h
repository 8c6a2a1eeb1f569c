/*
 * e2k-test.h — harness macros for e2k-rr's own guest conformance tests
 * (tests/guest/conformance/*.S, docs/conformance.md).
 *
 * A test is one .S file:
 *
 *     #include "e2k-test.h"
 *     TEST_BEGIN
 *     CASE(adds_wraps)
 *         { addd,0 0, 0x7fffffff, %r1 }
 *         { adds,0 %r1, 1, %r2 }
 *         CHECK_S(%r2, 0x80000000)
 *     TEST_END
 *
 * CASE(name) names the behaviour the following checks test; a failing check
 * prints "[name] file:line: <check> failed" on stderr and the program goes
 * on, then TEST_END exits with status 1 (0 if every check passed). TEST_SKIP
 * exits with 77, which ctest reports as skipped.
 *
 * Conventions (what the macros rely on):
 *  - The test body runs in _start's window, grown to 32 registers
 *    (setwd wsz=16). Cases may use %r0..%r23 freely; the harness clobbers
 *    %r24..%r31 (its system calls use call wbs=12), %g4..%g7 and %pred30.
 *  - Every macro that reports or makes a system call first grows the
 *    current window to 32 registers, so CHECK_* may also be used inside
 *    called functions and signal handlers (which then own a 32-register
 *    window); the checks themselves only compare.
 *  - One CHECK_* per source line: labels are made from __LINE__.
 *  - Syscall macros: arguments must not name %r24..%r31 (they are being
 *    overwritten); the result is in %r24.
 *
 * Everything is written for the host C preprocessor that e2k-as runs on .S
 * files; it uses no gas .macro. No code here is taken from other suites.
 */
#ifndef E2K_TEST_H
#define E2K_TEST_H

#ifndef __iset__
/* e2k-as defines __iset__ from -mcpu; a bare cpp run gets the default. */
#define __iset__ 5
#endif

/* ---- helpers ---------------------------------------------------------- */
#define T_STR_(x) #x
#define T_STR(x) T_STR_(x)
#define T_CAT_(a, b) a##b
#define T_CAT(a, b) T_CAT_(a, b)
/* A label private to the source line: T_L(ok) -> .Lt_ok_123 */
#define T_L(tag) T_CAT(T_CAT(.Lt_, tag), T_CAT(_, __LINE__))

/* ---- Linux e2k numbers (docs/linux-user.md §3) ------------------------ */
#define T_NR_exit 1
#define T_NR_read 3
#define T_NR_write 4
#define T_NR_close 6
#define T_NR_lseek 19
#define T_NR_getpid 20
#define T_NR_kill 37
#define T_NR_brk 45
#define T_NR_gettimeofday 78
#define T_NR_mmap 90
#define T_NR_munmap 91
#define T_NR_fstat 108
#define T_NR_uname 122
#define T_NR_mprotect 125
#define T_NR_writev 146
#define T_NR_rt_sigreturn 173
#define T_NR_rt_sigaction 174
#define T_NR_rt_sigprocmask 175
#define T_NR_sigaltstack 186
#define T_NR_gettid 244
#define T_NR_access_hw_stacks 254
#define T_NR_clock_gettime 267
#define T_NR_exit_group 300
#define T_NR_tgkill 308
#define T_NR_openat 335
#define T_NR_getrandom 385

/* fast system calls (sdisp entry 6) */
#define T_FAST_gettimeofday 0
#define T_FAST_clock_gettime 1

/* access_hw_stacks modes */
#define T_HW_READ_CHAIN_STACK 0
#define T_HW_READ_PROCEDURE_STACK 1
#define T_HW_GET_CHAIN_STACK_OFFSET 3
#define T_HW_GET_CHAIN_STACK_SIZE 4
#define T_HW_GET_PROCEDURE_STACK_SIZE 5
#define T_HW_READ_CHAIN_STACK_EX 6
#define T_HW_READ_PROCEDURE_STACK_EX 7
#define T_HW_WRITE_PROCEDURE_STACK_EX 8

#define T_SIGILL 4
#define T_SIGTRAP 5
#define T_SIGBUS 7
#define T_SIGFPE 8
#define T_SIGUSR1 10
#define T_SIGSEGV 11
#define T_SIGUSR2 12
#define T_SIGTERM 15

#define T_SA_SIGINFO 0x4
#define T_SA_ONSTACK 0x08000000
#define T_SA_NODEFER 0x40000000
#define T_SA_RESETHAND 0x80000000
#define T_SIG_IGN 1
#define T_SIG_BLOCK 0
#define T_SIG_UNBLOCK 1
#define T_SIG_SETMASK 2

#define T_PROT_READ 1
#define T_PROT_WRITE 2
#define T_MAP_PRIVATE 0x2
#define T_MAP_ANONYMOUS 0x10 /* e2k value, not the generic 0x20 */
#define T_MAP_FIXED 0x100    /* e2k value, not the generic 0x10 */

#define T_AT_FDCWD (-100)
#define T_EBADF 9
#define T_EFAULT 14
#define T_EINVAL 22
#define T_ENOSYS 38

/* siginfo / ucontext offsets (docs/linux-user.md §4) */
#define T_SI_SIGNO 0
#define T_SI_CODE 8
#define T_UC_STACK 16
#define T_UC_CR0_LO 40
#define T_UC_CR0_HI 48

/* ---- system calls ----------------------------------------------------- */
/* Grow the window to 32 registers and prepare entry E in %ctpr1. */
#define T_SYS_PREP(E) { setwd wsz=16, nfx=1 ; sdisp %ctpr1, E ; nop 4 }

/* Result (or -errno) in %r24; callee %rN is our %r(24+N). Each argument
 * gets its own bundle so that any mix of 64-bit literals packs. */
#define T_SYSARG(reg, v) { addd,0 0, v, reg }
#define T_SYSCALL0(nr) \
    T_SYS_PREP(0x3) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL1(nr, a) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL2(nr, a, b) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL3(nr, a, b, c) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; T_SYSARG(%r27, c) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL4(nr, a, b, c, d) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; T_SYSARG(%r27, c) ; \
    T_SYSARG(%r28, d) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL5(nr, a, b, c, d, e) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; T_SYSARG(%r27, c) ; \
    T_SYSARG(%r28, d) ; T_SYSARG(%r29, e) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
#define T_SYSCALL6(nr, a, b, c, d, e, f) \
    T_SYS_PREP(0x3) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; T_SYSARG(%r27, c) ; \
    T_SYSARG(%r28, d) ; T_SYSARG(%r29, e) ; T_SYSARG(%r30, f) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }
/* Fast system call (entry 6), two arguments. */
#define T_FASTCALL2(nr, a, b) \
    T_SYS_PREP(0x6) ; T_SYSARG(%r25, a) ; T_SYSARG(%r26, b) ; \
    { addd,0 0, nr, %r24 ; call %ctpr1, wbs=12 }

#define T_EXIT(code) T_SYSCALL1(T_NR_exit_group, code)
#define TEST_SKIP T_EXIT(77)

/* write(2, "text", len) for a string literal. */
#define T_PUTS(text) \
    .pushsection .rodata ; \
T_L(s): .ascii text ; \
T_L(e): \
    .popsection ; \
    T_SYSCALL3(T_NR_write, 2, T_L(s), T_L(e) - T_L(s))

/* ---- program frame ---------------------------------------------------- */
#define TEST_BEGIN \
    .text ; \
    .global _start ; \
    .type _start, @function ; \
    .balign 8 ; \
_start: \
    { setwd wsz=16, nfx=1 ; setbn rsz=3, rbs=4, rcur=0 } ; \
    CASE(start)

/* Exit 0 if no check failed, else 1; then the out-of-line helpers and the
 * harness data. */
#define TEST_END \
    { ldd,0 0, t_fail_count, %g4 } ; \
    { cmpedb,0 %g4, 0, %pred30 ; nop 2 } ; \
    { addd,0 0, 0, %g5 ? %pred30 ; addd,1 0, 1, %g5 ? ~%pred30 } ; \
    T_EXIT(%g5) ; \
    T_HELPERS

/* Record the current case name (for failure messages). */
#define CASE(name) \
    .pushsection .rodata ; \
T_CAT(.Lt_case_, name): .ascii "[", #name, "] " ; \
T_CAT(.Lt_case_end_, name): \
    .popsection ; \
    { addd,0 0, T_CAT(.Lt_case_, name), %g4 } ; \
    { addd,0 0, T_CAT(.Lt_case_end_, name) - T_CAT(.Lt_case_, name), %g5 } ; \
    { std,2 %g4, 0, t_case_ptr } ; \
    { std,5 %g5, 0, t_case_len }

/* Report a failure with message "file:line: <text> failed" unless PRED (a
 * predicate condition such as %pred30 or ~%pred3) holds. The text is a
 * comma-separated list of string literals (it goes into .ascii). */
#define T_REQUIRE(PRED, ...) \
    ibranch T_L(ok) ? PRED ; \
    .pushsection .rodata ; \
T_L(m): .ascii __FILE__, ":", T_STR(__LINE__), ": ", __VA_ARGS__, " failed\n" ; \
T_L(me): \
    .popsection ; \
    { setwd wsz=16, nfx=1 ; disp %ctpr1, t_fail ; nop 4 } ; \
    { addd,0 0, T_L(m), %r24 } ; \
    { addd,0 0, T_L(me) - T_L(m), %r25 } ; \
    call %ctpr1, wbs=12 ; \
T_L(ok):

/* 64-bit and 32-bit equality of a register with a value or register. */
#define CHECK_D(r, v) \
    { cmpedb,0 r, v, %pred30 ; nop 2 } ; \
    T_REQUIRE(%pred30, #r, " == ", #v)
#define CHECK_S(r, v) \
    { cmpesb,0 r, v, %pred30 ; nop 2 } ; \
    T_REQUIRE(%pred30, #r, " == ", #v, " (32-bit)")
#define CHECK_NE_D(r, v) \
    { cmpedb,0 r, v, %pred30 ; nop 2 } ; \
    T_REQUIRE(~%pred30, #r, " != ", #v)
/* unsigned r < v */
#define CHECK_LTU_D(r, v) \
    { cmpbdb,0 r, v, %pred30 ; nop 2 } ; \
    T_REQUIRE(%pred30, #r, " < ", #v, " (unsigned)")
/* signed r < v */
#define CHECK_LT_D(r, v) \
    { cmpldb,0 r, v, %pred30 ; nop 2 } ; \
    T_REQUIRE(%pred30, #r, " < ", #v, " (signed)")
/* predicate value */
#define CHECK_PRED(p) T_REQUIRE(p, #p, " is true")
#define CHECK_NOT_PRED(p) T_REQUIRE(~p, #p, " is false")
/* 64-bit value at address (symbol + imm) */
#define CHECK_MEM_D(addr, v) \
    { ldd,0 0, addr, %g6 } ; \
    CHECK_D(%g6, v)
#define CHECK_MEM_W(addr, v) \
    { ldw,0 0, addr, %g6 } ; \
    CHECK_D(%g6, v)
/* unconditional failure (code that must not be reached) */
#define FAIL(text) \
    .pushsection .rodata ; \
T_L(m): .ascii __FILE__, ":", T_STR(__LINE__), ": ", text, "\n" ; \
T_L(me): \
    .popsection ; \
    { setwd wsz=16, nfx=1 ; disp %ctpr1, t_fail ; nop 4 } ; \
    { addd,0 0, T_L(m), %r24 } ; \
    { addd,0 0, T_L(me) - T_L(m), %r25 } ; \
    call %ctpr1, wbs=12

/* ---- signals ---------------------------------------------------------- */
/* rt_sigaction(sig, {handler, flags, 0, mask 0}, NULL, 8); result in %r24. */
#define T_SIGACTION(sig, handler, flags) \
    .pushsection .data ; \
    .balign 8 ; \
T_L(sa): .quad handler, flags, 0, 0 ; \
    .popsection ; \
    T_SYSCALL4(T_NR_rt_sigaction, sig, T_L(sa), 0, 8)

/* Install the harness handler t_sig_handler for `sig` (SA_SIGINFO). */
#define T_CATCH(sig) T_SIGACTION(sig, t_sig_handler, T_SA_SIGINFO)

/* Arm the harness handler: the next signal resumes at `label` instead of
 * the interrupted bundle; t_sig_no/t_sig_code/t_sig_pc are cleared. */
#define T_EXPECT_SIGNAL(label) \
    { addd,0 0, label, %g6 ; addd,1 0, 0, %g7 } ; \
    { std,2 %g6, 0, t_sig_resume } ; \
    { std,2 %g7, 0, t_sig_no } ; \
    { std,2 %g7, 0, t_sig_code } ; \
    { std,2 %g7, 0, t_sig_pc }

/* ---- out-of-line helpers and data (emitted once by TEST_END) ---------- */
#define T_HELPERS \
    .balign 8 ; \
    .type t_fail, @function ; \
t_fail: \
    { setwd wsz=8, nfx=1 ; sdisp %ctpr1, 0x3 ; nop 4 } ; \
    { ldd,0 0, t_case_ptr, %r10 } ; \
    { ldd,0 0, t_case_len, %r11 } ; \
    { addd,0 0, T_NR_write, %r8 ; addd,1 0, 2, %r9 ; call %ctpr1, wbs=4 } ; \
    { sdisp %ctpr1, 0x3 ; nop 4 } ; \
    { addd,0 0, T_NR_write, %r8 ; addd,1 0, 2, %r9 ; \
      addd,2 0, %r0, %r10 ; addd,3 0, %r1, %r11 ; call %ctpr1, wbs=4 } ; \
    { ldd,0 0, t_fail_count, %r2 } ; \
    { addd,0 %r2, 1, %r2 } ; \
    { std,2 %r2, 0, t_fail_count ; return %ctpr3 ; nop 4 } ; \
    ct %ctpr3 ; \
    \
    .balign 8 ; \
    .type t_sig_handler, @function ; \
t_sig_handler: \
    { setwd wsz=8, nfx=1 } ; \
    { ldw,0 %r1, T_SI_CODE, %r3 ; ldd,2 %r2, T_UC_CR0_HI, %r5 } ; \
    { ldd,0 0, t_sig_resume, %r4 } ; \
    { std,2 %r0, 0, t_sig_no } ; \
    { std,2 %r3, 0, t_sig_code } ; \
    { std,2 %r5, 0, t_sig_pc } ; \
    { ldd,0 0, t_sig_count, %r6 } ; \
    { addd,0 %r6, 1, %r6 ; cmpedb,1 %r4, 0, %pred0 ; nop 2 } ; \
    { std,2 %r6, 0, t_sig_count } ; \
    { std,2 %r4, %r2, T_UC_CR0_HI ? ~%pred0 } ; \
    { return %ctpr3 ; nop 4 } ; \
    ct %ctpr3 ; \
    \
    .pushsection .data ; \
    .balign 8 ; \
t_fail_count: .quad 0 ; \
t_case_ptr: .quad 0 ; \
t_case_len: .quad 0 ; \
t_sig_resume: .quad 0 ; \
t_sig_no: .quad 0 ; \
t_sig_code: .quad 0 ; \
t_sig_pc: .quad 0 ; \
t_sig_count: .quad 0 ; \
    .popsection

#endif
