/*
 * probe.c - address probes and their answers (see probe.h).
 */
#include <string.h>

#include "common/arp.h"
#include "common/ndisc.h"
#include "common/probe.h"

size_t probe_build(uint8_t *frame, const struct ipaddr *a, const uint8_t mac[6])
{
	if (a->family == AF_INET6)
		return ndisc_build_dad_ns(frame, mac, &a->v6);
	return arp_build_probe(frame, mac, a->v4);
}

uint16_t probe_ethertype(int family)
{
	return family == AF_INET6 ? 0x86dd : 0x0806;
}

bool probe_holder(const uint8_t *frame, size_t len, const struct ipaddr *a,
		  const uint8_t self[6], uint8_t out[6])
{
	if (a->family == AF_INET) {
		struct arp_pkt p;

		if (arp_parse(frame, len, &p) < 0 || p.spa.s_addr != a->v4.s_addr)
			return false;
		memcpy(out, p.sha, 6);
	} else {
		struct ndisc_na na;

		if (ndisc_parse_na(frame, len, &na) < 0 || memcmp(&na.target, &a->v6, 16))
			return false;
		memcpy(out, na.has_tlla ? na.tlla : na.eth_src, 6);
	}
	return memcmp(out, self, 6) != 0;
}
