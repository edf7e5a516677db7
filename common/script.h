/*
 * script.h - run a script from an event loop without ever waiting for it.
 *
 * The child gets its own process group, default signal handling and mask,
 * stdin from /dev/null, no fds above 2, and IFS, LD_PRELOAD and
 * LD_LIBRARY_PATH removed from its environment; optionally it runs as
 * another user and group (setgid, initgroups, setuid).  The parent watches a pidfd in
 * the loop and reaps the child with waitpid(WNOHANG) when it ends, so other
 * children of the process are never reaped by mistake.  If a timeout is set
 * and expires, the whole group gets SIGTERM, then SIGKILL SCRIPT_GRACE_MS
 * later; the callback then says timed_out.
 *
 * argv[0] is executed directly when it is an executable file (no shell); a
 * command line given as one string is split by script_split(), which
 * understands single and double quotes, as keepalived's notify lines do;
 * script_run_line() splits and runs in one call, for every caller that has
 * a configured command line.
 *
 * Nothing started here outlives the daemon: at exit script_kill_all() sends
 * every script still running SIGTERM (its whole process group), SIGKILL
 * after the grace, and reaps them.  What a script left behind in its group
 * after exiting on its own (a helper started with &) gets SIGTERM then too
 * and SIGKILL after the grace (up to 256 such groups are remembered); a
 * helper meant to outlive the daemon starts its own session.
 */
#ifndef COMMON_SCRIPT_H
#define COMMON_SCRIPT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "common/loop.h"

#define SCRIPT_MAX_ARGS 64
#define SCRIPT_GRACE_MS 1000	/* SIGTERM -> SIGKILL */

struct script_opts {
	unsigned timeout_ms;		/* 0: no timeout */
	const char *user;		/* NULL: run as ourselves */
	const char *group;		/* NULL: the user's primary group */
};

/* status: the wait(2) status; timed_out: it was killed by the timeout.
 * On spawn failure the callback is not called (script_run returns -errno). */
typedef void (*script_done_cb)(pid_t pid, int status, bool timed_out, void *arg);

/* Spawn argv (NULL-terminated).  pid, or -errno.  cb may be NULL. */
pid_t script_run(struct loop *l, char *const argv[], const struct script_opts *o,
		 script_done_cb cb, void *arg);

/* Split the command line cmd (script_split), append extra (NULL-terminated,
 * may be NULL) and spawn it as script_run() does.  pid, or -errno: -EINVAL
 * for a line that does not split (empty, unbalanced quote), -E2BIG for too
 * many words. */
pid_t script_run_line(struct loop *l, const char *cmd, const char *const extra[],
		      const struct script_opts *o, script_done_cb cb, void *arg);

/* Scripts started and not yet reaped. */
unsigned script_running(void);

/* Bring the SIGTERM of a running script forward to at most in_us from now
 * (a script without a timeout gets one).  0, or -ESRCH if pid is not one
 * of ours. */
int script_deadline(pid_t pid, uint64_t in_us);

/* At exit: SIGTERM to the group of every script still running, SIGKILL to
 * what is left after grace_ms, reap them all (their callbacks run, with
 * timed_out).  Returns within about 2 * grace_ms; call it before the loop
 * is freed. */
void script_kill_all(struct loop *l, unsigned grace_ms);

/* Split a command line into at most max-1 words plus a NULL; the words
 * point into buf (modified in place).  Count, or -EINVAL (unbalanced
 * quote) / -E2BIG. */
int script_split(char *buf, char **argv, int max);

#endif
