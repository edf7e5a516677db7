/*
 * track_proc.h - vrrp_track_process: are enough processes of a name running.
 *
 *   vrrp_track_process NAME {
 *       process NAME|"/full path" [PARAM ...]   param_match initial|partial
 *       full_command   quorum 1   quorum_max (none)   weight 1 [reverse]
 *       delay S   fork_delay S   terminate_delay S     (seconds, decimals allowed)
 *   }
 *
 * Matching, as keepalived (an exact match, not pgrep's regex; zombies do
 * not count):
 *   - without parameters, param_match or full_command: the process name
 *     (/proc/PID/comm, 15 bytes: the configured name is cut to 15 too);
 *   - otherwise against /proc/PID/cmdline: argv[0] equals the process
 *     string, and the parameters: all equal and no more (default), the
 *     first n equal and maybe more ("partial"), or the first n-1 equal and
 *     the n-th a prefix of the process's ("initial").  param_match with no
 *     parameters means "no parameters at all".
 * UP when quorum <= count <= quorum_max.  A change towards UP waits
 * fork_delay, towards DOWN terminate_delay; a bounce back within the delay
 * is never seen.
 *
 * Process events come from the kernel's proc connector (NETLINK_CONNECTOR,
 * CAP_NET_ADMIN, initial network namespace only): exec, fork, comm change,
 * exit.  /proc is scanned at start, after a lost event, and every second
 * when the connector cannot be used (a network namespace, no capability).
 */
#ifndef VRRPD_TRACK_PROC_H
#define VRRPD_TRACK_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "common/loop.h"
#include "vrrpd/track.h"

#define TRACK_PROC_MAX_PARAMS 16

enum track_pm { TRACK_PM_EXACT, TRACK_PM_PARTIAL, TRACK_PM_INITIAL };

struct track_proc_conf {
	char name[64];
	char process[256];
	char params[TRACK_PROC_MAX_PARAMS][128];
	int nparams;
	enum track_pm param_match;
	bool param_match_set;
	bool full_command;
	int weight;			/* default 1 */
	bool reverse;
	unsigned quorum;		/* default 1 */
	unsigned quorum_max;		/* default UINT_MAX */
	unsigned fork_delay_ms, terminate_delay_ms;
};

struct track_proc {
	struct track_obs obs;		/* first member */
	struct track_proc_conf c;
	pid_t *pids;			/* matching processes */
	size_t npids, cap;
	struct loop_timer *delay;
	struct track_proc *next;
};

struct track_procmon;

void track_proc_conf_init(struct track_proc_conf *c, const char *name);

/* Does a process with this comm and cmdline (NUL-separated, len bytes;
 * cmdline may be NULL when not needed) match?  Pure. */
bool track_proc_match(const struct track_proc_conf *c, const char *comm,
		      const char *cmdline, size_t len);
/* Does c need the cmdline? */
bool track_proc_needs_cmdline(const struct track_proc_conf *c);
/* Status for a count.  Pure. */
enum track_status track_proc_eval(const struct track_proc_conf *c, size_t count);

/* NULL on failure (errno).  Frees its objects in track_procmon_free(). */
struct track_procmon *track_procmon_new(struct loop *l);
void track_procmon_free(struct track_procmon *m);
struct track_proc *track_proc_add(struct track_procmon *m, const struct track_proc_conf *c);
struct track_proc *track_proc_find(struct track_procmon *m, const char *name);
/* Scan /proc now (the first scan sets every status at once).  0 or -errno. */
int track_procmon_scan(struct track_procmon *m);
/* true when the proc connector is in use (else: /proc polling) */
bool track_procmon_connected(const struct track_procmon *m);

#endif
