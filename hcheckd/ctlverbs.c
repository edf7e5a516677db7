/*
 * ctlverbs.c - the control socket's verbs (DESIGN.md "Control sockets"):
 *
 *   show checks [json]     one line (or JSON object) per target
 *   show check NAME [json] one target with each of its checkers
 *   show stats             counters
 *   show metrics           the Prometheus text format (metrics.c)
 *   watch                  CHECK "NAME" UP|DOWN reason, first one line per
 *                          target (its current state), then every change
 *   disable NAME / enable NAME     maintenance (privileged)
 *   check NAME             probe now (privileged)
 *   reload                 re-read the configuration (privileged)
 */
#include <stdio.h>
#include <string.h>

#include "common/ctl.h"
#include "common/json.h"
#include "hcheckd/hc.h"

static double ago(int64_t us)
{
	return us ? (double)(engine_now_us() - us) / 1e6 : -1;
}

static void json_double(struct json *j, const char *key, double v)
{
	json_key(j, key);
	fprintf(j->f, "%.3f", v);
	j->need_comma[j->depth] = true;
	j->after_key = false;
}

static void print_target(struct ctl_conn *c, const struct hc_target *t, bool json, bool full)
{
	if (json) {
		struct json j;
		FILE *f = ctl_stream(c);
		json_init(&j, f);
		json_obj_begin(&j);
		json_kv_str(&j, "name", t->name);
		json_kv_str(&j, "state", hc_tstate_name[t->state]);
		json_kv_str(&j, "reason", t->reason);
		json_double(&j, "since", t->since_us ? ago(t->since_us) : -1);
		json_kv_uint(&j, "transitions", t->transitions);
		json_kv_int(&j, "weight", target_weight(t));
		json_kv_bool(&j, "suspended", t->suspended);
		json_key(&j, "checkers");
		json_arr_begin(&j);
		for (size_t i = 0; i < t->nck; i++) {
			const struct hc_checker *k = t->ck[i];
			json_obj_begin(&j);
			json_kv_str(&j, "kind", k->kind);
			json_kv_str(&j, "target", k->spec.url ? k->spec.url : "");
			json_kv_bool(&j, "up", k->up);
			json_kv_str(&j, "status", k->has_last ? pstatus_name[k->last.status] : "PENDING");
			json_kv_str(&j, "reason", k->has_last ? k->last.reason : "");
			json_double(&j, "time", k->has_last ? (double)k->last.elapsed_us / 1e6 : -1);
			json_double(&j, "age", k->has_last ? ago(k->last_us) : -1);
			json_kv_uint(&j, "runs", k->runs);
			json_kv_uint(&j, "failures", k->nfail);
			json_kv_int(&j, "rise", k->rise);
			json_kv_int(&j, "fall", k->retry + 1);
			json_kv_int(&j, "interval_ms", k->interval_ms);
			json_obj_end(&j);
		}
		json_arr_end(&j);
		json_obj_end(&j);	/* ends the line */
		return;
	}
	ctl_printf(c, "%s %s %s%s\n", t->name, hc_tstate_name[t->state], t->reason,
		   t->suspended ? " (suspended: ha_suspend)" : "");
	if (!full)
		return;
	for (size_t i = 0; i < t->nck; i++) {
		const struct hc_checker *k = t->ck[i];
		ctl_printf(c, "  %s %s %s: %s (%llu runs, %llu failed, %d ok/%d failed in a row)\n",
			   k->kind, k->spec.url ? k->spec.url : "", k->up ? "up" : "down",
			   k->has_last ? k->last.reason : "pending", (unsigned long long)k->runs,
			   (unsigned long long)k->nfail, k->oks, k->fails);
	}
}

static int v_show(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct hcd *d = arg;

	if (argc >= 2 && !strcmp(argv[1], "checks") && argc <= 3) {
		bool json = argc == 3 && !strcmp(argv[2], "json");
		if (argc == 3 && !json)
			return ctl_error(c, "usage: show checks [json]");
		for (size_t i = 0; i < d->nt; i++)
			print_target(c, d->t[i], json, false);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "check") && argc <= 4) {
		struct hc_target *t = hcd_find(d, argv[2]);
		bool json = argc == 4 && !strcmp(argv[3], "json");
		if (argc == 4 && !json)
			return ctl_error(c, "usage: show check NAME [json]");
		if (!t)
			return ctl_error(c, "no check named '%s'", argv[2]);
		print_target(c, t, json, true);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "stats")) {
		unsigned up = 0;
		for (size_t i = 0; i < d->nt; i++)
			up += d->t[i]->state == T_UP;
		const char *cn[CTL_NSTATS];
		uint64_t cv[CTL_NSTATS];
		ctl_printf(c, "checks %zu\nup %u\nevents %llu\nrunning %u\nshared %u\nwatchers %u\n"
			   "virtual_servers %zu\n", d->nt, up, (unsigned long long)d->events,
			   engine_running(d->eng), d->shared, d->ctl ? ctl_watchers(d->ctl) : 0,
			   d->ipvs_vs);
		ctl_stats(d->ctl, cn, cv);
		for (int i = 0; i < CTL_NSTATS; i++)
			ctl_printf(c, "%s %llu\n", cn[i], (unsigned long long)cv[i]);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "metrics")) {
		hcd_metrics(ctl_stream(c), d);
		return 0;
	}
	return ctl_error(c, "usage: show checks [json] | show check NAME [json] | show stats | "
			 "show metrics");
}

static int v_watch(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct hcd *d = arg;
	char line[512];

	if (argc != 1)
		return ctl_error(c, "usage: watch");
	for (size_t i = 0; i < d->nt; i++) {
		target_event_line(d->t[i], line, sizeof(line));
		ctl_printf(c, "%s\n", line);
	}
	ctl_watch(c);
	return 0;
}

static int v_able(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct hcd *d = arg;
	bool dis = !strcmp(argv[0], "disable");
	struct hc_target *t;

	if (argc != 2)
		return ctl_error(c, "usage: %s NAME", argv[0]);
	if (!(t = hcd_find(d, argv[1])))
		return ctl_error(c, "no check named '%s'", argv[1]);
	t->disabled = dis;
	target_eval(t, dis ? "disabled" : "enabled");
	print_target(c, t, false, false);
	return 0;
}

static int v_check(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct hcd *d = arg;
	struct hc_target *t;

	if (argc != 2)
		return ctl_error(c, "usage: check NAME");
	if (!(t = hcd_find(d, argv[1])))
		return ctl_error(c, "no check named '%s'", argv[1]);
	sched_run_now(d, t);
	return 0;
}

static int v_reload(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	struct hcd *d = arg;
	char err[1024];

	if (argc != 1)
		return ctl_error(c, "usage: reload");
	if (!d->reload)
		return ctl_error(c, "no configuration file to reload");
	if (d->reload(d, err, sizeof(err)) < 0)
		return ctl_error(c, "%s", err);
	ctl_printf(c, "checks %zu\n", d->nt);
	return 0;
}

static const struct ctl_verb verbs[] = {
	{ "show", v_show, false },
	{ "watch", v_watch, false },
	{ "disable", v_able, true },
	{ "enable", v_able, true },
	{ "check", v_check, true },
	{ "reload", v_reload, true },
	{ 0 },
};

int hcd_ctl_listen(struct hcd *d, const char *path)
{
	return ctl_listen(d->loop, path, verbs, d, &d->ctl);
}
