/*
 * virtio_mmio.c — the virtio-mmio transport and split-virtqueue core (see
 * virtio_mmio.h for the rules and the spec sections they come from).
 *
 * The transport never keeps a host pointer into guest memory: every ring
 * and buffer access is a bus_ram_* call with a guest-physical address, so
 * a driver that rewrites its rings at any time can at worst make an access
 * fail, which puts the device in DEVICE_NEEDS_RESET. All guest-visible
 * transport state is in struct vmmio and saved by vmmio_save().
 */
#include "devices/virtio_mmio.h"

#include <string.h>

#include "emu/bus.h"
#include "emu/irq.h"

static uint32_t queue_max(const struct vmmio *v, unsigned q)
{
    return q < v->cfg.ops->num_queues
               ? v->cfg.ops->queue_num_max(v->cfg.dev, q)
               : 0;
}

static void update_irq(const struct vmmio *v)
{
    irq_set(v->cfg.irq, v->interrupt_status != 0);
}

void vmmio_sync_irq(const struct vmmio *v)
{
    update_irq(v);
}

static void reset_state(struct vmmio *v)
{
    v->status = v->dev_features_sel = v->drv_features_sel = 0;
    v->driver_features = 0;
    v->queue_sel = v->interrupt_status = v->shm_sel = 0;
    /* config_generation keeps counting: a reset changes nothing a driver
     * could have cached across it. */
    for (unsigned i = 0; i < VMMIO_MAX_QUEUES; i++)
        v->q[i] = (struct vmmio_queue){.num = queue_max(v, i)};
    update_irq(v);
}

static int is_pow2(uint32_t n)
{
    return n && !(n & (n - 1));
}

int vmmio_init(struct vmmio *v, const struct vmmio_config *cfg)
{
    const struct vmmio_device_ops *ops = cfg ? cfg->ops : NULL;
    if (!ops || !cfg->bus || !ops->device_id ||
        ops->num_queues > VMMIO_MAX_QUEUES ||
        ops->config_size > VMMIO_CONFIG_MAX || !ops->queue_num_max ||
        (ops->config_size && (!ops->config_read || !ops->config_write)) ||
        (cfg->device_features >> VIRTIO_F_VERSION_1) != 0)
        return DEV_E_INVAL;
    memset(v, 0, sizeof *v);
    v->cfg = *cfg;
    for (unsigned i = 0; i < ops->num_queues; i++) {
        uint32_t m = queue_max(v, i);
        if (m && (!is_pow2(m) || m > VMMIO_QUEUE_MAX))
            return DEV_E_INVAL;
    }
    v->offered = cfg->device_features | 1ull << VIRTIO_F_VERSION_1;
    reset_state(v);
    return 0;
}

void vmmio_fini(struct vmmio *v)
{
    (void)v; /* nothing owned; the pair exists for symmetry */
}

void vmmio_reset(struct vmmio *v)
{
    reset_state(v);
    if (v->cfg.ops->reset)
        v->cfg.ops->reset(v->cfg.dev);
}

uint64_t vmmio_features(const struct vmmio *v)
{
    return (v->status & VIRTIO_CONFIG_S_FEATURES_OK) ? v->driver_features : 0;
}

int vmmio_has_feature(const struct vmmio *v, unsigned bit)
{
    return bit < 64 && (vmmio_features(v) >> bit & 1);
}

int vmmio_running(const struct vmmio *v)
{
    return (v->status & VIRTIO_CONFIG_S_DRIVER_OK) &&
           !(v->status & VIRTIO_CONFIG_S_NEEDS_RESET);
}

void vmmio_fail(struct vmmio *v, uint64_t q, const char *why)
{
    if (v->status & VIRTIO_CONFIG_S_NEEDS_RESET)
        return; /* reported once per reset */
    v->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    if (v->status & VIRTIO_CONFIG_S_DRIVER_OK) { /* §2.1.2 */
        v->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
        update_irq(v);
    }
    struct dev_event ev = {0};
    ev.a = q;
    ev.msg = why;
    ev.msg_len = strlen(why);
    dev_emit(v->cfg.event, v->cfg.event_opaque, v->cfg.name, &ev,
             DEV_EV_VIRTIO_ERROR);
}

