/*
 * lvsconf.c - virtual_server, virtual_server_group and real_server blocks
 * into struct lvs_conf (see lvsconf.h; lvsconf_ipvs.c goes on to IPVS
 * services and destinations).  Keywords and defaults follow
 * keepalived.conf(5).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/lvsconf.h"

#define SEC 1000000ull

const char *const lvs_check_names[LVS_CHECK_NTYPES] = {
	[LVS_CHECK_TCP] = "TCP_CHECK", [LVS_CHECK_HTTP] = "HTTP_GET",
	[LVS_CHECK_SSL] = "SSL_GET", [LVS_CHECK_MISC] = "MISC_CHECK",
	[LVS_CHECK_SMTP] = "SMTP_CHECK", [LVS_CHECK_DNS] = "DNS_CHECK",
	[LVS_CHECK_UDP] = "UDP_CHECK", [LVS_CHECK_PING] = "PING_CHECK",
	[LVS_CHECK_FILE] = "FILE_CHECK", [LVS_CHECK_BFD] = "BFD_CHECK",
};

/* ---- shared value parsers -------------------------------------------------- */

static int dur(const struct conf_node *n, uint64_t *out, struct conf_err *err)
{
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	return conf_duration(n, 1, 0, 1000000 * SEC, out, err);
}

/* lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] */
static int method(const struct conf_node *n, struct lvs_method *m, struct conf_err *err)
{
	static const char *const fwds[] = { "NAT", "DR", "TUN", NULL };
	static const char *const tuns[] = { "ipip", "gue", "gre", NULL };
	static const char *const csums[] = { "nocsum", "csum", "remcsum", NULL };
	static const uint16_t csum_flags[] = {
		IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM, IP_VS_TUNNEL_ENCAP_FLAG_CSUM,
		IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM,
	};
	struct lvs_method v = { 0 };
	int k, i = 2;

	if (conf_enum(n, 1, fwds, &k, err) < 0)
		return -EINVAL;
	v.fwd = k;
	if (v.fwd != LVS_FWD_TUN) {
		if (conf_nargs(n, 1, 1, err) < 0)
			return -EINVAL;
		*m = v;
		return 0;
	}
	if (i < n->argc && strcmp(n->argv[i], "type") == 0) {
		if (conf_enum(n, i + 1, tuns, &k, err) < 0)
			return -EINVAL;
		v.tun_type = k;
		i += 2;
	}
	if (v.tun_type == LVS_TUN_GUE) {
		if (i >= n->argc || strcmp(n->argv[i], "port") != 0)
			return conf_error(err, n, n->kw, "'%s TUN type gue' needs 'port NUM'",
					  n->kw);
		if (conf_port(n, i + 1, &v.tun_port, err) < 0)
			return -EINVAL;
		if (v.tun_port == 0)
			return conf_error(err, n, n->argv[i + 1], "GUE port 0 for '%s'", n->kw);
		i += 2;
	}
	if (i < n->argc && v.tun_type != LVS_TUN_IPIP) {
		if (conf_enum(n, i, csums, &k, err) < 0)
			return -EINVAL;
		if (v.tun_type == LVS_TUN_GRE && k == 2)
			return conf_error(err, n, n->argv[i], "'remcsum' needs tunnel type gue");
		v.tun_flags = csum_flags[k];
		i++;
	}
	if (i < n->argc)
		return conf_error(err, n, n->argv[i], "unexpected '%s' in '%s'", n->argv[i],
				  n->kw);
	*m = v;
	return 0;
}

/* "<STRING>|<QUOTED-STRING> [username [groupname]]" */
static int script(const struct conf_node *n, struct lvs_script *s, struct conf_err *err)
{
	return conf_notify(n, 1, &s->cmd, &s->user, &s->group, err);
}

/* ---- real_server ---------------------------------------------------------- */

#define RS(ctx) ((struct lvs_rs *)(ctx))
/* handlers shared by virtual_server and real_server: both structs start
 * with their struct lvs_defaults */
#define DEF(ctx) ((struct lvs_defaults *)(ctx))

static int rs_weight(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_int(n, 1, 0, 65535, &RS(ctx)->weight, err);
}

static int def_method(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return method(n, &DEF(ctx)->method, err);
}

