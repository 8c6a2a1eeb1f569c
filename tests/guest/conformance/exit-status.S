// exit-status.S — exit(42) ends the program with status 42 (the ctest
// compares the status; e2k-rr run returns the guest's status).
// expect-exit: 42

#include "e2k-test.h"

TEST_BEGIN

CASE(exit_status_is_passed_through)
    T_SYSCALL1(T_NR_exit, 42)
    FAIL("exit returned")

TEST_END
