/*
 * kaconf_addr.c - the address and route lines of keepalived.conf for vrrpd
 * (see kaconf_addr.h): virtual_ipaddress-style lines with their
 * attributes, virtual_/static_ routes and rules, and the static_* blocks.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/addr.h"
#include "common/conf.h"
#include "vrrpd/kaconf_addr.h"

/* an address after brd/peer: the line's family, no prefix */
static int vip_addr(const struct conf_node *n, const char *w, const struct vrrp_vip *v,
		    struct ipaddr *out, struct conf_err *err)
{
	const char *why = "";

	if (ipaddr_parse(w, out, IPADDR_NOPREFIX, &why) < 0)
		return conf_error(err, n, w, "'%s': %s", w, why);
	if (out->family != v->addr.family)
		return conf_error(err, n, w, "'%s' is not of the address's family", w);
	return 0;
}

/* "ADDR[/LEN] [dev IF] [label L] [scope S] [brd|broadcast ADDR|+|-]
 *  [peer ADDR] [home] [-nodad] [noprefixroute]" */
int kaconf_vip_words(const struct conf_node *n, char **w, int nw, struct vrrp_vip *v,
		     struct conf_err *err)
{
	const struct conf_node line = { .kw = "virtual_ipaddress", .argc = 2,
		.argv = (char *[]){ (char *)"virtual_ipaddress", w[0], NULL },
		.quoted = n->quoted, .file = n->file, .line = n->line, .conf = n->conf };
	int i;

	memset(v, 0, sizeof(*v));
	v->scope = -1;
	if (conf_ipaddr(&line, 1, 0, &v->addr, err) < 0)
		return -EINVAL;
	for (i = 1; i < nw; i++) {
		const char *k = w[i];

		bool val = !strcmp(k, "dev") || !strcmp(k, "label") || !strcmp(k, "scope") ||
			   !strcmp(k, "brd") || !strcmp(k, "broadcast") || !strcmp(k, "peer");

		if (i + 1 >= nw && val)
			return conf_error(err, n, k, "'%s' needs a value", k);
		if (!strcmp(k, "dev")) {
			if (strlen(w[i + 1]) >= sizeof(v->dev))
				return conf_error(err, n, w[i + 1], "interface name too long");
			snprintf(v->dev, sizeof(v->dev), "%s", w[++i]);
		} else if (!strcmp(k, "label")) {
			if (strlen(w[i + 1]) >= sizeof(v->label))
				return conf_error(err, n, w[i + 1], "label too long");
			snprintf(v->label, sizeof(v->label), "%s", w[++i]);
		} else if (!strcmp(k, "scope")) {
			v->scope = addr_scope_parse(w[++i]);
			if (v->scope < 0)
				return conf_error(err, n, w[i], "unknown scope '%s'", w[i]);
		} else if (!strcmp(k, "brd") || !strcmp(k, "broadcast")) {
			if (v->addr.family != AF_INET)
				return conf_error(err, n, k, "'%s' is for IPv4 addresses", k);
			i++;
			if (!strcmp(w[i], "+") || !strcmp(w[i], "-"))
				v->brd = w[i][0] == '+' ? 0 : -1;
			else if (vip_addr(n, w[i], v, &v->brd_addr, err) < 0)
				return -EINVAL;
			else
				v->brd = 1;
		} else if (!strcmp(k, "peer")) {
			if (vip_addr(n, w[++i], v, &v->peer, err) < 0)
				return -EINVAL;
			v->has_peer = true;
		} else if (!strcmp(k, "home") || !strcmp(k, "-nodad")) {
			if (v->addr.family != AF_INET6)
				return conf_error(err, n, k, "'%s' is for IPv6 addresses", k);
			if (k[0] == 'h')
				v->home = true;
			else
				v->nodad = true;
		} else if (!strcmp(k, "noprefixroute")) {
			v->noprefixroute = true;
		} else {
			return conf_error(err, n, k, "'%s' in a virtual address is not supported "
					  "by vrrpd", k);
		}
	}
	return 0;
}

/* one address line into *arr (inst: the instance's name, "" for a static
 * address); the address is in *v too */
int kaconf_addr_into(const struct conf_node *n, const char *inst, struct vrrp_vip *v,
		     struct kaconf_evip **arr, unsigned *narr, struct conf_err *err)
{
	struct kaconf_evip *e;

	if (kaconf_vip_words(n, n->argv, n->argc, v, err) < 0)
		return -EINVAL;
	e = realloc(*arr, (*narr + 1) * sizeof(*e));
	if (!e)
		return conf_error(err, n, NULL, "out of memory");
	*arr = e;
	e = &e[(*narr)++];
	memset(e, 0, sizeof(*e));
	snprintf(e->inst, sizeof(e->inst), "%s", inst);
	e->vip = *v;
	return 0;
}

/* one virtual_routes/virtual_rules/static_routes/static_rules line into
 * *arr (inst: the instance's name, "" for a static one) */
int kaconf_route_into(const struct conf_node *n, bool rule, const char *inst,
		      bool check_system, struct kaconf_vroute **arr, unsigned *narr,
		      struct conf_err *err)
{
	struct kaconf_vroute *v;
	const char *why = "", *bad = "";
	int r;

	v = realloc(*arr, (*narr + 1) * sizeof(*v));
	if (!v)
		return conf_error(err, n, NULL, "out of memory");
	*arr = v;
	v = &v[*narr];
	memset(v, 0, sizeof(*v));
	snprintf(v->inst, sizeof(v->inst), "%s", inst);
	v->rule = rule;
	r = rule ? vrule_parse(n->argv, n->argc, &v->rl, &why, &bad) :
		   vroute_parse(n->argv, n->argc, &v->route, &why, &bad);
	if (r < 0) {
		if (!strncmp(why, "is not supported", 16))
			return conf_error(err, n, bad, "'%s' %s", bad, why);
		return conf_error(err, n, bad, "%s: '%s': %s", n->parent->kw, bad, why);
	}
	if (!rule && v->route.dev[0] && check_system && !if_nametoindex(v->route.dev))
		return conf_error(err, n, v->route.dev, "interface %s does not exist",
				  v->route.dev);
	(*narr)++;
	return 0;
}

/* static_routes / static_rules: as virtual_routes, never removed by a
 * state change */
static int sroute_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct kaconf_extra *x = ctx;

	return kaconf_route_into(n, !strcmp(n->parent->kw, "static_rules"), "",
				 x->check_system, &x->sroutes, &x->nsroutes, err);
}

int kaconf_kw_sroutes(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, sroute_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

/* static_ipaddress: an address line as in virtual_ipaddress; there is no
 * instance to lend its interface, so dev is required */
static int saddr_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct kaconf_extra *x = ctx;
	struct vrrp_vip v;

	if (kaconf_addr_into(n, "", &v, &x->saddrs, &x->nsaddrs, err) < 0)
		return -EINVAL;
	if (!v.dev[0])
		return conf_error(err, n, n->argv[0], "a static address needs dev");
	if (x->check_system && !if_nametoindex(v.dev))
		return conf_error(err, n, v.dev, "interface %s does not exist", v.dev);
	return 0;
}

int kaconf_kw_saddrs(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, saddr_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

