/*
 * uart_test.c — devices/uart.c: output to the machine's callback, input
 * limited to FIFO space (nothing dropped), interrupt identification and
 * priorities, THRE interrupt semantics, loopback with MSR mirroring (what
 * the Linux 8250 probe checks), DLAB, register spacing, save/load.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "devices/uart.h"
#include "tests/unit/devices/dev_testlib.h"

struct fix {
    struct tl_irq irq;
    uint8_t out[64];
    size_t n_out;
    struct uart *u;
};

static void out_cb(void *opaque, const uint8_t *data, size_t len)
{
    struct fix *f = opaque;
    for (size_t i = 0; i < len && f->n_out < sizeof f->out; i++)
        f->out[f->n_out++] = data[i];
}

static struct fix *fix_new(unsigned shift)
{
    struct fix *f = calloc(1, sizeof *f);
    tl_irq_init(&f->irq);
    struct uart_config c = {"uart0", shift, out_cb, f, &f->irq.line};
    f->u = uart_new(&c);
    return f;
}

static void fix_free(struct fix *f)
{
    uart_free(f->u);
    free(f);
}

static uint8_t rd(struct fix *f, unsigned reg)
{
    return (uint8_t)uart_read(f->u, reg, 1);
}

static void wr(struct fix *f, unsigned reg, uint8_t v)
{
    uart_write(f->u, reg, v, 1);
}

static void test_transmit_goes_to_output_callback(void **state)
{
    (void)state;
    struct fix *f = fix_new(0);
    wr(f, UART_TX, 'h');
    wr(f, UART_TX, 'i');
    assert_int_equal(f->n_out, 2);
    assert_memory_equal(f->out, "hi", 2);
    assert_int_equal(rd(f, UART_LSR) & (UART_LSR_THRE | UART_LSR_TEMT),
                     UART_LSR_THRE | UART_LSR_TEMT);
    fix_free(f);
}

static void test_input_fills_fifo_only_as_space_allows(void **state)
{
    (void)state;
    struct fix *f = fix_new(0);
    /* FIFO off: one byte holds. */
    assert_int_equal(uart_input(f->u, (const uint8_t *)"ab", 2), 1);
    assert_int_equal(uart_rx_space(f->u), 0);
    assert_int_equal(rd(f, UART_RX), 'a');
    wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
    assert_int_equal(uart_rx_space(f->u), UART_FIFO_SIZE);
    uint8_t many[40];
    for (int i = 0; i < 40; i++)
        many[i] = (uint8_t)i;
    assert_int_equal(uart_input(f->u, many, 40), UART_FIFO_SIZE);
    assert_int_equal(rd(f, UART_LSR) & (UART_LSR_DR | UART_LSR_OE),
                     UART_LSR_DR); /* no overrun: host bytes wait */
    for (int i = 0; i < UART_FIFO_SIZE; i++)
        assert_int_equal(rd(f, UART_RX), i);
    assert_int_equal(rd(f, UART_LSR) & UART_LSR_DR, 0);
    fix_free(f);
}

static void test_interrupt_identification_and_priorities(void **state)
{
    (void)state;
    struct fix *f = fix_new(0);
    wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
    assert_int_equal(rd(f, UART_IIR), UART_IIR_NO_INT |
                                          UART_IIR_FIFO_ENABLED_16550A);
    wr(f, UART_IER, UART_IER_RDI | UART_IER_THRI);
    /* Enabling THRI with THR empty raises it... */
    assert_int_equal(f->irq.level, 1);
    uart_input(f->u, (const uint8_t *)"x", 1);
    /* ...but received data ranks higher. */
    assert_int_equal(rd(f, UART_IIR) & UART_IIR_ID, UART_IIR_RDI);
    rd(f, UART_RX);
    assert_int_equal(rd(f, UART_IIR) & UART_IIR_ID, UART_IIR_THRI);
    /* Reading IIR took the THRE interrupt. */
    assert_int_equal(rd(f, UART_IIR) & 0x0f, UART_IIR_NO_INT);
    assert_int_equal(f->irq.level, 0);
    wr(f, UART_TX, 'z'); /* THR empties again */
    assert_int_equal(f->irq.level, 1);
    wr(f, UART_IER, 0);
    assert_int_equal(f->irq.level, 0);
    fix_free(f);
}

