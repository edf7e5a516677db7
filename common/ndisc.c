#include <errno.h>
#include <string.h>

#include "common/inet.h"
#include "common/ndisc.h"

#define ETH_HLEN_ 14
#define IP6_HLEN 40
#define ICMP6_NA 136
#define ICMP6_NS 135
#define IPPROTO_ICMPV6_ 58

static const struct in6_addr all_nodes = {
	.s6_addr = { 0xff, 0x02, [15] = 0x01 }
};

uint16_t ndisc_icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst,
			  const uint8_t *msg, size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum = 0;

	/* pseudo-header: source, destination, upper-layer length, next header */
	tail[0] = (uint8_t)(len >> 24);
	tail[1] = (uint8_t)(len >> 16);
	tail[2] = (uint8_t)(len >> 8);
	tail[3] = (uint8_t)len;
	tail[7] = IPPROTO_ICMPV6_;
	sum = inet_csum_add(sum, src, 16);
	sum = inet_csum_add(sum, dst, 16);
	sum = inet_csum_add(sum, tail, 8);
	sum = inet_csum_add(sum, msg, len);
	return inet_csum_fold(sum);
}

void ndisc_snm_group(const struct in6_addr *addr, struct in6_addr *group)
{
	memset(group, 0, sizeof(*group));
	group->s6_addr[0] = 0xff;
	group->s6_addr[1] = 0x02;
	group->s6_addr[11] = 0x01;
	group->s6_addr[12] = 0xff;
	memcpy(&group->s6_addr[13], &addr->s6_addr[13], 3);
}

void ndisc_mcast_mac(const struct in6_addr *group, uint8_t mac[6])
{
	/* RFC 2464 7: 33:33 and the group's last four bytes */
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, &group->s6_addr[12], 4);
}

/* Ethernet + IPv6 header for an ICMPv6 message of plen bytes */
static uint8_t *ip6_frame(uint8_t *f, const uint8_t eth_dst[6], const uint8_t mac[6],
			  const struct in6_addr *src, const struct in6_addr *dst,
			  size_t plen)
{
	uint8_t *ip = f + ETH_HLEN_;

	memcpy(f, eth_dst, 6);
	memcpy(f + 6, mac, 6);
	f[12] = 0x86;				/* ETH_P_IPV6 */
	f[13] = 0xdd;
	memset(ip, 0, IP6_HLEN);
	ip[0] = 0x60;				/* version 6, class 0, flow 0 */
	ip[4] = (uint8_t)(plen >> 8);
	ip[5] = (uint8_t)plen;
	ip[6] = IPPROTO_ICMPV6_;
	ip[7] = 255;				/* RFC 4861: hop limit 255 */
	memcpy(ip + 8, src, 16);
	memcpy(ip + 24, dst, 16);
	return ip + IP6_HLEN;
}

size_t ndisc_build_unsol_na(uint8_t *frame, const uint8_t mac[6],
			    const struct in6_addr *addr, bool router)
{
	uint8_t eth_dst[6];
	uint8_t *icmp;
	uint16_t c;
	const size_t plen = 24 + 8;

	ndisc_mcast_mac(&all_nodes, eth_dst);
	icmp = ip6_frame(frame, eth_dst, mac, addr, &all_nodes, plen);
	memset(icmp, 0, plen);
	icmp[0] = ICMP6_NA;
	icmp[4] = NDISC_NA_OVERRIDE | (router ? NDISC_NA_ROUTER : 0);
	memcpy(icmp + 8, addr, 16);
	icmp[24] = 2;				/* Target Link-Layer Address */
	icmp[25] = 1;				/* length in units of 8 bytes */
	memcpy(icmp + 26, mac, 6);
	c = ndisc_icmp6_csum(addr, &all_nodes, icmp, plen);
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	return NDISC_NA_FRAME_LEN;
}

size_t ndisc_build_dad_ns(uint8_t *frame, const uint8_t mac[6],
			  const struct in6_addr *target)
{
	struct in6_addr group, unspec = IN6ADDR_ANY_INIT;
	uint8_t eth_dst[6];
	uint8_t *icmp;
	uint16_t c;
	const size_t plen = 24;

	ndisc_snm_group(target, &group);
	ndisc_mcast_mac(&group, eth_dst);
	icmp = ip6_frame(frame, eth_dst, mac, &unspec, &group, plen);
	memset(icmp, 0, plen);
	icmp[0] = ICMP6_NS;
	memcpy(icmp + 8, target, 16);
	c = ndisc_icmp6_csum(&unspec, &group, icmp, plen);
	icmp[2] = (uint8_t)(c >> 8);
	icmp[3] = (uint8_t)c;
	return NDISC_NS_FRAME_LEN;
}

int ndisc_parse_na(const uint8_t *f, size_t len, struct ndisc_na *out)
{
	const uint8_t *ip = f + ETH_HLEN_, *icmp, *opt;
	size_t plen, olen;
	uint8_t msg[1500];

	if (len < ETH_HLEN_ + IP6_HLEN + 24)
		return -EINVAL;
	if (f[12] != 0x86 || f[13] != 0xdd || (ip[0] >> 4) != 6)
		return -EINVAL;
	plen = (size_t)(ip[4] << 8 | ip[5]);
	/* no extension headers: an NA with them is not one we asked for */
	if (ip[6] != IPPROTO_ICMPV6_ || ip[7] != 255)
		return -EINVAL;
	if (plen < 24 || plen > sizeof(msg) || ETH_HLEN_ + IP6_HLEN + plen > len)
		return -EINVAL;
	icmp = ip + IP6_HLEN;
	if (icmp[0] != ICMP6_NA || icmp[1] != 0)
		return -EINVAL;
	memcpy(msg, icmp, plen);
	msg[2] = msg[3] = 0;
	if (ndisc_icmp6_csum((const struct in6_addr *)(ip + 8),
			     (const struct in6_addr *)(ip + 24), msg, plen) !=
	    (uint16_t)(icmp[2] << 8 | icmp[3]))
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	memcpy(out->eth_src, f + 6, 6);
	memcpy(&out->src, ip + 8, 16);
	memcpy(&out->dst, ip + 24, 16);
	out->flags = icmp[4];
	memcpy(&out->target, icmp + 8, 16);
	for (opt = icmp + 24, olen = plen - 24; olen >= 2;) {
		size_t l = (size_t)opt[1] * 8;

		if (l == 0 || l > olen)
			return -EINVAL;
		if (opt[0] == 2 && l >= 8) {
			out->has_tlla = true;
			memcpy(out->tlla, opt + 2, 6);
		}
		opt += l;
		olen -= l;
	}
	return 0;
}
