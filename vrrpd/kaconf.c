/*
 * kaconf.c - keepalived.conf for vrrpd (see kaconf.h): the keyword tables.
 *
 * Every keyword vrrpd reads is in a table here: the top level, global_defs,
 * vrrp_instance and its sub-blocks.  Trackers, sync groups and script
 * security are handled by tconf.c's entries.  Keywords keepalived knows
 * and vrrpd does not implement are CONF_KW_UNSUPPORTED ("... is not
 * supported by vrrpd"), never silently dropped; vrrpd.conf(5) lists them.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/httpd.h"
#include "common/addr.h"
#include "common/conf.h"
#include "common/kakw.h"
#include "common/log.h"
#include "vrrpd/kaconf.h"
#include "vrrpd/tconf.h"

struct ictx {
	struct vrrpd_conf *c;
	struct vrrp_instance_conf ic;
	struct kaconf_extra *x;
};

/* ------------------------------------------------------------ helpers */

static int str_into(const struct conf_node *n, int i, char *out, size_t len,
		    struct conf_err *err)
{
	if (conf_nargs(n, i, i, err) < 0)
		return -EINVAL;
	if (strlen(n->argv[i]) >= len)
		return conf_error(err, n, n->argv[i], "'%s' too long", n->argv[i]);
	snprintf(out, len, "%s", n->argv[i]);
	return 0;
}

static int no_args(const struct conf_node *n, struct conf_err *err)
{
	return conf_nargs(n, 0, 1, err) < 0 ? -EINVAL : 0;
}

/* ------------------------------------------------------------ vrrp_instance */

static int i_state(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const names[] = { "MASTER", "BACKUP", "EQUAL", NULL };
	struct ictx *x = ctx;
	int v;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_enum(n, 1, names, &v, err) < 0)
		return -EINVAL;
	x->ic.init_master = v == 0;
	return 0;
}

static int i_interface(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;

	if (str_into(n, 1, x->ic.ifname, sizeof(x->ic.ifname), err) < 0)
		return -EINVAL;
	if (x->x->check_system && !if_nametoindex(x->ic.ifname))
		return conf_error(err, n, n->argv[1], "interface %s does not exist", n->argv[1]);
	return 0;
}

static int i_vrid(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	unsigned v;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_uint(n, 1, 1, 255, &v, err) < 0)
		return -EINVAL;
	x->ic.vrid = (uint8_t)v;
	return 0;
}

static int i_priority(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	unsigned v;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_uint(n, 1, 1, 255, &v, err) < 0)
		return -EINVAL;
	x->ic.priority = (uint8_t)v;
	return 0;
}

static int i_advert(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	uint64_t us;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_duration(n, 1, 10000, 255000000, &us, err) < 0)
		return -EINVAL;
	x->ic.adv_int_ms = (uint32_t)(us / 1000);
	return 0;
}

static int i_preempt(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	uint64_t us;

	if (!strcmp(n->kw, "nopreempt")) {
		x->ic.nopreempt = true;
		return no_args(n, err);
	}
	if (!strcmp(n->kw, "preempt")) {
		x->ic.nopreempt = false;
		return no_args(n, err);
	}
	if (conf_nargs(n, 1, 1, err) < 0 || conf_duration(n, 1, 0, 1000000000, &us, err) < 0)
		return -EINVAL;
	x->ic.preempt_delay_ms = (uint32_t)(us / 1000);
	return 0;
}

static int i_src(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;

	if (conf_nargs(n, 1, 1, err) < 0 ||
	    conf_ipaddr(n, 1, IPADDR_NOPREFIX, &x->ic.unicast_src, err) < 0)
		return -EINVAL;
	x->ic.has_unicast_src = true;
	return 0;
}

static int peer_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	const struct conf_node line = { .kw = "unicast_peer", .argc = 2,
		.argv = (char *[]){ (char *)"unicast_peer", n->argv[0], NULL },
		.quoted = n->quoted, .file = n->file, .line = n->line, .conf = n->conf };
	struct ipaddr a;

	if (n->argc > 1)
		return conf_error(err, n, n->argv[1], "'%s' in unicast_peer is not supported "
				  "by vrrpd", n->argv[1]);
	if (conf_ipaddr(&line, 1, IPADDR_NOPREFIX, &a, err) < 0)
		return -EINVAL;
	if (vrrp_conf_add_peer(&x->ic, &a) < 0)
		return conf_error(err, n, NULL, "out of memory");
	return 0;
}

