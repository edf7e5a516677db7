/*
 * lvsconf.c - virtual_server, virtual_server_group and real_server blocks
 * into struct lvs_conf, and from there into IPVS services and destinations
 * (see lvsconf.h).  Keywords and defaults follow keepalived.conf(5).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/lvsconf.h"

#define SEC 1000000ull
#define MAX_SERVICES 65536

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
	if (conf_nargs(n, 1, 3, err) < 0)
		return -EINVAL;
	s->cmd = n->argv[1];
	s->user = n->argc > 2 ? n->argv[2] : NULL;
	s->group = n->argc > 3 ? n->argv[3] : NULL;
	return 0;
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
	if (n->argc > 1 && conf_uint(n, 1, 0, UINT32_MAX / 2, &t, err) < 0)
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
	if (vs->kind == LVS_VS_ADDR && vs->port == 0 && !vs->persistent)
		return conf_error(err, n, n->argv[1],
				  "a virtual_server without a port must be persistent "
				  "(persistence_timeout)");
	if (vs->granularity > (vs->kind == LVS_VS_ADDR && vs->addr.family == AF_INET ? 32 : 128))
		return conf_error(err, n, n->kw, "persistence_granularity %d is too long for IPv4",
				  vs->granularity);
	for (size_t i = 0; i < vs->nrs; i++)
		if (rs_parse(vs, &vs->rs[i], err) < 0)
			return -EINVAL;
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

/* ---- to IPVS ------------------------------------------------------------------ */

static uint32_t fwd_flags(const struct lvs_method *m)
{
	switch (m->fwd) {
	case LVS_FWD_DR:
		return IP_VS_CONN_F_DROUTE;
	case LVS_FWD_TUN:
		return IP_VS_CONN_F_TUNNEL;
	default:
		return IP_VS_CONN_F_MASQ;
	}
}

static void service_common(const struct lvs_vs *vs, int af, struct ipvs_service *s)
{
	int plen = vs->granularity;

	s->af = af;
	snprintf(s->sched, sizeof(s->sched), "%s", vs->sched);
	snprintf(s->pe, sizeof(s->pe), "%s", vs->pe);
	s->flags = vs->sched_flags;
	if (vs->persistent)
		s->flags |= IP_VS_SVC_F_PERSISTENT;
	if (vs->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	s->timeout = vs->persistent ? vs->persistence_timeout : 0;
	if (af == AF_INET6) {
		s->netmask = plen < 0 ? 128 : (uint32_t)plen;
	} else {
		if (plen < 0 || plen > 32)
			plen = 32;
		s->netmask = htonl(plen ? ~0u << (32 - plen) : 0);
	}
}

static void service_addr(const struct lvs_vs *vs, const struct ipaddr *a, uint16_t port,
			 struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	service_common(vs, a->family, s);
	s->protocol = vs->protocol;
	memcpy(s->addr, a->bytes, ipaddr_len(a));
	s->port = port;
}

static void service_fwmark(const struct lvs_vs *vs, uint32_t mark, int af,
			   struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	service_common(vs, af, s);
	s->fwmark = mark;
}

/* the address family of a fwmark service: ip_family, else the real
 * servers' (the first one's), else IPv4 */
static int fwmark_af(const struct lvs_vs *vs, int entry_af)
{
	if (vs->af)
		return vs->af;
	if (entry_af)
		return entry_af;
	if (vs->nrs)
		return vs->rs[0].addr.family;
	return AF_INET;
}

int lvs_vs_service(const struct lvs_vs *vs, struct ipvs_service *out)
{
	switch (vs->kind) {
	case LVS_VS_ADDR:
		service_addr(vs, &vs->addr, vs->port, out);
		return 0;
	case LVS_VS_FWMARK:
		service_fwmark(vs, vs->fwmark, fwmark_af(vs, 0), out);
		return 0;
	default:
		return -EINVAL;
	}
}

/* a += 1, big-endian over len bytes */
static void addr_inc(struct ipaddr *a)
{
	for (int i = (int)ipaddr_len(a) - 1; i >= 0; i--)
		if (++a->bytes[i] != 0)
			break;
}

int lvs_vs_services(const struct lvs_vs *vs, struct ipvs_service **out, size_t *n,
		    struct conf_err *err)
{
	struct ipvs_service *v = NULL;
	size_t cnt = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (vs->kind != LVS_VS_GROUP) {
		if (!(v = calloc(1, sizeof(*v))))
			return -ENOMEM;
		lvs_vs_service(vs, v);
		*out = v;
		*n = 1;
		return 0;
	}
	for (size_t i = 0; i < vs->group->n; i++) {
		const struct lvs_vsg_entry *e = &vs->group->e[i];
		struct ipaddr a = e->first;

		for (;;) {
			if (cnt == cap) {
				struct ipvs_service *nv;

				if (cap >= MAX_SERVICES) {
					free(v);
					return conf_error(err, e->node, e->node->kw,
							  "virtual_server_group '%s' gives more than %d services",
							  vs->group->name, MAX_SERVICES);
				}
				cap = cap ? 2 * cap : 8;
				if (!(nv = realloc(v, cap * sizeof(*nv)))) {
					free(v);
					return -ENOMEM;
				}
				v = nv;
			}
			if (e->kind == LVS_VSG_FWMARK) {
				service_fwmark(vs, e->fwmark, fwmark_af(vs, e->node->argc > 2 ? e->af : 0),
					       &v[cnt++]);
				break;
			}
			service_addr(vs, &a, e->port, &v[cnt++]);
			if (memcmp(a.bytes, e->last.bytes, ipaddr_len(&a)) == 0)
				break;
			addr_inc(&a);
		}
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void dest(const struct ipaddr *a, uint16_t port, const struct lvs_method *m, int weight,
		 struct ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	d->af = a->family;
	memcpy(d->addr, a->bytes, ipaddr_len(a));
	d->port = port;
	d->fwd = fwd_flags(m);
	d->weight = weight;
	if (m->fwd == LVS_FWD_TUN) {
		static const uint8_t types[] = {
			[LVS_TUN_IPIP] = IP_VS_CONN_F_TUNNEL_TYPE_IPIP,
			[LVS_TUN_GUE] = IP_VS_CONN_F_TUNNEL_TYPE_GUE,
			[LVS_TUN_GRE] = IP_VS_CONN_F_TUNNEL_TYPE_GRE,
		};

		d->tun_type = types[m->tun_type];
		d->tun_port = m->tun_port;
		d->tun_flags = m->tun_flags;
	}
}

void lvs_rs_dest(const struct lvs_vs *vs, const struct lvs_rs *rs, struct ipvs_dest *out)
{
	/* a real server without a port takes the virtual server's */
	dest(&rs->addr, rs->port ? rs->port : (vs->kind == LVS_VS_ADDR ? vs->port : 0),
	     &rs->d.method, rs->weight, out);
	out->u_thresh = rs->uthreshold;
	out->l_thresh = rs->lthreshold;
}

void lvs_sorry_dest(const struct lvs_vs *vs, struct ipvs_dest *out)
{
	dest(&vs->sorry_addr, vs->sorry_port ? vs->sorry_port :
	     (vs->kind == LVS_VS_ADDR ? vs->port : 0), &vs->sorry_method, 1, out);
}
