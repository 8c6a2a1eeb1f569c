/*
 * gdb_net.c — listen/accept for the gdb stub (gdb_net.h). IPv4 only; the
 * default address is the loopback interface, so a debug session is not
 * reachable from other hosts unless asked for.
 */
#include "debugger/gdb_net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int gdb_net_parse_addr(const char *s, char *host, size_t host_size, int *port,
                       char *msg, size_t msg_size)
{
    const char *colon = strrchr(s, ':');
    const char *p = colon ? colon + 1 : s;
    size_t hl = colon ? (size_t)(colon - s) : 0;
    if (hl >= host_size) {
        snprintf(msg, msg_size, "host name too long in '%s'", s);
        return -1;
    }
    if (colon && hl) {
        memcpy(host, s, hl);
        host[hl] = 0;
    } else {
        snprintf(host, host_size, "%s", GDB_NET_DEFAULT_HOST);
    }
    if (strcmp(host, "localhost") == 0)
        snprintf(host, host_size, "%s", GDB_NET_DEFAULT_HOST);
    struct in_addr a;
    if (inet_pton(AF_INET, host, &a) != 1) {
        snprintf(msg, msg_size, "'%s' is not an IPv4 address", host);
        return -1;
    }
    char *end = NULL;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (!*p || *end || errno || v < 0 || v > 65535) {
        snprintf(msg, msg_size, "'%s' is not a port number (0..65535)", p);
        return -1;
    }
    *port = (int)v;
    return 0;
}

int gdb_net_listen(const char *host, int port, int *port_out, char *msg,
                   size_t msg_size)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        snprintf(msg, msg_size, "'%s' is not an IPv4 address", host);
        return -1;
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        snprintf(msg, msg_size, "socket: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 1)) {
        snprintf(msg, msg_size, "cannot listen on %s:%d: %s", host, port, strerror(errno));
        close(fd);
        return -1;
    }
    socklen_t len = sizeof sa;
    if (getsockname(fd, (struct sockaddr *)&sa, &len) == 0)
        *port_out = ntohs(sa.sin_port);
    else
        *port_out = port;
    return fd;
}

int gdb_net_accept(int lfd, int timeout_ms, char *msg, size_t msg_size)
{
    for (;;) {
        struct pollfd p = {.fd = lfd, .events = POLLIN};
        int r = poll(&p, 1, timeout_ms > 0 ? timeout_ms : -1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(msg, msg_size, "poll: %s", strerror(errno));
            return -1;
        }
        if (r == 0) {
            snprintf(msg, msg_size, "no debugger connected within %d ms", timeout_ms);
            return -1;
        }
        int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
        if (fd < 0 && (errno == EINTR || errno == ECONNABORTED))
            continue;
        if (fd < 0) {
            snprintf(msg, msg_size, "accept: %s", strerror(errno));
            return -1;
        }
        int one = 1; /* small request/reply packets: no Nagle delay */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return fd;
    }
}
