/*
 * suspend.c - ha_suspend (see suspend.h).
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "common/addr.h"
#include "common/log.h"
#include "common/nlmon.h"
#include "hcheckd/lvs.h"
#include "hcheckd/suspend.h"

struct suspend {
	struct nl nl;			/* dumps */
	struct nlmon *mon;
	struct cfg_vs *vs;
	size_t nvs;
};

struct locals {
	struct ipaddr *a;
	size_t n, cap;
};

static int add_local(const struct addr_info *ai, void *arg)
{
	struct locals *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct ipaddr *v = realloc(l->a, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->a = v;
		l->cap = cap;
	}
	l->a[l->n++] = ai->addr;
	return 0;
}

static bool is_local(const struct locals *l, const struct ipvs_service *svc)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->a[i].family == svc->af &&
		    !memcmp(l->a[i].bytes, svc->addr, ipaddr_len(&l->a[i])))
			return true;
	return false;
}

/* every ha_suspend virtual server against the local addresses now */
static void recheck(struct suspend *s)
{
	struct locals l = { 0 };
	int r;

	if ((r = addr_dump(&s->nl, AF_UNSPEC, 0, add_local, &l)) < 0) {
		log_warnx("ha_suspend: cannot list local addresses: %s", strerror(-r));
		free(l.a);
		return;
	}
	for (size_t i = 0; i < s->nvs; i++) {
		struct cfg_vs *vs = &s->vs[i];
		bool present = false, was = vs->suspended;

		for (size_t j = 0; vs->ha_suspend && j < vs->nsvc && !present; j++)
			present = is_local(&l, &vs->svc[j]);
		vs->suspended = vs->ha_suspend && !present;
		for (size_t k = 0; k < vs->nrs; k++)
			if (vs->rs[k].t)
				vs->rs[k].t->suspended = vs->suspended;
		if (vs->suspended != was)
			log_info("[%s] ha_suspend: %s: the checkers of its %zu real servers %s",
				 vs->name, vs->suspended ? "address not local" : "address local",
				 vs->nrs, vs->suspended ? "are suspended" : "resume");
	}
	free(l.a);
}

static void on_msg(const struct nlmsghdr *nlh, void *arg)
{
	/* NULL: notifications were lost */
	if (!nlh || nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR)
		recheck(arg);
}

int suspend_open(struct suspend **out, struct loop *l)
{
	struct suspend *s = calloc(1, sizeof(*s));
	int r;

	if (!s)
		return -ENOMEM;
	if ((r = nl_open(&s->nl, NETLINK_ROUTE)) < 0) {
		free(s);
		return r;
	}
	if ((r = nlmon_open(&s->mon, l, RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR, on_msg, s)) < 0) {
		nl_close(&s->nl);
		free(s);
		return r;
	}
	*out = s;
	return 0;
}

void suspend_watch(struct suspend *s, struct cfg_vs *vs, size_t nvs)
{
	s->vs = vs;
	s->nvs = nvs;
	recheck(s);
}

void suspend_close(struct suspend *s)
{
	if (!s)
		return;
	nlmon_close(s->mon);
	nl_close(&s->nl);
	free(s);
}
