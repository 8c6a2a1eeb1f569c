// syscalls.S — the Linux system calls e2k-rr emulates (docs/linux-user.md
// §3, §5): entry 3 and the fast entry 6, results and -errno, files, memory,
// time, identity, access_hw_stacks. Exit paths: exit-status.S.

#include "e2k-test.h"

#define S_IFMT 0xf000
#define S_IFCHR 0x2000
#define CLOCK_MONOTONIC 1

TEST_BEGIN

CASE(write_returns_byte_count)
    T_SYSCALL3(T_NR_write, 1, hello, hello_end - hello)
    CHECK_D(%r24, hello_end - hello)

CASE(write_to_closed_fd_is_ebadf)
    T_SYSCALL3(T_NR_write, 77, hello, 1)
    CHECK_D(%r24, -T_EBADF)

CASE(write_from_unmapped_buffer_is_efault)
    T_SYSCALL3(T_NR_write, 1, 0x1000, 8)
    CHECK_D(%r24, -T_EFAULT)

CASE(writev_gathers)
    T_SYSCALL3(T_NR_writev, 1, iov, 2)
    CHECK_D(%r24, (hello_end - hello) + (bye_end - bye))

CASE(unknown_syscall_is_enosys)
    T_SYSCALL0(999)
    CHECK_D(%r24, -T_ENOSYS)
    T_SYSCALL0(999)
    CHECK_D(%r24, -T_ENOSYS)

CASE(getpid_and_gettid)
    T_SYSCALL0(T_NR_getpid)
    { addd,0 %r24, 0, %r1 }
    CHECK_LT_D(0, %r1)
    T_SYSCALL0(T_NR_gettid)
    CHECK_D(%r24, %r1)

CASE(uname_says_linux_e2k)
    T_SYSCALL1(T_NR_uname, utsname)
    CHECK_D(%r24, 0)
    CHECK_MEM_W(utsname, 0x756e694c)
    CHECK_MEM_W(utsname + 260, 0x006b3265)

CASE(openat_read_fstat_lseek_close)
    T_SYSCALL4(T_NR_openat, T_AT_FDCWD, devnull, 0, 0)
    { addd,0 %r24, 0, %r1 }
    CHECK_LT_D(2, %r1)
    T_SYSCALL3(T_NR_read, %r1, iobuf, 16)
    CHECK_D(%r24, 0)
    T_SYSCALL2(T_NR_fstat, %r1, statbuf)
    CHECK_D(%r24, 0)
    { ldw,0 0, statbuf + 16, %r2 }
    { andd,0 %r2, S_IFMT, %r3 }
    CHECK_D(%r3, S_IFCHR)
    T_SYSCALL3(T_NR_lseek, %r1, 0, 0)
    CHECK_D(%r24, 0)
    T_SYSCALL1(T_NR_close, %r1)
    CHECK_D(%r24, 0)
    T_SYSCALL1(T_NR_close, %r1)
    CHECK_D(%r24, -T_EBADF)

CASE(brk_grows_the_heap)
    T_SYSCALL1(T_NR_brk, 0)
    { addd,0 %r24, 0, %r1 }
    { addd,0 0, utsname, %r5 }
    CHECK_LTU_D(%r5, %r1)
    { addd,0 %r1, 0x3000, %r2 }
    T_SYSCALL1(T_NR_brk, %r2)
    CHECK_D(%r24, %r2)
    { addd,0 0, 0x77, %r3 }
    { std,2 %r3, %r1, 0x2ff8 }
    { ldd,0 %r1, 0x2ff8, %r4 }
    CHECK_D(%r4, 0x77)
    T_SYSCALL1(T_NR_brk, %r1)
    CHECK_D(%r24, %r1)

CASE(mmap_anonymous_is_zeroed_and_writable)
    T_SYSCALL6(T_NR_mmap, 0, 0x2000, T_PROT_READ | T_PROT_WRITE, T_MAP_PRIVATE | T_MAP_ANONYMOUS, -1, 0)
    { addd,0 %r24, 0, %r1 }
    { andd,0 %r1, 0xfff, %r2 }
    CHECK_D(%r2, 0)
    CHECK_LT_D(0, %r1)
    { ldd,0 %r1, 0x1ff8, %r3 }
    CHECK_D(%r3, 0)
    { addd,0 0, 0x4d4d, %r3 }
    { std,2 %r3, %r1, 0x1000 }
    { ldd,0 %r1, 0x1000, %r4 }
    CHECK_D(%r4, 0x4d4d)
    T_SYSCALL3(T_NR_mprotect, %r1, 0x1000, T_PROT_READ)
    CHECK_D(%r24, 0)
    { ldd,0 %r1, 0, %r4 }
    CHECK_D(%r4, 0)
    T_SYSCALL2(T_NR_munmap, %r1, 0x2000)
    CHECK_D(%r24, 0)

CASE(mmap_fixed_places_exactly)
    T_SYSCALL6(T_NR_mmap, 0x300000000, 0x1000, T_PROT_READ | T_PROT_WRITE, T_MAP_PRIVATE | T_MAP_ANONYMOUS | T_MAP_FIXED, -1, 0)
    CHECK_D(%r24, 0x300000000)
    { addd,0 0, 9, %r3 }
    { std,2 %r3, 0, 0x300000008 }
    { ldd,0 0, 0x300000008, %r4 }
    CHECK_D(%r4, 9)
    T_SYSCALL2(T_NR_munmap, 0x300000000, 0x1000)
    CHECK_D(%r24, 0)

