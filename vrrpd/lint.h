/*
 * lint.h - `vrrpd lint FILE...`: the keepalived.conf files of all the nodes
 * of a cluster, checked against each other for what leads to two masters or
 * to no failover.
 *
 * The model.  The instances of all the files are grouped by (VRID, address
 * family): one group is one virtual router, whose members on different nodes
 * must agree on everything the protocol compares, or their adverts are
 * dropped (keepalived drops adverts whose VIP list or interval differ, and a
 * keepalived backup then becomes a second master) or fight (VRRPv2 and v3
 * on one VRID: two masters with every implementation).  Checked per group:
 *   vips       the VIP sets differ (or one VRID serves two clusters)
 *   version    VRRP versions differ
 *   advert     advert intervals differ
 *   auth       authentication differs
 *   unicast    unicast peers that do not list each other (by unicast_src_ip),
 *              or unicast and multicast members mixed
 *   priority   equal priorities (ties go to the higher address), or two
 *              address owners (255)
 *   alone      a VRID on one node only: nothing to fail over to
 * and per instance:
 *   nopreempt  nopreempt with state MASTER (keepalived ignores nopreempt then)
 *   subnet     (with --local, on the node itself) a VIP without `dev` in
 *              no subnet of its interface's addresses
 * Each finding names FILE:LINE on each side.  The checks are pure
 * (lint_check); lint_main.c loads the files and prints.
 */
#ifndef VRRPD_LINT_H
#define VRRPD_LINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"
#include "vrrpd/instance.h"

enum lint_sev { LINT_WARN, LINT_ERROR };

/* One place in a file: where a keyword stands (its block when absent). */
struct lint_at {
	const char *file;
	int line;
};

/* One vrrp_instance of one node, with where each compared value comes from. */
struct lint_inst {
	const char *node;		/* the file (and -i ID) it came from */
	const struct vrrp_instance_conf *c;
	struct lint_at at;		/* the vrrp_instance line */
	struct lint_at at_vips, at_version, at_advert, at_auth, at_peers,
		       at_priority, at_state, at_nopreempt;
};

struct lint_finding {
	enum lint_sev sev;
	const char *check;		/* "vips", "advert", ... (lint.h) */
	unsigned vrid;
	int family;
	char msg[384];
	struct lint_at at[2];		/* this side, the other side (file NULL: none) */
};

struct lint_report {
	struct lint_finding *f;		/* nf of them; lint_report_free() */
	size_t nf, cap;
};

/* Check insts (n of them, all nodes together).  0 or -ENOMEM. */
int lint_check(const struct lint_inst *insts, size_t n, struct lint_report *r);
/* The subnet check of one instance against the addresses of its interface
 * (naddrs of them, with prefix lengths).  0 or -ENOMEM. */
int lint_subnet(const struct lint_inst *in, const struct ipaddr *addrs, size_t naddrs,
		struct lint_report *r);
void lint_report_free(struct lint_report *r);

/* vrrpd lint [-j] [--local] [-i ID] FILE [[-i ID] FILE]...: an exit code */
int lint_main(int argc, char **argv);

#endif
