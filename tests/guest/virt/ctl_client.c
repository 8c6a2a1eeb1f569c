/*
 * ctl_client.c — a test client for `--control unix:PATH` (docs/virt-
 * machine.md §8.2): connects (retrying while the socket does not exist
 * yet), sends request lines and prints each reply line on stdout.
 *
 * usage: ctl_client SOCKET STEP...
 *   JSON                 send it; the reply must not be an error
 *   --error JSON         send it; the reply must be {"error":...}
 *   --until TEXT JSON    send it every 2 ms until the reply contains TEXT
 *   --raw TEXT           send TEXT as it is (no newline added); no reply
 *                        is read
 *
 * Bounded: every wait has a timeout (connecting 30 s, each reply 30 s, an
 * --until 60 s, the whole run 120 s by alarm). Exit status 0, or 1 with
 * the reason on stderr.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* The connection and the bytes received but not yet returned as lines. */
struct conn {
    int fd;
    char buf[65536];
    size_t len;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *what, const char *detail)
{
    fprintf(stderr, "ctl_client: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    exit(1);
}

static int connect_to(const char *path)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa.sun_path)
        die("socket path too long", path);
    memcpy(sa.sun_path, path, strlen(path));
    double end = now_s() + 30;
    for (;;) {
        int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
            die("socket", strerror(errno));
        if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
            return fd;
        close(fd);
        if (now_s() > end)
            die("cannot connect", path);
        usleep(10000);
    }
}

static void send_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t k = send(fd, s, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            die("send", strerror(errno));
        s += k;
        n -= (size_t)k;
    }
}

/* One reply line into line (NUL-terminated, newline removed). */
static void read_line(struct conn *c, char *line, size_t cap)
{
    double end = now_s() + 30;
    for (;;) {
        char *nl = memchr(c->buf, '\n', c->len);
        if (nl) {
            size_t n = (size_t)(nl - c->buf);
            if (n >= cap)
                die("reply too long", NULL);
            memcpy(line, c->buf, n);
            line[n] = 0;
            memmove(c->buf, nl + 1, c->len - n - 1);
            c->len -= n + 1;
            return;
        }
        if (c->len == sizeof c->buf)
            die("reply too long", NULL);
        int left = (int)((end - now_s()) * 1000);
        if (left <= 0)
            die("no reply in 30 s", NULL);
        struct pollfd p = {.fd = c->fd, .events = POLLIN};
        if (poll(&p, 1, left) <= 0)
            continue;
        ssize_t k = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
        if (k == 0)
            die("the emulator closed the connection", NULL);
        if (k < 0 && errno != EINTR)
            die("recv", strerror(errno));
        if (k > 0)
            c->len += (size_t)k;
    }
}

static void request(struct conn *c, const char *json, char *reply, size_t cap)
{
    send_all(c->fd, json, strlen(json));
    send_all(c->fd, "\n", 1);
    read_line(c, reply, cap);
    printf("%s\n", reply);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: ctl_client SOCKET STEP...\n");
        return 1;
    }
    alarm(120);
    static struct conn c; /* 64 KiB: not on the stack */
    c.fd = connect_to(argv[1]);
    int fd = c.fd;
    char reply[8192];
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--raw") == 0 && i + 1 < argc) {
            send_all(fd, argv[i + 1], strlen(argv[i + 1]));
            i++;
        } else if (strcmp(argv[i], "--error") == 0 && i + 1 < argc) {
            request(&c, argv[++i], reply, sizeof reply);
            if (strncmp(reply, "{\"error\":", 9) != 0)
                die("expected an error reply to", argv[i]);
        } else if (strcmp(argv[i], "--until") == 0 && i + 2 < argc) {
            const char *want = argv[i + 1], *json = argv[i + 2];
            double end = now_s() + 60;
            for (;;) {
                send_all(fd, json, strlen(json));
                send_all(fd, "\n", 1);
                read_line(&c, reply, sizeof reply);
                if (strstr(reply, want)) {
                    printf("%s\n", reply);
                    fflush(stdout);
                    break;
                }
                if (strstr(reply, "\"error\""))
                    die("error reply while waiting", reply);
                if (now_s() > end)
                    die("timed out waiting for", want);
                usleep(2000);
            }
            i += 2;
        } else {
            request(&c, argv[i], reply, sizeof reply);
            if (strstr(reply, "\"error\""))
                die("error reply", reply);
        }
    }
    close(fd);
    return 0;
}
