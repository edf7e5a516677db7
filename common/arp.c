#include <errno.h>
#include <string.h>

#include "common/arp.h"

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

size_t arp_build(uint8_t *frame, const struct arp_pkt *p)
{
	memcpy(frame, p->eth_dst, 6);
	memcpy(frame + 6, p->eth_src, 6);
	put16(frame + 12, 0x0806);		/* ETH_P_ARP */
	put16(frame + 14, 1);			/* hardware: Ethernet */
	put16(frame + 16, 0x0800);		/* protocol: IPv4 */
	frame[18] = 6;
	frame[19] = 4;
	put16(frame + 20, p->op);
	memcpy(frame + 22, p->sha, 6);
	memcpy(frame + 28, &p->spa, 4);
	memcpy(frame + 32, p->tha, 6);
	memcpy(frame + 38, &p->tpa, 4);
	return ARP_FRAME_LEN;
}

size_t arp_build_garp(uint8_t *frame, const uint8_t mac[6], struct in_addr addr)
{
	struct arp_pkt p = { .op = ARP_OP_REQUEST, .spa = addr, .tpa = addr };

	memcpy(p.eth_dst, bcast, 6);
	memcpy(p.eth_src, mac, 6);
	memcpy(p.sha, mac, 6);
	memcpy(p.tha, bcast, 6);
	return arp_build(frame, &p);
}

size_t arp_build_probe(uint8_t *frame, const uint8_t mac[6], struct in_addr target)
{
	struct arp_pkt p = { .op = ARP_OP_REQUEST, .tpa = target };

	memcpy(p.eth_dst, bcast, 6);
	memcpy(p.eth_src, mac, 6);
	memcpy(p.sha, mac, 6);
	return arp_build(frame, &p);
}

int arp_parse(const uint8_t *f, size_t len, struct arp_pkt *out)
{
	if (len < ARP_FRAME_LEN)
		return -EINVAL;
	if (f[12] != 0x08 || f[13] != 0x06 ||		/* ETH_P_ARP */
	    f[14] != 0 || f[15] != 1 ||			/* Ethernet */
	    f[16] != 0x08 || f[17] != 0x00 ||		/* IPv4 */
	    f[18] != 6 || f[19] != 4)
		return -EINVAL;
	memcpy(out->eth_dst, f, 6);
	memcpy(out->eth_src, f + 6, 6);
	out->op = (uint16_t)(f[20] << 8 | f[21]);
	memcpy(out->sha, f + 22, 6);
	memcpy(&out->spa, f + 28, 4);
	memcpy(out->tha, f + 32, 6);
	memcpy(&out->tpa, f + 38, 4);
	return 0;
}