static int def_inhibit(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &DEF(ctx)->inhibit_on_failure, err);
}

static int def_alpha(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &DEF(ctx)->alpha, err);
}

static int rs_uthreshold(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_uint(n, 1, 0, INT32_MAX, &RS(ctx)->uthreshold, err);
}

static int rs_lthreshold(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_uint(n, 1, 0, INT32_MAX, &RS(ctx)->lthreshold, err);
}

static int rs_notify_up(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return script(n, &RS(ctx)->notify_up, err);
}

static int rs_notify_down(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return script(n, &RS(ctx)->notify_down, err);
}

static int def_virtualhost(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	DEF(ctx)->virtualhost = n->argv[1];
	return 0;
}

static int def_delay_loop(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return dur(n, &DEF(ctx)->delay_loop_us, err);
}

static int def_connect_timeout(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return dur(n, &DEF(ctx)->connect_timeout_us, err);
}

static int def_delay_before_retry(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return dur(n, &DEF(ctx)->delay_before_retry_us, err);
}

static int def_warmup(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return dur(n, &DEF(ctx)->warmup_us, err);
}

static int def_retry(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL : conf_int(n, 1, 0, 65535, &DEF(ctx)->retry, err);
}

static int rs_check(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct lvs_rs *rs = ctx;
	struct lvs_check *v;
	int t;

	for (t = 0; t < LVS_CHECK_NTYPES; t++)
		if (strcmp(n->kw, lvs_check_names[t]) == 0)
			break;
	if (conf_nargs(n, 0, 0, err) < 0)
		return -EINVAL;
	v = realloc(rs->checks, (rs->nchecks + 1) * sizeof(*v));
	if (!v)
		return conf_error(err, n, NULL, "out of memory");
	rs->checks = v;
	rs->checks[rs->nchecks].type = t;
	rs->checks[rs->nchecks].node = n;
	rs->nchecks++;
	return 0;
}

static const struct conf_kw rs_kws[] = {
	{ "weight", rs_weight, 0 },
	{ "lvs_method", def_method, 0 },
	{ "lb_kind", def_method, 0 },
	{ "inhibit_on_failure", def_inhibit, 0 },
	{ "alpha", def_alpha, 0 },
	{ "uthreshold", rs_uthreshold, 0 },
	{ "lthreshold", rs_lthreshold, 0 },
	{ "notify_up", rs_notify_up, 0 },
	{ "notify_down", rs_notify_down, 0 },
	{ "virtualhost", def_virtualhost, 0 },
	{ "delay_loop", def_delay_loop, 0 },
	{ "connect_timeout", def_connect_timeout, 0 },
	{ "delay_before_retry", def_delay_before_retry, 0 },
	{ "warmup", def_warmup, 0 },
	{ "retry", def_retry, 0 },
	{ "smtp_alert", NULL, CONF_KW_IGNORED },
	{ "snmp_name", NULL, CONF_KW_IGNORED },
	{ "TCP_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "HTTP_GET", rs_check, CONF_KW_MAYBLOCK },
	{ "SSL_GET", rs_check, CONF_KW_MAYBLOCK },
	{ "MISC_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "SMTP_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "DNS_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "UDP_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "PING_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "FILE_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ "BFD_CHECK", rs_check, CONF_KW_MAYBLOCK },
	{ NULL, NULL, 0 }
};

/* IP [PORT] of a real_server or sorry_server line */
static int addr_port(const struct conf_node *n, struct ipaddr *a, uint16_t *port,
		     struct conf_err *err)
{
	if (conf_nargs(n, 1, 2, err) < 0 || conf_ipaddr(n, 1, IPADDR_NOPREFIX, a, err) < 0)
		return -EINVAL;
	*port = 0;
	return n->argc > 2 ? conf_port(n, 2, port, err) : 0;
}

/* ---- virtual_server ------------------------------------------------------- */

#define VS(ctx) ((struct lvs_vs *)(ctx))

static int vs_sched(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	const char *s;
	int k;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	s = n->argv[1];
	for (k = 0; ipvs_schedulers[k]; k++)
		if (strcmp(s, ipvs_schedulers[k]) == 0)
			break;
	if (!ipvs_schedulers[k] && strcmp(s, "twos") != 0)
		return conf_error(err, n, s, "unknown scheduler '%s' for '%s'", s, n->kw);
	snprintf(VS(ctx)->sched, sizeof(VS(ctx)->sched), "%s", s);
	return 0;
}

static int vs_flag(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct { const char *name; uint32_t flag; } flags[] = {
		{ "flag-1", IP_VS_SVC_F_SCHED1 }, { "flag-2", IP_VS_SVC_F_SCHED2 },
		{ "flag-3", IP_VS_SVC_F_SCHED3 },
		{ "sh-fallback", IP_VS_SVC_F_SCHED_SH_FALLBACK },
		{ "sh-port", IP_VS_SVC_F_SCHED_SH_PORT },
		{ "mh-fallback", IP_VS_SVC_F_SCHED1 }, { "mh-port", IP_VS_SVC_F_SCHED2 },
	};

	if (conf_nargs(n, 0, 0, err) < 0)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		if (strcmp(n->kw, flags[i].name) == 0)
			VS(ctx)->sched_flags |= flags[i].flag;
	return 0;
}

static int vs_ops(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &VS(ctx)->ops, err);
}

