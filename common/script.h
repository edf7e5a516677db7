/*
 * script.h - run a script from an event loop without ever waiting for it.
 *
 * The child gets its own process group, default signal handling and mask,
 * stdin from /dev/null, no fds above 2, and IFS, LD_PRELOAD and
 * LD_LIBRARY_PATH removed from its environment; optionally it runs as
 * another user and group (setgid, initgroups, setuid).  The parent watches a pidfd in
 * the loop and reaps the child with waitpid(WNOHANG) when it ends, so other
 * children of the process are never reaped by mistake.  If a timeout is set
 * and expires, the whole group gets SIGTERM, then SIGKILL one second later.
 *
 * argv[0] is executed directly when it is an executable file (no shell); a
 * command line given as one string is split by script_split(), which
 * understands single and double quotes, as keepalived's notify lines do.
 */
#ifndef COMMON_SCRIPT_H
#define COMMON_SCRIPT_H

#include <stdbool.h>
#include <sys/types.h>

#include "common/loop.h"

#define SCRIPT_MAX_ARGS 64

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

/* Scripts started and not yet reaped. */
unsigned script_running(void);

/* At exit: stop watching every child still running (they go on running,
 * unreaped, as a notify_stop script outlives keepalived) and free their
 * records, calling release(arg) for each when release is not NULL.  Call it
 * before the loop is freed. */
void script_forget_all(void (*release)(void *arg));

/* Split a command line into at most max-1 words plus a NULL; the words
 * point into buf (modified in place).  Count, or -EINVAL (unbalanced
 * quote) / -E2BIG. */
int script_split(char *buf, char **argv, int max);

#endif
