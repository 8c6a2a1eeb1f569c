/*
 * bench_programs.c — the e2k benchmark programs (the .s files in bench/guest/, built by
 * our e2k-as into build/guest/bench_*.elf), each run three ways in this
 * process: live (`run`), recorded (`record`, journal to a temporary file)
 * and replayed (`replay`). For each program it prints
 *   - wide instructions (bundles) per second and operations per second of
 *     the live run (ops per bundle counted statically over the program's
 *     hot loop, the bundles from its `loop` label to its `loop_end` label:
 *     ALS operations + a control transfer + PLS logic ops + mova);
 *   - recording overhead versus the live run (target <= 5 %), replay speed
 *     versus the live run (target >= 1.0x);
 *   - journal bytes per event and per million instructions.
 * Times are process CPU time (getrusage), which is steadier than wall time
 * on a shared machine; each mode runs REPEAT times and the fastest run
 * counts (noise from other load only ever adds time). Host time is read
 * here, in the driver, never inside emu/.
 *
 * usage: bench_programs [GUEST_DIR [NAME...]]  (default: build/guest, all)
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emu/decode.h"
#include "emu/isa_fields.h"
#include "emu/linux/lnx.h"
#include "emu/machine.h"
#include "replay/jrnl_reader.h"
#include "replay/session.h"

#define REPEAT 3

static const char *const k_programs[] = {"int_loop", "ldst_loop", "calls", "preds", "syscalls"};

struct times {
    double cpu, wall;
};

static void now(struct times *t)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    t->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
             (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    t->wall = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *b = n > 0 ? malloc((size_t)n) : NULL;
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* Address of symbol `name` in a static ELF64 (our e2k-as output); 0 if
 * not found. Bounds-checked: the file is ours, but no reason to trust it. */
static uint64_t elf_sym(const uint8_t *elf, size_t len, const char *name)
{
    if (len < sizeof(Elf64_Ehdr))
        return 0;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
    if (eh->e_shoff > len || (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr) > len - eh->e_shoff)
        return 0;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(elf + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
            continue;
        const Elf64_Shdr *st = &sh[sh[i].sh_link];
        if (sh[i].sh_offset > len || sh[i].sh_size > len - sh[i].sh_offset ||
            st->sh_offset > len || st->sh_size > len - st->sh_offset)
            return 0;
        const Elf64_Sym *sym = (const Elf64_Sym *)(elf + sh[i].sh_offset);
        size_t n = sh[i].sh_size / sizeof(Elf64_Sym);
        const char *strs = (const char *)(elf + st->sh_offset);
        for (size_t k = 0; k < n; k++)
            if (sym[k].st_name < st->sh_size &&
                strnlen(strs + sym[k].st_name, st->sh_size - sym[k].st_name) <
                    st->sh_size - sym[k].st_name &&
                strcmp(strs + sym[k].st_name, name) == 0)
                return sym[k].st_value;
    }
    return 0;
}

/* File bytes of virtual address `addr` (via the program headers). */
static const uint8_t *elf_at(const uint8_t *elf, size_t len, uint64_t addr, size_t need)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)elf;
    if (eh->e_phoff > len || (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > len - eh->e_phoff)
        return NULL;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(elf + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || addr < ph[i].p_vaddr ||
            addr - ph[i].p_vaddr + need > ph[i].p_filesz)
            continue;
        uint64_t off = ph[i].p_offset + (addr - ph[i].p_vaddr);
        return off + need <= len ? elf + off : NULL;
    }
    return NULL;
}

/* Operations per bundle over [loop, loop_end] (inclusive). */
static double loop_ops_per_bundle(const uint8_t *elf, size_t len, unsigned isa)
{
    uint64_t lo = elf_sym(elf, len, "loop"), hi = elf_sym(elf, len, "loop_end");
    if (!lo || hi < lo)
        return 0;
    unsigned bundles = 0, ops = 0;
    for (uint64_t pc = lo; pc <= hi;) {
        const uint8_t *p = elf_at(elf, len, pc, 8);
        if (!p)
            return 0;
        struct dec_bundle b;
        size_t avail = (size_t)(len - (size_t)(p - elf));
        if (avail > DEC_MAX_BUNDLE)
            avail = DEC_MAX_BUNDLE;
        if (dec_bundle(p, avail, pc, isa, &b, NULL) != 0)
            return 0;
        bundles++;
        for (int ch = 0; ch < 6; ch++)
            ops += b.alop[ch].op != NULL;
        if ((b.has_ss && SS_CTOP(b.ss)) || (b.has_cs0 && CS0_CTPR(b.cs0) == 0 &&
                                            CS0_OPC(b.cs0) == 0))
            ops++; /* ct / ibranch */
        for (unsigned i = 0; i < b.n_pls; i++)
            ops++; /* one CLP per PLS syllable */
        ops += (unsigned)__builtin_popcount(b.aas_mask >> 2);
        pc += b.len;
    }
    return bundles ? (double)ops / bundles : 0;
}

