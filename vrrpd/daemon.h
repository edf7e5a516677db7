/*
 * daemon.h - the vrrpd process: its configuration, its instances and the
 * shared resources they use (loop, netlink, monitor, control socket,
 * notify FIFO).
 *
 * struct vrrpd_conf is what a flag line or a keepalived.conf gives; it is
 * plain data (instance.h explains why).  struct vrrpd is the running
 * daemon built from one.  main() reads the conf, calls vrrpd_open() (all
 * privileged work), drops capabilities, vrrpd_start(), runs the loop and
 * ends with vrrpd_stop() and vrrpd_close().
 */
#ifndef VRRPD_DAEMON_H
#define VRRPD_DAEMON_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "common/conf.h"
#include "common/ctl.h"
#include "common/loop.h"
#include "common/metrics.h"
#include "common/nl.h"
#include "vrrpd/instance.h"
#include "vrrpd/tconf.h"

#define VRRPD_SOCK_DEFAULT "/run/vrrpd.sock"
#define VRRPD_SCRIPT_TIMEOUT_MS 30000	/* notify scripts killed after this */

struct vrrpd_conf {
	char router_id[64];		/* global_defs router_id (shown, logged) */
	char notify_fifo[PATH_MAX];	/* "" = none */
	unsigned script_timeout_ms;
	char script_user[64];		/* "" = ourselves */
	char metrics_listen[80];	/* global_defs vrrpd_metrics_listen, "" = off */
	struct vrrp_instance_conf *inst;	/* ninst of them, owned */
	unsigned ninst;
	struct vrrpd_tconf tc;		/* trackers, sync groups (tconf.h) */
	struct kaconf_extra x;		/* instance keywords beyond the core */
};

void vrrpd_conf_init(struct vrrpd_conf *c);
void vrrpd_conf_free(struct vrrpd_conf *c);
/* Append a copy of ic (ownership of ic's pointers moves: ic is cleared). */
int vrrpd_conf_add(struct vrrpd_conf *c, struct vrrp_instance_conf *ic);
/* Check every instance and the cross-instance rules (unique names and
 * (interface, family, VRID)); 0 or -EINVAL with err.  Warnings are logged. */
int vrrpd_conf_check(struct vrrpd_conf *c, char *err, size_t errlen);

struct notifyq;
struct ipvssync;

struct vrrpd {
	struct vrrpd_conf conf;
	struct loop *loop;
	struct nl nl;
	struct mnl_socket *mon;		/* rtnetlink monitor: addresses, links */
	char *monbuf;
	struct vrrp_env env;
	struct ctl *ctl;
	char sock_path[PATH_MAX];
	int fifo_fd;
	uint64_t events;		/* event lines emitted */
	uint64_t fifo_drops;
	uint64_t scripts_run, scripts_failed, scripts_timed_out;
	uint64_t scripts_dropped;	/* notify scripts never run (notify.h) */
	struct notifyq *notifyq;	/* notify.c: one queue per instance, group */
	uint64_t stop_at_us;		/* exit budget of scripts ends; 0 = running */
	uint64_t started_us;
	struct vrrpd_tracking *trk;	/* tracking.h */
	struct loop_timer *t_startup;	/* vrrp_startup_delay */
	pid_t fifo_script_pid;		/* notify_fifo_script, 0 = none */
	char conf_path[PATH_MAX];	/* for reload; "" in flags mode */
	char conf_id[CONF_ID_MAX + 1];	/* --config-id for @ID lines, "" = host name */
	struct ipvssync *syncd;		/* ipvssync.h: NULL unless an instance drives it */
	struct httpd *httpd;		/* the metrics listener, NULL = off */
	struct metrics_proc proc;	/* start time, reloads (common/metrics.h) */
};

/* Take conf (moved into d), open netlink, the monitor, every instance's
 * sockets and VMAC, the control socket and the FIFO.  0 or -errno with
 * err set. */
int vrrpd_open(struct vrrpd *d, struct vrrpd_conf *conf, const char *sock_path,
	       char *err, size_t errlen);
/* Start every instance (STARTUP). */
void vrrpd_start(struct vrrpd *d);
/* Leave every instance: priority 0, VIPs removed, STOP notified. */
void vrrpd_stop(struct vrrpd *d);
/* Free everything; VMACs we created are removed.  Safe after a failed open. */
void vrrpd_close(struct vrrpd *d);

struct vrrp_instance *vrrpd_find(struct vrrpd *d, const char *name);

/* notify.c: the notify callback of every instance */
void vrrpd_notify(struct vrrp_instance *in, enum vr_state from, enum vr_state to,
		  const char *why);
/* notify.c: the conflict callback of every instance */
void vrrpd_conflict(struct vrrp_instance *in, const struct ipaddr *addr, const uint8_t mac[6]);
/* notify.c: the vips_hook of every instance (tracking_vips) */
void vrrpd_vips_hook(struct vrrp_instance *in, bool up);
int vrrpd_fifo_open(struct vrrpd *d, char *err, size_t errlen);
/* the state word of scripts and event lines: MASTER BACKUP FAULT STOP */
const char *vrrpd_state_word(enum vr_state s);

/* metrics.c: every metric in the Prometheus text format (metrics.h) */
void vrrpd_metrics(FILE *f, void *d);

/* control.c: the verbs */
extern const struct ctl_verb vrrpd_verbs[];

#endif
