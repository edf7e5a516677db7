/*
 * metrics.c - `ipvsctl --metrics`: the IPVS table's counters in the
 * Prometheus text format, for node_exporter's textfile collector or a
 * scrape through a wrapper.  A service is labelled protocol (TCP, UDP,
 * SCTP, FWM) and vip ("192.0.2.1:80", "[2001:db8::1]:80", the mark for
 * FWM); a real server adds rs ("192.0.2.10:80").  Documented in
 * ipvsctl(8), METRICS.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/metrics.h"
#include "ipvsctl/print.h"

struct stat_metric {
	const char *name, *help;
	size_t off;			/* in struct ipvs_stats */
};

#define S(f) offsetof(struct ipvs_stats, f)

static const struct stat_metric svc_stats[] = {
	{ "ipvs_service_connections_total", "connections scheduled", S(conns) },
	{ "ipvs_service_incoming_packets_total", "packets in", S(inpkts) },
	{ "ipvs_service_outgoing_packets_total", "packets out", S(outpkts) },
	{ "ipvs_service_incoming_bytes_total", "bytes in", S(inbytes) },
	{ "ipvs_service_outgoing_bytes_total", "bytes out", S(outbytes) },
};

static const struct stat_metric rs_stats[] = {
	{ "ipvs_real_server_connections_total", "connections scheduled", S(conns) },
	{ "ipvs_real_server_incoming_packets_total", "packets in", S(inpkts) },
	{ "ipvs_real_server_outgoing_packets_total", "packets out", S(outpkts) },
	{ "ipvs_real_server_incoming_bytes_total", "bytes in", S(inbytes) },
	{ "ipvs_real_server_outgoing_bytes_total", "bytes out", S(outbytes) },
};

static uint64_t stat_of(const struct ipvs_stats *st, size_t off)
{
	return *(const uint64_t *)((const char *)st + off);
}

/* "TCP 192.0.2.1:80" split into its protocol and the rest */
static void svc_labels(const struct ipvs_service *s, char *proto, size_t plen, char *vip,
		       size_t vlen)
{
	char id[128], *sp;

	print_service_id(id, sizeof(id), s);
	sp = strchr(id, ' ');
	*sp = '\0';
	snprintf(proto, plen, "%.*s", (int)plen - 1, id);
	snprintf(vip, vlen, "%s", sp + 1);
}

static void rs_gauge(FILE *f, const struct ipvs_table *t, const char *name, const char *help,
		     int which)
{
	char proto[16], vip[128], rs[96];

	metrics_family(f, name, "gauge", help);
	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_entry *e = &t->v[i];
		svc_labels(&e->svc, proto, sizeof(proto), vip, sizeof(vip));
		for (size_t k = 0; k < e->ndests; k++) {
			const struct ipvs_dest *d = &e->dests[k];
			int64_t v = which == 0 ? (int64_t)d->weight :
				    which == 1 ? (int64_t)d->active : (int64_t)d->inactive;
			print_dest_id(rs, sizeof(rs), d, e->svc.af);
			metrics_i64(f, name, v, "protocol", proto, "vip", vip, "rs", rs, NULL);
		}
	}
}

void print_metrics(FILE *f, const struct ipvs_table *t)
{
	char proto[16], vip[128], rs[96];

	for (size_t m = 0; m < sizeof(svc_stats) / sizeof(svc_stats[0]); m++) {
		metrics_family(f, svc_stats[m].name, "counter", svc_stats[m].help);
		for (size_t i = 0; i < t->n; i++) {
			svc_labels(&t->v[i].svc, proto, sizeof(proto), vip, sizeof(vip));
			metrics_u64(f, svc_stats[m].name, stat_of(&t->v[i].svc.stats, svc_stats[m].off),
				    "protocol", proto, "vip", vip, NULL);
		}
	}
	for (size_t m = 0; m < sizeof(rs_stats) / sizeof(rs_stats[0]); m++) {
		metrics_family(f, rs_stats[m].name, "counter", rs_stats[m].help);
		for (size_t i = 0; i < t->n; i++) {
			const struct ipvs_entry *e = &t->v[i];
			svc_labels(&e->svc, proto, sizeof(proto), vip, sizeof(vip));
			for (size_t k = 0; k < e->ndests; k++) {
				print_dest_id(rs, sizeof(rs), &e->dests[k], e->svc.af);
				metrics_u64(f, rs_stats[m].name,
					    stat_of(&e->dests[k].stats, rs_stats[m].off),
					    "protocol", proto, "vip", vip, "rs", rs, NULL);
			}
		}
	}
	rs_gauge(f, t, "ipvs_real_server_weight", "weight (0: quiesced)", 0);
	rs_gauge(f, t, "ipvs_real_server_active_connections", "active connections now", 1);
	rs_gauge(f, t, "ipvs_real_server_inactive_connections", "inactive connections now", 2);
}
