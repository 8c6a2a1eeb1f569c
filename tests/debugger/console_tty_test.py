#!/usr/bin/env python3
"""console_tty_test.py — `e2k-rr debug` on a terminal (a pty): the prompt,
tab completion of command names, an empty line repeating the last
command, and the history file $HOME/.e2k-rr_history.

usage: console_tty_test.py E2K_RR DBG_ELF   (exit 0 pass, 1 fail, 77 skip)
Every read has a deadline; the whole test is bounded by a 60 s alarm.
"""
import os
import pty
import select
import signal
import subprocess
import sys
import tempfile
import time


def main():
    rr, elf = sys.argv[1], sys.argv[2]
    signal.alarm(60)
    tmp = tempfile.mkdtemp(prefix="e2k-tty-")
    journal = os.path.join(tmp, "j")
    rec = subprocess.run([rr, "record", "-o", journal, elf],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if rec.returncode != 3:
        print("FAIL: recording the guest")
        return 1
    env = dict(os.environ, HOME=tmp, TERM="dumb")
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(rr, [rr, "debug", "--quiet", journal], env)

    def read_until(token, secs=10.0):
        out = b""
        end = time.time() + secs
        while time.time() < end and token not in out:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        return out.decode(errors="replace")

    def fail(msg, got):
        print("FAIL:", msg, repr(got))
        os.kill(pid, signal.SIGKILL)
        return 1

    out = read_until(b"(e2k-rr) ")
    if "not in this build" in out:
        print("SKIP: the reverse-execution engine is not built")
        return 77
    if "(e2k-rr) " not in out:
        return fail("no prompt", out)
    os.write(fd, b"wh\t\n")                      # completes to `when`
    out = read_until(b"(e2k-rr) ")
    if "icount 0 of" not in out:
        return fail("tab completion of 'wh'", out)
    os.write(fd, b"stepi\n")
    out = read_until(b"(e2k-rr) ")
    if "icount 1," not in out:
        return fail("stepi", out)
    os.write(fd, b"\n")                          # repeats stepi
    out = read_until(b"(e2k-rr) ")
    if "icount 2," not in out:
        return fail("empty line did not repeat stepi", out)
    os.write(fd, b"quit\n")
    os.waitpid(pid, 0)
    with open(os.path.join(tmp, ".e2k-rr_history")) as f:
        hist = f.read().split("\n")
    if "stepi" not in hist or "quit" not in hist:
        return fail("history file", hist)
    subprocess.run(["rm", "-rf", tmp])
    print("console on a terminal: prompt, completion, repeat, history ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