static int vs_pe(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (strcmp(n->argv[1], "sip") != 0)
		return conf_error(err, n, n->argv[1], "unknown persistence engine '%s'",
				  n->argv[1]);
	snprintf(VS(ctx)->pe, sizeof(VS(ctx)->pe), "%s", n->argv[1]);
	return 0;
}

static int vs_persistence_timeout(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	unsigned t = 360;	/* keepalived: 6 minutes when no value is given */

	if (conf_nargs(n, 0, 1, err) < 0)
		return -EINVAL;
	if (n->argc > 1 && conf_uint(n, 1, 0, 86400 * 31, &t, err) < 0)	/* 31 days, as keepalived */
		return -EINVAL;
	VS(ctx)->persistence_timeout = t;
	VS(ctx)->persistent = t > 0;
	return 0;
}

/* a netmask (255.255.255.0) or a prefix length */
static int vs_granularity(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct in_addr m;
	unsigned len;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (strchr(n->argv[1], '.')) {
		uint32_t h;

		if (inet_pton(AF_INET, n->argv[1], &m) != 1)
			return conf_error(err, n, n->argv[1], "'%s' for '%s' is not a netmask",
					  n->argv[1], n->kw);
		h = ntohl(m.s_addr);
		len = __builtin_popcount(h);
		if (len && h != ~0u << (32 - len))
			return conf_error(err, n, n->argv[1],
					  "'%s' for '%s' is not a contiguous netmask", n->argv[1],
					  n->kw);
		VS(ctx)->granularity = len;
		return 0;
	}
	if (conf_uint(n, 1, 1, 128, &len, err) < 0)
		return -EINVAL;
	VS(ctx)->granularity = len;
	return 0;
}

static int vs_protocol(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const protos[] = { "TCP", "UDP", "SCTP", NULL };
	static const uint16_t nums[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_SCTP };
	int k;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_enum(n, 1, protos, &k, err) < 0)
		return -EINVAL;
	VS(ctx)->protocol = nums[k];
	VS(ctx)->has_protocol = true;
	return 0;
}

static int vs_ha_suspend(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &VS(ctx)->ha_suspend, err);
}

static int vs_omega(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &VS(ctx)->omega, err);
}

static int vs_quorum(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL :
	       conf_uint(n, 1, 1, UINT32_MAX / 2, &VS(ctx)->quorum, err);
}

static int vs_hysteresis(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_nargs(n, 1, 1, err) < 0 ? -EINVAL :
	       conf_uint(n, 1, 0, UINT32_MAX / 2, &VS(ctx)->hysteresis, err);
}

static int vs_quorum_up(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return script(n, &VS(ctx)->quorum_up, err);
}

static int vs_quorum_down(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return script(n, &VS(ctx)->quorum_down, err);
}

static int vs_ip_family(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const fams[] = { "inet", "inet6", NULL };
	int k;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_enum(n, 1, fams, &k, err) < 0)
		return -EINVAL;
	VS(ctx)->af = k ? AF_INET6 : AF_INET;
	return 0;
}

static int vs_sorry(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	if (addr_port(n, &VS(ctx)->sorry_addr, &VS(ctx)->sorry_port, err) < 0)
		return -EINVAL;
	VS(ctx)->has_sorry = true;
	return 0;
}

