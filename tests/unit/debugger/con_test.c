/*
 * con_test.c — the console (debugger/con*.c) against the fake engine of
 * fake_rev.h: each command's output and errors, abbreviations, the
 * command table, and con_run() reading a non-terminal stream line by line
 * with no prompt.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "debugger/con.h"
#include "fake_rev.h"

struct fix {
    struct rev_session *s;
    struct con c;
    char *buf;
    size_t size;
    FILE *out;
};

static int setup(void **state)
{
    struct fix *f = calloc(1, sizeof *f);
    f->s = fake_rev_new(1);
    f->out = open_memstream(&f->buf, &f->size);
    con_init(&f->c, f->s, f->out);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fix *f = *state;
    fclose(f->out);
    free(f->buf);
    rev_close(f->s);
    free(f);
    return 0;
}

/* Run one line; return its output (valid until the next call). */
static const char *run(struct fix *f, const char *line, int want_rc)
{
    fflush(f->out);
    size_t before = f->size;
    assert_int_equal(con_exec(&f->c, line), want_rc);
    fflush(f->out);
    return f->buf + before;
}

static void test_stepping_both_ways(void **state)
{
    struct fix *f = *state;
    assert_non_null(strstr(run(f, "stepi", 0), "icount 1, pc 0x10008\n"));
    assert_non_null(strstr(run(f, "stepi 4", 0), "icount 5, pc 0x10028\n"));
    assert_non_null(strstr(run(f, "si", 0), "icount 6,"));
    assert_non_null(strstr(run(f, "rstepi 2", 0), "icount 4,"));
    assert_non_null(strstr(run(f, "rsi", 0), "icount 3,"));
    assert_non_null(strstr(run(f, "rstepi 10", 0), "icount 0, pc 0x10000: start of the recording"));
    assert_non_null(strstr(run(f, "stepi 0", -1), "error: stepi: N must be a positive"));
    assert_non_null(strstr(run(f, "stepi x", -1), "error:"));
    assert_non_null(strstr(run(f, "stepi 1 2", -1), "usage: stepi"));
    /* the bundle is shown (raw syllables without a disassembler) */
    assert_non_null(strstr(run(f, "stepi", 0), "0x10008: 00000000 00000000"));
}

static void test_breakpoints_and_continue(void **state)
{
    struct fix *f = *state;
    assert_string_equal(run(f, "break 0x100c8", 0), "breakpoint 1 at 0x100c8\n");
    assert_non_null(strstr(run(f, "break 0x100c8", -1), "already"));
    assert_non_null(strstr(run(f, "break 0x100c9", -1), "not a bundle address"));
    assert_non_null(strstr(run(f, "continue", 0), "icount 25, pc 0x100c8: breakpoint 1"));
    assert_non_null(strstr(run(f, "c", 0), "icount 100, pc 0x10320: the program exited with status 7"));
    assert_non_null(strstr(run(f, "rcontinue", 0), "icount 25, pc 0x100c8: breakpoint 1"));
    assert_non_null(strstr(run(f, "rc", 0), "start of the recording"));
    assert_string_equal(run(f, "watch 0x20000 8", 0), "watchpoint 2: write of 0x20000 (8 bytes)\n");
    assert_non_null(strstr(run(f, "c", 0), "icount 10, pc 0x10050: watchpoint 2, write of 0x20000 (8 bytes)"));
    assert_non_null(strstr(run(f, "watch -r 0x20004 4", 0), "watchpoint 3: read"));
    assert_non_null(strstr(run(f, "c", 0), "icount 16, pc 0x10080: watchpoint 3, read"));
    assert_non_null(strstr(run(f, "watch -a $pc", 0), "watchpoint 4: access of 0x10080"));
    const char *l = run(f, "info breakpoints", 0);
    assert_non_null(strstr(l, "1   breakpoint  0x100c8"));
    assert_non_null(strstr(l, "3   watchpoint  0x20004 4 bytes, read"));
    assert_string_equal(run(f, "delete 3", 0), "");
    assert_non_null(strstr(run(f, "delete 3", -1), "no breakpoint or watchpoint 3"));
    assert_string_equal(run(f, "delete", 0), "");
    assert_string_equal(run(f, "info breakpoints", 0), "no breakpoints or watchpoints\n");
    assert_int_equal(f->s->nbps, 0);
    assert_int_equal(f->s->nw, 0);
}