void vmmio_config_changed(struct vmmio *v)
{
    v->config_generation++;
    if (v->status & VIRTIO_CONFIG_S_DRIVER_OK) {
        v->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
        update_irq(v);
    }
}

/* The rings of queue q, as configured, are usable: a reason if not. */
static const char *check_rings(const struct vmmio *v, unsigned q,
                               const struct vmmio_queue *vq)
{
    uint64_t n = vq->num;
    if (!is_pow2(vq->num) || vq->num > queue_max(v, q))
        return "queue size not a power of 2 within QueueNumMax";
    if ((vq->desc & 15) || (vq->avail & 1) || (vq->used & 3))
        return "misaligned virtqueue ring";
    if (bus_ram_check(v->cfg.bus, vq->desc, 16 * n) ||
        bus_ram_check(v->cfg.bus, vq->avail, 6 + 2 * n) ||
        bus_ram_check(v->cfg.bus, vq->used, 6 + 8 * n))
        return "virtqueue ring outside guest RAM";
    return NULL;
}

static void set_ready(struct vmmio *v, unsigned q, uint32_t val)
{
    struct vmmio_queue *vq = &v->q[q];
    if (!val) {
        vq->ready = 0;
        return;
    }
    if (vq->ready)
        return;
    const char *why = check_rings(v, q, vq);
    if (why) {
        vmmio_fail(v, q, why);
        return;
    }
    vq->ready = 1;
    vq->last_avail = vq->used_idx = 0;
}

