/*
 * announce.h - telling the segment who holds an address now.
 *
 * IPv4 uses a gratuitous ARP, IPv6 an unsolicited Neighbour Advertisement
 * (arp.h, ndisc.h); both go out on a packet socket bound to the interface.
 * This file picks the right one for an address so that vipctl and vrrpd
 * announce the same way.  Timing (how many, how far apart) is the caller's.
 */
#ifndef COMMON_ANNOUNCE_H
#define COMMON_ANNOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"

/* keepalived's defaults: vrrp_garp_master_repeat 5, vrrp_garp_interval 0 */
#define ANNOUNCE_DEFAULT_COUNT 5
#define ANNOUNCE_DEFAULT_INTERVAL_MS 0

#define ANNOUNCE_FRAME_MAX 96

/* A packet socket on ifindex for a's family (ARP or IPv6): fd or -errno. */
int announce_open(int ifindex, int family);

/* One send-only packet socket for every interface and family (packet.h
 * packet_open_tx): kept open by a daemon that announces often.  fd or -errno. */
int announce_open_tx(void);

/* Build the announcement of a from mac into frame (ANNOUNCE_FRAME_MAX bytes);
 * router sets the NA Router flag (ignored for IPv4).  Returns the length. */
size_t announce_build(uint8_t *frame, const struct ipaddr *a, const uint8_t mac[6],
		      bool router);

/* Is IPv6 forwarding on for ifname (the NA Router flag)?  false if unknown. */
bool announce_ipv6_router(const char *ifname);

#endif