static int vs_sorry_inhibit(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	return conf_bool(n, 1, &VS(ctx)->sorry_inhibit, err);
}

static int vs_sorry_method(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	VS(ctx)->has_sorry_method = true;
	return method(n, &VS(ctx)->sorry_method, err);
}

/* real_servers are collected here and parsed after the whole virtual
 * server, so that settings after them still become their defaults. */
static int vs_rs(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct lvs_vs *vs = ctx;
	struct lvs_rs *v;

	v = realloc(vs->rs, (vs->nrs + 1) * sizeof(*v));
	if (!v)
		return conf_error(err, n, NULL, "out of memory");
	vs->rs = v;
	memset(&vs->rs[vs->nrs], 0, sizeof(vs->rs[0]));
	vs->rs[vs->nrs++].node = n;
	return 0;
}

static const struct conf_kw vs_kws[] = {
	{ "lvs_sched", vs_sched, 0 },
	{ "lb_algo", vs_sched, 0 },
	{ "flag-1", vs_flag, 0 },
	{ "flag-2", vs_flag, 0 },
	{ "flag-3", vs_flag, 0 },
	{ "sh-port", vs_flag, 0 },
	{ "sh-fallback", vs_flag, 0 },
	{ "mh-port", vs_flag, 0 },
	{ "mh-fallback", vs_flag, 0 },
	{ "ops", vs_ops, 0 },
	{ "one_packet_scheduler", vs_ops, 0 },
	{ "lvs_method", def_method, 0 },
	{ "lb_kind", def_method, 0 },
	{ "persistence_engine", vs_pe, 0 },
	{ "persistence_timeout", vs_persistence_timeout, 0 },
	{ "persistence_granularity", vs_granularity, 0 },
	{ "protocol", vs_protocol, 0 },
	{ "ha_suspend", vs_ha_suspend, 0 },
	{ "alpha", def_alpha, 0 },
	{ "omega", vs_omega, 0 },
	{ "inhibit_on_failure", def_inhibit, 0 },
	{ "virtualhost", def_virtualhost, 0 },
	{ "quorum", vs_quorum, 0 },
	{ "hysteresis", vs_hysteresis, 0 },
	{ "quorum_up", vs_quorum_up, 0 },
	{ "quorum_down", vs_quorum_down, 0 },
	{ "ip_family", vs_ip_family, 0 },
	{ "sorry_server", vs_sorry, 0 },
	{ "sorry_server_inhibit", vs_sorry_inhibit, 0 },
	{ "sorry_server_lvs_method", vs_sorry_method, 0 },
	{ "delay_loop", def_delay_loop, 0 },
	{ "connect_timeout", def_connect_timeout, 0 },
	{ "delay_before_retry", def_delay_before_retry, 0 },
	{ "warmup", def_warmup, 0 },
	{ "retry", def_retry, 0 },
	{ "real_server", vs_rs, CONF_KW_MAYBLOCK },
	{ "smtp_alert", NULL, CONF_KW_IGNORED },
	{ "snmp_name", NULL, CONF_KW_IGNORED },
	{ "nat_mask", NULL, CONF_KW_IGNORED },
	{ NULL, NULL, 0 }
};

static int rs_parse(struct lvs_vs *vs, struct lvs_rs *rs, struct conf_err *err)
{
	const struct conf_node *n = rs->node;

	if (addr_port(n, &rs->addr, &rs->port, err) < 0)
		return -EINVAL;
	rs->weight = 1;
	rs->d = vs->d;
	if (conf_walk(n->child, rs_kws, rs, err) < 0)
		return -EINVAL;
	if (rs->lthreshold && rs->uthreshold && rs->lthreshold > rs->uthreshold)
		return conf_error(err, n, n->kw, "lthreshold %u is above uthreshold %u",
				  rs->lthreshold, rs->uthreshold);
	return 0;
}

static const struct lvs_vsg *find_group(const struct lvs_conf *lc, const char *name)
{
	for (size_t i = 0; i < lc->nvsg; i++)
		if (strcmp(lc->vsg[i].name, name) == 0)
			return &lc->vsg[i];
	return NULL;
}

