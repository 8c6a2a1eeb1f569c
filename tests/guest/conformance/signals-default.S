// signals-default.S — a signal whose action is SIG_DFL and whose default
// is to terminate ends the process with status 128 + signo. SIGTERM = 15,
// raised with kill(getpid(), SIGTERM).
// expect-exit: 143

#include "e2k-test.h"

TEST_BEGIN

CASE(default_action_terminates)
    T_SYSCALL0(T_NR_getpid)
    { addd,0 %r24, 0, %r1 }
    T_SYSCALL2(T_NR_kill, %r1, T_SIGTERM)
    FAIL("execution continued after kill(getpid(), SIGTERM)")

TEST_END
