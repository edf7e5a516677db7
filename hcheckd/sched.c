/*
 * sched.c - when each checker runs, what its results mean, and the one
 * function that changes a target's state (see hc.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "common/ctl.h"
#include "common/log.h"
#include "common/script.h"
#include "hcheckd/hc.h"
#include "hcheckd/regex.h"

static void arm(struct hcd *d);

/* A checker may run this much early, so that checks due close together
 * share one timer wake-up (one timerfd_settime): at 1,000 checks a second
 * a 25 ms window runs ~25 per wake-up.  Nobody notices a health check
 * 25 ms early. */
#define SCHED_SLACK_US 25000

static uint32_t rnd(uint32_t n)
{
	uint32_t v;

	if (n == 0)
		return 0;
	if (getrandom(&v, sizeof(v), GRND_NONBLOCK) != sizeof(v))
		v = (uint32_t)random();
	return v % n;
}

static enum hc_class class_of(const struct hc_checker *c)
{
	switch (c->spec.type) {
	case PT_HTTPS: return CL_TLS;
	case PT_EXEC: return CL_EXEC;
	default: return CL_NET;
	}
}

/* --- checkers by their next run (d->sched) ------------------------------------- */
static struct hc_checker *next_due(const struct hcd *d)
{
	struct heap_node *n = heap_top(&d->sched);

	return n ? container_of(n, struct hc_checker, hn) : NULL;
}

static void hremove(struct hcd *d, struct hc_checker *c)
{
	heap_remove(&d->sched, &c->hn);
}

static void schedule(struct hcd *d, struct hc_checker *c, int64_t when)
{
	if (heap_set(&d->sched, &c->hn, when) < 0)
		log_warnx("out of memory scheduling %s", c->t->name);
}

