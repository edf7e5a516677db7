/*
 * cli.h - vipctl's command line, parsed into a struct (pure, no I/O).
 *
 * Grammar (iproute2 style: verb first, then KEYWORD VALUE pairs in any order;
 * global flags -v -j may stand anywhere):
 *
 *   add   ADDR[/LEN] dev IF [label L] [scope S] [nodad] [noprefixroute]
 *         [preferred_lft N|forever] [valid_lft N|forever]
 *         [--garp N] [--garp-interval MS]
 *   del   ADDR[/LEN] dev IF
 *   list  [dev IF] [-4|-6]
 *   has   ADDR[/LEN] [dev IF]
 *   garp  ADDR dev IF [--count N] [--interval MS] [--force]
 *   move  ADDR[/LEN] dev IF1 to IF2 [--garp N] [--garp-interval MS]
 *   probe ADDR dev IF [--timeout MS]
 *   rs-add ADDR[/32|/128] [dev IF] [arp IF]...   (LVS-DR real server, rs.h)
 *   rs-del ADDR [dev IF]
 */
#ifndef VIPCTL_CLI_H
#define VIPCTL_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"

enum vip_verb {
	VERB_NONE,
	VERB_ADD,
	VERB_DEL,
	VERB_LIST,
	VERB_HAS,
	VERB_GARP,
	VERB_MOVE,
	VERB_PROBE,
	VERB_RS_ADD,
	VERB_RS_DEL,
};

#define VIP_MAX_ARP_DEVS 8

struct vip_cmd {
	enum vip_verb verb;
	struct ipaddr addr;
	bool has_addr;
	bool has_prefix;		/* "/LEN" was written */
	const char *dev;
	const char *to_dev;		/* move ... to IF2 */
	const char *arp_devs[VIP_MAX_ARP_DEVS];	/* rs-add ... arp IF */
	int n_arp;
	const char *label;
	int scope;			/* -1: kernel default */
	bool nodad;
	bool noprefixroute;
	uint32_t preferred_lft;		/* ADDR_LFT_FOREVER unless given */
	uint32_t valid_lft;
	int family;			/* list -4/-6, AF_UNSPEC by default */
	int count;			/* announcements to send */
	int interval_ms;		/* between announcements */
	int timeout_ms;			/* probe */
	bool force;			/* garp for an address we do not hold */
	bool json;
	int verbose;
	bool help;			/* --help (for the verb, if one was given) */
	bool version;
};

/* Parse argv[1..argc-1].  0 on success; -EINVAL with a message in err
 * (without the "vipctl: " prefix) on a usage error. */
int cli_parse(int argc, char **argv, struct vip_cmd *cmd, char *err, size_t errlen);

const char *cli_verb_name(enum vip_verb v);

/* Usage text for a verb (VERB_NONE: all of them). */
const char *cli_usage(enum vip_verb v);

#endif
