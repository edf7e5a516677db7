/*
 * track_script.h - vrrp_script: a command run every interval whose exit
 * status is tracked with rise/fall hysteresis, as keepalived does.
 *
 *   vrrp_script NAME {
 *       script "CMD ARGS"   interval 1 (s)   timeout = interval (s)
 *       weight 0 [reverse]  rise 1  fall 1   user USER [GROUP]   init_fail
 *   }
 *
 * Runs go through common/script (spawned, never waited for; own process
 * group).  Exit 0 is a success; any other status, a signal, or running past
 * the timeout (the group gets TERM, then KILL one second later) is a
 * failure.  A run still going when the next one is due is skipped (and
 * counted), never stacked.
 *
 * Hysteresis: UP after `rise` consecutive successes, DOWN after `fall`
 * consecutive failures.  Before the first result the status is UNKNOWN
 * and the first result decides it at once (keepalived's initial state);
 * with init_fail the script starts DOWN and needs `rise` successes.
 */
#ifndef VRRPD_TRACK_SCRIPT_H
#define VRRPD_TRACK_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/loop.h"
#include "common/script.h"
#include "vrrpd/track.h"

struct track_script_conf {
	char name[64];
	char cmd[1024];			/* the command line as written */
	unsigned interval_ms;		/* default 1000 */
	unsigned timeout_ms;		/* 0: the interval */
	int weight;			/* -253..253, default 0 */
	bool reverse;
	unsigned rise, fall;		/* default 1 */
	char user[64], group[64];	/* "" = global script_user, or ourselves */
	bool init_fail;
};

/* rise/fall counting, pure */
struct track_rf {
	enum track_status st;
	unsigned streak;		/* consecutive results against st */
};

struct track_script_stats {
	uint64_t runs, ok, failed, timeouts, skipped, spawn_errors;
};

struct track_script {
	struct track_obs obs;		/* first member */
	struct track_script_conf c;
	struct track_rf rf;
	struct track_script_stats st;
	int last_status;		/* wait(2) status of the last run */
	bool insecure;			/* refused by script security: never run */

	/* run time */
	struct loop *l;
	struct loop_timer *timer;
	pid_t pid;			/* the run in progress, or 0 */
	bool orphan;			/* freed while running: freed when reaped */
	char argbuf[1024];
	char *argv[SCRIPT_MAX_ARGS];
};

/* Defaults of keepalived: interval 1 s, rise 1, fall 1, weight 0. */
void track_script_conf_init(struct track_script_conf *c, const char *name);

/* Feed one result; returns the (possibly new) status. */
enum track_status track_rf_feed(struct track_rf *rf, bool ok, unsigned rise, unsigned fall);

/* Allocate a tracker for conf (copied).  NULL on failure (errno);
 * -EINVAL for a command line that does not split.  Caller frees with
 * track_script_free(). */
struct track_script *track_script_new(const struct track_script_conf *c);

/* Carry over the status of an old tracker (reload) when the command and
 * rise/fall are unchanged, so no transition happens. */
void track_script_adopt(struct track_script *s, const struct track_script *old);

/* Start running every interval (the first run at once).  0 or -errno. */
int track_script_start(struct track_script *s, struct loop *l);
/* Stop the timer; a run in progress is left to finish (its result is
 * ignored).  NULL is a no-op. */
void track_script_stop(struct track_script *s);
void track_script_free(struct track_script *s);

/* Apply one finished run (exposed for tests): wait status + timed_out. */
void track_script_result(struct track_script *s, int status, bool timed_out);

#endif
