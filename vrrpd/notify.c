/*
 * notify.c - what happens after every state change: one event line, in
 * order, to `watch` clients and the notify FIFO, then the scripts.
 *
 * keepalived's conventions: the state-specific script (notify_master,
 * notify_backup, notify_fault, notify_stop) runs as written; the generic
 * `notify` script gets four more arguments: INSTANCE, the name, the state
 * (MASTER BACKUP FAULT STOP) and the priority.  Scripts never block the
 * loop (common/script) and are killed after the timeout.
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

#include "common/log.h"
#include "common/script.h"
#include "vrrpd/daemon.h"
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

struct run_ctx {
	struct vrrpd *d;
	char what[96];
};

static void script_done(pid_t pid, int status, bool timed_out, void *arg)
{
	struct run_ctx *r = arg;

	if (timed_out) {
		r->d->scripts_timed_out++;
		log_warnx("%s (pid %d) timed out and was killed", r->what, (int)pid);
	} else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		r->d->scripts_failed++;
		log_warnx("%s (pid %d) exited with %d", r->what, (int)pid, WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		r->d->scripts_failed++;
		log_warnx("%s (pid %d) killed by signal %d", r->what, (int)pid, WTERMSIG(status));
	}
	free(r);
}

static void run(struct vrrpd *d, struct vrrp_instance *in, enum vrrp_script s,
		const char *state, unsigned prio)
{
	struct script_opts o = {
		.timeout_ms = d->conf.script_timeout_ms,
		.user = d->conf.script_user[0] ? d->conf.script_user : NULL,
	};
	char *argv[SCRIPT_MAX_ARGS + 4], *buf, pbuf[8];
	struct run_ctx *r;
	int n;
	pid_t pid;

	if (!in->conf.script[s])
		return;
	buf = strdup(in->conf.script[s]);
	r = calloc(1, sizeof(*r));
	if (!buf || !r)
		goto out;
	n = script_split(buf, argv, SCRIPT_MAX_ARGS);
	if (n <= 0) {
		log_warnx("[%s] %s: cannot split '%s'", in->conf.name, vrrp_script_name(s),
			  in->conf.script[s]);
		goto out;
	}
	if (s == VRRP_SCRIPT_ANY) {
		snprintf(pbuf, sizeof(pbuf), "%u", prio);
		argv[n++] = (char *)"INSTANCE";
		argv[n++] = in->conf.name;
		argv[n++] = (char *)state;
		argv[n++] = pbuf;
		argv[n] = NULL;
	}
	r->d = d;
	snprintf(r->what, sizeof(r->what), "[%s] %s %s", in->conf.name, vrrp_script_name(s), argv[0]);
	pid = script_run(d->loop, argv, &o, script_done, r);
	if (pid < 0) {
		d->scripts_failed++;
		log_warnx("%s: %s", r->what, strerror(-pid));
		goto out;
	}
	d->scripts_run++;
	r = NULL;
out:
	free(r);
	free(buf);
}

void vrrpd_notify(struct vrrp_instance *in, enum vr_state from, enum vr_state to,
		  const char *why)
{
	struct vrrpd *d = daemon_of(in);
	const char *state = vrrpd_state_word(to);
	unsigned prio = in->vr.eff_prio;
	char line[160];
	int len;

	(void)why;
	if (to == VR_INIT && from == VR_INIT)
		return;
	d->events++;
	len = snprintf(line, sizeof(line), "INSTANCE \"%s\" %s %u", in->conf.name, state, prio);
	if (d->ctl)
		ctl_broadcast(d->ctl, line);
	if (d->fifo_fd >= 0) {
		line[len] = '\n';
		if (write(d->fifo_fd, line, (size_t)len + 1) != len + 1)
			d->fifo_drops++;
		line[len] = 0;
	}
	switch (to) {
	case VR_MASTER: run(d, in, VRRP_SCRIPT_MASTER, state, prio); break;
	case VR_BACKUP: run(d, in, VRRP_SCRIPT_BACKUP, state, prio); break;
	case VR_FAULT: run(d, in, VRRP_SCRIPT_FAULT, state, prio); break;
	default: run(d, in, VRRP_SCRIPT_STOP, state, prio); break;
	}
	run(d, in, VRRP_SCRIPT_ANY, state, prio);
	tracking_notify(d, in, from, to);
}

void vrrpd_vips_hook(struct vrrp_instance *in, bool up)
{
	tracking_vips(daemon_of(in), in, up);
}