static void set_status(struct vmmio *v, uint32_t val)
{
    uint32_t old = v->status;
    uint32_t s = (val & 0xff & ~VIRTIO_CONFIG_S_NEEDS_RESET) |
                 (old & VIRTIO_CONFIG_S_NEEDS_RESET);
    if ((s & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(old & VIRTIO_CONFIG_S_FEATURES_OK)) { /* §2.2.2 */
        uint64_t f = v->driver_features;
        if ((f & ~v->offered) || !(f >> VIRTIO_F_VERSION_1 & 1) ||
            (v->cfg.ops->features_ok &&
             !v->cfg.ops->features_ok(v->cfg.dev, f)))
            s &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    /* Without negotiated features the device cannot run. */
    if (!(s & VIRTIO_CONFIG_S_FEATURES_OK))
        s &= ~VIRTIO_CONFIG_S_DRIVER_OK;
    v->status = s;
    /* Buffers made available (and notified) before DRIVER_OK were left
     * alone (§2.1.2): look at every ready queue now. */
    if ((s & VIRTIO_CONFIG_S_DRIVER_OK) &&
        !(old & VIRTIO_CONFIG_S_DRIVER_OK) && v->cfg.ops->queue_notify)
        for (unsigned q = 0; q < v->cfg.ops->num_queues && vmmio_running(v);
             q++)
            if (v->q[q].ready)
                v->cfg.ops->queue_notify(v->cfg.dev, q);
}

uint64_t vmmio_read(struct vmmio *v, uint64_t offset, unsigned size)
{
    if (offset >= VIRTIO_MMIO_CONFIG) {
        uint64_t off = offset - VIRTIO_MMIO_CONFIG;
        if ((size != 1 && size != 2 && size != 4) || (off & (size - 1)) ||
            off + size > v->cfg.ops->config_size)
            return 0;
        return v->cfg.ops->config_read(v->cfg.dev, (uint32_t)off, size);
    }
    if (size != 4 || (offset & 3))
        return 0;
    unsigned qs = v->queue_sel;
    int qok = qs < v->cfg.ops->num_queues;
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE: return VIRTIO_MMIO_MAGIC;
    case VIRTIO_MMIO_VERSION: return VIRTIO_MMIO_VERSION_2;
    case VIRTIO_MMIO_DEVICE_ID: return v->cfg.ops->device_id;
    case VIRTIO_MMIO_VENDOR_ID: return VMMIO_VENDOR_ID;
    case VIRTIO_MMIO_DEVICE_FEATURES:
        return v->dev_features_sel < 2
                   ? (uint32_t)(v->offered >> (32 * v->dev_features_sel))
                   : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX: return queue_max(v, qs);
    case VIRTIO_MMIO_QUEUE_READY: return qok ? v->q[qs].ready : 0;
    case VIRTIO_MMIO_INTERRUPT_STATUS: return v->interrupt_status;
    case VIRTIO_MMIO_STATUS: return v->status;
    case VIRTIO_MMIO_SHM_LEN_LOW:  /* no shared memory regions: length */
    case VIRTIO_MMIO_SHM_LEN_HIGH: /* -1 and base ~0 (§4.2.2) */
    case VIRTIO_MMIO_SHM_BASE_LOW:
    case VIRTIO_MMIO_SHM_BASE_HIGH: return 0xffffffffu;
    case VIRTIO_MMIO_CONFIG_GENERATION: return v->config_generation;
    default: return 0; /* write-only or undefined */
    }
}

static void set_half(uint64_t *p, int high, uint32_t val)
{
    if (high)
        *p = (*p & 0xffffffffull) | (uint64_t)val << 32;
    else
        *p = (*p & ~0xffffffffull) | val;
}

void vmmio_write(struct vmmio *v, uint64_t offset, uint64_t val,
                 unsigned size)
{
    uint32_t x = (uint32_t)val;
    if (offset >= VIRTIO_MMIO_CONFIG) {
        uint64_t off = offset - VIRTIO_MMIO_CONFIG;
        if ((size == 1 || size == 2 || size == 4) && !(off & (size - 1)) &&
            off + size <= v->cfg.ops->config_size)
            v->cfg.ops->config_write(v->cfg.dev, (uint32_t)off, x, size);
        return;
    }
    if (size != 4 || (offset & 3))
        return;
    unsigned qs = v->queue_sel;
    struct vmmio_queue *vq = qs < v->cfg.ops->num_queues ? &v->q[qs] : NULL;
    /* §4.2.2.2: queue layout registers are not touched while ready. */
    struct vmmio_queue *idle = vq && !vq->ready ? vq : NULL;
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL: v->dev_features_sel = x; break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        /* Renegotiation needs a reset (§2.2). */
        if (v->drv_features_sel < 2 &&
            !(v->status & VIRTIO_CONFIG_S_FEATURES_OK))
            set_half(&v->driver_features, v->drv_features_sel == 1, x);
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL: v->drv_features_sel = x; break;
    case VIRTIO_MMIO_QUEUE_SEL: v->queue_sel = x; break;
    case VIRTIO_MMIO_QUEUE_NUM:
        if (idle)
            idle->num = x;
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        if (vq)
            set_ready(v, qs, x);
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY: {
        unsigned q = x & 0xffff; /* no VIRTIO_F_NOTIFICATION_DATA */
        if (q < v->cfg.ops->num_queues && v->q[q].ready && vmmio_running(v) &&
            v->cfg.ops->queue_notify)
            v->cfg.ops->queue_notify(v->cfg.dev, q);
        break;
    }
    case VIRTIO_MMIO_INTERRUPT_ACK:
        v->interrupt_status &= ~x;
        update_irq(v);
        break;
    case VIRTIO_MMIO_STATUS:
        if (x == 0)
            vmmio_reset(v);
        else
            set_status(v, x);
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        if (idle)
            set_half(&idle->desc, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH, x);
        break;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
        if (idle)
            set_half(&idle->avail, offset == VIRTIO_MMIO_QUEUE_AVAIL_HIGH, x);
        break;
    case VIRTIO_MMIO_QUEUE_USED_LOW:
    case VIRTIO_MMIO_QUEUE_USED_HIGH:
        if (idle)
            set_half(&idle->used, offset == VIRTIO_MMIO_QUEUE_USED_HIGH, x);
        break;
    case VIRTIO_MMIO_SHM_SEL: v->shm_sel = x; break;
    default: break; /* read-only or undefined */
    }
}

/* Reads one descriptor: addr, len, flags, next. */
static int read_desc(struct vmmio *v, const struct vmmio_queue *vq,
                     uint16_t i, struct vmmio_seg *s, uint16_t *flags,
                     uint16_t *next)
{
    uint8_t d[16];
    int rc = bus_ram_read(v->cfg.bus, vq->desc + 16ull * i, d, sizeof d);
    if (rc)
        return rc;
    s->addr = dev_get_le64(d);
    s->len = dev_get_le32(d + 8);
    *flags = dev_get_le16(d + 12);
    *next = dev_get_le16(d + 14);
    s->write = (*flags & VRING_DESC_F_WRITE) != 0;
    return 0;
}

