/*
 * reload.c - SIGHUP and "vrrpd ctl reload": parse the whole file first,
 * then apply the difference.
 *
 * Instances are matched by (interface, VRID, family, unicast source), not
 * by name.  A matched instance whose advert-visible shape (addresses,
 * interval, version, authentication, peers, VMAC) is unchanged keeps its
 * state, timers and VIPs; its name, scripts, priority, preemption and GARP
 * settings are updated in place.  A reload sends no advert of its own: a
 * master's next advert, on its Adver_Timer, carries a new priority, as
 * after a tracker's change (every advert goes through the state machine,
 * fsm.c, which counts it).  Any other instance is new (it starts in BACKUP,
 * as at startup) or removed (priority-0 advert, VIPs released, STOP
 * notified).
 * Tracker states carry over (tracking.c), so an unchanged file causes no
 * transition at all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrpd/daemon.h"
#include "vrrpd/ipvssync.h"
#include "vrrpd/kaconf.h"
#include "vrrpd/tracking.h"

static bool same_key(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	return !strcmp(a->ifname, b->ifname) && a->vrid == b->vrid && a->family == b->family &&
	       a->has_unicast_src == b->has_unicast_src &&
	       (!a->has_unicast_src || ipaddr_same(&a->unicast_src, &b->unicast_src));
}

static bool same_shape(const struct vrrp_instance_conf *a, const struct vrrp_instance_conf *b)
{
	if (a->nvips != b->nvips || a->npeers != b->npeers || a->adv_int_ms != b->adv_int_ms ||
	    a->version != b->version || a->auth_type != b->auth_type ||
	    memcmp(a->auth_pass, b->auth_pass, sizeof(a->auth_pass)) ||
	    a->use_vmac != b->use_vmac || strcmp(a->vmac_ifname, b->vmac_ifname) ||
	    a->v3_csum != b->v3_csum || a->accept != b->accept ||
	    a->accept_nonpeer != b->accept_nonpeer)
		return false;
	for (unsigned i = 0; i < a->nvips; i++)
		if (!ipaddr_same(&a->vips[i].addr, &b->vips[i].addr) ||
		    a->vips[i].addr.prefixlen != b->vips[i].addr.prefixlen ||
		    strcmp(a->vips[i].dev, b->vips[i].dev) ||
		    strcmp(a->vips[i].label, b->vips[i].label) || a->vips[i].scope != b->vips[i].scope)
			return false;
	for (unsigned i = 0; i < a->npeers; i++)
		if (!ipaddr_same(&a->peers[i], &b->peers[i]))
			return false;
	return true;
}

/* take the settings that do not change the adverts' shape */
static int update_in_place(struct vrrp_instance *in, const struct vrrp_instance_conf *c)
{
	struct vrrp_instance_conf *o = &in->conf;

	for (int s = 0; s < VRRP_SCRIPT_MAX; s++) {
		if (!c->script[s]) {
			free(o->script[s]);
			o->script[s] = NULL;
		} else if (vrrp_conf_set_script(o, (enum vrrp_script)s, c->script[s]) < 0) {
			return -ENOMEM;
		}
	}
	if (strcmp(o->name, c->name))
		log_info("[%s vrid %u %s] renamed %s", o->name, o->vrid, o->ifname, c->name);
	snprintf(o->name, sizeof(o->name), "%s", c->name);
	snprintf(in->vr.name, sizeof(in->vr.name), "%s", c->name);
	o->init_master = c->init_master;
	o->nopreempt = c->nopreempt;
	o->preempt_delay_ms = c->preempt_delay_ms;
	o->garp_master_repeat = c->garp_master_repeat;
	o->garp_master_delay_s = c->garp_master_delay_s;
	o->garp_master_refresh_s = c->garp_master_refresh_s;
	o->garp_refresh_repeat = c->garp_refresh_repeat;
	o->garp_lower_prio_repeat = c->garp_lower_prio_repeat;
	o->garp_lower_prio_delay_s = c->garp_lower_prio_delay_s;
	o->garp_interval_us = c->garp_interval_us;
	o->gna_interval_us = c->gna_interval_us;
	if (o->conflict_probe_s != c->conflict_probe_s)
		vrrp_instance_set_conflict_probe(in, c->conflict_probe_s);
	in->vr.preempt = !c->nopreempt;
	in->vr.preempt_delay_ms = c->preempt_delay_ms;
	if (o->priority != c->priority) {
		o->priority = c->priority;
		in->vr.base_prio = c->priority;
		vrrp_instance_set_prio_delta(in, in->prio_delta);
	}
	return 0;
}

