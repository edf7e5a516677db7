/*
 * metrics.c - vrrpd's metrics in the Prometheus text format, for
 * `show metrics` and the HTTP listener (common/httpd.h).  The counters are
 * those of `show stats`; the names and labels (iname, intf, vrid) follow
 * the keepalived exporters where they have an equivalent.  Every family is
 * documented in vrrpd(8), METRICS.
 */
#include <stddef.h>
#include <stdio.h>

#include "common/httpd.h"
#include "common/metrics.h"
#include "common/script.h"
#include "vrrpd/daemon.h"
#include "vrrpd/sock.h"
#include "vrrpd/tracking.h"

/* a per-instance counter: where it is in the instance */
struct icounter {
	const char *name, *help;
	size_t off;
};

#define FSM(f) offsetof(struct vrrp_instance, vr.st.f)
#define ST(f) offsetof(struct vrrp_instance, st.f)

static const struct icounter icounters[] = {
	{ "vrrpd_vrrp_become_master_total", "transitions to MASTER", FSM(become_master) },
	{ "vrrpd_vrrp_release_master_total", "transitions from MASTER to BACKUP",
	  FSM(release_master) },
	{ "vrrpd_vrrp_transitions_total", "state changes", FSM(transitions) },
	{ "vrrpd_vrrp_adverts_received_total", "valid adverts processed", FSM(adverts_rx) },
	{ "vrrpd_vrrp_adverts_sent_total", "adverts sent", FSM(adverts_tx) },
	{ "vrrpd_vrrp_priority_zero_received_total", "priority 0 adverts received",
	  FSM(prio0_rx) },
	{ "vrrpd_vrrp_priority_zero_sent_total", "priority 0 adverts sent", FSM(prio0_tx) },
	{ "vrrpd_vrrp_lower_priority_received_total",
	  "adverts of a lower priority received as master", FSM(lower_prio_rx) },
	{ "vrrpd_vrrp_address_list_mismatch_total",
	  "adverts whose address list differs from ours (counted, processed)",
	  ST(rx_addr_mismatch) },
	{ "vrrpd_vrrp_send_errors_total", "adverts the kernel refused to send", ST(tx_errors) },
	{ "vrrpd_vrrp_garp_sent_total", "gratuitous ARP and unsolicited NA frames sent",
	  ST(garp_sent) },
	{ "vrrpd_vrrp_garp_errors_total", "gratuitous ARP and NA frames not sent",
	  ST(garp_errors) },
	{ "vrrpd_vrrp_vip_add_errors_total", "virtual addresses the kernel refused",
	  ST(vip_add_errors) },
	{ "vrrpd_vrrp_vip_readded_total", "virtual addresses removed by others, added back",
	  ST(vip_readded) },
	{ "vrrpd_vrrp_conflicts_total", "another holder of a virtual address found as master",
	  FSM(conflicts) },
	{ "vrrpd_vrrp_conflict_probes_total", "ARP probes and DAD solicitations sent as master",
	  ST(conflict_probes) },
	{ "vrrpd_vrrp_stale_removed_total", "leftovers of a previous run removed at start",
	  ST(stale_removed) },
};

static double g_state(const struct vrrp_instance *in) { return in->vr.state; }
static double g_prio(const struct vrrp_instance *in) { return in->vr.eff_prio; }
static double g_base(const struct vrrp_instance *in) { return in->vr.base_prio; }
static double g_fault(const struct vrrp_instance *in) { return in->fault != 0; }
static double g_changed(const struct vrrp_instance *in) { return in->changed_unix_s; }
static double g_mprio(const struct vrrp_instance *in)
{
	return in->vr.state == VR_MASTER ? in->vr.eff_prio : in->vr.master_prio;
}

/* a per-instance gauge */
static const struct {
	const char *name, *help;
	double (*get)(const struct vrrp_instance *in);
} igauges[] = {
	{ "vrrpd_vrrp_state", "state as keepalived numbers it: 0 INIT, 1 BACKUP, 2 MASTER, "
	  "3 FAULT", g_state },
	{ "vrrpd_vrrp_priority", "effective priority (base priority and tracker weights)",
	  g_prio },
	{ "vrrpd_vrrp_base_priority", "configured priority", g_base },
	{ "vrrpd_vrrp_fault", "1 while the instance has a fault of its own (link, address, "
	  "tracker)", g_fault },
	{ "vrrpd_vrrp_last_transition_time_seconds", "when the instance last changed state "
	  "(Unix time; 0: not yet)", g_changed },
	{ "vrrpd_vrrp_master_priority", "priority of the master seen (ours as master)", g_mprio },
};

