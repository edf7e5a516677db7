/*
 * vroute.c - virtual_routes / virtual_rules (see vroute.h).
 */
#include <ctype.h>
#include <errno.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "vrrpd/vroute.h"

static int num(const char *s, uint32_t *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || end == s || v > 0xffffffffu)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

#define FAIL(w, msg) do { *why = (msg); *bad = (w); return -EINVAL; } while (0)

int vroute_parse(char *const words[], int n, struct vroute *r, const char **why,
		 const char **bad)
{
	bool have_dst = false;
	int i;

	memset(r, 0, sizeof(*r));
	r->scope = -1;
	for (i = 0; i < n; i++) {
		const char *w = words[i], *v = i + 1 < n ? words[i + 1] : NULL;

		if (!strcmp(w, "no_track"))
			continue;
		if (!strcmp(w, "blackhole")) {
			r->blackhole = true;
			continue;
		}
		if (!strcmp(w, "src") || !strcmp(w, "via") || !strcmp(w, "gw") ||
		    !strcmp(w, "to") || !strcmp(w, "dev") || !strcmp(w, "scope") ||
		    !strcmp(w, "table") || !strcmp(w, "metric") || !strcmp(w, "priority")) {
			if (!v)
				FAIL(w, "needs a value");
			i++;
		}
		if (!strcmp(w, "src")) {
			if (ipaddr_parse(v, &r->src, IPADDR_NOPREFIX, why) < 0)
				FAIL(v, *why);
			r->has_src = true;
		} else if (!strcmp(w, "via") || !strcmp(w, "gw")) {
			if (ipaddr_parse(v, &r->via, IPADDR_NOPREFIX, why) < 0)
				FAIL(v, *why);
			r->has_via = true;
		} else if (!strcmp(w, "dev")) {
			if (strlen(v) >= sizeof(r->dev))
				FAIL(v, "interface name too long");
			strcpy(r->dev, v);
		} else if (!strcmp(w, "scope")) {
			r->scope = addr_scope_parse(v);
			if (r->scope < 0)
				FAIL(v, "unknown scope");
		} else if (!strcmp(w, "table")) {
			if (num(v, &r->table) < 0)
				FAIL(v, "table must be a number");
		} else if (!strcmp(w, "metric") || !strcmp(w, "priority")) {
			if (num(v, &r->metric) < 0)
				FAIL(v, "metric must be a number");
		} else if (!strcmp(w, "to") || (!have_dst && (isdigit((unsigned char)w[0]) ||
							       strchr(w, ':')))) {
			const char *d = !strcmp(w, "to") ? v : w;

			if (have_dst)
				FAIL(d, "two destinations");
			if (ipaddr_parse(d, &r->dst, 0, why) < 0)
				FAIL(d, *why);
			have_dst = true;
		} else {
			FAIL(w, "is not supported by vrrpd in virtual_routes");
		}
	}
	if (!have_dst)
		FAIL(n ? words[0] : "", "a route needs a destination");
	if ((r->has_via && r->via.family != r->dst.family) ||
	    (r->has_src && r->src.family != r->dst.family))
		FAIL(words[0], "addresses of two families in one route");
	if (r->blackhole && (r->has_via || r->dev[0]))
		FAIL("blackhole", "a blackhole route has no gateway or device");
	if (!r->blackhole && !r->has_via && !r->dev[0])
		FAIL(words[0], "a route needs via/gw or dev");
	return 0;
}