static int reload(struct vrrpd *d, char *err, size_t errlen)
{
	struct vrrpd_conf nc, oc;
	struct vrrpd_tracking *nt = NULL;
	struct vrrp_instance *in, *next, **matched = NULL, *fresh[1024];
	unsigned nfresh = 0, kept = 0, removed = 0;
	int r;

	if (!d->conf_path[0]) {
		snprintf(err, errlen, "no configuration file to reload (started from flags)");
		return -EINVAL;
	}
	if (d->stop_at_us) {
		/* a SIGHUP while the last scripts run at exit */
		snprintf(err, errlen, "stopping");
		return -EBUSY;
	}
	vrrpd_conf_init(&nc);
	nc.script_timeout_ms = d->conf.script_timeout_ms;
	r = kaconf_load2(d->conf_path, &nc, d->conf_id[0] ? d->conf_id : NULL, true, err, errlen);
	if (r == 0)
		r = vrrpd_conf_check(&nc, err, errlen);
	if (r < 0) {
		vrrpd_conf_free(&nc);
		return r;
	}
	if (!nc.notify_fifo[0])
		snprintf(nc.notify_fifo, sizeof(nc.notify_fifo), "%s", d->conf.notify_fifo);
	if (strcmp(nc.notify_fifo, d->conf.notify_fifo))
		log_warnx("reload: a changed notify FIFO takes effect at restart");
	if (strcmp(nc.metrics_listen, d->conf.metrics_listen))
		log_warnx("reload: a changed vrrpd_metrics_listen takes effect at restart");
	snprintf(nc.notify_fifo, sizeof(nc.notify_fifo), "%s", d->conf.notify_fifo);

	/* every check that can fail happens before anything changes */
	if ((r = ipvssync_prepare(d, &nc.x.lvssync, err, errlen)) < 0) {
		vrrpd_conf_free(&nc);
		return r;
	}
	oc = d->conf;
	d->conf = nc;
	r = tracking_new(d, d->trk, &nt, err, errlen);
	if (r < 0) {
		d->conf = oc;
		vrrpd_conf_free(&nc);
		return r;
	}
	matched = calloc(d->conf.ninst + 1, sizeof(*matched));
	if (!matched) {
		tracking_free(nt);
		d->conf = oc;
		vrrpd_conf_free(&nc);
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < d->conf.ninst; i++)
		for (in = d->env.instances; in; in = in->next) {
			bool taken = false;

			for (unsigned k = 0; k < i; k++)
				taken |= matched[k] == in;
			if (!taken && same_key(&in->conf, &d->conf.inst[i]) &&
			    same_shape(&in->conf, &d->conf.inst[i])) {
				matched[i] = in;
				break;
			}
		}

	/* removed (or changed shape): leave with priority 0 and go */
	for (in = d->env.instances; in; in = next) {
		bool keep = false;

		next = in->next;
		for (unsigned i = 0; i < d->conf.ninst; i++)
			keep |= matched[i] == in;
		if (keep)
			continue;
		log_info("reload: [%s] removed", in->conf.name);
		vrrp_instance_stop(in);
		tracking_forget(d->trk, in);
		vrrp_instance_free(in);
		removed++;
	}
	for (unsigned i = 0; i < d->conf.ninst; i++) {
		if (matched[i]) {
			if (update_in_place(matched[i], &d->conf.inst[i]) < 0)
				log_warnx("reload: [%s] out of memory", d->conf.inst[i].name);
			kept++;
			continue;
		}
		char e[256];

		r = vrrp_instance_new(&d->env, &d->conf.inst[i], &in, e, sizeof(e));
		if (r < 0) {
			log_warnx("reload: vrrp_instance %s: %s", d->conf.inst[i].name, e);
			continue;
		}
		in->vr.ctx = in;
		if (nfresh < 1024)
			fresh[nfresh++] = in;
		log_info("reload: [%s] new", in->conf.name);
	}
	free(matched);

	tracking_carry(d, d->trk, nt);
	tracking_free(d->trk);
	d->trk = nt;
	tracking_start(nt);
	for (unsigned i = 0; i < nfresh; i++)
		tracking_start_instance(nt, fresh[i]);
	ipvssync_apply(d);
	vrrpd_conf_free(&oc);
	log_info("reloaded %s: %u kept, %u new, %u removed", d->conf_path, kept, nfresh, removed);
	snprintf(err, errlen, "%u kept, %u new, %u removed", kept, nfresh, removed);
	return 0;
}

/* every reload, from SIGHUP or the verb, counted for the metrics */
int vrrpd_reload(struct vrrpd *d, char *err, size_t errlen)
{
	return metrics_proc_reloaded(&d->proc, reload(d, err, errlen));
}
