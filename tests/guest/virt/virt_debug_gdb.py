#!/usr/bin/env python3
"""virt_debug_gdb.py — drives `e2k-rr replay --gdb` on a virt-machine journal
with the remote serial protocol (docs/debugging.md §2, §7.8): reverse
execution is offered, reverse step and continue stop at the start, a step
and a reverse step come back to the same pc, monitor goto/when/checkpoints
work (the budget given by --checkpoint-mem is shown), continue ends at the
end of the recording, D ends the session with status 0.

usage: virt_debug_gdb.py E2K_RR JOURNAL
"""
import re
import socket
import subprocess
import sys

RR, JOURNAL = sys.argv[1], sys.argv[2]


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


proc = subprocess.Popen([RR, "replay", "--quiet", "--gdb", "0", "--checkpoint-mem", "4M",
                         JOURNAL], stderr=subprocess.PIPE)
line = proc.stderr.readline().decode()
m = re.search(r"listening on [0-9.]+:(\d+)", line)
if not m:
    fail("no listening line: " + line)
sock = socket.create_connection(("127.0.0.1", int(m.group(1))), timeout=60)
buf = b""


def packet():
    """The next $...#cs packet (acknowledged)."""
    global buf
    while True:
        m = re.search(rb"\$([^#]*)#[0-9a-f]{2}", buf)
        if m:
            buf = buf[m.end():]
            sock.sendall(b"+")
            return m.group(1).decode()
        data = sock.recv(65536)
        if not data:
            fail("connection closed")
        buf += data


def req(payload):
    cs = sum(payload.encode()) & 0xff
    sock.sendall(("$%s#%02x" % (payload, cs)).encode())
    return packet()


def monitor(cmd):
    """Output of a monitor command (O packets until OK)."""
    sock.sendall(("$qRcmd,%s#%02x" % (cmd.encode().hex(),
                  sum(("qRcmd," + cmd.encode().hex()).encode()) & 0xff)).encode())
    out = ""
    while True:
        p = packet()
        if p == "OK":
            return out
        if not p.startswith("O"):
            fail("monitor %s: %s" % (cmd, p))
        out += bytes.fromhex(p[1:]).decode()


def pc():
    return int(req("p35"), 16)  # register 53 = _cr0_hi, the pc


sup = req("qSupported:swbreak+;hwbreak+")
if "ReverseStep+" not in sup or "ReverseContinue+" not in sup:
    fail("no reverse execution offered: " + sup)
if "replaylog:begin" not in req("bs"):
    fail("reverse step at icount 0 is not the beginning")
monitor("goto 120000")
if "icount 120000 of" not in monitor("when"):
    fail("monitor goto/when")
before = pc()
if not req("s").startswith("T05"):
    fail("step")
if not req("bs").startswith("T05"):
    fail("reverse step")
if pc() != before:
    fail("reverse step did not come back to pc 0x%x" % before)
if "icount 120000 of" not in monitor("when"):
    fail("not at icount 120000 after a step and a reverse step")
ck = monitor("checkpoints")
if "of a 4194304-byte budget (--checkpoint-mem)" not in ck:
    fail("checkpoints: " + ck)
if "replaylog:begin" not in req("bc"):
    fail("reverse continue does not reach the beginning")
r = req("c")
if not r.startswith("T05") and not r.startswith("W"):
    fail("continue: " + r)
if "OK" != req("D"):
    fail("detach")
sock.close()
if proc.wait(timeout=60) != 0:
    fail("e2k-rr exit status %d" % proc.returncode)
print("ok")
