/*
 * con_repl.c — the console's input loop (con_run in con.h).
 *
 * On a terminal: GNU readline with the prompt "(e2k-rr) ", history kept in
 * $HOME/.e2k-rr_history (at most 1000 lines), tab completion of command
 * names, an empty line repeating the previous command (as gdb does for
 * stepping), and Ctrl-C interrupting a running continue/rcontinue
 * (rev_interrupt, which is async-signal-safe).
 * Otherwise (a pipe or file, as in tests and scripts): one command per
 * line, no prompt, no echo, no repeat; only the commands' output appears.
 *
 * Two file-scope variables exist because a signal handler and readline's
 * completion generator get no context pointer: the session to interrupt
 * (set only while a command runs) and the generator's position. They are
 * not guest state.
 */
#include "debugger/con.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "replay/rev.h"

#define HISTORY_FILE ".e2k-rr_history"
#define HISTORY_LINES 1000

static struct rev_session *volatile g_sigint_session;
static size_t g_complete_idx;

static void on_sigint(int sig)
{
    (void)sig;
    struct rev_session *s = g_sigint_session;
    if (s)
        rev_interrupt(s);
}

static char *complete_cmd(const char *text, int state)
{
    if (!state)
        g_complete_idx = 0;
    size_t n = strlen(text);
    while (con_cmds[g_complete_idx]) {
        const char *name = con_cmds[g_complete_idx++]->name;
        if (strncmp(name, text, n) == 0)
            return strdup(name);
    }
    return NULL;
}

static char **complete(const char *text, int start, int end)
{
    (void)end;
    rl_attempted_completion_over = 1; /* no file-name completion */
    if (start != 0)
        return NULL;
    return rl_completion_matches(text, complete_cmd);
}

static int history_path(char *buf, size_t size)
{
    const char *home = getenv("HOME");
    if (!home || !*home)
        return -1;
    int n = snprintf(buf, size, "%s/%s", home, HISTORY_FILE);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

static int run_tty(struct con *c)
{
    char hist[4096];
    int have_hist = history_path(hist, sizeof hist) == 0;
    rl_readline_name = "e2k-rr";
    rl_attempted_completion_function = complete;
    stifle_history(HISTORY_LINES);
    if (have_hist)
        read_history(hist);
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    char last[CON_LINE_MAX] = "";
    while (!c->quit) {
        char *line = readline("(e2k-rr) ");
        if (!line) {
            fputc('\n', c->out);
            break;
        }
        const char *cmd = line;
        if (!*line) {
            cmd = last; /* repeat */
        } else {
            add_history(line);
            snprintf(last, sizeof last, "%s", line);
        }
        g_sigint_session = c->s;
        con_exec(c, cmd);
        g_sigint_session = NULL;
        fflush(c->out);
        free(line);
    }
    sigaction(SIGINT, &old, NULL);
    if (have_hist)
        write_history(hist);
    return 0;
}

int con_run(struct con *c, FILE *in)
{
    if (isatty(fileno(in)) && in == stdin)
        return run_tty(c);
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while (!c->quit && (n = getline(&line, &cap, in)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = 0;
        con_exec(c, line);
        fflush(c->out);
    }
    free(line);
    return c->failed ? 1 : 0;
}
