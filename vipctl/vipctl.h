/*
 * vipctl.h - the verbs of vipctl, each returning the process exit code.
 *
 * Every verb works on one netlink socket opened by main(); messages follow
 * one grammar: "vipctl: unable to add 192.0.2.1/24 on eth9: No such device".
 */
#ifndef VIPCTL_VIPCTL_H
#define VIPCTL_VIPCTL_H

#include "common/link.h"
#include "common/nl.h"
#include "vipctl/cli.h"

struct vipctl {
	struct nl nl;
	const struct vip_cmd *cmd;
	char addr_str[IPADDR_STRLEN];	/* the address as the user wrote it */
};

int op_add(struct vipctl *v);
int op_del(struct vipctl *v);
int op_list(struct vipctl *v);
int op_has(struct vipctl *v);
int op_garp(struct vipctl *v);
int op_move(struct vipctl *v);
int op_probe(struct vipctl *v);

/* shared by the verbs */
int vip_link(struct vipctl *v, const char *what, const char *dev, struct link_info *li);
int vip_fail(struct vipctl *v, const char *what, const char *dev, int err);
int vip_announce(struct vipctl *v, const struct link_info *li, const struct ipaddr *a,
		 int count, int interval_ms);

#endif
