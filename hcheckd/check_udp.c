/*
 * check_udp.c - UDP_CHECK: send a datagram on a connected socket with
 * IP_RECVERR.  An ICMP error (port unreachable) is a failure.  With an
 * expected reply (hex, X nibbles as wildcards) or require_reply, a matching
 * reply must arrive before the deadline; otherwise silence until the
 * deadline counts as success, as in keepalived.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hcheckd/probe.h"

static void udp_cleanup(struct probe *p)
{
	int fd = (int)(intptr_t)p->priv - 1;

	if (fd >= 0)
		close(fd);
	p->priv = NULL;
}

static bool wants_reply(const struct probe_spec *s)
{
	return s->require_reply || s->expect_len;
}

static int udp_start(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	static const uint8_t dflt[] = "hcheckd\n";
	bool wait;
	int fd = sock_connect(s, SOCK_DGRAM, 0, &wait);

	if (fd < 0)
		return probe_fail(p, PS_CRIT, "socket: %s", sock_errname(fd));
	p->priv = (void *)(intptr_t)(fd + 1);
	if (send(fd, s->send ? s->send : dflt, s->send ? s->send_len : sizeof(dflt) - 1, 0) < 0)
		return probe_fail(p, PS_CRIT, "send: %s", sock_errname(errno));
	if (probe_watch(p, 0, fd, EPOLLIN) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static bool matches(const struct probe_spec *s, const uint8_t *b, size_t n)
{
	if (n < s->expect_len)
		return false;
	for (size_t i = 0; i < s->expect_len; i++)
		if ((b[i] & s->expect_mask[i]) != (s->expect[i] & s->expect_mask[i]))
			return false;
	return true;
}

static int udp_io(struct probe *p, int fd, uint32_t ev)
{
	const struct probe_spec *s = p->spec;
	uint8_t buf[2048];
	ssize_t n = recv(fd, buf, sizeof(buf), 0);

	if (n < 0) {
		if (errno == EAGAIN || errno == EINTR)
			return PROBE_AGAIN;
		return probe_fail(p, PS_CRIT, "UDP: %s", sock_errname(errno));
	}
	p->res.bytes = (uint64_t)n;
	if (s->min_reply && (size_t)n < s->min_reply)
		return probe_fail(p, PS_CRIT, "UDP reply of %zd bytes, shorter than %zu", n,
				  s->min_reply);
	if (s->max_reply && (size_t)n > s->max_reply)
		return probe_fail(p, PS_CRIT, "UDP reply of %zd bytes, longer than %zu", n,
				  s->max_reply);
	if (s->expect_len && !matches(s, buf, (size_t)n))
		return probe_fail(p, PS_CRIT, "UDP reply of %zd bytes does not match", n);
	return probe_ok(p, "UDP reply of %zd bytes", n);
}

static int udp_deadline(struct probe *p)
{
	if (wants_reply(p->spec))
		return probe_fail(p, PS_CRIT, "UDP: no reply within %d ms", p->spec->timeout_ms);
	return probe_ok(p, "UDP: no ICMP error within %d ms", p->spec->timeout_ms);
}

const struct checker check_udp = {
	.start = udp_start, .on_io = udp_io, .on_deadline = udp_deadline, .cleanup = udp_cleanup,
};
