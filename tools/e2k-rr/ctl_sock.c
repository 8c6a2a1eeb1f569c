/*
 * ctl_sock.c — non-blocking Unix-domain line transport for the control
 * socket (ctl_sock.h). Every call returns at once: accept4/recv/send with
 * non-blocking sockets and MSG_DONTWAIT, so servicing clients at a poll
 * point costs a few system calls and never waits for a peer.
 */
#include "tools/e2k-rr/ctl_sock.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

struct ctl_client {
    int fd;                         /* -1 = free slot */
    char in[CTL_SOCK_LINE_MAX + 1]; /* received, not yet taken */
    size_t in_len;
    int skipping;                   /* dropping an overlong line to its '\n' */
    int eof;                        /* the peer finished sending */
    char *out;                      /* replies not yet written */
    size_t out_len;
};

struct ctl_sock {
    int fd;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    struct ctl_client c[CTL_SOCK_MAX_CLIENTS];
    unsigned next;                  /* client to look at first */
};

int ctl_sock_open(struct ctl_sock **out, const char *spec, char *err, size_t errlen)
{
    *out = NULL;
    if (strncmp(spec, "unix:", 5) != 0 || !spec[5]) {
        snprintf(err, errlen, "--control takes unix:PATH, not '%.60s'", spec);
        return -1;
    }
    const char *path = spec + 5;
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa.sun_path) {
        snprintf(err, errlen, "--control: path longer than %zu bytes", sizeof sa.sun_path - 1);
        return -1;
    }
    struct ctl_sock *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < CTL_SOCK_MAX_CLIENTS; i++)
        s->c[i].fd = -1;
    memcpy(sa.sun_path, path, strlen(path));
    snprintf(s->path, sizeof s->path, "%s", path);
    s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (s->fd < 0) {
        snprintf(err, errlen, "--control: socket: %s", strerror(errno));
        free(s);
        return -1;
    }
    if (bind(s->fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        int e = errno;
        snprintf(err, errlen, "--control: %s: %s%s", path, strerror(e),
                 e == EADDRINUSE ? " (remove it or choose another path)" : "");
        close(s->fd);
        free(s);
        return -1;
    }
    if (listen(s->fd, CTL_SOCK_MAX_CLIENTS) != 0) {
        snprintf(err, errlen, "--control: listen: %s", strerror(errno));
        close(s->fd);
        unlink(s->path);
        free(s);
        return -1;
    }
    *out = s;
    return 0;
}

static void drop(struct ctl_client *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->out);
    memset(c, 0, sizeof *c);
    c->fd = -1;
}

void ctl_sock_close(struct ctl_sock *s)
{
    if (!s)
        return;
    for (int i = 0; i < CTL_SOCK_MAX_CLIENTS; i++)
        if (s->c[i].fd >= 0)
            drop(&s->c[i]);
    close(s->fd);
    unlink(s->path);
    free(s);
}

const char *ctl_sock_path(const struct ctl_sock *s)
{
    return s->path;
}

unsigned ctl_sock_clients(const struct ctl_sock *s)
{
    unsigned n = 0;
    for (int i = 0; i < CTL_SOCK_MAX_CLIENTS; i++)
        n += s->c[i].fd >= 0;
    return n;
}

static void flush(struct ctl_client *c)
{
    while (c->fd >= 0 && c->out_len) {
        ssize_t n = send(c->fd, c->out, c->out_len, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0) {
            memmove(c->out, c->out + n, c->out_len - (size_t)n);
            c->out_len -= (size_t)n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
                drop(c); /* the peer is gone */
            return;
        }
    }
}

static void accept_new(struct ctl_sock *s)
{
    for (;;) {
        int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN: nobody waiting (other errors: try next poll) */
        int i = 0;
        while (i < CTL_SOCK_MAX_CLIENTS && s->c[i].fd >= 0)
            i++;
        if (i == CTL_SOCK_MAX_CLIENTS) {
            static const char k_busy[] = "{\"error\":\"too many clients\"}\n";
            ssize_t n = send(fd, k_busy, sizeof k_busy - 1, MSG_DONTWAIT | MSG_NOSIGNAL);
            (void)n;
            close(fd);
            continue;
        }
        memset(&s->c[i], 0, sizeof s->c[i]);
        s->c[i].fd = fd;
    }
}

