/*
 * notify.c - what happens after every state change (see notify.h): one
 * event line, in order, to `watch` clients and the notify FIFO, then the
 * scripts, in order, one at a time per instance or group.
 *
 * keepalived's conventions: the state-specific script (notify_master,
 * notify_backup, notify_fault, notify_stop) runs as written; the generic
 * `notify` script gets four more arguments: INSTANCE (or GROUP), the name,
 * the state (MASTER BACKUP FAULT STOP) and the priority.  Scripts never
 * block the loop (common/script) and are killed after the timeout.
 *
 * A master's conflict report (conflict.c) is an event line too, and runs
 * notify_conflict with the line's words (INSTANCE, the name, CONFLICT, the
 * VIP, the other holder's MAC) from a queue of its own per instance.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/metrics.h"
#include "common/log.h"
#include "common/script.h"
#include "vrrpd/daemon.h"
#include "vrrpd/ipvssync.h"
#include "vrrpd/notify.h"
#include "vrrpd/notifyq.h"
#include "vrrpd/tracking.h"

const char *vrrpd_state_word(enum vr_state s)
{
	switch (s) {
	case VR_MASTER: return "MASTER";
	case VR_BACKUP: return "BACKUP";
	case VR_FAULT: return "FAULT";
	default: return "STOP";
	}
}

static struct vrrpd *daemon_of(struct vrrp_instance *in)
{
	/* env is the first thing in struct vrrpd that instances know */
	return (struct vrrpd *)((char *)in->env - offsetof(struct vrrpd, env));
}

