/*
 * vstatic.c - static addresses, routes and rules (see vstatic.h).
 */
#include <errno.h>
#include <net/if.h>
#include <string.h>

#include "common/addr.h"
#include "common/log.h"
#include "vrrpd/vstatic.h"

static bool same_addr(const struct vrrp_vip *a, const struct vrrp_vip *b)
{
	return ipaddr_same(&a->addr, &b->addr) && a->addr.prefixlen == b->addr.prefixlen &&
	       !strcmp(a->dev, b->dev);
}

static bool kept_addr(const struct kaconf_extra *keep, const struct vrrp_vip *v)
{
	for (unsigned i = 0; keep && i < keep->nsaddrs; i++)
		if (same_addr(&keep->saddrs[i].vip, v))
			return true;
	return false;
}

static bool kept_route(const struct kaconf_extra *keep, const struct kaconf_vroute *v)
{
	for (unsigned i = 0; keep && i < keep->nsroutes; i++) {
		const struct kaconf_vroute *k = &keep->sroutes[i];

		if (k->rule == v->rule && !memcmp(&k->route, &v->route, sizeof(v->route)) &&
		    !memcmp(&k->rl, &v->rl, sizeof(v->rl)))
			return true;
	}
	return false;
}

static void addr(struct nl *nl, const struct vrrp_vip *v, bool up)
{
	char buf[IPADDR_STRLEN];
	struct addr_opts o;
	int ifindex = (int)if_nametoindex(v->dev), r;

	vrrp_vip_opts(v, &o);
	if (!ifindex)
		r = -ENODEV;
	else
		r = up ? addr_add(nl, ifindex, &v->addr, &o) : vrrp_vip_del(nl, ifindex, v);
	if (r < 0 && r != -EEXIST && r != -EADDRNOTAVAIL)
		log_warnx("static address %s dev %s: %s %s",
			  ipaddr_fmt(&v->addr, buf, sizeof(buf), true), v->dev,
			  up ? "adding:" : "removing:", strerror(-r));
}

static void route(struct nl *nl, const struct kaconf_vroute *v, bool up)
{
	char buf[IPADDR_STRLEN];
	int r = v->rule ? vrule_apply(nl, &v->rl, up) : vroute_apply(nl, &v->route, up);

	if (r < 0 && v->rule)
		log_warnx("static rule to table %u: %s: %s", v->rl.table,
			  up ? "adding" : "removing", strerror(-r));
	else if (r < 0)
		log_warnx("static route %s: %s: %s",
			  ipaddr_fmt(&v->route.dst, buf, sizeof(buf), true),
			  up ? "adding" : "removing", strerror(-r));
}

void vstatic_apply(struct nl *nl, const struct kaconf_extra *x,
		   const struct kaconf_extra *keep, bool up)
{
	if (up) {
		for (unsigned i = 0; i < x->nsaddrs; i++)
			addr(nl, &x->saddrs[i].vip, true);
		for (unsigned i = 0; i < x->nsroutes; i++)
			route(nl, &x->sroutes[i], true);
		return;
	}
	for (unsigned i = x->nsroutes; i-- > 0;)
		if (!kept_route(keep, &x->sroutes[i]))
			route(nl, &x->sroutes[i], false);
	for (unsigned i = x->nsaddrs; i-- > 0;)
		if (!kept_addr(keep, &x->saddrs[i].vip))
			addr(nl, &x->saddrs[i].vip, false);
}
