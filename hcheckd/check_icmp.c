/*
 * check_icmp.c - PING_CHECK: one ICMP / ICMPv6 echo request, success on the
 * matching echo reply.  Uses the unprivileged ICMP datagram socket when
 * net.ipv4.ping_group_range allows our group (the kernel then owns the
 * identifier and the checksum), else a raw socket (CAP_NET_RAW).
 */
#include <errno.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/inet.h"
#include "hcheckd/probe.h"

struct icmp_st {
	int fd;
	bool raw;
	uint16_t id, seq;
};

static uint16_t seq_counter;

static void icmp_cleanup(struct probe *p)
{
	struct icmp_st *c = p->priv;

	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c);
	p->priv = NULL;
}

static int open_sock(const struct probe_spec *s, bool raw)
{
	int v6 = s->addr.ss_family == AF_INET6;
	int fd = socket(s->addr.ss_family, (raw ? SOCK_RAW : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC,
			v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);

	if (fd < 0)
		return -errno;
	if (s->ifname[0])
		setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, s->ifname, strlen(s->ifname));
	if (s->fwmark)
		setsockopt(fd, SOL_SOCKET, SO_MARK, &s->fwmark, sizeof(s->fwmark));
	if (s->src.ss_family && bind(fd, (const struct sockaddr *)&s->src, s->srclen) < 0)
		goto fail;
	if (raw && v6) {
		struct icmp6_filter f;
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &f);
		setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f, sizeof(f));
	}
	if (connect(fd, (const struct sockaddr *)&s->addr, s->addrlen) < 0)
		goto fail;
	return fd;
fail:;
	int err = -errno;
	close(fd);
	return err;
}

static int icmp_start(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	struct icmp_st *c = calloc(1, sizeof(*c));
	uint8_t pkt[64];
	bool v6 = s->addr.ss_family == AF_INET6;

	if (!c)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	c->fd = -1;
	p->priv = c;
	if (s->icmp_mode != ICMP_RAW)
		c->fd = open_sock(s, false);
	if (s->icmp_mode == ICMP_RAW || (s->icmp_mode == ICMP_AUTO && (c->fd == -EACCES || c->fd == -EPERM))) {
		c->fd = open_sock(s, true);
		c->raw = true;
	}
	if (c->fd < 0)
		return probe_fail(p, c->fd == -EPERM || c->fd == -EACCES ? PS_UNKNOWN : PS_CRIT,
				  "ICMP socket: %s%s", sock_errname(c->fd),
				  c->fd == -EPERM || c->fd == -EACCES ?
				  " (needs CAP_NET_RAW or net.ipv4.ping_group_range)" : "");
	c->id = (uint16_t)getpid();
	c->seq = ++seq_counter;
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = v6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO;
	pkt[4] = c->id >> 8;
	pkt[5] = c->id & 0xff;
	pkt[6] = c->seq >> 8;
	pkt[7] = c->seq & 0xff;
	memcpy(pkt + 8, "hcheckd-echo", 12);
	if (!v6) {
		uint16_t sum = inet_csum_fold(inet_csum_add(0, pkt, sizeof(pkt)));
		pkt[2] = sum >> 8;
		pkt[3] = sum & 0xff;
	}
	if (send(c->fd, pkt, sizeof(pkt), 0) < 0)
		return probe_fail(p, PS_CRIT, "ICMP send: %s", sock_errname(errno));
	if (probe_watch(p, 0, c->fd, EPOLLIN) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static int icmp_io(struct probe *p, int fd, uint32_t ev)
{
	struct icmp_st *c = p->priv;
	bool v6 = p->spec->addr.ss_family == AF_INET6;
	uint8_t buf[1500], *b;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		size_t off = 0;
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? PROBE_AGAIN :
				probe_fail(p, PS_CRIT, "ICMP: %s", sock_errname(errno));
		if (c->raw && !v6) {
			if (n < 20)
				continue;
			off = (size_t)(buf[0] & 0x0f) * 4;	/* raw IPv4 sockets see the IP header */
		}
		if ((size_t)n < off + 8)
			continue;
		b = buf + off;
		if (b[0] != (v6 ? ICMP6_ECHO_REPLY : ICMP_ECHOREPLY))
			continue;
		if (c->raw && (b[4] << 8 | b[5]) != c->id)
			continue;
		if ((b[6] << 8 | b[7]) != c->seq)
			continue;
		return probe_ok(p, "echo reply");
	}
}

static int icmp_deadline(struct probe *p)
{
	return probe_fail(p, PS_CRIT, "no echo reply within %d ms", p->spec->timeout_ms);
}

const struct checker check_icmp = {
	.start = icmp_start, .on_io = icmp_io, .on_deadline = icmp_deadline,
	.cleanup = icmp_cleanup,
};