int vmmio_pop(struct vmmio *v, unsigned q, struct vmmio_chain *c)
{
    if (q >= v->cfg.ops->num_queues || !v->q[q].ready || !vmmio_running(v))
        return 0;
    struct vmmio_queue *vq = &v->q[q];
    uint16_t idx, head;
    if (bus_ram_read_le16(v->cfg.bus, vq->avail + 2, &idx))
        goto ram;
    uint16_t pending = (uint16_t)(idx - vq->last_avail);
    if (!pending)
        return 0;
    if (pending > vq->num) {
        vmmio_fail(v, q, "available index moved by more than the queue size");
        return DEV_E_STATE;
    }
    if (bus_ram_read_le16(v->cfg.bus,
                          vq->avail + 4 + 2ull * (vq->last_avail % vq->num),
                          &head))
        goto ram;
    if (head >= vq->num) {
        vmmio_fail(v, q, "available ring entry out of range");
        return DEV_E_STATE;
    }
    c->head = head;
    c->n = 0;
    c->readable = c->writable = 0;
    for (uint16_t i = head;;) {
        uint16_t flags, next;
        const char *why = NULL;
        if (c->n >= vq->num) {
            vmmio_fail(v, q, "descriptor chain longer than the queue (loop)");
            return DEV_E_STATE;
        }
        struct vmmio_seg *s = &c->seg[c->n];
        if (read_desc(v, vq, i, s, &flags, &next))
            goto ram;
        if (flags & VRING_DESC_F_INDIRECT)
            why = "indirect descriptor (VIRTIO_F_INDIRECT_DESC not offered)";
        else if (!s->write && c->writable)
            why = "device-readable descriptor after a device-writable one";
        else if (bus_ram_check(v->cfg.bus, s->addr, s->len))
            why = "descriptor buffer outside guest RAM";
        else if ((flags & VRING_DESC_F_NEXT) && next >= vq->num)
            why = "descriptor next index out of range";
        if (why) {
            vmmio_fail(v, q, why);
            return DEV_E_STATE;
        }
        if (s->write)
            c->writable += s->len;
        else
            c->readable += s->len;
        c->n++;
        if (!(flags & VRING_DESC_F_NEXT))
            break;
        i = next;
    }
    vq->last_avail++;
    return 1;
ram:
    vmmio_fail(v, q, "virtqueue ring access outside guest RAM");
    return DEV_E_STATE;
}

/* Copy between the chain's readable (write == 0) or writable part and buf. */
static long chain_copy(struct vmmio *v, const struct vmmio_chain *c,
                       int write, uint64_t off, void *buf, size_t len)
{
    uint8_t *b = buf;
    size_t done = 0;
    for (unsigned i = 0; i < c->n && done < len; i++) {
        const struct vmmio_seg *s = &c->seg[i];
        if (s->write != write)
            continue;
        if (off >= s->len) {
            off -= s->len;
            continue;
        }
        size_t n = s->len - off < len - done ? (size_t)(s->len - off)
                                             : len - done;
        int rc = write ? bus_ram_write(v->cfg.bus, s->addr + off, b + done, n)
                       : bus_ram_read(v->cfg.bus, s->addr + off, b + done, n);
        if (rc) { /* RAM ranges are fixed: only a changed bus gets here */
            vmmio_fail(v, DEV_NO_QUEUE, "buffer access outside guest RAM");
            return DEV_E_STATE;
        }
        done += n;
        off = 0;
    }
    return (long)done;
}

long vmmio_chain_read(struct vmmio *v, const struct vmmio_chain *c,
                      uint64_t off, void *buf, size_t len)
{
    return chain_copy(v, c, 0, off, buf, len);
}

long vmmio_chain_write(struct vmmio *v, const struct vmmio_chain *c,
                       uint64_t off, const void *buf, size_t len)
{
    return chain_copy(v, c, 1, off, (void *)buf, len);
}

