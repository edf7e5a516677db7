/*
 * check_dns.c - DNS_CHECK: one UDP query, success when the reply answers our
 * question with the expected RCODE (NOERROR by default) and, when asked, an
 * A/AAAA answer equal to one of the expected addresses.  Replies that are
 * not for us (wrong ID or question) are ignored, not fatal: they may be
 * spoofed or late answers to an earlier attempt.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/random.h>
#include <unistd.h>

#include "hcheckd/dns_parse.h"
#include "hcheckd/probe.h"

struct dns_st {
	int fd;
	size_t qlen;
	uint8_t q[300];
};

static void dns_cleanup(struct probe *p)
{
	struct dns_st *d = p->priv;

	if (!d)
		return;
	if (d->fd >= 0)
		close(d->fd);
	free(d);
	p->priv = NULL;
}

static bool answer_expected(const struct probe_spec *s, const struct dns_reply *r)
{
	for (int i = 0; i < s->nexpect_answer; i++) {
		uint8_t want[16];
		int fam = strchr(s->expect_answer[i], ':') ? AF_INET6 : AF_INET;
		if (inet_pton(fam, s->expect_answer[i], want) != 1)
			continue;
		for (unsigned j = 0; j < r->naddrs; j++)
			if (r->addrs[j].family == fam &&
			    !memcmp(r->addrs[j].bytes, want, fam == AF_INET ? 4 : 16))
				return true;
	}
	return false;
}

static int dns_start(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	struct dns_st *d = calloc(1, sizeof(*d));
	uint16_t id;
	int n;
	bool wait;

	if (!d)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	d->fd = -1;
	p->priv = d;
	if (getrandom(&id, sizeof(id), GRND_NONBLOCK) != sizeof(id))
		id = (uint16_t)(engine_now_us() ^ getpid());
	n = dns_build_query(d->q, sizeof(d->q), id, s->qname ? s->qname : ".",
			    s->qtype ? s->qtype : DNS_T_SOA);
	if (n < 0)
		return probe_fail(p, PS_UNKNOWN, "bad DNS name \"%s\"", s->qname);
	d->qlen = (size_t)n;
	d->fd = sock_connect(s, SOCK_DGRAM, 0, &wait);
	if (d->fd < 0)
		return probe_fail(p, PS_CRIT, "socket: %s", sock_errname(d->fd));
	if (send(d->fd, d->q, d->qlen, 0) < 0)
		return probe_fail(p, PS_CRIT, "send: %s", sock_errname(errno));
	if (probe_watch(p, 0, d->fd, EPOLLIN) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static int dns_io(struct probe *p, int fd, uint32_t ev)
{
	const struct probe_spec *s = p->spec;
	struct dns_st *d = p->priv;
	uint8_t buf[4096];
	struct dns_reply r;
	const char *why;

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return PROBE_AGAIN;
			/* IP_RECVERR: port unreachable and friends */
			return probe_fail(p, PS_CRIT, "DNS: %s", sock_errname(errno));
		}
		if (dns_parse_reply(buf, (size_t)n, d->q, d->qlen, &r, &why) < 0)
			continue;	/* not an answer to our question */
		p->res.rcode = r.rcode;
		p->res.bytes = (uint64_t)n;
		if (r.rcode != s->expect_rcode)
			return probe_fail(p, PS_CRIT, "DNS %s for %s %s (expected %s)",
					  dns_rcode_name(r.rcode), s->qname ? s->qname : ".",
					  dns_type_name(s->qtype), dns_rcode_name(s->expect_rcode));
		if (s->nexpect_answer && !answer_expected(s, &r))
			return probe_fail(p, PS_CRIT, "DNS %s, %u answers, none is the expected address",
					  dns_rcode_name(r.rcode), r.ancount);
		return probe_ok(p, "DNS %s, %u answers (%u %s)", dns_rcode_name(r.rcode), r.ancount,
				r.nmatch, dns_type_name(s->qtype));
	}
}

const struct checker check_dns = {
	.start = dns_start, .on_io = dns_io, .cleanup = dns_cleanup,
};
