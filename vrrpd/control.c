/*
 * control.c - the verbs of vrrpd's control socket (DESIGN.md "Control
 * sockets"): status, show instances [json], show stats [json], watch,
 * is-master NAME.  Text and JSON come from the same walk.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/json.h"
#include "vrrpd/daemon.h"
#include "vrrpd/ipvssync.h"
#include "vrrpd/sock.h"
#include "vrrpd/tracking.h"
#include "common/log.h"
#include "common/script.h"

static int v_status(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct vrrpd *d = arg;
	unsigned n = 0, m = 0;
	char sync[200];

	if (argc != 1)
		return ctl_error(c, "usage: status");
	for (struct vrrp_instance *in = d->env.instances; in; in = in->next) {
		n++;
		m += in->vr.state == VR_MASTER;
	}
	ctl_printf(c, "pid %d\n", (int)getpid());
	ctl_printf(c, "uptime %llu s\n",
		   (unsigned long long)((loop_now_us() - d->started_us) / 1000000u));
	if (d->conf.router_id[0])
		ctl_printf(c, "router_id %s\n", d->conf.router_id);
	ctl_printf(c, "instances %u\n", n);
	ctl_printf(c, "master %u\n", m);
	ctl_printf(c, "events %llu\n", (unsigned long long)d->events);
	ctl_printf(c, "sync_daemon %s\n", ipvssync_show(d, sync, sizeof(sync)));
	return 0;
}

static void vips_text(struct ctl_conn *c, const struct vrrp_instance *in)
{
	char buf[IPADDR_STRLEN];

	for (unsigned i = 0; i < in->conf.nvips; i++)
		ctl_printf(c, "%s%s", i ? "," : "",
			   ipaddr_fmt(&in->conf.vips[i].addr, buf, sizeof(buf), true));
}

static int v_show_instances(struct ctl_conn *c, struct vrrpd *d, bool js)
{
	char src[IPADDR_STRLEN], mas[IPADDR_STRLEN], buf[IPADDR_STRLEN];
	struct json j;

	for (struct vrrp_instance *in = d->env.instances; in; in = in->next) {
		const struct vr *vr = &in->vr;

		ipaddr_fmt(&in->src, src, sizeof(src), false);
		if (vr->state == VR_MASTER)
			snprintf(mas, sizeof(mas), "%s", src);
		else if (vr->master.family)
			ipaddr_fmt(&vr->master, mas, sizeof(mas), false);
		else
			snprintf(mas, sizeof(mas), "-");
		if (!js) {
			ctl_printf(c, "%s %s vrid %u v%u %s prio %u base %u adv %u ms master %s "
				   "src %s vips ", in->conf.name, in->conf.ifname, in->conf.vrid,
				   in->conf.version, fsm_state_name(vr->state), vr->eff_prio,
				   vr->base_prio, vr->master_adv_int_cs * 10u, mas, src);
			vips_text(c, in);
			ctl_printf(c, "\n");
			continue;
		}
		json_init(&j, ctl_stream(c));
		json_obj_begin(&j);
		json_kv_str(&j, "name", in->conf.name);
		json_kv_str(&j, "interface", in->conf.ifname);
		json_kv_uint(&j, "vrid", in->conf.vrid);
		json_kv_str(&j, "family", in->conf.family == AF_INET6 ? "inet6" : "inet");
		json_kv_uint(&j, "version", in->conf.version);
		json_kv_str(&j, "state", fsm_state_name(vr->state));
		json_kv_uint(&j, "priority", vr->eff_prio);
		json_kv_uint(&j, "base_priority", vr->base_prio);
		json_kv_uint(&j, "advert_ms", in->conf.adv_int_ms);
		json_kv_uint(&j, "master_advert_ms", vr->master_adv_int_cs * 10u);
		json_kv_bool(&j, "preempt", vr->preempt);
		json_kv_uint(&j, "preempt_delay_ms", vr->preempt_delay_ms);
		json_kv_str(&j, "source", src);
		json_kv_str(&j, "master", mas);
		json_kv_uint(&j, "master_priority", vr->state == VR_MASTER ? vr->eff_prio : vr->master_prio);
		json_kv_bool(&j, "unicast", in->conf.npeers > 0);
		json_kv_bool(&j, "vmac", in->conf.use_vmac);
		if (in->conf.use_vmac)
			json_kv_str(&j, "vmac_interface", in->vmac_name);
		json_kv_str(&j, "checksum_tx", in->conf.version == 2 ? "plain" :
			    in->conf.family == AF_INET6 || in->conf.v3_csum == PKT_CSUM_PSEUDO
			    ? "pseudo" : "plain");
		json_kv_str(&j, "checksum_rx", in->last_csum);
		json_key(&j, "fault");
		json_arr_begin(&j);
		if (in->fault & VRRP_FAULT_LINK)
			json_str(&j, "link");
		if (in->fault & VRRP_FAULT_NOADDR)
			json_str(&j, "address");
		if (in->fault & VRRP_FAULT_TRACK)
			json_str(&j, "track");
		json_arr_end(&j);
		json_key(&j, "vips");
		json_arr_begin(&j);
		for (unsigned i = 0; i < in->conf.nvips; i++)
			json_str(&j, ipaddr_fmt(&in->conf.vips[i].addr, buf, sizeof(buf), true));
		json_arr_end(&j);
		json_obj_end(&j);	/* ends the line */
	}
	return 0;
}

