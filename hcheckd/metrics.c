/*
 * metrics.c - hcheckd's metrics in the Prometheus text format, for
 * `show metrics` and the HTTP listener (common/httpd.h).  A check (a named
 * check or a real server, label name) is up while every one of its
 * checkers is; a checker is labelled with its check's name, its position
 * in the check (checker="0"...) and its kind.  Every family is documented
 * in hcheckd(8), METRICS.
 */
#include <stdio.h>

#include "common/httpd.h"
#include "common/metrics.h"
#include "hcheckd/hc.h"

static double g_up(const struct hc_target *t) { return t->state == T_UP; }
static double g_maint(const struct hc_target *t) { return t->state == T_MAINT; }
static double g_weight(const struct hc_target *t) { return target_weight(t); }
static double g_trans(const struct hc_target *t) { return (double)t->transitions; }

/* a monotonic time of ours as Unix time, 0 for never */
static double wall(int64_t us)
{
	return us ? metrics_now_s() - (double)(engine_now_us() - us) / 1e6 : 0;
}

static double g_since(const struct hc_target *t) { return wall(t->since_us); }

static const struct {
	const char *name, *type, *help;
	double (*get)(const struct hc_target *t);
} tmetrics[] = {
	{ "hcheckd_check_up", "gauge", "1 while the check is up (every checker up)", g_up },
	{ "hcheckd_check_maintenance", "gauge", "1 while disabled (maintenance)", g_maint },
	{ "hcheckd_check_weight", "gauge", "the weight the check gives now (0 when down)",
	  g_weight },
	{ "hcheckd_check_transitions_total", "counter", "state changes", g_trans },
	{ "hcheckd_check_last_transition_time_seconds", "gauge",
	  "when the check last changed state (Unix time; 0: not yet)", g_since },
};

static double c_up(const struct hc_checker *k) { return k->up; }
static double c_runs(const struct hc_checker *k) { return (double)k->runs; }
static double c_fail(const struct hc_checker *k) { return (double)k->nfail; }
static double c_oks(const struct hc_checker *k) { return k->oks; }
static double c_fails(const struct hc_checker *k) { return k->fails; }
static double c_rise(const struct hc_checker *k) { return k->rise; }
static double c_fall(const struct hc_checker *k) { return k->retry + 1; }
static double c_last(const struct hc_checker *k) { return wall(k->has_last ? k->last_us : 0); }

static const struct {
	const char *name, *type, *help;
	double (*get)(const struct hc_checker *k);
} cmetrics[] = {
	{ "hcheckd_checker_up", "gauge", "1 while the checker is up", c_up },
	{ "hcheckd_checker_probes_total", "counter", "probes finished", c_runs },
	{ "hcheckd_checker_probe_failures_total", "counter", "probes that failed", c_fail },
	{ "hcheckd_checker_successes_in_row", "gauge",
	  "consecutive successful probes (up at hcheckd_checker_rise)", c_oks },
	{ "hcheckd_checker_failures_in_row", "gauge",
	  "consecutive failed probes (down at hcheckd_checker_fall)", c_fails },
	{ "hcheckd_checker_rise", "gauge", "successes in a row that bring it up", c_rise },
	{ "hcheckd_checker_fall", "gauge", "failures in a row that bring it down", c_fall },
	{ "hcheckd_checker_last_probe_time_seconds", "gauge",
	  "when the last probe finished (Unix time; 0: none yet)", c_last },
};

#define CK(t, k, idx) "name", (t)->name, "checker", (idx), "kind", (k)->kind

static void checks(FILE *f, const struct hcd *d)
{
	char idx[24];

	for (size_t m = 0; m < sizeof(tmetrics) / sizeof(tmetrics[0]); m++) {
		metrics_family(f, tmetrics[m].name, tmetrics[m].type, tmetrics[m].help);
		for (size_t i = 0; i < d->nt; i++)
			metrics_f64(f, tmetrics[m].name, tmetrics[m].get(d->t[i]),
				    "name", d->t[i]->name, NULL);
	}
	for (size_t m = 0; m < sizeof(cmetrics) / sizeof(cmetrics[0]); m++) {
		metrics_family(f, cmetrics[m].name, cmetrics[m].type, cmetrics[m].help);
		for (size_t i = 0; i < d->nt; i++)
			for (size_t j = 0; j < d->t[i]->nck; j++) {
				const struct hc_checker *k = d->t[i]->ck[j];
				snprintf(idx, sizeof(idx), "%zu", j);
				metrics_f64(f, cmetrics[m].name, cmetrics[m].get(k),
					    CK(d->t[i], k, idx), NULL);
			}
	}
	metrics_family(f, "hcheckd_checker_probe_duration_seconds", "histogram",
		       "how long probes took, failed ones included");
	for (size_t i = 0; i < d->nt; i++)
		for (size_t j = 0; j < d->t[i]->nck; j++) {
			const struct hc_checker *k = d->t[i]->ck[j];
			snprintf(idx, sizeof(idx), "%zu", j);
			metrics_hist(f, "hcheckd_checker_probe_duration_seconds", &k->lat,
				     CK(d->t[i], k, idx), NULL);
		}
}

static void one(FILE *f, const char *name, const char *type, const char *help, uint64_t v)
{
	metrics_family(f, name, type, help);
	metrics_u64(f, name, v, NULL);
}

void hcd_metrics(FILE *f, void *arg)
{
	const struct hcd *d = arg;

	metrics_proc(f, "hcheckd", &d->proc);
	checks(f, d);
	one(f, "hcheckd_events_total", "counter", "check state changes broadcast", d->events);
	one(f, "hcheckd_probes_running", "gauge", "probes in flight", engine_running(d->eng));
	one(f, "hcheckd_checkers_shared", "gauge",
	    "checkers that take another identical checker's results", d->shared);
	one(f, "hcheckd_virtual_servers", "gauge", "virtual servers kept in IPVS", d->ipvs_vs);
	httpd_metrics(f, "hcheckd", d->httpd);
}
