/*
 * uart.c — the 16550A-compatible UART (supported subset in uart.h).
 *
 * Interrupt identification follows the 16550 priority order: receiver line
 * status (overrun) over received data over THR empty. The THR-empty
 * condition is an event, as on the real part: it is raised when THR
 * empties (after every transmitted byte, at once here) or when THRI gets
 * enabled, and taken by reading IIR while it is the reported source.
 */
#include "devices/uart.h"

#include <stdlib.h>

#include "emu/irq.h"

#define UART_STATE_MAGIC 0x54524155u /* "UART" */
#define UART_STATE_VERSION 1

const struct dev_ops uart_dev_ops = {"uart", uart_read, uart_write,
                                     uart_reset, uart_save, uart_load};

static unsigned rx_cap(const struct uart *u)
{
    return (u->fcr & UART_FCR_ENABLE_FIFO) ? UART_FIFO_SIZE : 1;
}

static uint8_t iir_id(const struct uart *u)
{
    if (u->lsr_oe && (u->ier & UART_IER_RLSI))
        return UART_IIR_RLSI;
    if (u->rx_count && (u->ier & UART_IER_RDI))
        return UART_IIR_RDI;
    if (u->thri_pending && (u->ier & UART_IER_THRI))
        return UART_IIR_THRI;
    return UART_IIR_NO_INT;
}

static void update_irq(const struct uart *u)
{
    irq_set(u->cfg.irq, iir_id(u) != UART_IIR_NO_INT);
}

/* Append one byte; on a full FIFO the byte is lost and OE is set (only
 * loopback can get here: host input is offered only as space allows). */
static void rx_push(struct uart *u, uint8_t b)
{
    if (u->rx_count >= rx_cap(u)) {
        u->lsr_oe = 1;
        return;
    }
    u->rx[(u->rx_head + u->rx_count) % UART_FIFO_SIZE] = b;
    u->rx_count++;
}

size_t uart_rx_space(const struct uart *u)
{
    unsigned cap = rx_cap(u);
    return u->rx_count >= cap ? 0 : cap - u->rx_count;
}

size_t uart_input(struct uart *u, const uint8_t *data, size_t len)
{
    size_t n = uart_rx_space(u);
    if (n > len)
        n = len;
    for (size_t i = 0; i < n; i++)
        rx_push(u, data[i]);
    if (n)
        update_irq(u);
    return n;
}

void uart_reset(void *opaque)
{
    struct uart *u = opaque;
    u->rx_head = u->rx_count = 0;
    u->ier = u->lcr = u->mcr = u->scr = u->dll = u->dlm = u->fcr = 0;
    u->lsr_oe = u->thri_pending = 0;
    update_irq(u);
}

struct uart *uart_new(const struct uart_config *cfg)
{
    if (!cfg || (cfg->reg_shift != 0 && cfg->reg_shift != 2))
        return NULL;
    struct uart *u = calloc(1, sizeof *u);
    if (!u)
        return NULL;
    u->cfg = *cfg;
    uart_reset(u);
    return u;
}

void uart_free(struct uart *u)
{
    free(u);
}

/* Register index of an access, or -1 if it is not a register access. */
static int reg_index(const struct uart *u, uint64_t offset, unsigned size)
{
    uint64_t idx = offset >> u->cfg.reg_shift;
    if (size > 4 || (offset & ((1u << u->cfg.reg_shift) - 1)) || idx > 7)
        return -1;
    return (int)idx;
}

static uint8_t msr(const struct uart *u)
{
    if (!(u->mcr & UART_MCR_LOOP))
        return UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS;
    /* Loopback: RTS->CTS, DTR->DSR, OUT1->RI, OUT2->DCD. */
    return (uint8_t)((u->mcr & UART_MCR_RTS ? UART_MSR_CTS : 0) |
                     (u->mcr & UART_MCR_DTR ? UART_MSR_DSR : 0) |
                     (u->mcr & UART_MCR_OUT1 ? UART_MSR_RI : 0) |
                     (u->mcr & UART_MCR_OUT2 ? UART_MSR_DCD : 0));
}

