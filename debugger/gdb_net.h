/*
 * gdb_net.h — the TCP side of the gdb stub: parse `[HOST:]PORT`, listen
 * (127.0.0.1 unless a host is given), accept one client with an optional
 * timeout. Kept apart from gdb_server.c so the policy is tested over a
 * socketpair and the socket code is a few plain calls.
 */
#ifndef E2K_DEBUGGER_GDB_NET_H
#define E2K_DEBUGGER_GDB_NET_H

#include <stddef.h>

#define GDB_NET_DEFAULT_HOST "127.0.0.1"

/* "[HOST:]PORT" (PORT 0..65535; 0 = any free port). HOST is an IPv4
 * address or "localhost"; default 127.0.0.1. 0 or -1 with msg filled. */
int gdb_net_parse_addr(const char *s, char *host, size_t host_size, int *port,
                       char *msg, size_t msg_size);

/* Listen on host:port; *port_out = the port really bound. Returns the
 * listening fd or -1 with msg filled. */
int gdb_net_listen(const char *host, int port, int *port_out, char *msg,
                   size_t msg_size);

/* Accept one connection (timeout_ms <= 0: wait forever). Returns the fd,
 * or -1 with msg filled (timeout, error). The listening fd stays open. */
int gdb_net_accept(int lfd, int timeout_ms, char *msg, size_t msg_size);

#endif
