/*
 * bench_loop.c — the CPU core's integer-loop benchmark: M wide instructions
 * (bundles) per second for a 3-bundle loop body, the shape named in the
 * performance target (docs/performance.md):
 *
 *   loop: { addd,0 %r0, 1, %r0 ; xord,1 %r1, %r4, %r1 ; subd,2 %r2, 1, %r2 }
 *         { cmpldb,0 %r0, %r3, %pred0 }
 *         { ct %ctpr1 ? %pred0 }
 *
 * The code is hand-encoded with emu/pack.h (no assembler needed) and run
 * with a fixed icount budget per cpu_run call. Usage:
 *   bench_loop [iterations (default 100M)] [variant: 0 = plain, 1 = with
 *   a hazard (xord reads %r0 written in the same bundle), 2 = rotating
 *   registers %b[] with abn]
 * Prints one line: bundles, seconds, M bundles/s. Wall time is read only
 * here, in the driver, never inside emu/.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emu/cpu.h"
#include "emu/machine.h"
#include "emu/mem.h"
#include "emu/pack.h"

#define CODE 0x10000ull

static uint64_t emit(struct machine *m, uint64_t *pc, struct pack_bundle b)
{
    uint8_t buf[64];
    int n = pack_bundle(&b, buf);
    uint64_t at = *pc;
    mem_poke(m->mem, at, buf, (size_t)n);
    *pc += (uint64_t)n;
    return at;
}

#define ALS(opc, s1, s2, d) \
    ((uint32_t)(opc) << 24 | (uint32_t)(s1) << 16 | (uint32_t)(s2) << 8 | (d))
#define R(n) (0x80u | (n))
#define B(n) ((unsigned)(n))
#define I(n) (0xc0u | (n))

int main(int argc, char **argv)
{
    uint64_t iters = argc > 1 ? strtoull(argv[1], NULL, 0) : 100000000ull;
    int variant = argc > 2 ? atoi(argv[2]) : 0;
    struct machine *m = mach_new(MACH_USER, 5, 0);
    if (!m)
        return 1;
    mem_map(m->mem, CODE, 0x10000, MEM_PROT_R | MEM_PROT_X);
    uint64_t pc = CODE;
    /* r3 = iterations; r0..r2 = 0; r4 = pattern */
    emit(m, &pc, (struct pack_bundle){.als_mask = 0x3,
        .als = {ALS(0x11, I(0), 0xdc, R(3)), ALS(0x11, I(0), 0xd8, R(4))},
        .n_lts = 3, .lts = {(uint32_t)iters, (uint32_t)(iters >> 32), 0x5a5a5a5a}});
    if (variant == 2) {
        /* rotating area of 8 registers at %r8: { setbn rsz=3, rbs=4 } */
        emit(m, &pc, (struct pack_bundle){.has_cs1 = 1,
            .cs1 = (4u << 28) | (1u << 26) | 4 | (3 << 6)});
    }
    /* disp %ctpr1, loop (loop = next bundle + 8: this bundle is 8 bytes) */
    emit(m, &pc, (struct pack_bundle){.has_cs0 = 1, .cs0 = (1u << 30) | 1});
    uint64_t loop = pc;
    (void)loop;
    if (variant == 1) {
        emit(m, &pc, (struct pack_bundle){.als_mask = 0x7, .als = {
            ALS(0x11, R(0), I(1), R(0)), ALS(0x09, R(1), R(0), R(1)),
            ALS(0x13, R(2), I(1), R(2))}});
    } else if (variant == 2) {
        emit(m, &pc, (struct pack_bundle){.als_mask = 0x7, .has_ss = 1,
            .ss = (1u << 22) | (1u << 21), .als = {
            ALS(0x11, R(0), I(1), R(0)), ALS(0x09, B(1), R(4), B(0)),
            ALS(0x13, R(2), I(1), R(2))}});
    } else {
        emit(m, &pc, (struct pack_bundle){.als_mask = 0x7, .als = {
            ALS(0x11, R(0), I(1), R(0)), ALS(0x09, R(1), R(4), R(1)),
            ALS(0x13, R(2), I(1), R(2))}});
    }
    emit(m, &pc, (struct pack_bundle){.als_mask = 1,
        .als = {ALS(0x21, R(0), R(3), (6 << 5) | 0)}}); /* cmpldb -> %pred0 */
    emit(m, &pc, (struct pack_bundle){.has_ss = 1,
        .ss = 0xc0000000u | (1u << 10) | (2u << 5) | 0}); /* ct %ctpr1 ? %pred0 */
    uint64_t budget = 3 * iters + 10;
    m->cpu.ip = CODE;

    struct timespec t0, t1, u0, u1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &u0);
    int r = cpu_run(m, budget);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &u1);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    double u = (double)(u1.tv_sec - u0.tv_sec) + 1e-9 * (double)(u1.tv_nsec - u0.tv_nsec);
    uint64_t n = m->cpu.icount;
    printf("bench_loop variant %d: %llu bundles, %.3f s wall, %.3f s cpu: "
           "%.1f M bundles/s wall, %.1f M bundles/s cpu "
           "(stop: %s %s, r0 = %llu)\n",
           variant, (unsigned long long)n, s, u, (double)n / s / 1e6,
           (double)n / u / 1e6,
           cpu_stop_name((unsigned)r), m->cpu.stop.msg,
           (unsigned long long)m->cpu.rf[0].lo);
    mach_free(m);
    return 0;
}
