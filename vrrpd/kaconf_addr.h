/*
 * kaconf_addr.h - keepalived.conf address and route lines for vrrpd's
 * kaconf.c: one line's words, or one line into a growing array, and the
 * top-level static_ipaddress / static_routes / static_rules blocks.
 */
#ifndef VRRPD_KACONF_ADDR_H
#define VRRPD_KACONF_ADDR_H

#include <stdbool.h>

#include "common/conf.h"
#include "vrrpd/tconf.h"

/* "ADDR[/LEN] [dev IF] [label L] [scope S] [brd ...] [peer ADDR] [home]
 * [-nodad] [noprefixroute]" in w[0..nw) into *v: 0 or -EINVAL (err set) */
int kaconf_vip_words(const struct conf_node *n, char **w, int nw, struct vrrp_vip *v,
		     struct conf_err *err);

/* One address line into *arr (inst: the instance's name, "" for a static
 * address); the address is in *v too */
int kaconf_addr_into(const struct conf_node *n, const char *inst, struct vrrp_vip *v,
		     struct kaconf_evip **arr, unsigned *narr, struct conf_err *err);

/* One route (rule: rule) line into *arr, the same way */
int kaconf_route_into(const struct conf_node *n, bool rule, const char *inst,
		      bool check_system, struct kaconf_vroute **arr, unsigned *narr,
		      struct conf_err *err);

/* static_ipaddress, static_routes / static_rules blocks (ctx: kaconf_extra) */
int kaconf_kw_saddrs(const struct conf_node *n, void *ctx, struct conf_err *err);
int kaconf_kw_sroutes(const struct conf_node *n, void *ctx, struct conf_err *err);

#endif
