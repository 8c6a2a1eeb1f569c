/*
 * ctl_sock.h — the transport of the control socket (`--control
 * unix:PATH`): a listening Unix-domain stream socket and its clients,
 * serviced without ever blocking, carrying newline-terminated lines.
 *
 * The controller calls ctl_sock_pump() at the machine's input poll points
 * and takes request lines one at a time with ctl_sock_next(); replies are
 * queued with ctl_sock_reply() and written as the peers accept them. Bytes
 * only: what a line means is ctl_proto.h's business.
 *
 * Bounds (outside input): at most CTL_SOCK_MAX_CLIENTS clients (one more
 * is told so and closed), lines up to CTL_SOCK_LINE_MAX bytes (a longer
 * one is skipped to its newline and reported as overlong), and at most
 * CTL_SOCK_OUT_MAX bytes of replies queued per client (a peer that does not
 * read is dropped). SIGPIPE is never raised (MSG_NOSIGNAL).
 */
#ifndef E2K_TOOLS_E2K_RR_CTL_SOCK_H
#define E2K_TOOLS_E2K_RR_CTL_SOCK_H

#include <stddef.h>

#define CTL_SOCK_MAX_CLIENTS 8
#define CTL_SOCK_LINE_MAX 4096
#define CTL_SOCK_OUT_MAX (64 * 1024)

struct ctl_sock;

/* Listen on "unix:PATH" (the path must not exist; it is removed again by
 * ctl_sock_close). 0, or -1 with a one-line reason in err. */
int ctl_sock_open(struct ctl_sock **out, const char *spec, char *err, size_t errlen);
void ctl_sock_close(struct ctl_sock *s); /* NULL ok */
const char *ctl_sock_path(const struct ctl_sock *s);

/* Accept waiting clients, read what they sent, write queued replies. */
void ctl_sock_pump(struct ctl_sock *s);

enum ctl_sock_next_result {
    CTL_SOCK_NONE = 0,    /* no complete line waiting */
    CTL_SOCK_LINE = 1,    /* *client sent line[0..*len) (NUL-terminated) */
    CTL_SOCK_OVERLONG = 2 /* *client sent a line longer than the limit */
};
/* The next request line, clients taken in turn. cap must be at least
 * CTL_SOCK_LINE_MAX + 1. */
int ctl_sock_next(struct ctl_sock *s, int *client, char *line, size_t cap, size_t *len);
/* Queue one reply line (a newline is added) for a client. */
void ctl_sock_reply(struct ctl_sock *s, int client, const char *line, size_t len);
/* Clients connected now. */
unsigned ctl_sock_clients(const struct ctl_sock *s);

#endif
