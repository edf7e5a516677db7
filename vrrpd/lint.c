/* lint.c - the cross-node checks of `vrrpd lint` (lint.h); pure. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "vrrpd/lint.h"

static int add(struct lint_report *r, enum lint_sev sev, const char *check,
	       const struct lint_inst *a, const struct lint_at *at_a,
	       const struct lint_at *at_b, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static int add(struct lint_report *r, enum lint_sev sev, const char *check,
	       const struct lint_inst *a, const struct lint_at *at_a,
	       const struct lint_at *at_b, const char *fmt, ...)
{
	struct lint_finding *f;
	va_list ap;

	if (r->nf == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 16;
		struct lint_finding *nf = realloc(r->f, cap * sizeof(*nf));

		if (!nf)
			return -ENOMEM;
		r->f = nf;
		r->cap = cap;
	}
	f = &r->f[r->nf++];
	memset(f, 0, sizeof(*f));
	f->sev = sev;
	f->check = check;
	f->vrid = a->c->vrid;
	f->family = a->c->family;
	f->at[0] = *at_a;
	if (at_b)
		f->at[1] = *at_b;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return 0;
}

void lint_report_free(struct lint_report *r)
{
	free(r->f);
	memset(r, 0, sizeof(*r));
}

static bool same_group(const struct lint_inst *a, const struct lint_inst *b)
{
	return a->c->vrid == b->c->vrid && a->c->family == b->c->family;
}

static bool has_vip(const struct vrrp_instance_conf *c, const struct ipaddr *a)
{
	for (unsigned i = 0; i < c->nvips; i++)
		if (ipaddr_same(&c->vips[i].addr, a) && c->vips[i].addr.prefixlen == a->prefixlen)
			return true;
	return false;
}

static bool same_vips(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	for (unsigned i = 0; i < a->nvips; i++)
		if (!has_vip(b, &a->vips[i].addr))
			return false;
	for (unsigned i = 0; i < b->nvips; i++)
		if (!has_vip(a, &b->vips[i].addr))
			return false;
	return true;
}

static void vips_text(const struct vrrp_instance_conf *c, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < c->nvips && off + IPADDR_STRLEN + 2 < len; i++) {
		ipaddr_fmt(&c->vips[i].addr, buf + off, len - off, true);
		off += strlen(buf + off);
		if (i + 1 < c->nvips)
			buf[off++] = ' ', buf[off] = '\0';
	}
}

static bool lists_peer(const struct vrrp_instance_conf *c, const struct ipaddr *a)
{
	for (unsigned i = 0; i < c->npeers; i++)
		if (ipaddr_same(&c->peers[i], a))
			return true;
	return false;
}

/* a and b: one virtual router on two nodes.  Findings are reported once,
 * from a's side (a comes first in the files). */
