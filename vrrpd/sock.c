/*
 * sock.c - raw protocol-112 sockets (see sock.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrpd/instance.h"
#include "vrrpd/sock.h"

uint64_t vrrp_sock_drops[PKT_ERR_MAX];

void vrrp_sock_group(int family, struct ipaddr *out)
{
	memset(out, 0, sizeof(*out));
	out->family = family;
	if (family == AF_INET6) {
		inet_pton(AF_INET6, "ff02::12", &out->v6);
		out->prefixlen = 128;
	} else {
		inet_pton(AF_INET, "224.0.0.18", &out->v4);
		out->prefixlen = 32;
	}
}

int vrrp_sock_setup_tx(int fd, int family)
{
	/* TTL/hop limit 255 (RFC 5798 5.1.1.3); DSCP CS6, network control,
	 * as keepalived marks its adverts, so they keep priority under
	 * congestion */
	int ttl = 255, zero = 0, tos = 0xc0;

	if (family == AF_INET6) {
		if (setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &ttl, sizeof(ttl)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl, sizeof(ttl)) < 0 ||
		    setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, &zero, sizeof(zero)) < 0)
			return -errno;
	} else {
		if (setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos)) < 0 ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0 ||
		    setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0 ||
		    setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &zero, sizeof(zero)) < 0)
			return -errno;
	}
	return 0;
}

static int open_raw(int ifindex, int family)
{
	char name[IF_NAMESIZE];
	int fd, err;

	if (!if_indextoname((unsigned)ifindex, name))
		return -errno;
	fd = socket(family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, VRRP_PROTO);
	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, (socklen_t)strlen(name) + 1) < 0)
		goto fail;
	if ((err = vrrp_sock_setup_tx(fd, family)) < 0) {
		close(fd);
		return err;
	}
	return fd;
fail:
	err = errno;
	close(fd);
	return -err;
}

int vrrp_sock_send(int fd, int ifindex, const struct ipaddr *src,
		   const struct ipaddr *dst, const void *msg, size_t len)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} cbuf;
	struct sockaddr_storage ss;
	struct iovec iov = { .iov_base = (void *)msg, .iov_len = len };
	struct msghdr mh = {
		.msg_name = &ss, .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf.buf,
	};
	struct cmsghdr *cm;

	memset(&ss, 0, sizeof(ss));
	memset(&cbuf, 0, sizeof(cbuf));
	if (dst->family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		struct in6_pktinfo pi = { .ipi6_addr = src->v6, .ipi6_ifindex = (unsigned)ifindex };

		s6->sin6_family = AF_INET6;
		s6->sin6_addr = dst->v6;
		if (IN6_IS_ADDR_LINKLOCAL(&dst->v6) || IN6_IS_ADDR_MULTICAST(&dst->v6))
			s6->sin6_scope_id = (uint32_t)ifindex;
		mh.msg_namelen = sizeof(*s6);
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IPV6;
		cm->cmsg_type = IPV6_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		struct in_pktinfo pi = { .ipi_ifindex = ifindex, .ipi_spec_dst = src->v4 };

		s4->sin_family = AF_INET;
		s4->sin_addr = dst->v4;
		mh.msg_namelen = sizeof(*s4);
		mh.msg_controllen = CMSG_SPACE(sizeof(pi));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = IPPROTO_IP;
		cm->cmsg_type = IP_PKTINFO;
		cm->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(cm), &pi, sizeof(pi));
	}
	if (sendmsg(fd, &mh, MSG_DONTWAIT) < 0)
		return -errno;
	return 0;
}

static struct vrrp_instance *find(struct vrrp_sock *s, uint8_t vrid)
{
	for (struct vrrp_instance *in = s->env->instances; in; in = in->next)
		if (in->rx == s && in->conf.vrid == vrid)
			return in;
	return NULL;
}

static void dispatch(struct vrrp_sock *s, const uint8_t *msg, size_t len,
		     const struct pkt_ip *ip)
{
	struct vrrp_instance *in;
	struct vrrp_adv adv;
	const char *why = "";
	enum pkt_err e;
	bool mcast;

	if (len < 2) {
		vrrp_sock_drops[PKT_ERR_LENGTH]++;
		return;
	}
	/* our own adverts (unicast to ourselves, or looped) are not news */
	for (in = s->env->instances; in; in = in->next)
		if (in->rx == s && ipaddr_same(&in->src, &ip->src))
			return;
	in = find(s, msg[1]);
	if (!in) {
		vrrp_sock_drops[PKT_ERR_VRID]++;
		return;
	}
	mcast = ip->family == AF_INET6 ? IN6_IS_ADDR_MULTICAST(&ip->dst.v6)
				       : IN_MULTICAST(ntohl(ip->dst.v4.s_addr));
	e = pkt_parse(msg, len, ip, mcast, &adv, &why);
	if (e != PKT_OK) {
		vrrp_instance_drop(in, e, ip, why);
		return;
	}
	vrrp_instance_rx(in, &adv, ip);
}

/* one received datagram: IPv4 with its header, IPv6 with hop limit and
 * destination from the control messages */