static void test_position_commands(void **state)
{
    struct fix *f = *state;
    assert_string_equal(run(f, "when", 0), "icount 0 of 100, pc 0x10000\n");
    assert_non_null(strstr(run(f, "goto 42", 0), "icount 42, pc 0x10150"));
    assert_string_equal(run(f, "when", 0), "icount 42 of 100, pc 0x10150\n");
    assert_non_null(strstr(run(f, "goto 1000", -1), "error: past the end"));
    assert_string_equal(run(f, "checkpoint", 0), "checkpoint 1 at icount 42\n");
    const char *l = run(f, "checkpoints", 0);
    assert_non_null(strstr(l, "1 checkpoint, 4096 bytes of a 1048576-byte budget (twice the "
                              "guest memory)\n"));
    assert_non_null(strstr(l, "icount 42"));
    assert_non_null(strstr(l, "(user)"));
}

static void test_events(void **state)
{
    struct fix *f = *state;
    run(f, "goto 15", 0);
    const char *l = run(f, "events", 0);
    assert_non_null(strstr(l, "   icount 5          HOST_RESULT  read(0) = 17\n"));
    assert_non_null(strstr(l, "=> icount 15         HOST_RESULT  clock_gettime = 0\n"));
    assert_non_null(strstr(l, "   icount 50         OUTPUT"));
    l = run(f, "events next", 0);
    assert_non_null(strstr(l, "icount 50"));
    assert_null(strstr(l, "icount 99"));
    assert_non_null(strstr(run(f, "events prev HOST_RESULT", 0), "icount 5 "));
    assert_non_null(strstr(run(f, "events next output", 0), "OUTPUT"));
    assert_non_null(strstr(run(f, "events prev OUTPUT", -1), "no OUTPUT event before icount 15"));
    assert_non_null(strstr(run(f, "events next NOPE", -1), "unknown event kind"));
    assert_non_null(strstr(run(f, "info events next", 0), "icount 50"));
}

static void test_memory_and_registers(void **state)
{
    struct fix *f = *state;
    run(f, "goto 35", 0);
    assert_string_equal(run(f, "x/2xg 0x20000", 0),
                        "0x20000:\t0x0000000000000003\t0x0000000000000000\n");
    assert_string_equal(run(f, "x/4xb 0x20000", 0), "0x20000:\t0x03\t0x00\t0x00\t0x00\n");
    assert_string_equal(run(f, "x/1dw", 0), "0x20004:\t0\n"); /* continues */
    assert_string_equal(run(f, "x/2uh 0x20000", 0), "0x20000:\t3\t0\n");
    assert_non_null(strstr(run(f, "x/2i $pc", 0), "0x10118:"));
    assert_non_null(strstr(run(f, "x/s 0x20000", 0), "0x20000: \"\\003\""));
    assert_non_null(strstr(run(f, "x/4xg 0x90000", -1), "cannot read memory at 0x90000"));
    assert_non_null(strstr(run(f, "x/4q 0x20000", -1), "unknown format letter 'q'"));
    const char *r = run(f, "regs", 0);
    assert_non_null(strstr(r, "pc    0x000000010118  icount 35"));
    assert_non_null(strstr(r, "%r0   0x0000000000000023"));
    assert_non_null(strstr(r, "%g31"));
    assert_non_null(strstr(r, "pred  1000"));
    assert_non_null(strstr(run(f, "disasm", 0), "0x10118:"));
    r = run(f, "disasm 0x10000 3", 0);
    assert_non_null(strstr(r, "0x10000:"));
    assert_non_null(strstr(r, "0x10010:"));
    assert_null(strstr(r, "0x10018:"));
    assert_non_null(strstr(run(f, "disasm 0x90000", 0), "<not readable>"));
}

