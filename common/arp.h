/*
 * arp.h - ARP frames for IPv4 announcements and probes (pure, no I/O).
 *
 * A frame here is a whole Ethernet frame (14-byte header + 28-byte ARP
 * body = 42 bytes, padded to 60 by the NIC), sent on a packet socket so that
 * the Ethernet source can be a virtual MAC when vrrpd uses one.
 *
 *  - gratuitous ARP: an ARP request whose sender and target protocol
 *    addresses are both the announced address and whose target hardware
 *    address is broadcast, to ff:ff:ff:ff:ff:ff (what keepalived sends; hosts
 *    update an existing cache entry on it, RFC 5227 section 3);
 *  - probe (RFC 5227 2.1.1): an ARP request with sender protocol address
 *    0.0.0.0 and target hardware address zero, asking who holds an address
 *    without claiming it.
 */
#ifndef COMMON_ARP_H
#define COMMON_ARP_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#define ARP_FRAME_LEN 42

#define ARP_OP_REQUEST 1
#define ARP_OP_REPLY 2

struct arp_pkt {
	uint8_t eth_src[6];
	uint8_t eth_dst[6];
	uint16_t op;			/* ARP_OP_* */
	uint8_t sha[6];
	struct in_addr spa;
	uint8_t tha[6];
	struct in_addr tpa;
};

/* Each writes ARP_FRAME_LEN bytes to frame and returns that length. */
size_t arp_build(uint8_t *frame, const struct arp_pkt *p);
size_t arp_build_garp(uint8_t *frame, const uint8_t mac[6], struct in_addr addr);
size_t arp_build_probe(uint8_t *frame, const uint8_t mac[6], struct in_addr target);

/* Parse an Ethernet/IPv4 ARP frame: 0, or -EINVAL when it is not one. */
int arp_parse(const uint8_t *frame, size_t len, struct arp_pkt *out);

#endif