/* Read what fits; an overlong line being skipped is dropped to its '\n'. */
static void receive(struct ctl_client *c)
{
    for (int round = 0; round < 4 && c->fd >= 0 && !c->eof; round++) {
        if (c->in_len == CTL_SOCK_LINE_MAX)
            return; /* full: ctl_sock_next takes a line (or reports it) first */
        ssize_t n = recv(c->fd, c->in + c->in_len, CTL_SOCK_LINE_MAX - c->in_len, MSG_DONTWAIT);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                c->eof = 1;
            return;
        }
        if (n == 0) {
            c->eof = 1;
            return;
        }
        c->in_len += (size_t)n;
        if (c->skipping) {
            char *nl = memchr(c->in, '\n', c->in_len);
            if (!nl) {
                c->in_len = 0;
                continue;
            }
            size_t used = (size_t)(nl - c->in) + 1;
            memmove(c->in, nl + 1, c->in_len - used);
            c->in_len -= used;
            c->skipping = 0;
        }
    }
}

void ctl_sock_pump(struct ctl_sock *s)
{
    accept_new(s);
    for (int i = 0; i < CTL_SOCK_MAX_CLIENTS; i++) {
        struct ctl_client *c = &s->c[i];
        if (c->fd < 0)
            continue;
        flush(c);
        if (c->fd < 0)
            continue;
        receive(c);
        /* A finished peer with nothing left to take or write goes away. */
        if (c->eof && !memchr(c->in, '\n', c->in_len) && !c->out_len)
            drop(c);
    }
}

int ctl_sock_next(struct ctl_sock *s, int *client, char *line, size_t cap, size_t *len)
{
    if (cap < CTL_SOCK_LINE_MAX + 1)
        return CTL_SOCK_NONE;
    for (unsigned k = 0; k < CTL_SOCK_MAX_CLIENTS; k++) {
        unsigned i = (s->next + k) % CTL_SOCK_MAX_CLIENTS;
        struct ctl_client *c = &s->c[i];
        if (c->fd < 0)
            continue;
        char *nl = memchr(c->in, '\n', c->in_len);
        if (!nl && c->in_len == CTL_SOCK_LINE_MAX) {
            c->in_len = 0;
            c->skipping = 1;
            s->next = (i + 1) % CTL_SOCK_MAX_CLIENTS;
            *client = (int)i;
            *len = 0;
            line[0] = 0;
            return CTL_SOCK_OVERLONG;
        }
        if (!nl)
            continue;
        size_t n = (size_t)(nl - c->in);
        memcpy(line, c->in, n);
        line[n] = 0;
        if (n && line[n - 1] == '\r')
            line[--n] = 0;
        size_t used = (size_t)(nl - c->in) + 1;
        memmove(c->in, nl + 1, c->in_len - used);
        c->in_len -= used;
        s->next = (i + 1) % CTL_SOCK_MAX_CLIENTS;
        *client = (int)i;
        *len = n;
        return CTL_SOCK_LINE;
    }
    return CTL_SOCK_NONE;
}

void ctl_sock_reply(struct ctl_sock *s, int client, const char *line, size_t len)
{
    if (client < 0 || client >= CTL_SOCK_MAX_CLIENTS)
        return;
    struct ctl_client *c = &s->c[client];
    if (c->fd < 0)
        return;
    if (c->out_len + len + 1 > CTL_SOCK_OUT_MAX) {
        drop(c); /* it does not read its replies */
        return;
    }
    if (!c->out) {
        c->out = malloc(CTL_SOCK_OUT_MAX);
        if (!c->out) {
            drop(c);
            return;
        }
    }
    memcpy(c->out + c->out_len, line, len);
    c->out[c->out_len + len] = '\n';
    c->out_len += len + 1;
    flush(c);
}
