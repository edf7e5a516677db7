/*
 * sock.c - the sockets probes use: non-blocking, O_CLOEXEC, bound as the
 * spec says (bindto, bind_if, fwmark), closed with RST.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hcheckd/probe.h"

int sock_connect(const struct probe_spec *s, int type, int proto, bool *inprogress)
{
	int fd, one = 1, err;

	*inprogress = false;
	fd = socket(s->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return -errno;
	/* no TCP_NODELAY: a probe sends its request in one write, which Nagle
	 * never delays (nothing is unacknowledged yet); one syscall less */
	if (s->fwmark && setsockopt(fd, SOL_SOCKET, SO_MARK, &s->fwmark, sizeof(s->fwmark)) < 0)
		goto fail;
	if (s->ifname[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->ifname, strlen(s->ifname)) < 0)
		goto fail;
	if (s->src.ss_family) {
#ifdef IP_BIND_ADDRESS_NO_PORT
		if (type == SOCK_STREAM)
			setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof(one));
#endif
		if (bind(fd, (const struct sockaddr *)&s->src, s->srclen) < 0)
			goto fail;
	}
	/* TCP_CHECK: the SYN-ACK is the answer.  Without quick ACKs the kernel
	 * holds back the handshake's last ACK, and the reset that ends the
	 * probe goes first: the server drops a half-open request instead of
	 * making, queueing and tearing down a connection (haproxy's checks do
	 * the same).  Nothing is lost: the kernel, not the server's program,
	 * completes a handshake either way. */
	if (s->type == PT_TCP && type == SOCK_STREAM)
		setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &(int){ 0 }, sizeof(int));
	if (type == SOCK_DGRAM) {
		/* ICMP errors (port unreachable) come back as errors on the socket */
		if (s->addr.ss_family == AF_INET)
			setsockopt(fd, IPPROTO_IP, IP_RECVERR, &one, sizeof(one));
		else
			setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &one, sizeof(one));
	}
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) < 0) {
		if (errno != EINPROGRESS)
			goto fail;
		*inprogress = true;
	}
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

void sock_close_rst(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	if (fd < 0)
		return;
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

int sock_error(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		return -errno;
	return -err;
}

const char *sock_errname(int err)
{
	static char buf[96];
	const char *name;

	if (err < 0)
		err = -err;
	switch (err) {
	case ECONNREFUSED: name = "ECONNREFUSED"; break;
	case ETIMEDOUT: name = "ETIMEDOUT"; break;
	case EHOSTUNREACH: name = "EHOSTUNREACH"; break;
	case ENETUNREACH: name = "ENETUNREACH"; break;
	case ECONNRESET: name = "ECONNRESET"; break;
	case EPIPE: name = "EPIPE"; break;
	case EACCES: name = "EACCES"; break;
	case EPERM: name = "EPERM"; break;
	case EADDRNOTAVAIL: name = "EADDRNOTAVAIL"; break;
	case EMFILE: name = "EMFILE"; break;
	case ENOENT: name = "ENOENT"; break;
	default: name = NULL; break;
	}
	if (name)
		snprintf(buf, sizeof(buf), "%s (%s)", name, strerror(err));
	else
		snprintf(buf, sizeof(buf), "%s", strerror(err));
	return buf;
}
