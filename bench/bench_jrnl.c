/*
 * bench_jrnl.c — journal size and speed on a synthetic, syscall-heavy
 * recording: writes N events through jrnl_writer to a file, reads them
 * back with jrnl_reader, and prints journal bytes per event and per
 * million instructions, write and read speed, for a few frame sizes.
 *
 * The event mix imitates a user-mode program (UNSURE: chosen by hand, not
 * measured from a real guest yet): 50% clock_gettime-like syscalls with a
 * 16-byte timespec written to guest memory, 20% reads of 1..256 bytes of
 * text, 15% writes (no memory written) followed by their OUTPUT event,
 * 10% syscalls returning a value only, 5% STATE_HASH events (64 random,
 * incompressible bytes); 100..5000 instructions between events.
 *
 * Usage: bench_jrnl [EVENTS] [DIR]   (default 1000000, /tmp)
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "replay/jrnl_reader.h"
#include "replay/jrnl_writer.h"

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 0x2545F4914F6CDD1Dull;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

struct result {
    uint64_t events, raw_bytes, file_bytes, frames, icount;
    double write_s, read_s;
};

static int run(const char *path, uint64_t n, const struct jrnl_writer_opts *o, struct result *res)
{
    static const char words[] = "the quick brown fox jumps over the lazy dog 0123456789\n";
    struct jrnl_header h;
    memset(&h, 0, sizeof h);
    h.machine = "linux-user";
    h.cpu = "elbrus-v5";
    h.isa_version = 5;
    struct jrnl_writer *w;
    struct jrnl_err e;
    if (jrnl_writer_open(&w, path, &h, o, &e) != 0) {
        fprintf(stderr, "bench_jrnl: %s\n", e.msg);
        return -1;
    }
    uint64_t s = 42, icount = 0, secs = 1700000000;
    uint8_t buf[256], hash[2][32];
    double t0 = now_s();
    for (uint64_t i = 0; i < n; i++) {
        icount += 100 + rng_next(&s) % 4900;
        uint64_t r = rng_next(&s) % 100;
        if (r < 50) {
            uint64_t ns = rng_next(&s) % 1000000000;
            secs += ns < 1000000;
            memcpy(buf, &secs, 8);
            memcpy(buf + 8, &ns, 8);
            struct jrnl_memw mw = {0x7ffff0001000ull, buf, 16};
            jrnl_put_syscall(w, icount, 113, 0, &mw, 1);
        } else if (r < 70) {
            uint32_t len = 1 + (uint32_t)(rng_next(&s) % 256);
            for (uint32_t k = 0; k < len; k++)
                buf[k] = (uint8_t)words[(k + i) % (sizeof words - 1)];
            struct jrnl_memw mw = {0x20000ull + (i % 64) * 4096, buf, len};
            jrnl_put_syscall(w, icount, 63, len, &mw, 1);
        } else if (r < 85) {
            uint32_t len = 1 + (uint32_t)(rng_next(&s) % 80);
            for (uint32_t k = 0; k < len; k++)
                buf[k] = (uint8_t)words[(k * 7 + i) % (sizeof words - 1)];
            jrnl_put_syscall(w, icount, 64, len, NULL, 0);
            jrnl_put_output(w, icount, 1, buf, len);
            i++;
        } else if (r < 95) {
            jrnl_put_syscall(w, icount, 172, 1000 + (int64_t)(i % 7), NULL, 0);
        } else {
            for (int k = 0; k < 32; k++) {
                hash[0][k] = (uint8_t)rng_next(&s);
                hash[1][k] = (uint8_t)rng_next(&s);
            }
            jrnl_put_state_hash(w, icount, hash[0], hash[1]);
        }
    }
    struct jrnl_writer_stats st;
    jrnl_writer_stats(w, &st);
    struct jrnl_end end = {.final_icount = icount};
    if (jrnl_writer_close(w, &end, &e) != 0) {
        fprintf(stderr, "bench_jrnl: %s\n", e.msg);
        return -1;
    }
    res->write_s = now_s() - t0;
    res->raw_bytes = st.raw_bytes;
    res->icount = icount;

    struct jrnl_reader *rd;
    t0 = now_s();
    if (jrnl_reader_open(&rd, path, &e) != 0) {
        fprintf(stderr, "bench_jrnl: %s\n", e.msg);
        return -1;
    }
    struct jrnl_event ev;
    uint64_t count = 0, sum = 0;
    int rc;
    while ((rc = jrnl_reader_next(rd, &ev, &e)) == 1) {
        count++;
        sum += ev.payload_bytes;
    }
    res->read_s = now_s() - t0;
    struct jrnl_status js;
    jrnl_reader_status(rd, &js);
    jrnl_reader_close(rd);
    if (rc != 0) {
        fprintf(stderr, "bench_jrnl: read back: %s\n", e.msg);
        return -1;
    }
    res->events = count;
    res->file_bytes = js.file_bytes;
    res->frames = js.frames;
    (void)sum;
    return 0;
}

int main(int argc, char **argv)
{
    uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 0) : 1000000;
    const char *dir = argc > 2 ? argv[2] : "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/bench_jrnl.%d.jrnl", dir, (int)getpid());
    static const struct {
        const char *name;
        struct jrnl_writer_opts o;
    } cfg[] = {
        {"16K frames", {.frame_bytes_max = 16 << 10}},
        {"64K frames (default)", {0}},
        {"256K frames", {.frame_bytes_max = 256 << 10, .frame_events_max = 16384}},
        {"1M frames", {.frame_bytes_max = 1 << 20, .frame_events_max = 65536}},
    };
    printf("%" PRIu64 " synthetic events (syscall-heavy user-mode mix)\n", n);
    printf("%-22s %8s %9s %9s %8s %10s %10s %10s\n", "config", "frames", "raw B/ev", "file B/ev",
           "ratio", "B/Minstr", "write MB/s", "read MB/s");
    for (size_t i = 0; i < sizeof cfg / sizeof cfg[0]; i++) {
        struct result r;
        if (run(path, n, &cfg[i].o, &r) != 0) {
            unlink(path);
            return 1;
        }
        /* MB/s of encoded event bytes (what the gate produces / consumes). */
        printf("%-22s %8" PRIu64 " %9.1f %9.1f %8.2f %10.0f %10.1f %10.1f\n", cfg[i].name,
               r.frames, (double)r.raw_bytes / (double)r.events,
               (double)r.file_bytes / (double)r.events,
               (double)r.raw_bytes / (double)r.file_bytes,
               (double)r.file_bytes * 1e6 / (double)r.icount,
               (double)r.raw_bytes / r.write_s / 1e6, (double)r.raw_bytes / r.read_s / 1e6);
    }
    unlink(path);
    return 0;
}
