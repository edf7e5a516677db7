/*
 * addr.h - interface addresses over rtnetlink: add, delete, list.
 *
 * The same calls serve vipctl (a person moving an address) and vrrpd (a
 * master taking its VIPs), so their semantics are the kernel's, unvarnished:
 * addr_add() of a present address returns -EEXIST and addr_del() of an
 * absent one -EADDRNOTAVAIL; making that idempotent is the caller's choice.
 */
#ifndef COMMON_ADDR_H
#define COMMON_ADDR_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/inet.h"
#include "common/nl.h"

#define ADDR_LFT_FOREVER 0xffffffffu

struct addr_opts {
	const char *label;		/* IPv4 only, "eth0:1" style; NULL for none */
	int scope;			/* RT_SCOPE_*, or -1 for the kernel's default */
	bool nodad;			/* IPv6: IFA_F_NODAD */
	bool noprefixroute;		/* IFA_F_NOPREFIXROUTE */
	bool home;			/* IPv6: IFA_F_HOMEADDRESS */
	const struct ipaddr *peer;	/* point-to-point peer (IFA_ADDRESS), NULL none */
	int brd;			/* IPv4 broadcast: 0 computed ("brd +"),
					 * -1 none, 1 brd_addr */
	struct ipaddr brd_addr;
	uint32_t preferred_lft;		/* seconds or ADDR_LFT_FOREVER */
	uint32_t valid_lft;		/* seconds or ADDR_LFT_FOREVER */
};

/* Everything forever, kernel's scope, no label. */
void addr_opts_init(struct addr_opts *o);

struct addr_info {
	int ifindex;
	struct ipaddr addr;
	uint8_t scope;
	uint32_t flags;			/* IFA_F_* (IFA_FLAGS when present) */
	char label[IF_NAMESIZE];
	uint32_t preferred_lft;
	uint32_t valid_lft;
};

/* RTM_NEWADDR with NLM_F_CREATE|NLM_F_EXCL: 0 or -errno (-EEXIST if present) */
int addr_add(struct nl *nl, int ifindex, const struct ipaddr *a,
	     const struct addr_opts *o);

/* RTM_DELADDR: 0 or -errno (-EADDRNOTAVAIL if absent) */
int addr_del(struct nl *nl, int ifindex, const struct ipaddr *a);
/* The same for an address added with a peer (NULL: addr_del) */
int addr_del_peer(struct nl *nl, int ifindex, const struct ipaddr *a,
		  const struct ipaddr *peer);

typedef int (*addr_cb)(const struct addr_info *ai, void *arg);
/* Dump family (AF_UNSPEC for both) on ifindex (0 for all); a non-zero return
 * from cb stops the walk and is returned. */
int addr_dump(struct nl *nl, int family, int ifindex, addr_cb cb, void *arg);

/* Find a (family, bytes) on ifindex (0: any); 1 found (and *out filled if
 * not NULL), 0 not found, -errno. */
int addr_find(struct nl *nl, int ifindex, const struct ipaddr *a,
	      struct addr_info *out);

/* Parse one RTM_NEWADDR/RTM_DELADDR message (also for monitors). */
int addr_parse(const struct nlmsghdr *nlh, struct addr_info *out);

/* "host", "link", "global", "site", "nowhere" or a number; -1 if unknown */
int addr_scope_parse(const char *s);
const char *addr_scope_name(int scope, char *buf, size_t len);

#endif