int vrrpd_fifo_open(struct vrrpd *d, char *err, size_t errlen)
{
	struct stat st;
	const char *p = d->conf.notify_fifo;

	if (!p[0])
		return 0;
	if (stat(p, &st) < 0) {
		if (errno != ENOENT || mkfifo(p, 0600) < 0) {
			snprintf(err, errlen, "notify FIFO %s: %s", p, strerror(errno));
			return -errno;
		}
	} else if (!S_ISFIFO(st.st_mode)) {
		snprintf(err, errlen, "notify FIFO %s: not a FIFO", p);
		return -EINVAL;
	}
	/* O_RDWR: opening never blocks and writing never fails for lack of a
	 * reader; a reader that falls behind loses lines (counted) */
	d->fifo_fd = open(p, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (d->fifo_fd < 0) {
		snprintf(err, errlen, "notify FIFO %s: %s", p, strerror(errno));
		return -errno;
	}
	return 0;
}

/* one queue per instance or group name, for the daemon's life */
struct queue {
	struct notifyq q;		/* first: d->notifyq lists these */
	struct vrrpd *d;
	char what[128];			/* the running command, for logs */
};

static struct queue *queue_get(struct vrrpd *d, const char *kind, const char *name)
{
	struct notifyq *q;
	struct queue *w;

	for (q = d->notifyq; q; q = q->next)
		if (!strcmp(q->kind, kind) && !strcmp(q->name, name))
			return (struct queue *)q;
	w = calloc(1, sizeof(*w));
	if (!w)
		return NULL;
	w->d = d;
	w->q.kind = kind;
	snprintf(w->q.name, sizeof(w->q.name), "%s", name);
	w->q.next = d->notifyq;
	d->notifyq = &w->q;
	return w;
}

/* the budget of scripts at exit (notify.h), in ms */
static unsigned exit_budget_ms(const struct vrrpd *d)
{
	unsigned t = d->conf.script_timeout_ms;

	return t && t < VRRPD_EXIT_SCRIPTS_MS ? t : VRRPD_EXIT_SCRIPTS_MS;
}

static void kick(struct queue *w);

static void script_done(pid_t pid, int status, bool timed_out, void *arg)
{
	struct queue *w = arg;
	struct vrrpd *d = w->d;

	if (timed_out) {
		d->scripts_timed_out++;
		log_warnx("%s (pid %d) timed out and was killed", w->what, (int)pid);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		d->scripts_failed++;
		log_warnx("%s (pid %d) exited with %d", w->what, (int)pid, WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		d->scripts_failed++;
		log_warnx("%s (pid %d) killed by signal %d", w->what, (int)pid, WTERMSIG(status));
	}
	notifyq_done(&w->q);
	kick(w);
}

/* start the next command of the queue unless one runs */
static void kick(struct queue *w)
{
	struct notifyq *q = &w->q;
	struct vrrpd *d = w->d;
	struct script_opts o = { .user = d->conf.script_user[0] ? d->conf.script_user : NULL };
	const char *cmd;
	pid_t pid;

	while ((cmd = notifyq_start(q))) {
		const struct notifyq_ev *e = q->cur;
		const char *extra[] = { q->kind, q->name, e->state, e->prio, NULL };
		uint64_t now = loop_now_us();

		snprintf(w->what, sizeof(w->what), "[%s] %s %.*s", q->name, e->what[q->step],
			 (int)strcspn(cmd, " \t"), cmd);
		o.timeout_ms = d->conf.script_timeout_ms;
		if (d->stop_at_us) {
			/* stopping: within the exit budget, or not at all */
			uint64_t left_ms = d->stop_at_us > now ? (d->stop_at_us - now) / 1000 : 0;

			if (!left_ms) {
				d->scripts_dropped++;
				log_warnx("%s not run: the exit deadline has passed", w->what);
				notifyq_done(q);
				continue;
			}
			if (!o.timeout_ms || left_ms < o.timeout_ms)
				o.timeout_ms = (unsigned)left_ms;
		}
		pid = script_run_line(d->loop, cmd, q->step == NOTIFYQ_ANY ? extra : NULL, &o,
				      script_done, w);
		if (pid < 0) {
			d->scripts_failed++;
			log_warnx("%s: %s", w->what, pid == -EINVAL ? "cannot split the command line" :
				  strerror((int)-pid));
			notifyq_done(q);
			continue;
		}
		d->scripts_run++;
		q->pid = pid;
		return;
	}
	if (q->burst && !notifyq_busy(q)) {
		log_warnx("[%s] notify scripts caught up: %u transitions were dropped meanwhile",
			  q->name, q->burst);
		q->burst = 0;
	}
}

void vrrpd_notify_event(struct vrrpd *d, const struct notify_event *ev)
{
	struct notifyq_ev *e, *drop;
	struct queue *w;
	char line[256];
	int len;

	d->events++;
	if (d->ctl)
		ctl_broadcast(d->ctl, ev->line);
	if (d->fifo_fd >= 0) {
		len = snprintf(line, sizeof(line), "%s\n", ev->line);
		if (len >= (int)sizeof(line))
			len = (int)sizeof(line) - 1;
		if (write(d->fifo_fd, line, (size_t)len) != len)
			d->fifo_drops++;
	}
	if (!ev->script && !ev->notify)
		return;
	w = queue_get(d, ev->kind, ev->name);
	e = notifyq_ev_new(ev->state, ev->prio, ev->script, ev->script_what, ev->notify);
	if (!w || !e) {
		d->scripts_failed++;
		log_warnx("[%s] %s: out of memory, its scripts are not run", ev->name, ev->state);
		notifyq_ev_free(e);
		return;
	}
	drop = notifyq_push(&w->q, e);
	if (drop) {
		d->scripts_dropped += notifyq_ev_ncmds(drop);
		/* once per burst: a flap behind a slow script would flood */
		if (w->q.burst == 1)
			log_warnx("[%s] %u transitions wait behind %s: dropping the oldest (%s)",
				  ev->name, w->q.npending, w->what, drop->state);
		notifyq_ev_free(drop);
	}
	kick(w);
}

static enum vrrp_script own_script(enum vr_state to)
{
	switch (to) {
	case VR_MASTER: return VRRP_SCRIPT_MASTER;
	case VR_BACKUP: return VRRP_SCRIPT_BACKUP;
	case VR_FAULT: return VRRP_SCRIPT_FAULT;
	default: return VRRP_SCRIPT_STOP;
	}
}

void vrrpd_notify(struct vrrp_instance *in, enum vr_state from, enum vr_state to,
		  const char *why)
{
	struct vrrpd *d = daemon_of(in);
	enum vrrp_script s = own_script(to);
	char line[160];
	struct notify_event ev = {
		.kind = "INSTANCE", .name = in->conf.name, .line = line,
		.state = vrrpd_state_word(to), .prio = in->vr.eff_prio,
		.script = in->conf.script[s], .script_what = vrrp_script_name(s),
		.notify = in->conf.script[VRRP_SCRIPT_ANY],
	};

	(void)why;
	if (to == VR_INIT && from == VR_INIT)
		return;
	in->changed_unix_s = metrics_now_s();
	ipvssync_follow(d, in, to);
	snprintf(line, sizeof(line), "INSTANCE \"%s\" %s %u", in->conf.name, ev.state, ev.prio);
	vrrpd_notify_event(d, &ev);
	tracking_notify(d, in, from, to);
}

/* notify_conflict is not a transition: it has its own queue per instance
 * (kind CONFLICT), so it never waits behind, nor delays, the scripts of
 * the state changes, and runs one at a time: a report that comes while
 * the last one's script still runs does not run it (dropped, counted).
 * The probes make at most one report per holder and listening window. */
void vrrpd_conflict(struct vrrp_instance *in, const struct ipaddr *addr, const uint8_t mac[6])
{
	struct vrrpd *d = daemon_of(in);
	char line[160], a[IPADDR_STRLEN], m[MAC_STRLEN];
	const char *const words[] = { "INSTANCE", in->conf.name, "CONFLICT", a, m, NULL };
	const char *cmd = in->conf.script[VRRP_SCRIPT_CONFLICT];
	struct notify_event ev = { .kind = "CONFLICT", .name = in->conf.name, .line = line };
	struct script_opts o = {
		.timeout_ms = d->conf.script_timeout_ms,
		.user = d->conf.script_user[0] ? d->conf.script_user : NULL,
	};
	struct queue *w;
	pid_t pid;

	ipaddr_fmt(addr, a, sizeof(a), false);
	snprintf(line, sizeof(line), "INSTANCE \"%s\" CONFLICT %s %s", in->conf.name, a,
		 mac_fmt(mac, m));
	vrrpd_notify_event(d, &ev);	/* the line only: no queued script */
	if (!cmd || d->stop_at_us)
		return;
	if (!(w = queue_get(d, "CONFLICT", in->conf.name))) {
		d->scripts_failed++;
		log_warnx("[%s] notify_conflict: out of memory", in->conf.name);
		return;
	}
	if (w->q.running) {
		d->scripts_dropped++;
		log_warnx("%s still runs: not run again for %s %s", w->what, a, m);
		return;
	}
	snprintf(w->what, sizeof(w->what), "[%s] notify_conflict %.*s", in->conf.name,
		 (int)strcspn(cmd, " \t"), cmd);
	pid = script_run_line(d->loop, cmd, words, &o, script_done, w);
	if (pid < 0) {
		d->scripts_failed++;
		log_warnx("%s: %s", w->what, pid == -EINVAL ? "cannot split the command line" :
			  strerror((int)-pid));
		return;
	}
	d->scripts_run++;
	w->q.running = true;
	w->q.pid = pid;
}

void vrrpd_notify_stopping(struct vrrpd *d)
{
	unsigned budget = exit_budget_ms(d), n;

	if (d->stop_at_us)
		return;
	d->stop_at_us = loop_now_us() + (uint64_t)budget * 1000u;
	for (struct notifyq *q = d->notifyq; q; q = q->next) {
		/* the STOP transition comes next: what waits is moot */
		if ((n = notifyq_clear(q))) {
			d->scripts_dropped += n;
			log_info("[%s] stopping: %u waiting notify scripts dropped", q->name, n);
		}
		q->burst = 0;
		if (q->running)
			script_deadline(q->pid, (uint64_t)budget * 500u);
	}
}

static bool busy(const struct vrrpd *d)
{
	for (const struct notifyq *q = d->notifyq; q; q = q->next)
		if (notifyq_busy(q))
			return true;
	return false;
}

void vrrpd_notify_finish(struct vrrpd *d)
{
	uint64_t now = loop_now_us();
	struct notifyq *q;

	if (!d->loop)
		return;
	if (!d->stop_at_us)
		d->stop_at_us = now + (uint64_t)exit_budget_ms(d) * 1000u;
	while (busy(d) && (now = loop_now_us()) < d->stop_at_us)
		loop_once(d->loop, 50);
	/* from here on nothing starts (kick drops it) */
	if (d->stop_at_us > now)
		d->stop_at_us = now;
	for (q = d->notifyq; q; q = q->next)
		d->scripts_dropped += notifyq_clear(q);
	script_kill_all(d->loop, SCRIPT_GRACE_MS);
	while ((q = d->notifyq)) {
		d->notifyq = q->next;
		notifyq_free(q);
		free(q);
	}
}

void vrrpd_vips_hook(struct vrrp_instance *in, bool up)
{
	tracking_vips(daemon_of(in), in, up);
}