/* --- state ------------------------------------------------------------------ */
void target_event_line(const struct hc_target *t, char *buf, size_t len)
{
	/* vrrpd's track_check reads CHECK "NAME" UP|DOWN; maintenance is DOWN
	 * for it, with the reason saying why */
	snprintf(buf, len, "CHECK \"%s\" %s %s%s", t->name, t->state == T_UP ? "UP" : "DOWN",
		 t->state == T_MAINT ? "maintenance: " : "", t->reason);
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

static void notify(struct hcd *d, struct hc_target *t, const char *cmd)
{
	struct script_opts o = {
		.timeout_ms = 10000,
		.user = d->script_user[0] ? d->script_user : NULL,
		.group = d->script_group[0] ? d->script_group : NULL,
	};
	pid_t pid;

	if (cmd && (pid = script_run_line(d->loop, cmd, NULL, &o, NULL, NULL)) < 0)
		log_warnx("[%s] cannot run notify script %s: %s", t->name, cmd,
			  strerror((int)-pid));
}

void target_eval(struct hc_target *t, const char *why)
{
	struct hcd *d = t->d;
	enum hc_tstate st = T_UP, old = t->state;
	int oldw = target_weight(t), dyn = -1;
	char line[512];

	if (t->disabled) {
		st = T_MAINT;
		why = "disabled";
	} else {
		for (size_t i = 0; i < t->nck; i++) {
			if (!t->ck[i]->up) {
				st = T_DOWN;
				break;
			}
			if (t->ck[i]->has_last && t->ck[i]->last.weight >= 0 &&
			    t->ck[i]->spec.dynamic)
				dyn = t->ck[i]->last.weight;
		}
	}
	t->dyn_weight = dyn;
	if (st == old) {
		if (target_weight(t) != oldw && d && d->on_change)
			d->on_change(t, d->on_change_arg);
		return;
	}
	t->state = st;
	t->since_us = engine_now_us();
	t->transitions++;
	snprintf(t->reason, sizeof(t->reason), "%s", why ? why : "");
	if (!d)
		return;
	d->events++;
	target_event_line(t, line, sizeof(line));
	log_info("[%s] %s -> %s (%s)", t->name, hc_tstate_name[old], hc_tstate_name[st], t->reason);
	if (d->ctl)
		ctl_broadcast(d->ctl, line);
	if (st == T_UP)
		notify(d, t, t->notify_up);
	else if (old == T_UP)
		notify(d, t, t->notify_down);
	if (d->on_change)
		d->on_change(t, d->on_change_arg);
	if (d->haproxy_sock)
		agent_push(d, t);
}

/* --- running ---------------------------------------------------------------- */
static void start_one(struct hcd *d, struct hc_checker *c);

static void next_from_queue(struct hcd *d, enum hc_class cl)
{
	while (d->qhead[cl] && d->inflight[cl] < d->cap[cl]) {
		struct hc_checker *c = d->qhead[cl];
		d->qhead[cl] = c->qnext;
		if (!d->qhead[cl])
			d->qtail[cl] = NULL;
		c->qnext = NULL;
		c->queued = false;
		start_one(d, c);
	}
}

/* one result into one checker: counters, state, the target's state */
static void take_result(struct hc_checker *c, const struct probe_result *res, int64_t now)
{
	struct hc_target *t = c->t;
	bool ok = res->status == PS_OK || res->status == PS_WARN;
	bool was = c->up;
	char why[300];

	c->last = *res;
	c->has_last = true;
	c->last_us = now;
	c->runs++;
	metrics_hist_observe(&c->lat, (double)res->elapsed_us / 1e6);
	if (ok) {
		c->fails = 0;
		c->oks++;
		if (!c->up && c->oks >= c->rise)
			c->up = true;
	} else {
		c->nfail++;
		c->oks = 0;
		c->fails++;
		if (c->up && c->fails > c->retry)
			c->up = false;
	}
	log_debug("[%s] %s: %s %s (%d ok, %d failed in a row)", t->name, c->kind,
		  pstatus_name[res->status], res->reason, c->oks, c->fails);
	if (!(c->up != was || ok || !c->up))
		return;		/* failing, still up: retrying */
	/* the reason a target gives is that of the checker that moved it */
	snprintf(why, sizeof(why), "%s%s%s", t->nck > 1 ? c->kind : "", t->nck > 1 ? ": " : "",
		 res->reason);
	target_eval(t, why);
	/* no change: still say why it is down (agent replies, show) */
	if (!t->disabled && t->state == (ok ? T_UP : T_DOWN))
		snprintf(t->reason, sizeof(t->reason), "%.255s", why);
}

/* ha_suspend: a checker need not probe while its target and every
 * follower's rest */
static bool resting(const struct hc_checker *c)
{
	if (!c->t->suspended)
		return false;
	for (const struct hc_checker *f = c->followers; f; f = f->fnext)
		if (!f->t->suspended)
			return false;
	return true;
}

static void on_done(struct probe *p, void *arg)
{
	struct hc_checker *c = arg;
	struct hcd *d = c->t->d;
	enum hc_class cl = class_of(c);
	bool ok = p->res.status == PS_OK || p->res.status == PS_WARN;
	int64_t now = engine_now_us();

	c->running = false;
	d->inflight[cl]--;
	/* a result that arrives for a resting target is dropped: its state
	 * stays what it was when it was suspended */
	if (!c->t->suspended)
		take_result(c, &p->res, now);
	for (struct hc_checker *f = c->followers; f; f = f->fnext)
		if (!f->t->suspended)
			take_result(f, &p->res, now);
	/* a failing checker that is still up retries sooner (delay_before_retry) */
	if (!ok && c->up)
		schedule(d, c, now + (int64_t)c->retry_delay_ms * 1000);
	else
		schedule(d, c, now + (int64_t)c->interval_ms * 1000);
	next_from_queue(d, cl);
	arm(d);
}

/* --- sharing identical probes --------------------------------------------------- */
static void key_add(FILE *f, const char *name, const void *v, size_t n)
{
	const uint8_t *b = v;

	fprintf(f, "%s=", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", b[i]);
	fputc(';', f);
}

/* Everything that makes two checkers behave the same, as one string;
 * NULL for checkers that are never shared (programs, files, odd HTTP). */
static char *share_key(const struct hc_checker *c)
{
	const struct probe_spec *s = &c->spec;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (s->type == PT_EXEC || s->type == PT_FILE || s->nheaders || s->data || s->nexpect_answer)
		return NULL;
	if (!(f = open_memstream(&buf, &len)))
		return NULL;
	fprintf(f, "%d;%s;%d;%d;%d;%d;%d;%s;%s;%s;%s;%s;%d;%d;%d;%s;%s;%s;%d;%d;%d;%zu;%zu;%d;%zu;",
		s->type, s->url ? s->url : "", s->timeout_ms, c->interval_ms, c->retry_delay_ms,
		c->rise, c->retry, s->method ? s->method : "", s->path ? s->path : "",
		s->vhost ? s->vhost : "", s->body_contains ? s->body_contains : "",
		s->regex ? s->regex->src : "", s->regex ? s->regex->no_match : 0, s->http10, s->verify,
		s->sni ? s->sni : "-", s->cacert ? s->cacert : "", s->helo ? s->helo : "",
		s->qtype, s->expect_rcode, s->require_reply, s->min_reply, s->max_reply,
		(int)s->icmp_mode, s->max_body);
	fprintf(f, "%s;%u;%s;", s->qname ? s->qname : "", s->fwmark, s->ifname);
	if (s->regex)
		fprintf(f, "r%u;%zu;%zu;%zu;%zu;", s->regex->options,
			s->regex->min_offset, s->regex->max_offset, s->regex->stack_start,
			s->regex->stack_max);
	fprintf(f, "%s;%s;%s;", s->tls_cert ? s->tls_cert : "", s->tls_key ? s->tls_key : "",
		s->tls_pass ? s->tls_pass : "");
	key_add(f, "a", &s->addr, s->addrlen);
	key_add(f, "s", &s->src, s->srclen);
	key_add(f, "c", s->codes, sizeof(s->codes[0]) * (size_t)s->ncodes);
	key_add(f, "d", s->digest, s->digest_alg ? sizeof(s->digest) : 0);
	key_add(f, "x", s->send, s->send_len);
	key_add(f, "e", s->expect, s->expect_len);
	key_add(f, "m", s->expect_mask, s->expect_mask ? s->expect_len : 0);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct kent { char *key; struct hc_checker *c; };

static int kent_cmp(const void *a, const void *b)
{
	const struct kent *x = a, *y = b;
	int r = strcmp(x->key, y->key);

	/* equal keys keep their configuration order: the first one leads */
	if (r)
		return r;
	return x->c < y->c ? -1 : x->c > y->c;
}

/* group identical checkers: sort their keys, the first of each run leads */
static void share(struct hcd *d)
{
	struct kent *v;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < d->nt; i++)
		cap += d->t[i]->nck;
	if (!cap || !(v = calloc(cap, sizeof(*v))))
		return;
	for (size_t i = 0; i < d->nt; i++)
		for (size_t j = 0; j < d->t[i]->nck; j++) {
			struct hc_checker *c = d->t[i]->ck[j];
			char *k = share_key(c);
			if (k) {
				v[n].key = k;
				v[n++].c = c;
			}
		}
	qsort(v, n, sizeof(*v), kent_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		while (j + 1 < n && !strcmp(v[j + 1].key, v[i].key)) {
			struct hc_checker *f = v[++j].c;
			f->leader = v[i].c;
			f->fnext = v[i].c->followers;
			v[i].c->followers = f;
			d->shared++;
		}
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].key);
	free(v);
	if (d->shared)
		log_info("%u checkers share the probe of an identical one", d->shared);
}

static void unshare(struct hcd *d)
{
	for (size_t i = 0; i < d->nt; i++)
		for (size_t j = 0; j < d->t[i]->nck; j++) {
			struct hc_checker *c = d->t[i]->ck[j];
			c->leader = c->followers = c->fnext = NULL;
		}
	d->shared = 0;
}

static void start_one(struct hcd *d, struct hc_checker *c)
{
	enum hc_class cl = class_of(c);

	if (d->inflight[cl] >= d->cap[cl]) {
		if (!c->queued) {
			c->queued = true;
			c->qnext = NULL;
			if (d->qtail[cl])
				d->qtail[cl]->qnext = c;
			else
				d->qhead[cl] = c;
			d->qtail[cl] = c;
		}
		return;
	}
	d->inflight[cl]++;
	c->running = true;
	if (probe_start(d->eng, &c->probe, on_done, c) < 0) {
		c->running = false;
		d->inflight[cl]--;
		schedule(d, c, engine_now_us() + (int64_t)c->interval_ms * 1000);
	}
}

static void on_timer(struct loop_timer *tm, void *arg)
{
	struct hcd *d = arg;
	int64_t now = engine_now_us();

	for (struct hc_checker *c; (c = next_due(d)) && c->hn.key <= now + SCHED_SLACK_US;) {
		hremove(d, c);
		if (resting(c))
			schedule(d, c, now + (int64_t)c->interval_ms * 1000);
		else if (!c->running && !c->queued)
			start_one(d, c);
	}
	arm(d);
}

/* The timer to the earliest run.  common/loop moves its timerfd only when
 * that comes sooner than what it is set to, so calling this after every
 * probe costs a heap update, not a system call. */
static void arm(struct hcd *d)
{
	struct hc_checker *c = next_due(d);
	int64_t wait;

	if (!d->timer || !c)
		return;
	wait = c->hn.key - engine_now_us();
	loop_timer_set(d->timer, wait > 0 ? (uint64_t)wait : 1);
}

static void on_engine(int fd, uint32_t ev, void *arg)
{
	engine_dispatch(arg);
}

static void add_target(struct hcd *d, struct hc_target *t, int64_t now)
{
	t->d = d;
	if (!t->transitions && !t->alpha) {
		/* keepalived without alpha: a new server counts as up until proven down */
		for (size_t i = 0; i < t->nck; i++)
			t->ck[i]->up = true;
		target_eval(t, "starting (no alpha)");
	}
	for (size_t i = 0; i < t->nck; i++) {
		struct hc_checker *c = t->ck[i];
		if (c->leader)
			continue;	/* runs with its leader */
		int64_t spread = rnd((uint32_t)c->interval_ms * 1000u / 2 + 1);
		if (c->warmup_ms)
			spread += rnd((uint32_t)c->warmup_ms * 1000u);
		schedule(d, c, now + spread);
	}
}

void sched_start(struct hcd *d)
{
	int64_t now = engine_now_us();

	if (!d->timer) {
		d->timer = loop_timer_new(d->loop, on_timer, d);
		loop_add_fd(d->loop, engine_fd(d->eng), EPOLLIN, on_engine, d->eng);
	}
	share(d);
	for (size_t i = 0; i < d->nt; i++)
		add_target(d, d->t[i], now);
	d->started = true;
	arm(d);
}

void sched_add(struct hcd *d, struct hc_target *t)
{
	if (!d->started)
		return;
	add_target(d, t, engine_now_us());
	arm(d);
}

void sched_remove(struct hcd *d, struct hc_target *t)
{
	for (size_t i = 0; i < t->nck; i++) {
		struct hc_checker *c = t->ck[i];
		enum hc_class cl = class_of(c);
		hremove(d, c);
		if (c->running) {
			probe_cancel(&c->probe);
			c->running = false;
			d->inflight[cl]--;
		}
		if (c->queued) {
			struct hc_checker **pp = &d->qhead[cl], *prev = NULL;
			while (*pp && *pp != c) {
				prev = *pp;
				pp = &(*pp)->qnext;
			}
			if (*pp)
				*pp = c->qnext;
			if (d->qtail[cl] == c)
				d->qtail[cl] = prev;
			c->queued = false;
		}
		next_from_queue(d, cl);
	}
	arm(d);
}

void sched_stop(struct hcd *d)
{
	for (size_t i = 0; i < d->nt; i++)
		sched_remove(d, d->t[i]);
	unshare(d);
	heap_free(&d->sched);
	d->started = false;
}

void sched_run_now(struct hcd *d, struct hc_target *t)
{
	for (size_t i = 0; i < t->nck; i++) {
		struct hc_checker *c = t->ck[i]->leader ? t->ck[i]->leader : t->ck[i];
		if (!c->running && !c->queued)
			schedule(d, c, engine_now_us());
	}
	arm(d);
}
