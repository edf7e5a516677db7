/*
 * vfirewall.h - Accept_Mode off (no_accept, or vrrp_strict's default): a
 * master that does not own its VIPs drops the traffic addressed to them and
 * sent from them, as keepalived's nftables/iptables rules do (RFC 5798
 * 6.4.3: a master in Accept_Mode False does not accept packets for the
 * IPvX addresses it does not own).  Neighbour discovery for IPv6 VIPs
 * passes.  Done with the nft(8) tool: an "inet vrrpd" table whose sets
 * vips4 / vips6 hold the VIPs of masters with Accept_Mode off.
 */
#ifndef VRRPD_VFIREWALL_H
#define VRRPD_VFIREWALL_H

#include <stdbool.h>

#include "common/inet.h"

/* Add (add true) or remove one address from the drop sets; the table is
 * made on first use (removing before that does nothing; removing what is
 * not there fails quietly).  0, or -errno (nft missing or failing: an add
 * is logged). */
int vfw_vip(const struct ipaddr *a, bool add);

/* Remove the table if this process made it (at exit). */
void vfw_close(void);

#endif
