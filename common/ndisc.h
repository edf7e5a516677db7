/*
 * ndisc.h - IPv6 Neighbour Discovery frames (pure, no I/O).
 *
 * Whole Ethernet frames for a packet socket, as arp.h does for IPv4:
 *
 *  - unsolicited Neighbour Advertisement (RFC 4861 7.2.6): from the address
 *    itself to ff02::1, hop limit 255, Override set, Solicited clear, with a
 *    Target Link-Layer Address option; Router set when the host forwards.
 *    14 + 40 + 24 + 8 = 86 bytes.
 *  - DAD Neighbour Solicitation (RFC 4862 5.4.2): from :: to the target's
 *    solicited-node group ff02::1:ffXX:XXXX, no source link-layer option.
 *    A node holding the target answers with an NA to ff02::1 (RFC 4861
 *    7.2.4).  14 + 40 + 24 = 78 bytes.
 *
 * Both carry the ICMPv6 checksum over the IPv6 pseudo-header (RFC 8200 8.1).
 */
#ifndef COMMON_NDISC_H
#define COMMON_NDISC_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NDISC_NA_FRAME_LEN 86
#define NDISC_NS_FRAME_LEN 78

#define NDISC_NA_ROUTER 0x80
#define NDISC_NA_SOLICITED 0x40
#define NDISC_NA_OVERRIDE 0x20

size_t ndisc_build_unsol_na(uint8_t *frame, const uint8_t mac[6],
			    const struct in6_addr *addr, bool router);
size_t ndisc_build_dad_ns(uint8_t *frame, const uint8_t mac[6],
			  const struct in6_addr *target);

struct ndisc_na {
	uint8_t eth_src[6];
	struct in6_addr src;		/* IPv6 source */
	struct in6_addr dst;
	struct in6_addr target;
	uint8_t flags;			/* NDISC_NA_* */
	bool has_tlla;
	uint8_t tlla[6];		/* Target Link-Layer Address option */
};

/* Parse an Ethernet/IPv6 Neighbour Advertisement, checking what RFC 4861
 * 7.1.2 asks of a receiver: hop limit 255, code 0, a valid ICMPv6 checksum,
 * at least 24 bytes, options of non-zero length.  0 or -EINVAL. */
int ndisc_parse_na(const uint8_t *frame, size_t len, struct ndisc_na *out);

/* ICMPv6 checksum of msg (len bytes, checksum field zeroed by the caller)
 * between src and dst; returned in host order. */
uint16_t ndisc_icmp6_csum(const struct in6_addr *src, const struct in6_addr *dst,
			  const uint8_t *msg, size_t len);

/* The solicited-node multicast group of addr, and its Ethernet address. */
void ndisc_snm_group(const struct in6_addr *addr, struct in6_addr *group);
void ndisc_mcast_mac(const struct in6_addr *group, uint8_t mac[6]);

#endif
