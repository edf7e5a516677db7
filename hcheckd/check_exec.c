/*
 * check_exec.c - MISC_CHECK: run a program in its own process group and
 * judge its exit status.  Never a shell, never a blocking wait: the child's
 * pidfd and its output pipe are watched like any socket.  At the deadline
 * the group gets SIGTERM, kill_grace_ms later SIGKILL (keepalived's order).
 *
 * Exit status mapping: monitoring-plugin codes (0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN, other CRITICAL); with spec->dynamic, keepalived's
 * misc_dynamic: 0 OK, 1 failure, 2..255 OK with weight exit-2.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hcheckd/probe.h"

extern char **environ;

enum est { E_RUN, E_TERM, E_KILL };

struct exec_st {
	pid_t pid;
	int pidfd;
	int out;			/* read end of stdout+stderr */
	enum est st;
	size_t len;
	char buf[4096];			/* first 4 KiB of output */
};

static void exec_cleanup(struct probe *p)
{
	struct exec_st *x = p->priv;

	if (!x)
		return;
	if (x->pid > 0) {
		/* cancelled while running: do not leave the group behind */
		kill(-x->pid, SIGKILL);
		waitpid(x->pid, NULL, 0);
	}
	if (x->pidfd >= 0)
		close(x->pidfd);
	if (x->out >= 0)
		close(x->out);
	free(x);
	p->priv = NULL;
}

static pid_t spawn(const struct probe_spec *s, int outfd, int *err)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t none, dflt;
	pid_t pid = -1;

	/* a user other than ours: fork, switch (setuid clears every
	 * capability), exec; our own user: no switch, which would need the
	 * CAP_SETUID/CAP_SETGID the daemon dropped */
	if (spec_switches_user(s)) {
		pid = fork();
		if (pid < 0) {
			*err = errno;
			return -1;
		}
		if (pid == 0) {
			int nul = open("/dev/null", O_RDONLY);
			setpgid(0, 0);
			dup2(nul, 0);
			dup2(outfd, 1);
			dup2(outfd, 2);
			sigemptyset(&none);
			sigprocmask(SIG_SETMASK, &none, NULL);
			if (setgroups(0, NULL) < 0 || setgid(s->gid) < 0 || setuid(s->uid) < 0)
				_exit(126);
			execv(s->argv[0], s->argv);
			_exit(errno == ENOENT ? 127 : 126);
		}
		return pid;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, outfd, 1);
	posix_spawn_file_actions_adddup2(&fa, outfd, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&dflt);
	sigdelset(&dflt, SIGKILL);
	sigdelset(&dflt, SIGSTOP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dflt);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
					 POSIX_SPAWN_SETSIGDEF);
	*err = posix_spawn(&pid, s->argv[0], &fa, &at, s->argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	return *err ? -1 : pid;
}

