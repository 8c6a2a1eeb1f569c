/*
 * fuzz_balloon.c — libFuzzer target: random MMIO sequences and virtqueue
 * contents against the virtio balloon on its virtio-mmio transport, over a
 * bus with one 64 KiB RAM range held in an exactly-sized host buffer (so
 * ASan flags any host access outside guest RAM) and a written-callback
 * that aborts on any DMA write outside it.
 *
 * The input is a sequence of operations, each an opcode byte followed by
 * its operands (missing bytes read as 0):
 *   0 MMIO write   off:u16 (mod 0x140) size:u8 (1/2/4/8) val:u32
 *   1 MMIO read    off:u16 size:u8
 *   2 RAM write    off:u16 n:u8 (mod 64) bytes[n]
 *   3 driver init  features:u8 qnum:u8 — what Linux does: negotiate,
 *                  three queues at fixed places, DRIVER_OK
 *   4 post chain   q:u8 head:u8 ndesc:u8 then per descriptor
 *                  addr-mode:u8 addr:u32 len:u16 flags:u8 next:u8;
 *                  makes it available and notifies
 *   5 set target   pages:u32
 *   6 request stats
 *   7 hint OOM
 *   8 CPU touch    off:u32 len:u16 write:u8
 *   9 save, load, save again: must succeed and give identical bytes
 *  10 load garbage n:u8 bytes[n]: must not crash
 *  11 device reset
 *  12 load a saved state with one byte changed: must not crash
 * Invariants after every operation: the page count equals the bus's
 * ballooned-page count, and the interrupt line equals InterruptStatus != 0.
 * Seeds: tests/fuzz/corpus/fuzz_balloon/.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "devices/virtio_balloon.h"
#include "tests/unit/devices/dev_testlib.h"

#define CHECK(c)              \
    do {                      \
        if (!(c))             \
            __builtin_trap(); \
    } while (0)

#define RAM_SIZE 0x10000ull
#define STATE_MAX 4096

struct in {
    const uint8_t *p;
    size_t n, off;
};

static uint8_t u8(struct in *in)
{
    return in->off < in->n ? in->p[in->off++] : 0;
}

static uint16_t u16(struct in *in)
{
    uint16_t lo = u8(in);
    return (uint16_t)(lo | u8(in) << 8);
}

static uint32_t u32(struct in *in)
{
    uint32_t lo = u16(in);
    return lo | (uint32_t)u16(in) << 16;
}

/* Guest addresses: mostly inside RAM, sometimes near or past its edges. */
static uint64_t addr(uint8_t mode, uint32_t raw)
{
    switch (mode & 3) {
    case 0: return TL_RAM_BASE + raw % RAM_SIZE;
    case 1: return TL_RAM_BASE + RAM_SIZE - (raw & 0xff);
    case 2: return TL_RAM_BASE - (raw & 0xff);
    default: return (uint64_t)raw << (mode >> 2 & 31);
    }
}

