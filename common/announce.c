#include <stdio.h>

#include "common/announce.h"
#include "common/arp.h"
#include "common/ndisc.h"
#include "common/packet.h"

int announce_open(int ifindex, int family)
{
	return packet_open(ifindex, family == AF_INET6 ? 0x86dd : 0x0806);
}

int announce_open_tx(void)
{
	return packet_open_tx();
}

size_t announce_build(uint8_t *frame, const struct ipaddr *a, const uint8_t mac[6],
		      bool router)
{
	if (a->family == AF_INET6)
		return ndisc_build_unsol_na(frame, mac, &a->v6, router);
	return arp_build_garp(frame, mac, a->v4);
}

bool announce_ipv6_router(const char *ifname)
{
	char path[128];
	FILE *f;
	int v = 0;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/forwarding", ifname);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fscanf(f, "%d", &v) != 1)
		v = 0;
	fclose(f);
	return v == 1;
}