static void test_loopback_mirrors_mcr_and_overruns(void **state)
{
    (void)state;
    struct fix *f = fix_new(0);
    wr(f, UART_MCR, UART_MCR_LOOP | 0x0a); /* the 8250 probe's pattern */
    assert_int_equal(rd(f, UART_MSR) & 0xf0, 0x90);
    wr(f, UART_IER, UART_IER_RLSI);
    wr(f, UART_TX, 'A');
    assert_int_equal(f->n_out, 0);
    wr(f, UART_TX, 'B'); /* FIFO off: overrun */
    assert_int_equal(rd(f, UART_IIR) & UART_IIR_ID, UART_IIR_RLSI);
    assert_int_equal(f->irq.level, 1);
    assert_true(rd(f, UART_LSR) & UART_LSR_OE);
    assert_false(rd(f, UART_LSR) & UART_LSR_OE); /* cleared by reading */
    assert_int_equal(rd(f, UART_RX), 'A');
    wr(f, UART_MCR, 0);
    assert_int_equal(rd(f, UART_MSR),
                     UART_MSR_DCD | UART_MSR_DSR | UART_MSR_CTS);
    fix_free(f);
}

static void test_dlab_selects_divisor_latch(void **state)
{
    (void)state;
    struct fix *f = fix_new(2);
    uart_write(f->u, UART_LCR << 2, UART_LCR_DLAB | 3, 4);
    uart_write(f->u, UART_DLL << 2, 0x0c, 4);
    uart_write(f->u, UART_DLM << 2, 0x01, 4);
    assert_int_equal(f->n_out, 0);
    assert_int_equal(uart_read(f->u, UART_DLL << 2, 4), 0x0c);
    uart_write(f->u, UART_LCR << 2, 3, 4);
    assert_int_equal(uart_read(f->u, UART_IER << 2, 4), 0);
    uart_write(f->u, UART_SCR << 2, 0x5a, 4);
    assert_int_equal(uart_read(f->u, UART_SCR << 2, 4), 0x5a);
    /* Off-grid offsets are not registers. */
    assert_int_equal(uart_read(f->u, (UART_SCR << 2) + 1, 1), 0);
    uart_write(f->u, 1, 'q', 1);
    assert_int_equal(f->n_out, 0);
    fix_free(f);
}

static void test_save_load_keeps_fifo_order(void **state)
{
    (void)state;
    struct fix *f = fix_new(0);
    wr(f, UART_FCR, UART_FCR_ENABLE_FIFO);
    uint8_t junk[UART_FIFO_SIZE] = {0};
    uart_input(f->u, junk, 10);
    for (int i = 0; i < 10; i++)
        rd(f, UART_RX); /* move the ring's head */
    uart_input(f->u, (const uint8_t *)"0123456789abcdef", 16);
    wr(f, UART_IER, UART_IER_RDI);
    uint8_t buf[128], bad[128];
    size_t len;
    assert_int_equal(uart_save(f->u, buf, sizeof buf, &len), 0);
    uart_reset(f->u);
    assert_int_equal(f->irq.level, 0);
    assert_int_equal(uart_load(f->u, buf, len), 0);
    assert_int_equal(f->irq.level, 1);
    for (int i = 0; i < 16; i++)
        assert_int_equal(rd(f, UART_RX), "0123456789abcdef"[i]);
    memcpy(bad, buf, len);
    bad[8] = UART_FIFO_SIZE + 1; /* count */
    assert_int_equal(uart_load(f->u, bad, len), DEV_E_STATE);
    assert_int_equal(uart_load(f->u, buf, len - 1), DEV_E_STATE);
    fix_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_transmit_goes_to_output_callback),
        cmocka_unit_test(test_input_fills_fifo_only_as_space_allows),
        cmocka_unit_test(test_interrupt_identification_and_priorities),
        cmocka_unit_test(test_loopback_mirrors_mcr_and_overruns),
        cmocka_unit_test(test_dlab_selects_divisor_latch),
        cmocka_unit_test(test_save_load_keeps_fifo_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
