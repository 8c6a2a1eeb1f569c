// exceptions.S — CPU exceptions delivered as signals to a handler
// (e2k-isa.md §10, docs/linux-user.md §4). The harness handler records
// the signal, its si_code and the interrupted bundle (uc_mcontext.cr0_hi)
// and resumes at the label armed by T_EXPECT_SIGNAL by rewriting cr0_hi,
// which both qemu-e2k and the kernel honour on sigreturn.
// What happens without a handler: exceptions-default.S.

#include "e2k-test.h"

#define SEGV_MAPERR 1
#define ILL_ILLOPC 1
#define ILL_ILLOPN 2

TEST_BEGIN
    T_CATCH(T_SIGSEGV)
    T_CATCH(T_SIGILL)
    T_CATCH(T_SIGFPE)
    T_CATCH(T_SIGTRAP)

CASE(load_from_unmapped_page_is_sigsegv)
    T_EXPECT_SIGNAL(1f)
.Lfault_load:
    { ldd,0 0, 0x1000, %r1 }
    FAIL("no SIGSEGV for a load from an unmapped page")
1:
    CHECK_MEM_D(t_sig_no, T_SIGSEGV)
    CHECK_MEM_D(t_sig_code, SEGV_MAPERR)
    CHECK_MEM_D(t_sig_pc, .Lfault_load)

CASE(store_to_unmapped_page_is_sigsegv)
    T_EXPECT_SIGNAL(1f)
    { addd,0 0, 5, %r1 }
    { std,2 %r1, 0, 0x2000 }
    FAIL("no SIGSEGV for a store to an unmapped page")
1:
    CHECK_MEM_D(t_sig_no, T_SIGSEGV)

CASE(store_to_read_only_data_is_sigsegv)
    T_EXPECT_SIGNAL(1f)
    { addd,0 0, 5, %r1 }
    { std,2 %r1, 0, ro_word }
    FAIL("no SIGSEGV for a store to .rodata")
1:
    CHECK_MEM_D(t_sig_no, T_SIGSEGV)
    CHECK_MEM_D(ro_word, 0x600d)

CASE(registers_survive_the_handler)
    // the interrupted window comes back intact after sigreturn
    { addd,0 0, 0x1234, %r5 ; addd,1 0, 0x5678, %r20 }
    T_EXPECT_SIGNAL(1f)
    { ldd,0 0, 0x1000, %r1 }
    FAIL("no SIGSEGV")
1:
    CHECK_D(%r5, 0x1234)
    CHECK_D(%r20, 0x5678)

CASE(window_bounds_is_sigsegv)
    // %r40 outside a 32-register window [T win/out-of-bounds-1]
    T_EXPECT_SIGNAL(1f)
.Lfault_wb:
    { addd,0 %r40, 0, %r1 }
    FAIL("no SIGSEGV for %r40 in a 32-register window")
1:
    CHECK_MEM_D(t_sig_no, T_SIGSEGV)
    CHECK_MEM_D(t_sig_pc, .Lfault_wb)

CASE(based_register_bounds_is_sigsegv)
    // %b[8] outside an 8-register rotating area [T win/out-of-bounds-2]
    { setbn rsz=3, rbs=4, rcur=0 }
    T_EXPECT_SIGNAL(1f)
    { addd,0 0, 1, %b[8] }
    FAIL("no SIGSEGV for %b[8] with rsz=3")
1:
    CHECK_MEM_D(t_sig_no, T_SIGSEGV)

CASE(illegal_bundle_is_sigill)
    // CS1 opcode 9 is reserved (§7.6)
    T_EXPECT_SIGNAL(1f)
.Lfault_ill:
    .word 0x00008001
    .word 0x90000000
    FAIL("no SIGILL for a reserved CS1 opcode")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)
    CHECK_MEM_D(t_sig_code, ILL_ILLOPC)
    CHECK_MEM_D(t_sig_pc, .Lfault_ill)

CASE(diagnostic_operand_is_sigill)
    // a tagged value used without ,sm faults [T sm/udivs-1]
    { udivd,5,sm 0, 0, %r1 }
    T_EXPECT_SIGNAL(1f)
    { addd,0 %r1, 1, %r2 }
    FAIL("no SIGILL for a diagnostic operand")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)
    CHECK_MEM_D(t_sig_code, ILL_ILLOPN)

CASE(divide_by_zero_is_sigfpe)
    // non-speculative integer division by zero [T base/excp-8]
    { addd,0 0, 0, %r2 }
    T_EXPECT_SIGNAL(1f)
.Lfault_div:
    { udivd,5 7, %r2, %r1 }
    FAIL("no SIGFPE for udivd by zero")
1:
    CHECK_MEM_D(t_sig_no, T_SIGFPE)
    CHECK_MEM_D(t_sig_pc, .Lfault_div)

CASE(ct_through_cleared_ctpr_is_sigill)
    // call clears every CTPR [T ct/call-reset-ctpr-1]
    { disp %ctpr2, 2f ; nop 4 }
    { disp %ctpr1, just_return ; nop 4 }
    call %ctpr1, wbs=12
    T_EXPECT_SIGNAL(1f)
    ct %ctpr2
2:
    FAIL("ct through a CTPR cleared by call did not fault")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(setwd_below_psize_is_sigill)
    // [T win/setwd-psize-2]; the handler resumes inside the callee
    T_EXPECT_SIGNAL(shrink_resume)
    { disp %ctpr1, shrink_window ; nop 4 }
    call %ctpr1, wbs=4
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(tagged_predicate_as_condition_is_sigill)
    // [T sm/qual-ct-1]
    { udivd,5,sm 0, 0, %r1 }
    { cmpedb,0,sm %r1, 0, %pred1 ; nop 2 }
    { disp %ctpr1, 2f ; nop 4 }
    T_EXPECT_SIGNAL(1f)
    ct %ctpr1 ? %pred1
    FAIL("no SIGILL for a tagged ct condition")
2:
    FAIL("ct on a tagged predicate was taken")
1:
    CHECK_MEM_D(t_sig_no, T_SIGILL)

CASE(breakpoint_bundle_is_sigtrap)
    // the legacy gdb breakpoint bundle (§10): HS 0x04000001, ALS0 0x0dc0c080
    T_EXPECT_SIGNAL(1f)
.Lfault_bpt:
    .word 0x04000001
    .word 0x0dc0c080
    FAIL("no SIGTRAP for the breakpoint bundle")
1:
    CHECK_MEM_D(t_sig_no, T_SIGTRAP)
    CHECK_MEM_D(t_sig_pc, .Lfault_bpt)

CASE(handler_ran_once_per_fault)
    CHECK_MEM_D(t_sig_count, 13)

TEST_END

    .balign 8
just_return:
    { setwd wsz=4, nfx=1 ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
    // called with wbs=4 from 32 registers: psize 24 > 8
shrink_window:
    { setwd wsz=4, nfx=1 }
    FAIL("setwd below psize did not fault")
shrink_resume:
    { return %ctpr3 ; nop 4 }
    ct %ctpr3

    .section .rodata
    .balign 8
ro_word:
    .quad 0x600d
