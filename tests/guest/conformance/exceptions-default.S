// exceptions-default.S — a fault with no handler installed kills the
// process; e2k-rr reports it like a shell does, as exit status 128 + signo
// (docs/linux-user.md §5). SIGSEGV = 11.
// expect-exit: 139

#include "e2k-test.h"

TEST_BEGIN

CASE(unhandled_sigsegv_terminates)
    { ldd,0 0, 0x1000, %r1 }
    FAIL("execution continued after an unhandled SIGSEGV")

TEST_END