struct counter {
	const char *name;
	uint64_t v;
};

static int v_show_stats(struct ctl_conn *c, struct vrrpd *d, bool js)
{
	const char *cn[CTL_NSTATS];
	uint64_t cv[CTL_NSTATS];
	struct json j;

	for (struct vrrp_instance *in = d->env.instances; in; in = in->next) {
		const struct fsm_stats *f = &in->vr.st;
		const struct vrrp_stats *s = &in->st;
		struct counter cs[] = {
			{ "become_master", f->become_master },
			{ "release_master", f->release_master },
			{ "transitions", f->transitions },
			{ "adverts_rx", f->adverts_rx },
			{ "adverts_tx", f->adverts_tx },
			{ "prio0_rx", f->prio0_rx },
			{ "prio0_tx", f->prio0_tx },
			{ "lower_prio_rx", f->lower_prio_rx },
			{ "addr_list_mismatch", s->rx_addr_mismatch },
			{ "rx_checksum_plain", s->rx_csum_plain },
			{ "rx_checksum_pseudo", s->rx_csum_pseudo },
			{ "tx_errors", s->tx_errors },
			{ "garp_sent", s->garp_sent },
			{ "garp_errors", s->garp_errors },
			{ "vip_add_errors", s->vip_add_errors },
			{ "vip_readded", s->vip_readded },
			{ "conflicts", f->conflicts },
			{ "conflict_probes", s->conflict_probes },
			{ "stale_removed", s->stale_removed },
		};

		if (js) {
			json_init(&j, ctl_stream(c));
			json_obj_begin(&j);
			json_kv_str(&j, "name", in->conf.name);
			for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
				json_kv_uint(&j, cs[i].name, cs[i].v);
			json_key(&j, "rx_drop");
			json_obj_begin(&j);
			for (int e = 1; e < PKT_ERR_MAX; e++)
				json_kv_uint(&j, pkt_err_name(e), s->rx_drop[e]);
			json_obj_end(&j);
			json_obj_end(&j);	/* ends the line */
			continue;
		}
		ctl_printf(c, "%s", in->conf.name);
		for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++)
			ctl_printf(c, " %s %llu", cs[i].name, (unsigned long long)cs[i].v);
		for (int e = 1; e < PKT_ERR_MAX; e++)
			ctl_printf(c, " drop_%s %llu", pkt_err_name(e),
				   (unsigned long long)s->rx_drop[e]);
		ctl_printf(c, "\n");
	}
	/* what reached a socket but no instance, and the control socket */
	ctl_stats(d->ctl, cn, cv);
	if (js) {
		json_init(&j, ctl_stream(c));
		json_obj_begin(&j);
		json_kv_str(&j, "name", "*");
		json_kv_uint(&j, "events", d->events);
		json_kv_uint(&j, "fifo_drops", d->fifo_drops);
		json_kv_uint(&j, "scripts_run", d->scripts_run);
		json_kv_uint(&j, "scripts_failed", d->scripts_failed);
		json_kv_uint(&j, "scripts_timed_out", d->scripts_timed_out);
		json_kv_uint(&j, "scripts_dropped", d->scripts_dropped);
		json_kv_uint(&j, "scripts_running", script_running());
		for (int i = 0; i < CTL_NSTATS; i++)
			json_kv_uint(&j, cn[i], cv[i]);
		json_key(&j, "rx_drop");
		json_obj_begin(&j);
		for (int e = 1; e < PKT_ERR_MAX; e++)
			json_kv_uint(&j, pkt_err_name(e), vrrp_sock_drops[e]);
		json_obj_end(&j);
		json_obj_end(&j);	/* ends the line */
		return 0;
	}
	ctl_printf(c, "* events %llu fifo_drops %llu scripts_run %llu scripts_failed %llu "
		   "scripts_timed_out %llu scripts_dropped %llu scripts_running %u",
		   (unsigned long long)d->events, (unsigned long long)d->fifo_drops,
		   (unsigned long long)d->scripts_run, (unsigned long long)d->scripts_failed,
		   (unsigned long long)d->scripts_timed_out,
		   (unsigned long long)d->scripts_dropped, script_running());
	for (int i = 0; i < CTL_NSTATS; i++)
		ctl_printf(c, " %s %llu", cn[i], (unsigned long long)cv[i]);
	for (int e = 1; e < PKT_ERR_MAX; e++)
		ctl_printf(c, " drop_%s %llu", pkt_err_name(e), (unsigned long long)vrrp_sock_drops[e]);
	ctl_printf(c, "\n");
	return 0;
}

