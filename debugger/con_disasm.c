/*
 * con_disasm.c — `disasm [ADDR] [N]`: disassemble bundles.
 */
#include "debugger/con.h"

#include "emu/machine.h"
#include "replay/rev.h"

static int run(struct con *c, int argc, char **argv)
{
    struct machine *m = rev_machine(c->s);
    uint64_t addr = m ? m->cpu.ip : 0, n = 5;
    if (argc > 3)
        return con_error(c, "usage: disasm [ADDR] [N]");
    if (argc >= 2 && con_parse_value(c, argv[1], &addr))
        return con_error(c, "disasm: '%s' is not an address", argv[1]);
    if (argc == 3 && (con_parse_value(c, argv[2], &n) || n == 0 || n > 10000))
        return con_error(c, "disasm: N must be 1..10000, not '%s'", argv[2]);
    c->x_next = con_disasm(c, addr, (unsigned)n);
    return 0;
}

const struct con_cmd con_cmd_disasm = {
    .name = "disasm",
    .args = "[ADDR] [N]",
    .summary = "disassemble N bundles (default: 5 at the pc)",
    .help = "disasm [ADDR] [N]\n"
            "Disassemble N wide instructions (default 5) starting at ADDR\n"
            "(default: the pc), in MCST objdump syntax.\n",
    .run = run,
};