static bool group_has(const struct lvs_vsg *g, bool marks)
{
	for (size_t i = 0; g && i < g->n; i++)
		if ((g->e[i].kind == LVS_VSG_FWMARK) == marks)
			return true;
	return false;
}

/* A real or sorry server's port: keepalived gives a NAT server without a
 * port the virtual server's; with DR or TUN the port must be the virtual
 * server's (none for a fwmark). */
static void fix_port(const struct lvs_vs *vs, const struct conf_node *n, const char *what,
		     enum lvs_fwd fwd, uint16_t *port)
{
	if (vs->kind == LVS_VS_ADDR && *port == 0) {
		*port = vs->port;
	} else if (fwd != LVS_FWD_NAT && vs->kind == LVS_VS_FWMARK && *port) {
		conf_warn(n, "%s port %u is ignored with a fwmark and DR or TUN", what, *port);
		*port = 0;
	} else if (fwd != LVS_FWD_NAT && vs->kind == LVS_VS_ADDR && *port != vs->port) {
		conf_warn(n, "%s port %u is not the virtual server's %u, which DR and TUN "
			  "need: using %u", what, *port, vs->port, vs->port);
		*port = vs->port;
	}
}

/* keepalived's corrections of a virtual server that it accepts with a
 * warning (check_data.c, validate_check_config()): the same values, the
 * same warnings, through conf_warn(). */
static void vs_fixup(struct lvs_vs *vs)
{
	const struct conf_node *n = vs->node;
	bool addrs = vs->kind == LVS_VS_ADDR || group_has(vs->group, false);
	bool marks = vs->kind == LVS_VS_FWMARK || group_has(vs->group, true);
	unsigned total = 0;

	if (vs->ha_suspend && marks) {
		conf_warn(n, "ha_suspend does not work with fwmarks: cleared");
		vs->ha_suspend = false;
	}
	if (vs->ops && addrs && vs->protocol != IPPROTO_UDP) {
		conf_warn(n, "one-packet scheduling (ops) needs protocol UDP: cleared");
		vs->ops = false;
	}
	/* keepalived also warns that protocol is ignored with fwmarks; Debian's
	 * own fwmark sample sets it, so that warning would be noise here */
	if (!vs->persistent && addrs) {
		bool zero = vs->kind == LVS_VS_ADDR && vs->port == 0;

		for (size_t i = 0; vs->group && i < vs->group->n; i++)
			zero |= vs->group->e[i].kind != LVS_VSG_FWMARK && vs->group->e[i].port == 0;
		if (zero) {
			conf_warn(n, "port 0 needs persistence: persistence_timeout 360");
			vs->persistent = true;
			vs->persistence_timeout = 360;
		}
	}
	for (size_t i = 0; i < vs->nrs; i++) {
		total += vs->rs[i].weight;
		fix_port(vs, vs->rs[i].node, "real server", vs->rs[i].d.method.fwd, &vs->rs[i].port);
	}
	if (vs->has_sorry)
		fix_port(vs, n, "sorry server", vs->sorry_method.fwd, &vs->sorry_port);
	if (vs->nrs && vs->quorum > total) {
		conf_warn(n, "quorum %u is above the total weight of the real servers: %u",
			  vs->quorum, total);
		vs->quorum = total;
	}
	if (vs->hysteresis && vs->hysteresis >= vs->quorum) {
		unsigned h = vs->quorum ? vs->quorum - 1 : 0;

		conf_warn(n, "hysteresis %u is not below quorum %u: %u", vs->hysteresis,
			  vs->quorum, h);
		vs->hysteresis = h;
	}
}