static int i_peers(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, peer_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int a_type(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const char *const names[] = { "NONE", "PASS", "AH", NULL };
	struct ictx *x = ctx;
	int v;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_enum(n, 1, names, &v, err) < 0)
		return -EINVAL;
	if (v == 2)
		return conf_error(err, n, n->argv[1], "auth_type AH is not supported by vrrpd");
	x->ic.auth_type = v == 1 ? VRRP_AUTH_PASS : VRRP_AUTH_NONE;
	return 0;
}

static int a_pass(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	size_t len;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	len = strlen(n->argv[1]);
	if (len > VRRP_AUTH_LEN) {
		conf_warn(n, "auth_pass longer than %d characters: cut, as keepalived does",
			  VRRP_AUTH_LEN);
		len = VRRP_AUTH_LEN;
	}
	memset(x->ic.auth_pass, 0, sizeof(x->ic.auth_pass));
	memcpy(x->ic.auth_pass, n->argv[1], len);
	return 0;
}

static int i_auth(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "auth_type", a_type, 0 },
		{ "auth_pass", a_pass, 0 },
		{ NULL, NULL, 0 }
	};

	return conf_walk(n->child, kws, ctx, err);
}

/* "ADDR[/LEN] [dev IF] [label L] [scope S]" */
static int vip_words(const struct conf_node *n, char **w, int nw, struct vrrp_vip *v,
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

		if (i + 1 >= nw && (!strcmp(k, "dev") || !strcmp(k, "label") || !strcmp(k, "scope")))
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
		} else {
			return conf_error(err, n, k, "'%s' in a virtual address is not supported "
					  "by vrrpd", k);
		}
	}
	return 0;
}

static int vip_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	struct vrrp_vip v;

	if (vip_words(n, n->argv, n->argc, &v, err) < 0)
		return -EINVAL;
	if (vrrp_conf_add_vip(&x->ic, &v) < 0)
		return conf_error(err, n, NULL, "out of memory");
	return 0;
}

static int i_vips(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, vip_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int evip_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	struct kaconf_evip *e;
	struct vrrp_vip v;

	if (vip_words(n, n->argv, n->argc, &v, err) < 0)
		return -EINVAL;
	e = realloc(x->x->evips, (x->x->nevips + 1) * sizeof(*e));
	if (!e)
		return conf_error(err, n, NULL, "out of memory");
	x->x->evips = e;
	e = &x->x->evips[x->x->nevips++];
	snprintf(e->inst, sizeof(e->inst), "%s", x->ic.name);
	e->vip = v;
	return 0;
}