static void test_help_and_errors(void **state)
{
    struct fix *f = *state;
    const char *h = run(f, "help", 0);
    for (size_t i = 0; con_cmds[i]; i++)
        assert_non_null(strstr(h, con_cmds[i]->name));
    assert_non_null(strstr(run(f, "help x", 0), "x/[N][FMT][SIZE]"));
    assert_non_null(strstr(run(f, "help nothing", -1), "no command 'nothing'"));
    assert_non_null(strstr(run(f, "frobnicate", -1), "unknown command 'frobnicate'"));
    assert_non_null(strstr(run(f, "stepi/x", -1), "takes no /FORMAT"));
    assert_string_equal(run(f, "   ", 0), "");
    assert_string_equal(run(f, "# a comment", 0), "");
    assert_non_null(strstr(run(f, "info balloon", 0), "no balloon"));
    assert_non_null(strstr(run(f, "balloon target 10", -1), "cannot be changed"));
    assert_non_null(strstr(run(f, "info nothing", -1), "unknown subject"));
    char longline[CON_LINE_MAX + 10];
    memset(longline, 'a', sizeof longline - 1);
    longline[sizeof longline - 1] = 0;
    assert_non_null(strstr(run(f, longline, -1), "line too long"));
    assert_non_null(strstr(run(f, "a b c d e f g h i j k l m n o p q", -1), "too many arguments"));
    assert_ptr_equal(con_find("rcont"), &con_cmd_rcontinue);
    assert_ptr_equal(con_find("c"), &con_cmd_continue);
    assert_ptr_equal(con_find("re"), &con_cmd_regs);
    assert_null(con_find("r")); /* ambiguous */
    assert_int_equal(f->c.failed, 1);
    assert_string_equal(run(f, "quit", 0), "");
    assert_int_equal(f->c.quit, 1);
}

static void test_live_session_has_no_reverse(void **state)
{
    struct fix *f = *state;
    f->s->replay = 0;
    assert_non_null(strstr(run(f, "rstepi", -1), "reverse execution needs a journal"));
    assert_non_null(strstr(run(f, "when", 0), "(live)"));
}

static void test_run_reads_lines_without_prompt(void **state)
{
    struct fix *f = *state;
    const char script[] = "stepi 3\nwhen\nbogus\nrstepi\nquit\nwhen\n";
    FILE *in = fmemopen((void *)script, sizeof script - 1, "r");
    assert_int_equal(con_run(&f->c, in), 1); /* a command failed */
    fclose(in);
    fflush(f->out);
    assert_non_null(strstr(f->buf, "icount 3, pc 0x10018\n"));
    assert_non_null(strstr(f->buf, "icount 3 of 100, pc 0x10018\n"));
    assert_non_null(strstr(f->buf, "error: unknown command 'bogus'"));
    assert_non_null(strstr(f->buf, "icount 2, pc 0x10010\n"));
    assert_null(strstr(f->buf, "(e2k-rr)"));
    assert_null(strstr(f->buf, "icount 2 of 100")); /* nothing after quit */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_stepping_both_ways, setup, teardown),
        cmocka_unit_test_setup_teardown(test_breakpoints_and_continue, setup, teardown),
        cmocka_unit_test_setup_teardown(test_position_commands, setup, teardown),
        cmocka_unit_test_setup_teardown(test_events, setup, teardown),
        cmocka_unit_test_setup_teardown(test_memory_and_registers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_help_and_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_live_session_has_no_reverse, setup, teardown),
        cmocka_unit_test_setup_teardown(test_run_reads_lines_without_prompt, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
