/*
 * vmac.h - the RFC virtual MAC on a macvlan (keepalived's use_vmac).
 *
 * RFC 5798 7.3: 00:00:5e:00:01:VRID for IPv4, 00:00:5e:00:02:VRID for IPv6.
 * The macvlan sits on the instance's interface in private mode, is created
 * up by vrrpd and removed by vrrpd when it made it.
 */
#ifndef VRRPD_VMAC_H
#define VRRPD_VMAC_H

#include <stdbool.h>
#include <stdint.h>

#include "common/nl.h"

void vmac_addr(int family, uint8_t vrid, uint8_t mac[6]);

/* Create name on lower (ifindex) with mac, up.  Its ifindex, or -errno
 * (-EEXIST if a link of that name is there).  For AF_INET6 no link-local
 * address is generated (the caller copies the lower link's). */
int vmac_create(struct nl *nl, const char *name, int lower, const uint8_t mac[6],
		int family);

/* Delete a link by index.  0 or -errno. */
int vmac_delete(struct nl *nl, int ifindex);

/* Read (old != NULL) and write /proc/sys/net/ipv4/conf/IF/KEY.  0 or -errno. */
int vmac_sysctl(const char *ifname, const char *key, int val, int *old);

#endif
