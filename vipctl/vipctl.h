/*
 * vipctl.h - the verbs of vipctl, each returning the process exit code.
 *
 * Every verb works on one netlink socket opened by main(); messages follow
 * one grammar: "vipctl: unable to add 192.0.2.1/24 on eth9: No such device".
 */
#ifndef VIPCTL_VIPCTL_H
#define VIPCTL_VIPCTL_H

#include <stdbool.h>

#include "common/addr.h"
#include "common/link.h"
#include "common/nl.h"
#include "vipctl/cli.h"

struct vip_cache;

struct vipctl {
	struct nl nl;
	struct vip_cache *cache;	/* the address table during a batch, or NULL */
	struct link_info last_link;	/* during a batch: the last interface looked up */
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
int op_rs_add(struct vipctl *v);
int op_rs_del(struct vipctl *v);

/* the privilege check and the verb of v->cmd: an exit code */
int vip_run(struct vipctl *v);

/* vipctl -b FILE ("-" for stdin): one command per line */
int batch_run(struct vipctl *v, const char *path, int verbose, bool json);

/* address lookups: the kernel, or the batch's cache (cache.c) */
int vip_find(struct vipctl *v, int ifindex, const struct ipaddr *a, struct addr_info *out);
int vip_cache_on(struct vipctl *v);
void vip_cache_off(struct vipctl *v);
void vip_cache_added(struct vipctl *v, int ifindex, const struct ipaddr *a);
void vip_cache_deleted(struct vipctl *v, int ifindex, const struct ipaddr *a);

/* shared by the verbs */
int vip_link(struct vipctl *v, const char *what, const char *dev, struct link_info *li);
int vip_fail(struct vipctl *v, const char *what, const char *dev, int err);
/* add / delete one address, idempotent; an exit code */
int vip_do_add(struct vipctl *v, const struct link_info *li, const struct ipaddr *a);
int vip_do_del(struct vipctl *v, const struct link_info *li, const struct ipaddr *want);
int vip_announce(struct vipctl *v, const struct link_info *li, const struct ipaddr *a,
		 int count, int interval_ms);

#endif
