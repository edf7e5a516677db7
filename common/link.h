/*
 * link.h - interface lookup over rtnetlink (RTM_GETLINK).
 *
 * A link is found by name or by index; the answer carries what the address,
 * ARP and VRRP code needs: index, name, hardware address, flags and MTU.
 */
#ifndef COMMON_LINK_H
#define COMMON_LINK_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/nl.h"

struct link_info {
	int ifindex;
	char name[IF_NAMESIZE];
	uint8_t mac[6];
	int maclen;			/* 6 on Ethernet, 0 on loopback/tunnels */
	unsigned int flags;		/* IFF_UP, IFF_RUNNING, IFF_LOWER_UP... */
	unsigned int mtu;
	uint8_t operstate;		/* IF_OPER_* */
	int link_ifindex;		/* IFLA_LINK: the lower device of a macvlan, or 0 */
	char kind[16];			/* IFLA_INFO_KIND ("macvlan", "veth"), or "" */
};

/* 0, or -ENODEV when there is no such interface, or another -errno. */
int link_get(struct nl *nl, const char *name, struct link_info *out);
int link_get_index(struct nl *nl, int ifindex, struct link_info *out);

typedef int (*link_cb)(const struct link_info *li, void *arg);
/* Calls cb for every link; a non-zero return from cb stops and is returned. */
int link_dump(struct nl *nl, link_cb cb, void *arg);

/* Parse one RTM_NEWLINK message (also for monitors); 0 or -EINVAL. */
int link_parse(const struct nlmsghdr *nlh, struct link_info *out);

#endif