static int v_show(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	bool js = argc == 3 && !strcmp(argv[2], "json");

	if (argc == 2 && !strcmp(argv[1], "metrics")) {
		vrrpd_metrics(ctl_stream(c), arg);
		return 0;
	}

	if (argc < 2 || argc > 3 || (argc == 3 && !js))
		return ctl_error(c, "usage: show instances|stats [json] | show trackers | show metrics");
	if (!strcmp(argv[1], "instances"))
		return v_show_instances(c, arg, js);
	if (!strcmp(argv[1], "stats"))
		return v_show_stats(c, arg, js);
	if (!strcmp(argv[1], "trackers") && !js) {
		tracking_show(((struct vrrpd *)arg)->trk, ctl_stream(c));
		return 0;
	}
	return ctl_error(c, "usage: show instances|stats [json] | show trackers | show metrics");
}

static int v_watch(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	if (argc != 1)
		return ctl_error(c, "usage: watch");
	ctl_watch(c);
	return 0;
}

static int v_is_master(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct vrrp_instance *in;

	if (argc != 2)
		return ctl_error(c, "usage: is-master NAME");
	if (!(in = vrrpd_find(arg, argv[1])))
		return ctl_error(c, "no instance %s", argv[1]);
	if (in->vr.state != VR_MASTER)
		return ctl_error(c, "%s is %s", argv[1], fsm_state_name(in->vr.state));
	return 0;
}

static int v_reload(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	char err[1024];

	if (argc != 1)
		return ctl_error(c, "usage: reload");
	if (vrrpd_reload(arg, err, sizeof(err)) < 0) {
		log_warnx("reload failed, the running configuration is kept: %s", err);
		return ctl_error(c, "reload failed, running configuration kept: %s", err);
	}
	ctl_printf(c, "%s\n", err);
	return 0;
}

const struct ctl_verb vrrpd_verbs[] = {
	{ "reload", v_reload, true },
	{ "status", v_status, false },
	{ "show", v_show, false },
	{ "watch", v_watch, false },
	{ "is-master", v_is_master, false },
	{ 0 },
};