static void labels(const struct vrrp_instance *in, char vrid[4])
{
	snprintf(vrid, 4, "%u", in->conf.vrid);
}

#define INST(in, vrid) "iname", (in)->conf.name, "intf", (in)->conf.ifname, "vrid", (vrid)

static void instances(FILE *f, const struct vrrpd *d)
{
	char vrid[4], mas[IPADDR_STRLEN];
	const struct vrrp_instance *in;

	for (size_t k = 0; k < sizeof(igauges) / sizeof(igauges[0]); k++) {
		metrics_family(f, igauges[k].name, "gauge", igauges[k].help);
		for (in = d->env.instances; in; in = in->next) {
			labels(in, vrid);
			metrics_f64(f, igauges[k].name, igauges[k].get(in), INST(in, vrid), NULL);
		}
	}
	metrics_family(f, "vrrpd_vrrp_master_info", "info",
		       "the master seen: our own source address as master, the sender of "
		       "the last advert in backup, \"\" if none heard");
	for (in = d->env.instances; in; in = in->next) {
		labels(in, vrid);
		if (in->vr.state == VR_MASTER)
			ipaddr_fmt(&in->src, mas, sizeof(mas), false);
		else if (in->vr.master.family)
			ipaddr_fmt(&in->vr.master, mas, sizeof(mas), false);
		else
			mas[0] = '\0';
		metrics_u64(f, "vrrpd_vrrp_master_info", 1, INST(in, vrid), "master", mas, NULL);
	}
	for (size_t k = 0; k < sizeof(icounters) / sizeof(icounters[0]); k++) {
		metrics_family(f, icounters[k].name, "counter", icounters[k].help);
		for (in = d->env.instances; in; in = in->next) {
			labels(in, vrid);
			metrics_u64(f, icounters[k].name,
				    *(const uint64_t *)((const char *)in + icounters[k].off),
				    INST(in, vrid), NULL);
		}
	}
	metrics_family(f, "vrrpd_vrrp_dropped_total", "counter",
		       "adverts dropped for the instance, by reason");
	for (in = d->env.instances; in; in = in->next) {
		labels(in, vrid);
		for (int e = 1; e < PKT_ERR_MAX; e++)
			metrics_u64(f, "vrrpd_vrrp_dropped_total", in->st.rx_drop[e],
				    INST(in, vrid), "reason", pkt_err_name(e), NULL);
	}
	metrics_family(f, "vrrpd_unmatched_dropped_total", "counter",
		       "packets dropped before any instance took them, by reason");
	for (int e = 1; e < PKT_ERR_MAX; e++)
		metrics_u64(f, "vrrpd_unmatched_dropped_total", vrrp_sock_drops[e],
			    "reason", pkt_err_name(e), NULL);
}

static void counter(FILE *f, const char *name, const char *help, uint64_t v)
{
	metrics_family(f, name, "counter", help);
	metrics_u64(f, name, v, NULL);
}

void vrrpd_metrics(FILE *f, void *arg)
{
	const struct vrrpd *d = arg;

	metrics_proc(f, "vrrpd", &d->proc);
	instances(f, d);
	tracking_metrics(d->trk, f);
	counter(f, "vrrpd_events_total", "event lines (watch, FIFO)", d->events);
	counter(f, "vrrpd_fifo_dropped_total", "event lines the notify FIFO did not take",
		d->fifo_drops);
	counter(f, "vrrpd_notify_scripts_total", "notify scripts run", d->scripts_run);
	counter(f, "vrrpd_notify_script_failures_total", "notify scripts that failed",
		d->scripts_failed);
	counter(f, "vrrpd_notify_script_timeouts_total", "notify scripts killed at the timeout",
		d->scripts_timed_out);
	counter(f, "vrrpd_notify_scripts_dropped_total", "notify scripts never run",
		d->scripts_dropped);
	metrics_family(f, "vrrpd_notify_scripts_running", "gauge", "scripts running now");
	metrics_u64(f, "vrrpd_notify_scripts_running", script_running(), NULL);
	httpd_metrics(f, "vrrpd", d->httpd);
}