static int exec_start(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	struct exec_st *x = calloc(1, sizeof(*x));
	int pfd[2], err = 0;

	if (!x)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	x->pidfd = x->out = -1;
	p->priv = x;
	if (pipe2(pfd, O_CLOEXEC | O_NONBLOCK) < 0)
		return probe_fail(p, PS_UNKNOWN, "pipe: %s", strerror(errno));
	x->pid = spawn(s, pfd[1], &err);
	close(pfd[1]);
	x->out = pfd[0];
	if (x->pid < 0) {
		x->pid = 0;
		return probe_fail(p, PS_UNKNOWN, "cannot run %s: %s", s->argv[0], strerror(err));
	}
	x->pidfd = (int)syscall(SYS_pidfd_open, x->pid, 0);
	if (x->pidfd < 0)
		return probe_fail(p, PS_UNKNOWN, "pidfd_open: %s", strerror(errno));
	if (probe_watch(p, 0, x->out, EPOLLIN) < 0 || probe_watch(p, 1, x->pidfd, EPOLLIN) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", strerror(errno));
	return PROBE_AGAIN;
}

static void drain(struct probe *p, struct exec_st *x)
{
	char tmp[4096];

	for (;;) {
		ssize_t n = read(x->out, tmp, sizeof(tmp));
		if (n <= 0) {
			if (n == 0)
				probe_unwatch(p, 0);
			return;
		}
		size_t room = sizeof(x->buf) - 1 - x->len;
		if ((size_t)n > room)
			n = (ssize_t)room;
		memcpy(x->buf + x->len, tmp, (size_t)n);
		x->len += (size_t)n;
		x->buf[x->len] = '\0';
	}
}

/* the plugin's first output line, without perfdata, for the reason */
static const char *first_line(struct exec_st *x)
{
	char *nl = strchr(x->buf, '\n'), *bar;

	if (nl)
		*nl = '\0';
	bar = strchr(x->buf, '|');
	if (bar)
		*bar = '\0';
	for (size_t n = strlen(x->buf); n && (x->buf[n - 1] == ' ' || x->buf[n - 1] == '\r'); n--)
		x->buf[n - 1] = '\0';
	return x->buf;
}

static int finished(struct probe *p, struct exec_st *x, int status)
{
	const struct probe_spec *s = p->spec;
	const char *out = first_line(x);
	int code;

	x->pid = 0;
	if (x->st != E_RUN)
		return probe_fail(p, PS_CRIT, "timeout after %d ms, killed", s->timeout_ms);
	if (WIFSIGNALED(status)) {
		p->res.exit_code = 128 + WTERMSIG(status);
		return probe_fail(p, PS_CRIT, "killed by signal %d%s%s", WTERMSIG(status),
				  *out ? ": " : "", out);
	}
	code = WEXITSTATUS(status);
	p->res.exit_code = code;
	if (s->dynamic) {
		if (code == 1)
			return probe_fail(p, PS_CRIT, "exit 1%s%s", *out ? ": " : "", out);
		if (code >= 2)
			p->res.weight = code - 2;
		return probe_ok(p, "exit %d%s%s", code, *out ? ": " : "", out);
	}
	switch (code) {
	case 0:
		return probe_ok(p, "%s", *out ? out : "exit 0");
	case 1:
		return probe_fail(p, PS_WARN, "%s", *out ? out : "exit 1");
	case 3:
		return probe_fail(p, PS_UNKNOWN, "%s", *out ? out : "exit 3");
	case 126:
	case 127:
		if (!*out)
			return probe_fail(p, PS_UNKNOWN, "exit %d (cannot execute %s)", code, s->argv[0]);
		/* fall through */
	default:
		return probe_fail(p, PS_CRIT, "exit %d%s%s", code, *out ? ": " : "", out);
	}
}

static int exec_io(struct probe *p, int fd, uint32_t ev)
{
	struct exec_st *x = p->priv;
	int status;
	pid_t r;

	if (fd == x->out) {
		drain(p, x);
		return PROBE_AGAIN;
	}
	r = waitpid(x->pid, &status, WNOHANG);
	if (r == 0)
		return PROBE_AGAIN;
	if (r < 0) {
		x->pid = 0;
		return probe_fail(p, PS_UNKNOWN, "waitpid: %s", strerror(errno));
	}
	drain(p, x);
	return finished(p, x, status);
}

static int exec_deadline(struct probe *p)
{
	struct exec_st *x = p->priv;
	int grace = p->spec->kill_grace_ms > 0 ? p->spec->kill_grace_ms : 2000;

	switch (x->st) {
	case E_RUN:
		kill(-x->pid, SIGTERM);
		x->st = E_TERM;
		probe_set_deadline(p, engine_now_us() + (int64_t)grace * 1000);
		return PROBE_AGAIN;
	case E_TERM:
		kill(-x->pid, SIGKILL);
		x->st = E_KILL;
		probe_set_deadline(p, engine_now_us() + 1000000);
		return PROBE_AGAIN;
	default:
		/* still not gone after SIGKILL (D state): cleanup reaps it */
		return probe_fail(p, PS_CRIT, "timeout after %d ms, not dying", p->spec->timeout_ms);
	}
}

const struct checker check_exec = {
	.start = exec_start, .on_io = exec_io, .on_deadline = exec_deadline,
	.cleanup = exec_cleanup,
};