static int i_evips(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, evip_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int vroute_line(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	bool rule = !strcmp(n->parent->kw, "virtual_rules");
	struct kaconf_vroute *v;
	const char *why = "", *bad = "";
	int r;

	v = realloc(x->x->vroutes, (x->x->nvroutes + 1) * sizeof(*v));
	if (!v)
		return conf_error(err, n, NULL, "out of memory");
	x->x->vroutes = v;
	v = &x->x->vroutes[x->x->nvroutes];
	memset(v, 0, sizeof(*v));
	snprintf(v->inst, sizeof(v->inst), "%s", x->ic.name);
	v->rule = rule;
	r = rule ? vrule_parse(n->argv, n->argc, &v->rl, &why, &bad) :
		   vroute_parse(n->argv, n->argc, &v->route, &why, &bad);
	if (r < 0) {
		if (!strncmp(why, "is not supported", 16))
			return conf_error(err, n, bad, "'%s' %s", bad, why);
		return conf_error(err, n, bad, "%s: '%s': %s", n->parent->kw, bad, why);
	}
	if (!rule && v->route.dev[0] && x->x->check_system && !if_nametoindex(v->route.dev))
		return conf_error(err, n, v->route.dev, "interface %s does not exist",
				  v->route.dev);
	x->x->nvroutes++;
	return 0;
}

static int i_vroutes(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw any[] = { { NULL, vroute_line, 0 } };

	return conf_walk(n->child, any, ctx, err);
}

static int i_notify(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	char *cmd = NULL;
	int s, r;

	for (s = 0; s < VRRP_SCRIPT_MAX; s++)
		if (!strcmp(n->kw, vrrp_script_name((enum vrrp_script)s)))
			break;
	if (s == VRRP_SCRIPT_MAX)
		return conf_error(err, n, n->kw, "unknown keyword '%s'", n->kw);
	if (n->argc > 2 && !n->quoted[1])
		return conf_error(err, n, n->argv[2], "a run-as user on a notify line is not "
				  "supported by vrrpd (use global_defs script_user; quote a "
				  "command that has arguments)");
	if (conf_script(n, 1, &cmd, err) < 0)
		return -EINVAL;
	r = vrrp_conf_set_script(&x->ic, (enum vrrp_script)s, cmd);
	free(cmd);
	return r < 0 ? conf_error(err, n, NULL, "out of memory") : 0;
}

static int i_vmac(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;

	if (conf_nargs(n, 0, 1, err) < 0)
		return -EINVAL;
	x->ic.use_vmac = true;
	if (n->argc > 1)
		return str_into(n, 1, x->ic.vmac_ifname, sizeof(x->ic.vmac_ifname), err);
	return 0;
}

static int i_version(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	unsigned v;

	if (conf_nargs(n, 1, 1, err) < 0 || conf_uint(n, 1, 2, 3, &v, err) < 0)
		return -EINVAL;
	x->ic.version = (uint8_t)v;
	x->x->version_set = true;
	return 0;
}

static int i_accept(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;

	x->ic.accept = !strcmp(n->kw, "accept");
	return no_args(n, err);
}

static int i_garp(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	const char *k = n->kw;
	uint64_t us;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	if (!strcmp(k, "garp_master_delay"))
		return conf_uint(n, 1, 0, 1000, &x->ic.garp_master_delay_s, err);
	if (!strcmp(k, "garp_master_repeat"))
		return conf_uint(n, 1, 1, 1000, &x->ic.garp_master_repeat, err);
	if (!strcmp(k, "garp_master_refresh"))
		return conf_uint(n, 1, 0, 86400, &x->ic.garp_master_refresh_s, err);
	if (!strcmp(k, "garp_master_refresh_repeat"))
		return conf_uint(n, 1, 1, 1000, &x->ic.garp_refresh_repeat, err);
	if (!strcmp(k, "garp_interval") || !strcmp(k, "gna_interval")) {
		if (conf_duration(n, 1, 0, 1000000000ull, &us, err) < 0)
			return -EINVAL;
		if (!strcmp(k, "garp_interval"))
			x->ic.garp_interval_us = (uint32_t)us;
		else
			x->ic.gna_interval_us = (uint32_t)us;
		return 0;
	}
	if (!strcmp(k, "garp_lower_prio_repeat"))
		return conf_uint(n, 1, 0, 1000, &x->ic.garp_lower_prio_repeat, err);
	if (!strcmp(k, "garp_lower_prio_delay"))
		return conf_uint(n, 1, 0, 1000, &x->ic.garp_lower_prio_delay_s, err);
	return 0;
}

static int i_flag(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx *x = ctx;
	struct kaconf_iflag *f;

	if (conf_nargs(n, 0, 1, err) < 0)
		return -EINVAL;
	if (!strcmp(n->kw, "debug")) {
		conf_warn(n, "'debug' is accepted without effect: use vrrpd -v");
		return 0;
	}
	if (!strcmp(n->kw, "native_ipv6") || !strcmp(n->kw, "check_unicast_src"))
		return 0;	/* the family comes from the VIPs; peers are always checked */
	f = realloc(x->x->iflags, (x->x->niflags + 1) * sizeof(*f));
	if (!f)
		return conf_error(err, n, NULL, "out of memory");
	x->x->iflags = f;
	f = &x->x->iflags[x->x->niflags++];
	memset(f, 0, sizeof(*f));
	snprintf(f->inst, sizeof(f->inst), "%s", x->ic.name);
	f->dont_track_primary = !strcmp(n->kw, "dont_track_primary");
	f->promote_secondaries = !strcmp(n->kw, "promote_secondaries");
	return 0;
}

static int i_mail(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	(void)ctx;
	(void)err;
	return tconf_mail_key(n);
}

static int i_mcast_dst(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ipaddr a;
	char buf[IPADDR_STRLEN];

	(void)ctx;
	if (conf_nargs(n, 1, 1, err) < 0 || conf_ipaddr(n, 1, IPADDR_NOPREFIX, &a, err) < 0)
		return -EINVAL;
	ipaddr_fmt(&a, buf, sizeof(buf), false);
	if (strcmp(buf, "224.0.0.18") && strcmp(buf, "ff02::12"))
		return conf_error(err, n, n->argv[1], "mcast_dst_ip other than the RFC group "
				  "is not supported by vrrpd");
	return 0;
}

static const struct conf_kw inst_kws[] = {
	{ "state", i_state, 0 },
	{ "interface", i_interface, 0 },
	{ "virtual_router_id", i_vrid, 0 },
	{ "priority", i_priority, 0 },
	{ "advert_int", i_advert, 0 },
	{ "nopreempt", i_preempt, 0 },
	{ "preempt", i_preempt, 0 },
	{ "preempt_delay", i_preempt, 0 },
	{ "unicast_src_ip", i_src, 0 },
	{ "mcast_src_ip", i_src, 0 },
	{ "unicast_peer", i_peers, CONF_KW_BLOCK },
	{ "authentication", i_auth, CONF_KW_BLOCK },
	{ "virtual_ipaddress", i_vips, CONF_KW_BLOCK },
	{ "virtual_ipaddress_excluded", i_evips, CONF_KW_BLOCK },
	{ "notify_master", i_notify, 0 },
	{ "notify_backup", i_notify, 0 },
	{ "notify_fault", i_notify, 0 },
	{ "notify_stop", i_notify, 0 },
	{ "notify", i_notify, 0 },
	{ "notify_conflict", i_notify, 0 },
	{ "use_vmac", i_vmac, 0 },
	{ "version", i_version, 0 },
	{ "accept", i_accept, 0 },
	{ "no_accept", i_accept, 0 },
	{ "garp_master_delay", i_garp, 0 },
	{ "garp_master_repeat", i_garp, 0 },
	{ "garp_master_refresh", i_garp, 0 },
	{ "garp_master_refresh_repeat", i_garp, 0 },
	{ "garp_interval", i_garp, 0 },
	{ "gna_interval", i_garp, 0 },
	{ "garp_lower_prio_delay", i_garp, 0 },
	{ "garp_lower_prio_repeat", i_garp, 0 },
	{ "dont_track_primary", i_flag, 0 },
	{ "promote_secondaries", i_flag, 0 },
	{ "debug", i_flag, 0 },
	{ "native_ipv6", i_flag, 0 },
	{ "check_unicast_src", i_flag, 0 },
	{ "smtp_alert", i_mail, 0 },
	{ "mcast_dst_ip", i_mcast_dst, 0 },
	{ "track_script", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
	{ "track_interface", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
	{ "track_file", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
	{ "track_process", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
	{ "track_check", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
	/* keepalived features vrrpd does not implement: refused, listed in vrrpd.conf(5) */
	{ "virtual_routes", i_vroutes, CONF_KW_BLOCK },
	{ "virtual_rules", i_vroutes, CONF_KW_BLOCK },
	{ "track_bfd", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "track_src_ip", NULL, CONF_KW_UNSUPPORTED },
	/* read with global_defs' lvs_sync_daemon by lvssync_conf() */
	{ "lvs_sync_daemon_interface", NULL, CONF_KW_SKIP },
	{ "use_vmac_addr", NULL, CONF_KW_UNSUPPORTED },
	{ "vmac_xmit_base", NULL, CONF_KW_UNSUPPORTED },
	{ "use_ipvlan", NULL, CONF_KW_UNSUPPORTED },
	{ "vrf", NULL, CONF_KW_UNSUPPORTED },
	{ "unicast_ttl", NULL, CONF_KW_UNSUPPORTED },
	{ "unicast_fault_no_peer", NULL, CONF_KW_UNSUPPORTED },
	{ "old_unicast_checksum", NULL, CONF_KW_UNSUPPORTED },
	{ "down_timer_adverts", NULL, CONF_KW_UNSUPPORTED },
	{ "lower_prio_no_advert", NULL, CONF_KW_UNSUPPORTED },
	{ "higher_prio_send_advert", NULL, CONF_KW_UNSUPPORTED },
	{ "kernel_rx_buf_size", NULL, CONF_KW_UNSUPPORTED },
	{ "notify_deleted", NULL, CONF_KW_UNSUPPORTED },
	{ "notify_master_rx_lower_pri", NULL, CONF_KW_UNSUPPORTED },
	{ "notify_priority_changes", NULL, CONF_KW_UNSUPPORTED },
	{ "strict_mode", NULL, CONF_KW_UNSUPPORTED },
	{ "skip_check_adv_addr", NULL, CONF_KW_IGNORED },
	{ "linkbeat_use_polling", NULL, CONF_KW_UNSUPPORTED },
	{ NULL, NULL, 0 }
};

static int kw_instance(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct ictx x = { .x = NULL };
	struct kaconf_extra *ex = ctx;
	const struct tglobals *g = &ex->c->tc.g;
	int r;

	if (conf_nargs(n, 1, 1, err) < 0)
		return -EINVAL;
	x.c = ex->c;
	x.x = ex;
	ex->version_set = false;
	vrrp_conf_init(&x.ic);
	if (strlen(n->argv[1]) >= sizeof(x.ic.name))
		return conf_error(err, n, n->argv[1], "instance name too long");
	snprintf(x.ic.name, sizeof(x.ic.name), "%s", n->argv[1]);
	for (unsigned i = 0; i < ex->c->ninst; i++)
		if (!strcmp(ex->c->inst[i].name, x.ic.name))
			return conf_error(err, n, n->argv[1], "vrrp_instance %s defined twice",
					  x.ic.name);
	/* global_defs give the defaults (they come first in the file, as in
	 * keepalived, which reads global_defs before anything else) */
	if (g->vrrp_version)
		x.ic.version = (uint8_t)g->vrrp_version;
	if (g->v3_checksum_as_v2)
		x.ic.v3_csum = PKT_CSUM_PLAIN;
	if (g->garp_delay_set)
		x.ic.garp_master_delay_s = g->garp_master_delay_s;
	if (g->garp_repeat_set)
		x.ic.garp_master_repeat = g->garp_master_repeat;
	if (g->garp_refresh_set)
		x.ic.garp_master_refresh_s = g->garp_master_refresh_s;
	if (g->garp_refresh_repeat_set)
		x.ic.garp_refresh_repeat = g->garp_refresh_repeat;
	if (g->garp_interval_set)
		x.ic.garp_interval_us = g->garp_interval_us;
	if (g->gna_interval_set)
		x.ic.gna_interval_us = g->gna_interval_us;
	if (g->conflict_probe_set)
		x.ic.conflict_probe_s = g->conflict_probe_s;
	/* as keepalived: the lower-priority bursts default to the global
	 * repeat and delay, not to the instance's own */
	x.ic.garp_lower_prio_repeat = g->lower_prio_repeat_set ? g->lower_prio_repeat :
				      g->garp_repeat_set ? g->garp_master_repeat : 5;
	x.ic.garp_lower_prio_delay_s = g->lower_prio_delay_set ? g->lower_prio_delay_s :
				       g->garp_delay_set ? g->garp_master_delay_s : 5;
	r = conf_walk(n->child, inst_kws, &x, err);
	if (r == 0) {
		char e[256], w[256];

		if (vrrp_conf_check(&x.ic, e, sizeof(e), w, sizeof(w)) < 0)
			r = conf_error(err, n, n->argv[1], "vrrp_instance %s: %s", x.ic.name, e);
		else if (w[0])
			conf_warn(n, "vrrp_instance %s: %s", x.ic.name, w);
	}
	if (r == 0 && vrrpd_conf_add(ex->c, &x.ic) < 0)
		r = conf_error(err, n, NULL, "out of memory");
	if (r < 0)
		vrrp_conf_free(&x.ic);
	return r;
}

/* ------------------------------------------------------------ global_defs */

static int g_router_id(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct kaconf_extra *ex = ctx;

	return str_into(n, 1, ex->c->router_id, sizeof(ex->c->router_id), err);
}

static int g_metrics(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	struct kaconf_extra *ex = ctx;
	struct sockaddr_storage ss;
	socklen_t len;
	const char *why;
	int r;

	if ((r = str_into(n, 1, ex->c->metrics_listen, sizeof(ex->c->metrics_listen), err)) < 0)
		return r;
	if (httpd_addr_parse(ex->c->metrics_listen, &ss, &len, &why) < 0)
		return conf_error(err, n, n->argv[1], "%s", why);
	return 0;
}

static int g_other(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	(void)ctx;
	for (int i = 0; tconf_global_keys[i]; i++)
		if (!strcmp(n->kw, tconf_global_keys[i]))
			return tconf_kw_global(n, ctx, err);
	/* a typo, or a key of another program (lvs_*, checker_*, snmp, dbus...) */
	if (kakw_global_other(n, err) < 0)
		return -EINVAL;
	if (!strncmp(n->kw, "vrrp_", 5))
		return conf_error(err, n, n->kw, "'%s' is not supported by vrrpd", n->kw);
	log_debug("%s:%d: global_defs %s: not vrrpd's, skipped", n->file, n->line, n->kw);
	return 0;
}

static int kw_global(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "router_id", g_router_id, 0 },
		{ "vrrpd_metrics_listen", g_metrics, 0 },
		{ NULL, g_other, CONF_KW_MAYBLOCK },
	};

	return conf_walk(n->child, kws, ctx, err);
}

/* ------------------------------------------------------------ top level */

/* another program's block (SSL, child_wait_time...), or a typo */
static int kw_other(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	(void)ctx;
	if (kakw_top_other(n, err) < 0)
		return -EINVAL;
	log_debug("%s:%d: %s: not vrrpd's, skipped", n->file, n->line, n->kw);
	return 0;
}

static const struct conf_kw top_kws[] = {
	{ "global_defs", kw_global, CONF_KW_BLOCK },
	{ "vrrp_instance", kw_instance, CONF_KW_BLOCK },
	{ "vrrp_script", tconf_kw_vrrp_script, CONF_KW_BLOCK },
	{ "track_file", tconf_kw_track_file, CONF_KW_BLOCK },
	{ "vrrp_track_file", tconf_kw_track_file, CONF_KW_BLOCK },
	{ "vrrp_track_process", tconf_kw_track_process, CONF_KW_BLOCK },
	{ "vrrp_sync_group", tconf_kw_sync_group, CONF_KW_BLOCK },
	/* hcheckd's and ipvsctl's */
	{ "virtual_server", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
	{ "virtual_server_group", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
	{ "real_server", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
	{ "check", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },	/* hcheckd's named checks */
	{ "linkbeat_interfaces", NULL, CONF_KW_SKIP | CONF_KW_MAYBLOCK },
	/* keepalived's, not implemented */
	{ "static_ipaddress", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "static_routes", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "static_rules", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "garp_group", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "bfd_instance", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "net_namespace", NULL, CONF_KW_UNSUPPORTED },
	{ "net_namespace_ipvs", NULL, CONF_KW_UNSUPPORTED },
	{ "namespace_with_ipsets", NULL, CONF_KW_UNSUPPORTED },
	{ "instance", NULL, CONF_KW_UNSUPPORTED },
	{ "use_pid_dir", NULL, CONF_KW_UNSUPPORTED },
	{ "track_group", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "interface_up_down_delays", NULL, CONF_KW_UNSUPPORTED | CONF_KW_MAYBLOCK },
	{ "linkbeat_use_polling", NULL, CONF_KW_UNSUPPORTED },
	{ NULL, kw_other, CONF_KW_MAYBLOCK }
};

/* lvs_sync_daemon: both forms, its instance must exist (keepalived only
 * warns and drops the setting; a typo would silently lose every
 * connection at failover), its sync id defaults to that instance's VRID */
static int sync_daemon(const struct conf *cf, struct vrrpd_conf *c, struct conf_err *e)
{
	struct lvssync *s = &c->x.lvssync;

	if (lvssync_conf(cf->root, s, e) < 0)
		return -EINVAL;
	if (!s->set || !s->instance[0])
		return 0;
	for (unsigned i = 0; i < c->ninst; i++)
		if (!strcmp(c->inst[i].name, s->instance)) {
			if (s->syncid < 0)
				s->syncid = c->inst[i].vrid;
			return 0;
		}
	memset(e, 0, sizeof(*e));
	snprintf(e->file, sizeof(e->file), "%s", s->file);
	e->line = s->line;
	snprintf(e->word, sizeof(e->word), "%s", s->instance);
	snprintf(e->msg, sizeof(e->msg), "lvs_sync_daemon: no vrrp_instance named '%s'", s->instance);
	return -EINVAL;
}

void kaconf_extra_free(struct kaconf_extra *x)
{
	if (!x)
		return;
	free(x->evips);
	free(x->iflags);
	free(x->vroutes);
	x->vroutes = NULL;
	x->nvroutes = 0;
	x->evips = NULL;
	x->iflags = NULL;
	x->nevips = x->niflags = 0;
}

int kaconf_load(const char *path, struct vrrpd_conf *c, char *err, size_t errlen)
{
	return kaconf_load2(path, c, NULL, true, err, errlen);
}

int kaconf_load2(const char *path, struct vrrpd_conf *c, const char *instance_id,
		 bool check_system, char *err, size_t errlen)
{
	struct conf_options o = { .instance = instance_id };
	struct conf *cf = NULL;
	struct conf_err e;
	int r;

	r = conf_load(path, &o, &cf, &e);
	if (r < 0) {
		conf_err_fmt(&e, err, errlen);
		return r;
	}
	r = kaconf_parse(cf, path, c, check_system, err, errlen);
	conf_free(cf);
	return r;
}

int kaconf_parse(const struct conf *cf, const char *path, struct vrrpd_conf *c,
		 bool check_system, char *err, size_t errlen)
{
	struct tconf_inst *ti = NULL;
	struct conf_err e;
	int r;

	c->x.c = c;
	c->x.check_system = check_system;
	tconf_begin(&c->tc);
	r = conf_walk(cf->root, top_kws, &c->x, &e);
	if (r == 0 && c->ninst) {
		ti = calloc(c->ninst, sizeof(*ti));
		if (!ti)
			r = -ENOMEM;
		for (unsigned i = 0; ti && i < c->ninst; i++) {
			ti[i].name = c->inst[i].name;
			ti[i].priority = c->inst[i].priority;
		}
	}
	if (r == 0)
		r = tconf_end(&c->tc, ti, c->ninst, check_system, &e);
	for (unsigned i = 0; r == 0 && check_system && i < c->tc.nowners; i++)
		for (unsigned k = 0; k < c->tc.owners[i].nrefs; k++) {
			const struct tref *t = &c->tc.owners[i].refs[k];

			if (t->kind == TRACK_IFACE && !if_nametoindex(t->name))
				log_warnx("%s: track_interface %s does not exist (yet): down "
					  "until it appears", t->where, t->name);
		}
	if (r == 0)
		r = sync_daemon(cf, c, &e);
	if (r == 0 && !c->ninst) {
		snprintf(err, errlen, "%s: no vrrp_instance configured", path);
		r = -EINVAL;
	} else if (r < 0) {
		if (r == -ENOMEM)
			snprintf(err, errlen, "%s: out of memory", path);
		else
			conf_err_fmt(&e, err, errlen);
	}
	if (r == 0 && c->tc.g.notify_fifo[0] && !c->notify_fifo[0])
		snprintf(c->notify_fifo, sizeof(c->notify_fifo), "%s", c->tc.g.notify_fifo);
	if (r == 0 && c->tc.script_user[0])
		snprintf(c->script_user, sizeof(c->script_user), "%s", c->tc.script_user);
	free(ti);
	return r;
}
