/*
 * vroute.h - virtual_routes and virtual_rules: routes and policy rules a
 * master adds and removes when it stops being master (keepalived's common
 * forms).
 *
 *   virtual_routes { [src ADDR] [to] PREFIX [via|gw ADDR] [dev IF] [scope S]
 *                    [table N] [metric|priority N] [no_track]
 *                    blackhole PREFIX [table N] }
 *   virtual_rules  { [from PREFIX] [to PREFIX] [table N]
 *                    [priority|preference|prio N] [no_track] }
 * Multipath ("or"), realms, tos, fwmark, iif/oif in rules and the other
 * route attributes of keepalived are not supported (an error says so).
 * Parsing is pure; vroute_apply() talks to the kernel (rtnetlink).
 */
#ifndef VRRPD_VROUTE_H
#define VRRPD_VROUTE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/inet.h"
#include "common/nl.h"

struct vroute {
	struct ipaddr dst;		/* with prefix length */
	bool has_via, has_src, blackhole;
	struct ipaddr via, src;
	char dev[IF_NAMESIZE];
	int scope;			/* -1: kernel's choice from the route */
	uint32_t table;			/* 0: main */
	uint32_t metric;		/* 0: none */
};

struct vrule {
	bool has_from, has_to;
	struct ipaddr from, to;
	int family;
	uint32_t table;			/* required */
	uint32_t priority;		/* 0: the kernel's choice */
	bool has_priority;
};

/* Parse the words of one line (words[0] is the first word).  0, or
 * -EINVAL with *why and *bad (the offending word) set. */
int vroute_parse(char *const words[], int n, struct vroute *r, const char **why,
		 const char **bad);
int vrule_parse(char *const words[], int n, struct vrule *r, const char **why,
		const char **bad);

/* Add (add true) or delete in the kernel: 1 done, 0 nothing to do
 * (adding what is there already, deleting what is not), or -errno. */
int vroute_apply(struct nl *nl, const struct vroute *r, bool add);
int vrule_apply(struct nl *nl, const struct vrule *r, bool add);

#endif
