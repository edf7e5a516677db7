/*
 * notify.c - what happens after every state change: one event line, in
 * order, to `watch` clients and the notify FIFO, then the scripts; and
 * the same for a master's conflict report (conflict.c).
 *
 * keepalived's conventions: the state-specific script (notify_master,
 * notify_backup, notify_fault, notify_stop) runs as written; the generic
 * `notify` script gets four more arguments: INSTANCE, the name, the state
 * (MASTER BACKUP FAULT STOP) and the priority.  notify_conflict gets the
 * words of its event line: INSTANCE, the name, CONFLICT, the VIP and the
 * other holder's MAC.  Scripts never block the loop (common/script) and
 * are killed after the timeout.
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

/* Run script s of in with the words of extra (NULL-terminated, at most
 * 5, may be NULL) appended. */
static void run(struct vrrpd *d, struct vrrp_instance *in, enum vrrp_script s,
		const char *const *extra)
{
	struct script_opts o = {
		.timeout_ms = d->conf.script_timeout_ms,
		.user = d->conf.script_user[0] ? d->conf.script_user : NULL,
	};
	char *argv[SCRIPT_MAX_ARGS + 6], *buf;
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
	for (int k = 0; extra && k < 5 && extra[k]; k++)
		argv[n++] = (char *)extra[k];
	argv[n] = NULL;
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

void vrrpd_event_line(struct vrrpd *d, const char *line)
{
	char buf[256];
	int len = snprintf(buf, sizeof(buf), "%s\n", line);

	if (len >= (int)sizeof(buf))
		len = (int)sizeof(buf) - 1;

	d->events++;
	if (d->ctl)
		ctl_broadcast(d->ctl, line);
	if (d->fifo_fd >= 0 && write(d->fifo_fd, buf, (size_t)len) != len)
		d->fifo_drops++;
}

void vrrpd_notify(struct vrrp_instance *in, enum vr_state from, enum vr_state to,
		  const char *why)
{
	struct vrrpd *d = daemon_of(in);
	const char *state = vrrpd_state_word(to);
	char line[160], prio[8];
	const char *const any[] = { "INSTANCE", in->conf.name, state, prio, NULL };

	(void)why;
	if (to == VR_INIT && from == VR_INIT)
		return;
	snprintf(prio, sizeof(prio), "%u", in->vr.eff_prio);
	snprintf(line, sizeof(line), "INSTANCE \"%s\" %s %s", in->conf.name, state, prio);
	vrrpd_event_line(d, line);
	switch (to) {
	case VR_MASTER: run(d, in, VRRP_SCRIPT_MASTER, NULL); break;
	case VR_BACKUP: run(d, in, VRRP_SCRIPT_BACKUP, NULL); break;
	case VR_FAULT: run(d, in, VRRP_SCRIPT_FAULT, NULL); break;
	default: run(d, in, VRRP_SCRIPT_STOP, NULL); break;
	}
	run(d, in, VRRP_SCRIPT_ANY, any);
	tracking_notify(d, in, from, to);
}

void vrrpd_conflict(struct vrrp_instance *in, const struct ipaddr *addr, const uint8_t mac[6])
{
	struct vrrpd *d = daemon_of(in);
	char line[160], a[IPADDR_STRLEN], m[MAC_STRLEN];
	const char *const words[] = { "INSTANCE", in->conf.name, "CONFLICT", a, m, NULL };

	ipaddr_fmt(addr, a, sizeof(a), false);
	mac_fmt(mac, m);
	snprintf(line, sizeof(line), "INSTANCE \"%s\" CONFLICT %s %s", in->conf.name, a, m);
	vrrpd_event_line(d, line);
	run(d, in, VRRP_SCRIPT_CONFLICT, words);
}

void vrrpd_vips_hook(struct vrrp_instance *in, bool up)
{
	tracking_vips(daemon_of(in), in, up);
}
