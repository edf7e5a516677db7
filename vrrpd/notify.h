/*
 * notify.h - what every state change of an instance or a sync group
 * gives: one event line at once to `watch` clients and the notify FIFO,
 * then its scripts, queued behind the ones of the earlier transitions of
 * the same instance or group (notifyq.h): in order, one at a time, each
 * killed at --script-timeout (SIGTERM to its process group, SIGKILL
 * SCRIPT_GRACE_MS later) so the next one runs.
 *
 * Exit: vrrpd_notify_stopping() (when told to stop, before the instances
 * leave) drops the transitions still waiting and gives the running scripts
 * half of the exit budget, min(--script-timeout, VRRPD_EXIT_SCRIPTS_MS);
 * the STOP scripts that follow run within the rest.  vrrpd_notify_finish()
 * (last, before the loop is freed) waits for them until the budget is
 * spent, then kills every script the daemon still has (notify, vrrp_script,
 * notify_fifo_script) and reaps it: nothing started by vrrpd outlives it.
 */
#ifndef VRRPD_NOTIFY_H
#define VRRPD_NOTIFY_H

#include "vrrpd/daemon.h"

#define VRRPD_EXIT_SCRIPTS_MS 5000	/* exit budget cap, see above */

struct notify_event {
	const char *kind;		/* "INSTANCE" or "GROUP" */
	const char *name;
	const char *line;		/* the watch / FIFO line */
	const char *state;		/* MASTER BACKUP FAULT STOP */
	unsigned prio;			/* a group's is 0 */
	const char *script;		/* the state's own script, NULL = none */
	const char *script_what;	/* "notify_master"... (static, for logs) */
	const char *notify;		/* the generic script, NULL = none */
};

void vrrpd_notify_event(struct vrrpd *d, const struct notify_event *ev);
void vrrpd_notify_stopping(struct vrrpd *d);
void vrrpd_notify_finish(struct vrrpd *d);

#endif