uint64_t uart_read(void *opaque, uint64_t offset, unsigned size)
{
    struct uart *u = opaque;
    int dlab = (u->lcr & UART_LCR_DLAB) != 0;
    uint8_t v = 0;
    switch (reg_index(u, offset, size)) {
    case UART_RX:
        if (dlab) {
            v = u->dll;
        } else if (u->rx_count) {
            v = u->rx[u->rx_head];
            u->rx_head = (uint8_t)((u->rx_head + 1) % UART_FIFO_SIZE);
            u->rx_count--;
        }
        break;
    case UART_IER: v = dlab ? u->dlm : u->ier; break;
    case UART_IIR:
        v = iir_id(u);
        if (v == UART_IIR_THRI)
            u->thri_pending = 0;
        if (u->fcr & UART_FCR_ENABLE_FIFO)
            v |= UART_IIR_FIFO_ENABLED_16550A;
        break;
    case UART_LCR: v = u->lcr; break;
    case UART_MCR: v = u->mcr; break;
    case UART_LSR:
        v = UART_LSR_THRE | UART_LSR_TEMT | (u->rx_count ? UART_LSR_DR : 0) |
            (u->lsr_oe ? UART_LSR_OE : 0);
        u->lsr_oe = 0;
        break;
    case UART_MSR: v = msr(u); break;
    case UART_SCR: v = u->scr; break;
    default: return 0;
    }
    update_irq(u);
    return v;
}

void uart_write(void *opaque, uint64_t offset, uint64_t val, unsigned size)
{
    struct uart *u = opaque;
    int dlab = (u->lcr & UART_LCR_DLAB) != 0;
    uint8_t v = (uint8_t)val;
    switch (reg_index(u, offset, size)) {
    case UART_TX:
        if (dlab) {
            u->dll = v;
            break;
        }
        if (u->mcr & UART_MCR_LOOP)
            rx_push(u, v);
        else if (u->cfg.output)
            u->cfg.output(u->cfg.output_opaque, &v, 1);
        u->thri_pending = 1; /* THR empties again at once */
        break;
    case UART_IER:
        if (dlab) {
            u->dlm = v;
            break;
        }
        if ((v & UART_IER_THRI) && !(u->ier & UART_IER_THRI))
            u->thri_pending = 1; /* THR is empty when THRI gets enabled */
        u->ier = v & 0x0f;
        break;
    case UART_FCR: {
        uint8_t old = u->fcr;
        u->fcr = v & (UART_FCR_ENABLE_FIFO | UART_FCR_TRIGGER_MASK);
        /* Clearing, or switching the FIFO on or off, empties it. */
        if ((v & UART_FCR_CLEAR_RCVR) ||
            ((old ^ u->fcr) & UART_FCR_ENABLE_FIFO))
            u->rx_head = u->rx_count = 0;
        break;
    }
    case UART_LCR: u->lcr = v; break;
    case UART_MCR: u->mcr = v & 0x1f; break;
    case UART_SCR: u->scr = v; break;
    default: return; /* LSR, MSR are read-only */
    }
    update_irq(u);
}

int uart_save(void *opaque, uint8_t *buf, size_t cap, size_t *len)
{
    const struct uart *u = opaque;
    struct dev_sw w;
    dev_sw_init(&w, buf, cap, UART_STATE_MAGIC, UART_STATE_VERSION);
    dev_sw_u8(&w, u->rx_count);
    for (unsigned i = 0; i < u->rx_count; i++)
        dev_sw_u8(&w, u->rx[(u->rx_head + i) % UART_FIFO_SIZE]);
    uint8_t regs[9] = {u->ier, u->lcr, u->mcr, u->scr, u->dll,
                       u->dlm, u->fcr, u->lsr_oe, u->thri_pending};
    dev_sw_bytes(&w, regs, sizeof regs);
    return dev_sw_finish(&w, len);
}

int uart_load(void *opaque, const uint8_t *buf, size_t len)
{
    struct uart *u = opaque, n = *u;
    struct dev_sr r;
    dev_sr_init(&r, buf, len, UART_STATE_MAGIC, UART_STATE_VERSION);
    n.rx_head = 0;
    n.rx_count = dev_sr_u8(&r);
    dev_sr_check(&r, n.rx_count <= UART_FIFO_SIZE);
    if (!r.bad)
        dev_sr_bytes(&r, n.rx, n.rx_count);
    uint8_t regs[9];
    dev_sr_bytes(&r, regs, sizeof regs);
    n.ier = regs[0];
    n.lcr = regs[1];
    n.mcr = regs[2];
    n.scr = regs[3];
    n.dll = regs[4];
    n.dlm = regs[5];
    n.fcr = regs[6];
    n.lsr_oe = regs[7];
    n.thri_pending = regs[8];
    dev_sr_check(&r, !(n.ier & ~0x0f) && !(n.mcr & ~0x1f) &&
                         !(n.fcr & ~(UART_FCR_ENABLE_FIFO |
                                     UART_FCR_TRIGGER_MASK)) &&
                         n.lsr_oe <= 1 && n.thri_pending <= 1 &&
                         n.rx_count <= rx_cap(&n));
    int rc = dev_sr_finish(&r);
    if (rc)
        return rc;
    *u = n;
    update_irq(u);
    return 0;
}