int vmmio_push(struct vmmio *v, unsigned q, uint16_t head, uint32_t len)
{
    if (q >= v->cfg.ops->num_queues || !v->q[q].ready ||
        (v->status & VIRTIO_CONFIG_S_NEEDS_RESET))
        return DEV_E_INVAL;
    struct vmmio_queue *vq = &v->q[q];
    uint64_t e = vq->used + 4 + 8ull * (vq->used_idx % vq->num);
    /* §2.7.8.2: the element (with len) before the index. */
    if (bus_ram_write_le32(v->cfg.bus, e, head) ||
        bus_ram_write_le32(v->cfg.bus, e + 4, len) ||
        bus_ram_write_le16(v->cfg.bus, vq->used + 2,
                           (uint16_t)(vq->used_idx + 1))) {
        vmmio_fail(v, q, "used ring access outside guest RAM");
        return DEV_E_STATE;
    }
    vq->used_idx++;
    return 0;
}

void vmmio_notify(struct vmmio *v, unsigned q)
{
    uint16_t flags;
    if (q >= v->cfg.ops->num_queues || !v->q[q].ready || !vmmio_running(v))
        return;
    if (bus_ram_read_le16(v->cfg.bus, v->q[q].avail, &flags)) {
        vmmio_fail(v, q, "virtqueue ring access outside guest RAM");
        return;
    }
    /* §2.7.7.2: without EVENT_IDX, flags bit 0 suppresses. */
    if (flags & VRING_AVAIL_F_NO_INTERRUPT)
        return;
    v->interrupt_status |= VIRTIO_MMIO_INT_VRING;
    update_irq(v);
}

void vmmio_save(const struct vmmio *v, struct dev_sw *w)
{
    dev_sw_u64(w, v->offered);
    dev_sw_u32(w, v->status);
    dev_sw_u32(w, v->dev_features_sel);
    dev_sw_u32(w, v->drv_features_sel);
    dev_sw_u64(w, v->driver_features);
    dev_sw_u32(w, v->queue_sel);
    dev_sw_u32(w, v->interrupt_status);
    dev_sw_u32(w, v->config_generation);
    dev_sw_u32(w, v->shm_sel);
    dev_sw_u32(w, v->cfg.ops->num_queues);
    for (unsigned i = 0; i < v->cfg.ops->num_queues; i++) {
        const struct vmmio_queue *vq = &v->q[i];
        dev_sw_u32(w, vq->num);
        dev_sw_u32(w, vq->ready);
        dev_sw_u64(w, vq->desc);
        dev_sw_u64(w, vq->avail);
        dev_sw_u64(w, vq->used);
        dev_sw_u16(w, vq->last_avail);
        dev_sw_u16(w, vq->used_idx);
    }
}

void vmmio_load(const struct vmmio *v, struct vmmio *out, struct dev_sr *r)
{
    *out = *v;
    dev_sr_check(r, dev_sr_u64(r) == v->offered);
    out->status = dev_sr_u32(r);
    out->dev_features_sel = dev_sr_u32(r);
    out->drv_features_sel = dev_sr_u32(r);
    out->driver_features = dev_sr_u64(r);
    out->queue_sel = dev_sr_u32(r);
    out->interrupt_status = dev_sr_u32(r);
    out->config_generation = dev_sr_u32(r);
    out->shm_sel = dev_sr_u32(r);
    dev_sr_check(r, dev_sr_u32(r) == v->cfg.ops->num_queues);
    dev_sr_check(r, !(out->status & ~0xffu) &&
                        !(out->interrupt_status &
                          ~(uint32_t)(VIRTIO_MMIO_INT_VRING |
                                      VIRTIO_MMIO_INT_CONFIG)));
    if (out->status & VIRTIO_CONFIG_S_FEATURES_OK)
        dev_sr_check(r, !(out->driver_features & ~v->offered) &&
                            (out->driver_features >> VIRTIO_F_VERSION_1 & 1));
    else
        dev_sr_check(r, !(out->status & VIRTIO_CONFIG_S_DRIVER_OK));
    for (unsigned i = 0; i < v->cfg.ops->num_queues && !r->bad; i++) {
        struct vmmio_queue *vq = &out->q[i];
        vq->num = dev_sr_u32(r);
        vq->ready = dev_sr_u32(r);
        vq->desc = dev_sr_u64(r);
        vq->avail = dev_sr_u64(r);
        vq->used = dev_sr_u64(r);
        vq->last_avail = dev_sr_u16(r);
        vq->used_idx = dev_sr_u16(r);
        dev_sr_check(r, vq->ready <= 1);
        if (vq->ready && !r->bad)
            dev_sr_check(r, check_rings(v, i, vq) == NULL);
    }
}