static int vs_parse(const struct lvs_conf *lc, const struct conf_node *n, struct lvs_vs *vs,
		    struct conf_err *err)
{
	memset(vs, 0, sizeof(*vs));
	vs->node = n;
	snprintf(vs->sched, sizeof(vs->sched), "wlc");
	vs->granularity = -1;
	vs->protocol = IPPROTO_TCP;
	vs->quorum = 1;
	vs->d.delay_loop_us = 60 * SEC;
	vs->d.connect_timeout_us = 5 * SEC;
	vs->d.delay_before_retry_us = LVS_UNSET;
	vs->d.warmup_us = LVS_UNSET;
	vs->d.retry = -1;
	if (conf_nargs(n, 1, 2, err) < 0)
		return -EINVAL;
	if (strcmp(n->argv[1], "fwmark") == 0) {
		if (conf_nargs(n, 2, 2, err) < 0 ||
		    conf_uint(n, 2, 1, UINT32_MAX, &vs->fwmark, err) < 0)
			return -EINVAL;
		vs->kind = LVS_VS_FWMARK;
	} else if (strcmp(n->argv[1], "group") == 0) {
		if (conf_nargs(n, 2, 2, err) < 0)
			return -EINVAL;
		vs->kind = LVS_VS_GROUP;
		vs->group = find_group(lc, n->argv[2]);
		if (!vs->group)
			return conf_error(err, n, n->argv[2],
					  "no virtual_server_group named '%s'", n->argv[2]);
	} else {
		if (addr_port(n, &vs->addr, &vs->port, err) < 0)
			return -EINVAL;
		vs->kind = LVS_VS_ADDR;
	}
	if (conf_walk(n->child, vs_kws, vs, err) < 0)
		return -EINVAL;
	if (!vs->has_sorry_method)
		vs->sorry_method = vs->d.method;
	if (vs->granularity > (vs->kind == LVS_VS_ADDR && vs->addr.family == AF_INET ? 32 : 128))
		return conf_error(err, n, n->kw, "persistence_granularity %d is too long for IPv4",
				  vs->granularity);
	for (size_t i = 0; i < vs->nrs; i++)
		if (rs_parse(vs, &vs->rs[i], err) < 0)
			return -EINVAL;
	vs_fixup(vs);
	return 0;
}

/* ---- virtual_server_group ------------------------------------------------- */

/* A.B.C.D-E, A.B.C.D-E.F.G.H, ADDR/LEN, 2001:db8::1-ff, or one address */
static int vsg_range(const struct conf_node *n, struct lvs_vsg_entry *e, struct conf_err *err)
{
	const char *w = n->argv[0], *dash = strchr(w, '-'), *why = "bad address";
	char left[INET6_ADDRSTRLEN + 8];
	struct ipaddr a;

	if (!dash) {
		if (ipaddr_parse(w, &a, 0, &why) < 0)
			return conf_error(err, n, w, "'%s' in virtual_server_group: %s", w, why);
		e->first = e->last = a;
		if (a.prefixlen != ipaddr_len(&a) * 8) {
			size_t len = ipaddr_len(&a);

			e->kind = LVS_VSG_RANGE;
			for (size_t i = 0; i < len; i++) {
				int bits = a.prefixlen - (int)i * 8;
				uint8_t mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : 0xff << (8 - bits);

				e->first.bytes[i] &= mask;
				e->last.bytes[i] = e->first.bytes[i] | (uint8_t)~mask;
			}
		} else {
			e->kind = LVS_VSG_ADDR;
		}
		e->first.prefixlen = e->last.prefixlen = ipaddr_len(&a) * 8;
		return 0;
	}
	if ((size_t)(dash - w) >= sizeof(left))
		return conf_error(err, n, w, "'%s' in virtual_server_group: bad range", w);
	memcpy(left, w, dash - w);
	left[dash - w] = 0;
	if (ipaddr_parse(left, &e->first, IPADDR_NOPREFIX, &why) < 0)
		return conf_error(err, n, w, "'%s' in virtual_server_group: %s", w, why);
	e->kind = LVS_VSG_RANGE;
	e->last = e->first;
	if (ipaddr_parse(dash + 1, &a, IPADDR_NOPREFIX, NULL) == 0) {
		if (a.family != e->first.family)
			return conf_error(err, n, w, "'%s': range of two address families", w);
		e->last = a;
	} else {
		char *end;
		unsigned long v = strtoul(dash + 1, &end, e->first.family == AF_INET ? 10 : 16);

		if (!dash[1] || *end || dash[1] == '-' || dash[1] == '+' ||
		    v > (e->first.family == AF_INET ? 255ul : 0xfffful))
			return conf_error(err, n, w, "'%s' in virtual_server_group: bad range end",
					  w);
		if (e->first.family == AF_INET) {
			e->last.bytes[3] = v;
		} else {
			e->last.bytes[14] = v >> 8;
			e->last.bytes[15] = v & 0xff;
		}
	}
	if (memcmp(e->last.bytes, e->first.bytes, ipaddr_len(&e->first)) < 0)
		return conf_error(err, n, w, "'%s' in virtual_server_group: range ends before it starts",
				  w);
	return 0;
}