static void on_datagram(struct vrrp_sock *s, uint8_t *buf, size_t len, struct msghdr *mh,
			const struct sockaddr_storage *from)
{
	struct pkt_ip ip;

	memset(&ip, 0, sizeof(ip));
	if (s->family == AF_INET) {
		size_t off, mlen;
		const char *why;

		if (pkt_parse_ip4(buf, len, &ip, &off, &mlen, &why) != PKT_OK) {
			vrrp_sock_drops[PKT_ERR_FAMILY]++;
			return;
		}
		dispatch(s, buf + off, mlen, &ip);
		return;
	}
	ip.family = AF_INET6;
	ip.ttl = -1;
	ip.src.family = ip.dst.family = AF_INET6;
	ip.src.prefixlen = ip.dst.prefixlen = 128;
	ip.src.v6 = ((const struct sockaddr_in6 *)from)->sin6_addr;
	for (struct cmsghdr *cm = CMSG_FIRSTHDR(mh); cm; cm = CMSG_NXTHDR(mh, cm)) {
		if (cm->cmsg_level != IPPROTO_IPV6)
			continue;
		if (cm->cmsg_type == IPV6_HOPLIMIT)
			memcpy(&ip.ttl, CMSG_DATA(cm), sizeof(int));
		else if (cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			ip.dst.v6 = pi.ipi6_addr;
		}
	}
	dispatch(s, buf, len, &ip);
}

/* Up to RX_BATCH datagrams per recvmmsg(): one system call for what is
 * queued, and none more to learn that the queue is empty when fewer came
 * (the usual case: one advert per wake-up). */
#define RX_BATCH 8

static void on_read(int fd, uint32_t events, void *arg)
{
	struct vrrp_sock *s = arg;
	static uint8_t buf[RX_BATCH][VRRP_PKT_MAX + 64];
	static union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int)) + 64];
		struct cmsghdr align;
	} cbuf[RX_BATCH];
	struct sockaddr_storage from[RX_BATCH];
	struct iovec iov[RX_BATCH];
	struct mmsghdr mm[RX_BATCH];

	for (int round = 0; round < 64 / RX_BATCH; round++) {
		int n;

		for (int i = 0; i < RX_BATCH; i++) {
			iov[i] = (struct iovec){ .iov_base = buf[i], .iov_len = sizeof(buf[i]) };
			mm[i] = (struct mmsghdr){ .msg_hdr = {
				.msg_name = &from[i], .msg_namelen = sizeof(from[i]),
				.msg_iov = &iov[i], .msg_iovlen = 1,
				.msg_control = cbuf[i].buf, .msg_controllen = sizeof(cbuf[i].buf),
			} };
		}
		n = recvmmsg(fd, mm, RX_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				log_debug("recv on ifindex %d: %s", s->ifindex, strerror(errno));
			return;
		}
		for (int i = 0; i < n; i++)
			on_datagram(s, buf[i], mm[i].msg_len, &mm[i].msg_hdr, &from[i]);
		if (n < RX_BATCH)
			return;
	}
}

static int join(struct vrrp_sock *s)
{
	struct ipaddr g;

	vrrp_sock_group(s->family, &g);
	if (s->family == AF_INET6) {
		struct ipv6_mreq m = { .ipv6mr_multiaddr = g.v6,
				       .ipv6mr_interface = (unsigned)s->ifindex };

		if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m)) < 0)
			return -errno;
	} else {
		struct ip_mreqn m = { .imr_multiaddr = g.v4, .imr_ifindex = s->ifindex };

		if (setsockopt(s->fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)) < 0)
			return -errno;
	}
	s->joined = true;
	return 0;
}

int vrrp_sock_get(struct vrrp_env *env, int ifindex, int family, bool want_join,
		  struct vrrp_sock **out)
{
	struct vrrp_sock *s;
	int one = 1, zero = 0, err;

	for (s = env->socks; s; s = s->next)
		if (s->ifindex == ifindex && s->family == family)
			break;
	if (!s) {
		s = calloc(1, sizeof(*s));
		if (!s)
			return -ENOMEM;
		s->fd = open_raw(ifindex, family);
		if (s->fd < 0) {
			err = s->fd;
			free(s);
			return err;
		}
		if (family == AF_INET6) {
			if (setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0 ||
			    setsockopt(s->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) < 0)
				goto fail;
			(void)setsockopt(s->fd, IPPROTO_IPV6, IPV6_MULTICAST_ALL, &zero, sizeof(zero));
		} else {
			if (setsockopt(s->fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) < 0)
				goto fail;
			(void)setsockopt(s->fd, IPPROTO_IP, IP_MULTICAST_ALL, &zero, sizeof(zero));
		}
		s->ifindex = ifindex;
		s->family = family;
		s->env = env;
		if ((err = loop_add_fd(env->loop, s->fd, EPOLLIN, on_read, s)) < 0) {
			close(s->fd);
			free(s);
			return err;
		}
		s->next = env->socks;
		env->socks = s;
	}
	if (want_join && !s->joined && (err = join(s)) < 0) {
		if (!s->refs)
			vrrp_sock_put((s->refs++, s));
		return err;
	}
	s->refs++;
	*out = s;
	return 0;
fail:
	err = -errno;
	close(s->fd);
	free(s);
	return err;
}

void vrrp_sock_put(struct vrrp_sock *s)
{
	struct vrrp_sock **pp;

	if (!s || --s->refs)
		return;
	for (pp = &s->env->socks; *pp; pp = &(*pp)->next)
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	loop_del_fd(s->env->loop, s->fd);
	close(s->fd);
	free(s);
}
