/*
 * track_script.c - periodic vrrp_script runs (see track_script.h).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "common/log.h"
#include "vrrpd/track_script.h"

void track_script_conf_init(struct track_script_conf *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
	c->interval_ms = 1000;
	c->rise = 1;
	c->fall = 1;
}

enum track_status track_rf_feed(struct track_rf *rf, bool ok, unsigned rise, unsigned fall)
{
	enum track_status want = ok ? TRACK_UP : TRACK_DOWN;
	unsigned need = ok ? rise : fall;

	if (need == 0)
		need = 1;
	if (rf->st == TRACK_UNKNOWN) {
		rf->st = want;
		rf->streak = 0;
		return rf->st;
	}
	if (rf->st == want) {
		rf->streak = 0;
		return rf->st;
	}
	if (++rf->streak >= need) {
		rf->st = want;
		rf->streak = 0;
	}
	return rf->st;
}

struct track_script *track_script_new(const struct track_script_conf *c)
{
	struct track_script *s = calloc(1, sizeof(*s));
	int n;

	if (!s)
		return NULL;
	s->c = *c;
	if (!s->c.interval_ms)
		s->c.interval_ms = 1000;
	if (!s->c.rise)
		s->c.rise = 1;
	if (!s->c.fall)
		s->c.fall = 1;
	track_obs_init(&s->obs, TRACK_SCRIPT, c->name);
	s->obs.weight = c->weight;
	s->obs.reverse = c->reverse;
	snprintf(s->argbuf, sizeof(s->argbuf), "%s", c->cmd);
	n = script_split(s->argbuf, s->argv, SCRIPT_MAX_ARGS);
	if (n <= 0) {
		free(s);
		errno = EINVAL;
		return NULL;
	}
	if (c->init_fail) {
		s->rf.st = TRACK_DOWN;
		s->obs.status = TRACK_DOWN;
	}
	return s;
}

void track_script_adopt(struct track_script *s, const struct track_script *old)
{
	if (strcmp(s->c.cmd, old->c.cmd) || s->c.rise != old->c.rise ||
	    s->c.fall != old->c.fall)
		return;
	s->rf = old->rf;
	s->obs.status = old->obs.status;
	s->st = old->st;
	s->last_status = old->last_status;
}

void track_script_result(struct track_script *s, int status, bool timed_out)
{
	bool ok = !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	enum track_status was = s->rf.st, now;

	s->last_status = status;
	if (timed_out)
		s->st.timeouts++;
	if (ok)
		s->st.ok++;
	else
		s->st.failed++;
	now = track_rf_feed(&s->rf, ok, s->c.rise, s->c.fall);
	if (now != was)
		log_info("script %s: %s -> %s (%s)", s->c.name, track_status_name(was),
			 track_status_name(now),
			 timed_out ? "timed out" : WIFSIGNALED(status) ? "killed by a signal" :
			 ok ? "exit 0" : "non-zero exit");
	track_obs_set(&s->obs, now);
}

static void on_done(pid_t pid, int status, bool timed_out, void *arg)
{
	struct track_script *s = arg;

	if (!s || s->pid != pid)
		return;
	s->pid = 0;
	if (s->orphan) {
		free(s);
		return;
	}
	if (!s->l)		/* stopped meanwhile: the result no longer counts */
		return;
	track_script_result(s, status, timed_out);
}

static void on_tick(struct loop_timer *t, void *arg)
{
	struct track_script *s = arg;
	struct script_opts o = { 0 };
	pid_t pid;

	loop_timer_set(t, (uint64_t)s->c.interval_ms * 1000u);
	if (s->pid) {
		s->st.skipped++;
		log_debug("script %s: still running, this run skipped", s->c.name);
		return;
	}
	o.timeout_ms = s->c.timeout_ms ? s->c.timeout_ms : s->c.interval_ms;
	o.user = s->c.user[0] ? s->c.user : NULL;
	o.group = s->c.group[0] ? s->c.group : NULL;
	pid = script_run(s->l, s->argv, &o, on_done, s);
	if (pid < 0) {
		s->st.spawn_errors++;
		log_debug("script %s: cannot start: %s", s->c.name, strerror((int)-pid));
		track_script_result(s, 127 << 8, false);
		return;
	}
	s->st.runs++;
	s->pid = pid;
}

int track_script_start(struct track_script *s, struct loop *l)
{
	if (s->insecure)
		return 0;
	s->l = l;
	s->timer = loop_timer_new(l, on_tick, s);
	if (!s->timer)
		return -errno;
	return loop_timer_set(s->timer, 1);
}

void track_script_stop(struct track_script *s)
{
	if (!s)
		return;
	loop_timer_free(s->timer);
	s->timer = NULL;
	s->l = NULL;
}

void track_script_free(struct track_script *s)
{
	if (!s)
		return;
	track_script_stop(s);
	/* a run in flight still holds s as its callback argument */
	if (s->pid) {
		kill(-s->pid, SIGKILL);	/* its result no longer counts */
		s->orphan = true;	/* on_done() frees it when it is reaped */
		s->obs.changed = NULL;
		return;
	}
	free(s);
}