/* each statement of the group is an entry: the keyword is its address */
static int vsg_entry(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const fams[] = { "inet", "inet6", NULL };
	struct lvs_vsg *g = ctx;
	struct lvs_vsg_entry e = { .node = n }, *v;
	int k;

	if (strcmp(n->kw, "fwmark") == 0) {
		if (conf_nargs(n, 1, 2, err) < 0 ||
		    conf_uint(n, 1, 1, UINT32_MAX, &e.fwmark, err) < 0)
			return -EINVAL;
		e.kind = LVS_VSG_FWMARK;
		e.af = AF_INET;
		if (n->argc > 2) {
			if (conf_enum(n, 2, fams, &k, err) < 0)
				return -EINVAL;
			e.af = k ? AF_INET6 : AF_INET;
		}
	} else {
		if (conf_nargs(n, 0, 1, err) < 0 || vsg_range(n, &e, err) < 0)
			return -EINVAL;
		if (n->argc > 1 && conf_port(n, 1, &e.port, err) < 0)
			return -EINVAL;
		e.af = e.first.family;
	}
	v = realloc(g->e, (g->n + 1) * sizeof(*v));
	if (!v)
		return conf_error(err, n, NULL, "out of memory");
	g->e = v;
	g->e[g->n++] = e;
	return 0;
}

static int vsg_parse(const struct conf_node *n, struct lvs_vsg *g, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, vsg_entry, 0 } };

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (!n->block)
		return conf_error(err, n, n->kw, "'%s' needs a { } block", n->kw);
	g->name = n->argv[1];
	g->node = n;
	return conf_walk(n->child, any, g, err);
}

/* ---- top level ---------------------------------------------------------------- */

void lvsconf_free(struct lvs_conf *lc)
{
	if (!lc)
		return;
	for (size_t i = 0; i < lc->nvs; i++) {
		for (size_t k = 0; k < lc->vs[i].nrs; k++)
			free(lc->vs[i].rs[k].checks);
		free(lc->vs[i].rs);
	}
	free(lc->vs);
	for (size_t i = 0; i < lc->nvsg; i++)
		free(lc->vsg[i].e);
	free(lc->vsg);
	memset(lc, 0, sizeof(*lc));
}

static void *grow(void *v, size_t n, size_t size)
{
	return realloc(v, (n + 1) * size);
}

int lvsconf_parse(const struct conf_node *top, struct lvs_conf *out, struct conf_err *err)
{
	struct lvs_conf lc = { 0 };
	const struct conf_node *n;
	int r = 0;

	memset(out, 0, sizeof(*out));
	/* groups first: a virtual_server may name a group defined after it */
	for (n = conf_find(top, "virtual_server_group"); n && r == 0;
	     n = conf_find(n->next, "virtual_server_group")) {
		struct lvs_vsg *v = grow(lc.vsg, lc.nvsg, sizeof(*v));

		if (!v) {
			r = conf_error(err, n, NULL, "out of memory");
			break;
		}
		lc.vsg = v;
		memset(&lc.vsg[lc.nvsg], 0, sizeof(*v));
		r = vsg_parse(n, &lc.vsg[lc.nvsg++], err);
		for (size_t i = 0; r == 0 && i + 1 < lc.nvsg; i++)
			if (strcmp(lc.vsg[i].name, n->argv[1]) == 0)
				r = conf_error(err, n, n->argv[1],
					       "virtual_server_group '%s' defined twice", n->argv[1]);
	}
	for (n = conf_find(top, "virtual_server"); n && r == 0;
	     n = conf_find(n->next, "virtual_server")) {
		struct lvs_vs *v = grow(lc.vs, lc.nvs, sizeof(*v));

		if (!v) {
			r = conf_error(err, n, NULL, "out of memory");
			break;
		}
		lc.vs = v;
		if (!n->block) {
			r = conf_error(err, n, n->kw, "'%s' needs a { } block", n->kw);
			break;
		}
		r = vs_parse(&lc, n, &lc.vs[lc.nvs++], err);
	}
	if (r < 0) {
		lvsconf_free(&lc);
		return r;
	}
	*out = lc;
	return 0;
}
