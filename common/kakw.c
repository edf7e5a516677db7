/*
 * kakw.c - keyword look-up for kakw.h: sorted lists, binary search.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/kakw.h"
#include "common/kakw_data.h"

/* read by our programs only; sorted */
static const char *const ours_top[] = {
	"check",			/* hcheckd's named checks */
};
static const char *const ours_global[] = {
	"email_faults",			/* vrrpd */
	"hcheckd_agent",
	"hcheckd_haproxy_socket",
	"hcheckd_max_inflight",
	"hcheckd_max_scripts",
	"hcheckd_max_tls",
	"hcheckd_metrics_listen",
	"hcheckd_socket",		/* vrrpd: track_check's hcheckd */
	"lvs_flush_on_stop",		/* hcheckd: lvs_flush_onstop */
	"vrrp_conflict_probe_interval",	/* vrrpd */
	"vrrp_gna_master_delay",	/* vrrpd */
	"vrrp_gna_master_repeat",	/* vrrpd */
	"vrrpd_metrics_listen",
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int cmp(const void *k, const void *e)
{
	return strcmp(k, *(const char *const *)e);
}

static bool in(const char *kw, const char *const *v, size_t n)
{
	return bsearch(kw, v, n, sizeof(*v), cmp) != NULL;
}

bool kakw_top(const char *kw)
{
	return in(kw, kakw_top_data, N(kakw_top_data)) || in(kw, ours_top, N(ours_top));
}

bool kakw_global(const char *kw)
{
	return in(kw, kakw_global_data, N(kakw_global_data)) ||
	       in(kw, ours_global, N(ours_global));
}

int kakw_top_other(const struct conf_node *n, struct conf_err *err)
{
	if (kakw_top(n->kw))
		return 0;
	return conf_error(err, n, n->kw, "unknown keyword '%s' at top level", n->kw);
}

int kakw_global_other(const struct conf_node *n, struct conf_err *err)
{
	if (kakw_global(n->kw))
		return 0;
	return conf_error(err, n, n->kw, "unknown keyword '%s' in global_defs", n->kw);
}

int kakw_check(const struct conf_node *root, struct conf_err *err)
{
	for (const struct conf_node *n = root; n; n = n->next) {
		if (kakw_top_other(n, err) < 0)
			return -EINVAL;
		if (strcmp(n->kw, "global_defs"))
			continue;
		for (const struct conf_node *g = n->child; g; g = g->next)
			if (kakw_global_other(g, err) < 0)
				return -EINVAL;
	}
	return 0;
}