CASE(clock_gettime_monotonic)
    T_SYSCALL2(T_NR_clock_gettime, CLOCK_MONOTONIC, timebuf)
    CHECK_D(%r24, 0)
    { ldd,0 0, timebuf + 8, %r1 }
    CHECK_LTU_D(%r1, 1000000000)

CASE(gettimeofday_after_2001)
    T_SYSCALL2(T_NR_gettimeofday, timebuf, 0)
    CHECK_D(%r24, 0)
    { ldd,0 0, timebuf, %r1 ; ldd,2 0, timebuf + 8, %r2 }
    { addd,0 0, 1000000000, %r5 }
    CHECK_LT_D(%r5, %r1)
    CHECK_LTU_D(%r2, 1000000)

CASE(getrandom_fills_the_buffer)
    T_SYSCALL3(T_NR_getrandom, iobuf, 16, 0)
    CHECK_D(%r24, 16)

CASE(fast_gettimeofday)
    // sdisp entry 6, number 0 [T syscall/fast-gettimeofday-1]
    T_FASTCALL2(T_FAST_gettimeofday, timebuf, 0)
    CHECK_D(%r24, 0)
    { ldd,0 0, timebuf, %r1 }
    { addd,0 0, 1000000000, %r5 }
    CHECK_LT_D(%r5, %r1)

CASE(fast_clock_gettime)
    T_FASTCALL2(T_FAST_clock_gettime, CLOCK_MONOTONIC, timebuf)
    CHECK_D(%r24, 0)

CASE(procedure_stack_size_grows_by_the_callers_spill)
    // a call with wbs=4 spills 8 registers of 16 bytes (e2k-isa.md §4.9)
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_GET_PROCEDURE_STACK_SIZE, 0, 0, 0, hw_size_outer)
    CHECK_D(%r24, 0)
    { addd,0 0, 0x0feedface, %r0 ; disp %ctpr1, ps_probe ; nop 4 }
    call %ctpr1, wbs=4
    CHECK_MEM_D(hw_rc, 0)
    { ldd,0 0, hw_size_outer, %r1 ; ldd,2 0, hw_size_inner, %r2 }
    { subd,0 %r2, %r1, %r3 }
    CHECK_D(%r3, 128)

CASE(read_procedure_stack_sees_spilled_register)
    // the first word of the caller's spill area is its %r0 [T syscall/read-ps-ex-1]
    CHECK_MEM_D(hw_buf, 0x0feedface)

CASE(write_procedure_stack_changes_spilled_register)
    // [T syscall/write-ps-ex-1]
    CHECK_D(%r0, 0x0ddba11)

CASE(chain_stack_size_grows_by_one_frame)
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_GET_CHAIN_STACK_SIZE, 0, 0, 0, hw_size_outer)
    CHECK_D(%r24, 0)
    { disp %ctpr1, pcs_probe ; nop 4 }
    call %ctpr1, wbs=4
    { ldd,0 0, hw_size_outer, %r1 ; ldd,2 0, hw_size_inner, %r2 }
    { subd,0 %r2, %r1, %r3 }
    CHECK_D(%r3, 32)

CASE(access_hw_stacks_bad_mode_fails)
    T_SYSCALL5(T_NR_access_hw_stacks, 99, 0, 0, 0, 0)
    CHECK_LT_D(%r24, 0)

TEST_END

    .balign 8
    // Called with wbs=4 from a 32-register window (psize 24). Measures the
    // procedure stack, reads the caller's spilled %r0 and overwrites it.
ps_probe:
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_GET_PROCEDURE_STACK_SIZE, 0, 0, 0, hw_size_inner)
    // our own syscall spill is 24 registers (384 bytes) above the caller's
    // 8-register (128-byte) spill
    { ldd,0 0, hw_size_inner, %r0 }
    { subd,0 %r0, 512, %r0 }
    { std,2 %r0, 0, hw_frame }
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_READ_PROCEDURE_STACK_EX, hw_frame, hw_buf, 8, 0)
    { addd,0 %r24, 0, %r1 }
    { addd,0 0, 0x0ddba11, %r2 }
    { std,2 %r2, 0, hw_buf + 8 }
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_WRITE_PROCEDURE_STACK_EX, hw_frame, hw_buf + 8, 8, 0)
    { ord,0 %r1, %r24, %r1 }
    { std,2 %r1, 0, hw_rc ; return %ctpr3 ; nop 4 }
    ct %ctpr3

    .balign 8
pcs_probe:
    T_SYSCALL5(T_NR_access_hw_stacks, T_HW_GET_CHAIN_STACK_SIZE, 0, 0, 0, hw_size_inner)
    { return %ctpr3 ; nop 4 }
    ct %ctpr3

    .section .rodata
hello:
    .ascii "syscalls: write ok\n"
hello_end:
bye:
    .ascii "syscalls: writev ok\n"
bye_end:
devnull:
    .ascii "/dev/null"
    .byte 0

    .data
    .balign 8
iov:
    .quad hello, hello_end - hello, bye, bye_end - bye
hw_size_outer: .quad 0
hw_size_inner: .quad 0
hw_frame: .quad 0
hw_rc: .quad -1
hw_buf: .quad 0, 0
timebuf: .quad 0, 0
iobuf: .fill 16, 1, 0
statbuf: .fill 128, 1, 0
utsname: .fill 400, 1, 0
