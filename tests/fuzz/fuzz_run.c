/*
 * fuzz_run.c — libFuzzer target: execute arbitrary bytes as e2k code.
 *
 * The input is copied into an executable (and writable, so stores can
 * modify code) page range of a fresh user-mode machine with data and
 * hardware stacks mapped; its first 64 bytes also seed a few registers and
 * predicates. The CPU runs with an icount budget; after an exception,
 * system call or breakpoint the driver resumes at some next address, like a
 * forgiving OS would, a bounded number of times. The property is that the
 * host never crashes, hangs or trips a sanitizer, and that a run is
 * deterministic (the same input twice gives the same state).
 */
#include <stdint.h>
#include <string.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"

#define CODE 0x10000ull
#define CODE_SIZE 0x4000ull
#define DATA 0x100000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t run_once(const uint8_t *data, size_t size, unsigned isa)
{
    struct machine *m = mach_new(MACH_USER, isa, 1u << 20);
    if (!m)
        return 0;
    struct cpu_state *c = &m->cpu;
    mem_map(m->mem, CODE, CODE_SIZE, MEM_PROT_R | MEM_PROT_W | MEM_PROT_X);
    mem_map(m->mem, DATA, 0x10000, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, 0x200000, 0x10000, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, 0x220000, 0x2000, MEM_PROT_R | MEM_PROT_W);
    mem_map(m->mem, 0x300000, 0x4000, MEM_PROT_R | MEM_PROT_W);
    c->psp_lo = 0x200000;
    c->psp_hi = 0x10000ull << 32;
    c->ps_tag_base = 0x220000;
    c->pcsp_lo = 0x300000;
    c->pcsp_hi = 0x4000ull << 32;
    c->sbr = DATA + 0x10000;
    c->usd_lo = DATA + 0x8000;
    c->usd_hi = 0x8000ull << 32;
    size_t n = size < CODE_SIZE ? size : CODE_SIZE;
    mem_poke(m->mem, CODE, data, n);
    for (unsigned i = 0; i < 8 && 8 * i + 8 <= size; i++) {
        uint64_t v;
        memcpy(&v, data + 8 * i, 8);
        c->rf[i].lo = (i & 1) ? DATA + (v & 0xfff8) : v;
        c->rf[CPU_RF_G0 + i].lo = v;
    }
    if (size >= 8)
        memcpy(&c->pf, data, 8);
    c->pf &= 0x5555555555555555ull; /* values only, no tags */
    c->ip = CODE;
    for (int stops = 0; stops < 8; stops++) {
        int r = cpu_run(m, c->icount + 2000);
        if (r == CPU_STOP_ICOUNT)
            break;
        if (r == CPU_STOP_SYSCALL) {
            cpu_syscall_finish(c, (uint64_t)-38);
            continue;
        }
        /* resume after the faulting bundle, inside the code area */
        uint64_t next = c->ip + 8;
        if (next < CODE || next >= CODE + CODE_SIZE)
            next = CODE + ((next * 8) & (CODE_SIZE - 8));
        c->ip = next;
        c->icount++;
    }
    uint64_t h = c->icount ^ c->ip;
    for (unsigned i = 0; i < CPU_RF_SIZE; i++)
        h = (h ^ c->rf[i].lo ^ c->rf[i].tag) * 1099511628211ull;
    h ^= c->pf;
    mach_free(m);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned isa = size ? 2 + data[0] % 6 : 5;
    uint64_t a = run_once(data, size, isa);
    uint64_t b = run_once(data, size, isa);
    if (a != b)
        __builtin_trap(); /* nondeterminism */
    return 0;
}