static int run_live(const uint8_t *elf, size_t len, const char *name, uint64_t *icount)
{
    int isa = lnx_elf_isa(elf, len, NULL);
    struct machine *m = mach_new(MACH_USER, isa > 0 ? (unsigned)isa : 5, 0);
    if (!m)
        return -1;
    const char *argv[] = {name};
    const char *envp[] = {NULL};
    struct lnx_opts o = {.argv = argv, .argc = 1, .envp = envp};
    struct lnx_err err;
    int status = -1;
    if (lnx_load(m, elf, len, &o, &err) == 0 &&
        lnx_run(m, UINT64_MAX, &status, &err) != LNX_RUN_EXITED)
        status = -1;
    *icount = m->cpu.icount;
    mach_free(m);
    return status;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "build/guest";
    int n_sel = argc > 2 ? argc - 2 : (int)(sizeof k_programs / sizeof k_programs[0]);
    const char *const *sel = argc > 2 ? (const char *const *)argv + 2 : k_programs;
    char jpath[] = "/tmp/e2k-bench-XXXXXX";
    int fd = mkstemp(jpath);
    if (fd < 0) {
        perror("mkstemp");
        return 2;
    }
    close(fd);
    int rc = 0;
    for (int i = 0; i < n_sel; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/bench_%s.elf", dir, sel[i]);
        size_t len;
        uint8_t *elf = slurp(path, &len);
        if (!elf) {
            fprintf(stderr, "bench_programs: cannot read %s (build with `make`)\n", path);
            rc = 2;
            continue;
        }
        double opb = loop_ops_per_bundle(elf, len, 5);
        struct times a, b;
        double run_cpu = 1e30, rec_cpu = 1e30, rep_cpu = 1e30, run_wall = 0;
        uint64_t icount = 0;
        int st = 0, ro_ok = 1, rp_ok = 1;
        const char *args[] = {sel[i]};
        const char *envp[] = {NULL};
        struct sess_record_opts ro = {.journal = jpath, .program = elf, .program_bytes = len,
                                      .argc = 1, .argv = args, .envp = envp};
        struct sess_replay_opts po = {.journal = jpath};
        struct sess_result rec, rep;
        for (int k = 0; k < REPEAT; k++) {
            now(&a);
            st |= run_live(elf, len, sel[i], &icount);
            now(&b);
            if (b.cpu - a.cpu < run_cpu) {
                run_cpu = b.cpu - a.cpu;
                run_wall = b.wall - a.wall;
            }
            now(&a);
            ro_ok &= sess_record(&ro, &rec) == SESS_OK;
            now(&b);
            if (b.cpu - a.cpu < rec_cpu)
                rec_cpu = b.cpu - a.cpu;
            now(&a);
            rp_ok &= sess_replay(&po, &rep) == SESS_OK;
            now(&b);
            if (b.cpu - a.cpu < rep_cpu)
                rep_cpu = b.cpu - a.cpu;
        }
        if (st != 0 || !ro_ok || !rp_ok || rec.icount != icount || rep.icount != icount) {
            fprintf(stderr, "bench_programs: %s: exit %d, record %s, replay %s (%s%s)\n",
                    sel[i], st, ro_ok ? "ok" : "failed", rp_ok ? "ok" : "failed", rec.msg,
                    rep.report.what);
            rc = 1;
        }
        struct jrnl_reader *r = NULL;
        struct jrnl_status js = {0};
        if (jrnl_reader_open(&r, jpath, NULL) == 0) {
            jrnl_reader_status(r, &js);
            jrnl_reader_close(r);
        }
        double mbps = (double)icount / run_cpu / 1e6;
        uint64_t ev_bytes = js.file_bytes > js.header_bytes ? js.file_bytes - js.header_bytes : 0;
        printf("%-10s %11llu bundles  run %6.3f s cpu (%6.3f wall) %7.1f M bundles/s "
               "%7.1f M ops/s (%.2f ops/bundle)\n",
               sel[i], (unsigned long long)icount, run_cpu, run_wall, mbps,
               mbps * opb, opb);
        printf("%-10s record %6.3f s cpu (%+5.1f %%)  replay %6.3f s cpu (%.2fx run)  "
               "journal %llu events, %llu bytes after the header: %.1f bytes/event, "
               "%.1f bytes per M instructions\n",
               "", rec_cpu, (rec_cpu / run_cpu - 1) * 100, rep_cpu, run_cpu / rep_cpu,
               (unsigned long long)js.events, (unsigned long long)ev_bytes,
               js.events ? (double)ev_bytes / (double)js.events : 0.0,
               (double)ev_bytes * 1e6 / (double)(icount ? icount : 1));
        free(elf);
    }
    unlink(jpath);
    return rc;
}