static void driver_init(struct tl_machine *m, struct tl_vq *q, uint8_t feat,
                        uint8_t qnum)
{
    uint32_t num = 1u << (qnum % 5); /* 1..16 */
    tl_negotiate(m, (1ull << VIRTIO_F_VERSION_1) | (feat & 7));
    for (unsigned i = 0; i < 3; i++) {
        tl_mw(m, VIRTIO_MMIO_QUEUE_SEL, i);
        if (tl_mr(m, VIRTIO_MMIO_QUEUE_NUM_MAX)) /* statsq may not exist */
            tl_vq_setup(m, &q[i], i, num,
                        TL_RAM_BASE + 0x1000ull * (1 + 2 * i));
    }
    tl_driver_ok(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct in in = {data, size, 0};
    struct tl_machine m;
    struct tl_irq irq;
    struct tl_events *ev = calloc(1, sizeof *ev);
    struct tl_vq q[3];
    static uint8_t state[STATE_MAX], again[STATE_MAX];
    CHECK(ev && tl_machine_init(&m, RAM_SIZE) == 0);
    tl_irq_init(&irq);
    memset(q, 0, sizeof q);
    for (unsigned i = 0; i < 3; i++) { /* usable before any init op */
        q[i].q = i;
        q[i].num = 1;
        q[i].desc = q[i].avail = q[i].used = TL_RAM_BASE;
    }
    struct balloon_params p = {"balloon0", {0, 0, 0, 0}, m.bus, &irq.line,
                               tl_event_cb, ev};
    uint8_t cfg = u8(&in);
    p.cfg.must_tell_host = cfg & 1;
    p.cfg.stats = (cfg >> 1) & 1;
    p.cfg.deflate_on_oom = (cfg >> 2) & 1;
    struct balloon *b = balloon_new(&p);
    CHECK(b);
    CHECK(bus_map_mmio(m.bus, TL_MMIO_BASE, VMMIO_SIZE, balloon_read,
                       balloon_write, b, "balloon") == 0);

    for (unsigned steps = 0; in.off < in.n && steps < 512; steps++) {
        ev->n = 0; /* keep recording fresh */
        switch (u8(&in) % 13) {
        case 0: {
            uint16_t off = u16(&in) % 0x140;
            unsigned sz = 1u << (u8(&in) & 3);
            uint32_t v = u32(&in);
            bus_mmio_write(m.bus, TL_MMIO_BASE + (off & ~(sz - 1)), sz, v);
            break;
        }
        case 1: {
            uint16_t off = u16(&in) % 0x140;
            unsigned sz = 1u << (u8(&in) & 3);
            uint64_t v;
            bus_mmio_read(m.bus, TL_MMIO_BASE + (off & ~(sz - 1)), sz, &v);
            break;
        }
        case 2: {
            uint16_t off = u16(&in);
            unsigned n = u8(&in) % 64;
            for (unsigned i = 0; i < n; i++)
                m.ram[(off + i) % RAM_SIZE] = u8(&in);
            break;
        }
        case 3: {
            uint8_t feat = u8(&in);
            driver_init(&m, q, feat, u8(&in));
            break;
        }
        case 4: {
            struct tl_vq *vq = &q[u8(&in) % 3];
            uint16_t head = u8(&in);
            unsigned nd = u8(&in) % 5;
            for (unsigned i = 0; i < nd; i++) {
                uint8_t mode = u8(&in);
                uint64_t a = addr(mode, u32(&in));
                uint32_t len = u16(&in);
                uint16_t flags = u8(&in) & 7;
                uint16_t next = u8(&in);
                uint64_t d = vq->desc + 16ull * ((head + i) % vq->num);
                if (d >= TL_RAM_BASE && d + 16 <= TL_RAM_BASE + RAM_SIZE)
                    tl_desc(&m, vq, (uint16_t)((head + i) % vq->num), a,
                            len, flags, next);
            }
            uint64_t slot = vq->avail + 4 + 2ull * (vq->avail_idx % vq->num);
            if (vq->avail >= TL_RAM_BASE &&
                slot + 2 <= TL_RAM_BASE + RAM_SIZE) {
                tl_avail(&m, vq, (uint16_t)(head % (vq->num * 2)));
                tl_mw(&m, VIRTIO_MMIO_QUEUE_NOTIFY, vq->q);
            }
            break;
        }
        case 5: balloon_set_target(b, u32(&in)); break;
        case 6: balloon_request_stats(b); break;
        case 7: balloon_hint_oom(b); break;
        case 8: {
            uint8_t mode = u8(&in); /* operands in input order */
            uint64_t a = addr(mode, u32(&in));
            uint16_t len = u16(&in);
            bus_ram_touch(m.bus, a, len, u8(&in) & 1);
            break;
        }
        case 9: {
            size_t len, len2;
            CHECK(balloon_save(b, state, sizeof state, &len) == 0);
            CHECK(balloon_load(b, state, len) == 0);
            CHECK(balloon_save(b, again, sizeof again, &len2) == 0);
            CHECK(len == len2 && memcmp(state, again, len) == 0);
            break;
        }
        case 10: {
            uint8_t junk[256];
            unsigned n = u8(&in);
            for (unsigned i = 0; i < n; i++)
                junk[i] = u8(&in);
            int rc = balloon_load(b, junk, n);
            CHECK(rc == 0 || rc == DEV_E_STATE);
            break;
        }
        case 11: balloon_reset(b); break;
        case 12: {
            size_t len;
            CHECK(balloon_save(b, state, sizeof state, &len) == 0);
            uint16_t at = u16(&in);
            state[at % len] ^= (uint8_t)(u8(&in) | 1);
            int rc = balloon_load(b, state, len);
            CHECK(rc == 0 || rc == DEV_E_STATE);
            break;
        }
        }
        CHECK(b->pages == m.bus->n_ballooned);
        CHECK(irq.level == (b->vm.interrupt_status != 0));
    }
    balloon_free(b);
    tl_machine_fini(&m);
    free(ev);
    return 0;
}
