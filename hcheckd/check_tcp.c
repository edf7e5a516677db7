/*
 * check_tcp.c - TCP_CHECK: success is the server's SYN-ACK (connect()
 * done).  The socket is then reset (RST) before the handshake's last ACK
 * leaves (sock.c), never closed gracefully.
 */
#include <errno.h>
#include <sys/epoll.h>

#include "hcheckd/probe.h"

static int tcp_start(struct probe *p)
{
	bool wait;
	int fd = sock_connect(p->spec, SOCK_STREAM, 0, &wait);

	if (fd < 0)
		return probe_fail(p, fd == -EMFILE || fd == -ENFILE ? PS_UNKNOWN : PS_CRIT,
				  "connect: %s", sock_errname(fd));
	p->priv = (void *)(intptr_t)(fd + 1);
	if (!wait)
		return probe_ok(p, "connected");
	if (probe_watch(p, 0, fd, EPOLLOUT) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static int tcp_io(struct probe *p, int fd, uint32_t ev)
{
	int err;

	/* writable and no error or hang-up: connected, without asking SO_ERROR */
	if ((ev & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == EPOLLOUT)
		return probe_ok(p, "connected");
	err = sock_error(fd);
	if (err)
		return probe_fail(p, PS_CRIT, "connect: %s", sock_errname(err));
	return probe_ok(p, "connected");
}

static void tcp_cleanup(struct probe *p)
{
	int fd = (int)(intptr_t)p->priv - 1;

	sock_close_rst(fd);
	p->priv = NULL;
}

static int tcp_deadline(struct probe *p)
{
	return probe_fail(p, PS_CRIT, "connect: timeout after %d ms", p->spec->timeout_ms);
}

const struct checker check_tcp = {
	.start = tcp_start, .on_io = tcp_io, .on_deadline = tcp_deadline, .cleanup = tcp_cleanup,
};