static int pair(const struct lint_inst *a, const struct lint_inst *b, struct lint_report *r)
{
	const struct vrrp_instance_conf *x = a->c, *y = b->c;
	char s1[512], s2[512];
	int ret = 0;

	if (!same_vips(x, y)) {
		vips_text(x, s1, sizeof(s1));
		vips_text(y, s2, sizeof(s2));
		ret |= add(r, LINT_ERROR, "vips", a, &a->at_vips, &b->at_vips,
			   "VRID %u: VIPs {%s} here, {%s} on %s: a backup drops the master's "
			   "adverts (keepalived), or the VRID serves two clusters on one LAN",
			   x->vrid, s1, s2, b->node);
	}
	if (x->version != y->version)
		ret |= add(r, LINT_ERROR, "version", a, &a->at_version, &b->at_version,
			   "VRID %u: VRRPv%u here, VRRPv%u on %s: neither hears the other, "
			   "two masters", x->vrid, x->version, y->version, b->node);
	if (x->adv_int_ms != y->adv_int_ms)
		ret |= add(r, LINT_ERROR, "advert", a, &a->at_advert, &b->at_advert,
			   "VRID %u: advert interval %u ms here, %u ms on %s: keepalived drops "
			   "adverts of another interval and its backup becomes a second master",
			   x->vrid, x->adv_int_ms, y->adv_int_ms, b->node);
	if (x->version == 2 && y->version == 2 &&
	    (x->auth_type != y->auth_type ||
	     memcmp(x->auth_pass, y->auth_pass, sizeof(x->auth_pass)) != 0))
		ret |= add(r, LINT_ERROR, "auth", a, &a->at_auth, &b->at_auth,
			   "VRID %u: authentication differs from %s's: each drops the other's "
			   "adverts, two masters", x->vrid, b->node);
	if ((x->npeers == 0) != (y->npeers == 0))
		ret |= add(r, LINT_ERROR, "unicast", a, &a->at_peers, &b->at_peers,
			   "VRID %u: %s here, %s on %s: they never hear each other",
			   x->vrid, x->npeers ? "unicast" : "multicast",
			   y->npeers ? "unicast" : "multicast", b->node);
	if (x->npeers && y->npeers) {
		if (y->has_unicast_src && !lists_peer(x, &y->unicast_src)) {
			ipaddr_fmt(&y->unicast_src, s1, sizeof(s1), false);
			ret |= add(r, LINT_ERROR, "unicast", a, &a->at_peers, &b->at_peers,
				   "VRID %u: unicast_peer does not list %s, the unicast_src_ip "
				   "of %s: its adverts are dropped here", x->vrid, s1, b->node);
		}
		if (x->has_unicast_src && !lists_peer(y, &x->unicast_src)) {
			ipaddr_fmt(&x->unicast_src, s1, sizeof(s1), false);
			ret |= add(r, LINT_ERROR, "unicast", a, &a->at_peers, &b->at_peers,
				   "VRID %u: %s's unicast_peer does not list %s, the "
				   "unicast_src_ip here: our adverts are dropped there",
				   x->vrid, b->node, s1);
		}
	}
	if (x->priority == y->priority && x->priority == 255)
		ret |= add(r, LINT_ERROR, "priority", a, &a->at_priority, &b->at_priority,
			   "VRID %u: priority 255 here and on %s: two address owners, two masters",
			   x->vrid, b->node);
	else if (x->priority == y->priority)
		ret |= add(r, LINT_WARN, "priority", a, &a->at_priority, &b->at_priority,
			   "VRID %u: priority %u here and on %s: the higher primary address "
			   "wins every election, whatever was meant", x->vrid, x->priority, b->node);
	return ret ? -ENOMEM : 0;
}

int lint_check(const struct lint_inst *in, size_t n, struct lint_report *r)
{
	for (size_t i = 0; i < n; i++) {
		const struct vrrp_instance_conf *c = in[i].c;
		bool peer = false;

		if (c->nopreempt && c->init_master &&
		    add(r, LINT_WARN, "nopreempt", &in[i], &in[i].at_nopreempt, &in[i].at_state,
			"VRID %u: nopreempt with state MASTER: keepalived ignores nopreempt "
			"unless the state is BACKUP", c->vrid) < 0)
			return -ENOMEM;
		for (size_t k = 0; k < n; k++)
			if (k != i && same_group(&in[i], &in[k]) &&
			    strcmp(in[i].node, in[k].node) != 0)
				peer = true;
		if (!peer && add(r, LINT_WARN, "alone", &in[i], &in[i].at, NULL,
				 "VRID %u: on no other node of these files: nothing to fail over to",
				 c->vrid) < 0)
			return -ENOMEM;
		/* each pair once; two members on one node are vrrpd -t's business */
		for (size_t k = i + 1; k < n; k++)
			if (same_group(&in[i], &in[k]) && strcmp(in[i].node, in[k].node) != 0 &&
			    pair(&in[i], &in[k], r) < 0)
				return -ENOMEM;
	}
	return 0;
}

static bool in_subnet(const struct ipaddr *net, const struct ipaddr *a)
{
	unsigned bits = net->prefixlen, full = bits / 8, rest = bits % 8;

	if (net->family != a->family)
		return false;
	if (memcmp(net->bytes, a->bytes, full) != 0)
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		if ((net->bytes[full] & mask) != (a->bytes[full] & mask))
			return false;
	}
	return true;
}

int lint_subnet(const struct lint_inst *in, const struct ipaddr *addrs, size_t naddrs,
		struct lint_report *r)
{
	const struct vrrp_instance_conf *c = in->c;
	char s[IPADDR_STRLEN];

	for (unsigned v = 0; v < c->nvips; v++) {
		bool inside = false;

		if (c->vips[v].dev[0] || ipaddr_is_linklocal(&c->vips[v].addr))
			continue;
		for (size_t i = 0; i < naddrs && !inside; i++)
			inside = in_subnet(&addrs[i], &c->vips[v].addr);
		if (!inside &&
		    add(r, LINT_WARN, "subnet", in, &in->at_vips, NULL,
			"VRID %u: VIP %s is in no subnet of %s's addresses and has no dev: "
			"hosts on the LAN may not reach it", c->vrid,
			ipaddr_fmt(&c->vips[v].addr, s, sizeof(s), false), c->ifname) < 0)
			return -ENOMEM;
	}
	return 0;
}
