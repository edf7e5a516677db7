/*
 * notifyq.h - the notify scripts of one instance or sync group, run in
 * the order of its transitions, one at a time.
 *
 * keepalived starts the scripts of every transition at once, so a
 * notify_master that is still running when the BACKUP transition comes
 * races the notify_backup started after it (keepalived #996, #584).  Here
 * every transition is one entry: its state word, its priority and its
 * commands in the order they run (the state's own script, then the generic
 * `notify` with NAME STATE PRIORITY appended).  The daemon (notify.c) asks
 * notifyq_start() for the next command, runs it, and calls notifyq_done()
 * when it has been reaped; while one runs, notifyq_start() gives nothing,
 * so two commands of one queue never run at once.
 *
 * The pending entries are bounded by max (NOTIFYQ_MAX): a push beyond it
 * drops the oldest pending entry, never the running one and never the one
 * just pushed, so after a flap the scripts of the latest state always run.
 * At exit notifyq_clear() drops what waits (the STOP entries come after).
 *
 * Pure: no loop, no processes; the caller frees what it is given back.
 */
#ifndef VRRPD_NOTIFYQ_H
#define VRRPD_NOTIFYQ_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define NOTIFYQ_MAX 16		/* pending transitions per instance or group */

enum notifyq_cmd {
	NOTIFYQ_STATE,		/* notify_master, notify_backup, ...: as written */
	NOTIFYQ_ANY,		/* notify: + KIND NAME STATE PRIORITY */
	NOTIFYQ_CMDS
};

struct notifyq_ev {
	char state[8];			/* MASTER BACKUP FAULT STOP */
	char prio[4];			/* the priority, as an argument */
	char *cmd[NOTIFYQ_CMDS];	/* command lines, NULL = none; owned */
	const char *what[NOTIFYQ_CMDS];	/* "notify_master"...: static, for logs */
	struct notifyq_ev *next;
};

struct notifyq {
	char name[64];			/* the instance or group */
	const char *kind;		/* "INSTANCE" or "GROUP": static */
	unsigned max;			/* pending entries kept; 0 = NOTIFYQ_MAX */
	struct notifyq_ev *head, *tail;	/* pending, oldest first */
	unsigned npending;
	struct notifyq_ev *cur;		/* the entry being run, NULL = none */
	int step;			/* its command running or last run */
	bool running;			/* a command of cur has not ended */
	pid_t pid;			/* the caller's: that command */
	uint64_t dropped;		/* entries dropped, since start */
	unsigned burst;			/* dropped since the queue was last idle */
	struct notifyq *next;		/* the caller's list */
};

/* An entry with copies of the command lines (NULL = none).  NULL if out of
 * memory.  Free with notifyq_ev_free() (NULL is a no-op). */
struct notifyq_ev *notifyq_ev_new(const char *state, unsigned prio, const char *state_cmd,
				  const char *state_what, const char *any_cmd);
void notifyq_ev_free(struct notifyq_ev *e);
/* Commands in e. */
unsigned notifyq_ev_ncmds(const struct notifyq_ev *e);

/* Append e (ownership moves).  Returns the entry dropped to stay within
 * max (the caller frees it), or NULL. */
struct notifyq_ev *notifyq_push(struct notifyq *q, struct notifyq_ev *e);

/* The next command to run, if none is running: the next one of the
 * current entry, else the first of the oldest pending (which becomes
 * current); q->cur and q->step say which.  NULL when nothing is left (or
 * one runs).  The returned line stays valid until notifyq_done(). */
const char *notifyq_start(struct notifyq *q);
/* The command given by notifyq_start() has ended (or could not start). */
void notifyq_done(struct notifyq *q);

/* Drop every pending entry (not the running one); how many commands
 * they held. */
unsigned notifyq_clear(struct notifyq *q);
/* A command runs or an entry waits. */
bool notifyq_busy(const struct notifyq *q);
/* Free every entry; q itself is the caller's. */
void notifyq_free(struct notifyq *q);

#endif