int vrule_parse(char *const words[], int n, struct vrule *r, const char **why,
		const char **bad)
{
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < n; i++) {
		const char *w = words[i], *v = i + 1 < n ? words[i + 1] : NULL;

		if (!strcmp(w, "no_track"))
			continue;
		if (!v)
			FAIL(w, "needs a value, or is not supported by vrrpd in virtual_rules");
		i++;
		if (!strcmp(w, "from") || !strcmp(w, "to")) {
			struct ipaddr *a = w[0] == 'f' ? &r->from : &r->to;

			if (ipaddr_parse(v, a, 0, why) < 0)
				FAIL(v, *why);
			if (r->family && r->family != a->family)
				FAIL(v, "addresses of two families in one rule");
			r->family = a->family;
			if (w[0] == 'f')
				r->has_from = true;
			else
				r->has_to = true;
		} else if (!strcmp(w, "table")) {
			if (num(v, &r->table) < 0 || !r->table)
				FAIL(v, "table must be a number above 0");
		} else if (!strcmp(w, "priority") || !strcmp(w, "preference") || !strcmp(w, "prio")) {
			if (num(v, &r->priority) < 0)
				FAIL(v, "priority must be a number");
			r->has_priority = true;
		} else {
			FAIL(w, "is not supported by vrrpd in virtual_rules");
		}
	}
	if (!r->table)
		FAIL(n ? words[0] : "", "a rule needs a table");
	if (!r->has_from && !r->has_to)
		FAIL(n ? words[0] : "", "a rule needs from or to");
	return 0;
}

static int tolerant(int r, bool add)
{
	if (add && r == -EEXIST)
		return 0;
	if (!add && (r == -ESRCH || r == -ENOENT || r == -EADDRNOTAVAIL))
		return 0;
	return r < 0 ? r : 1;
}

int vroute_apply(struct nl *nl, const struct vroute *r, bool add)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct rtmsg *rt;
	unsigned ifindex = 0;

	if (r->dev[0] && !(ifindex = if_nametoindex(r->dev)))
		return -ENODEV;
	nlh = nl_msg(nl, buf, add ? RTM_NEWROUTE : RTM_DELROUTE,
		     add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	rt = mnl_nlmsg_put_extra_header(nlh, sizeof(*rt));
	rt->rtm_family = (unsigned char)r->dst.family;
	rt->rtm_dst_len = r->dst.prefixlen;
	rt->rtm_table = r->table && r->table < 256 ? (unsigned char)r->table :
			r->table ? RT_TABLE_UNSPEC : RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_STATIC;
	rt->rtm_type = r->blackhole ? RTN_BLACKHOLE : RTN_UNICAST;
	rt->rtm_scope = r->scope >= 0 ? (unsigned char)r->scope :
			(!r->has_via && !r->blackhole) ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	if (!add)
		rt->rtm_scope = RT_SCOPE_NOWHERE;	/* delete: match any scope */
	mnl_attr_put(nlh, RTA_DST, ipaddr_len(&r->dst), r->dst.bytes);
	if (r->table >= 256)
		mnl_attr_put_u32(nlh, RTA_TABLE, r->table);
	if (r->has_via)
		mnl_attr_put(nlh, RTA_GATEWAY, ipaddr_len(&r->via), r->via.bytes);
	if (r->has_src)
		mnl_attr_put(nlh, RTA_PREFSRC, ipaddr_len(&r->src), r->src.bytes);
	if (ifindex)
		mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	if (r->metric)
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->metric);
	return tolerant(nl_talk(nl, nlh, NULL, NULL), add);
}

int vrule_apply(struct nl *nl, const struct vrule *r, bool add)
{
	char buf[NL_REQ_SIZE];
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *fr;

	nlh = nl_msg(nl, buf, add ? RTM_NEWRULE : RTM_DELRULE,
		     add ? NLM_F_CREATE | NLM_F_EXCL : 0);
	fr = mnl_nlmsg_put_extra_header(nlh, sizeof(*fr));
	fr->family = (unsigned char)r->family;
	fr->action = FR_ACT_TO_TBL;
	fr->table = r->table < 256 ? (unsigned char)r->table : RT_TABLE_UNSPEC;
	if (r->has_from) {
		fr->src_len = r->from.prefixlen;
		mnl_attr_put(nlh, FRA_SRC, ipaddr_len(&r->from), r->from.bytes);
	}
	if (r->has_to) {
		fr->dst_len = r->to.prefixlen;
		mnl_attr_put(nlh, FRA_DST, ipaddr_len(&r->to), r->to.bytes);
	}
	mnl_attr_put_u32(nlh, FRA_TABLE, r->table);
	if (r->has_priority)
		mnl_attr_put_u32(nlh, FRA_PRIORITY, r->priority);
	return tolerant(nl_talk(nl, nlh, NULL, NULL), add);
}
