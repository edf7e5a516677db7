/*
 * script.c - non-blocking script runner (see script.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/script.h"

struct child {
	struct loop *l;
	pid_t pid;
	int pidfd;
	struct loop_timer *timer;
	bool termed;			/* SIGTERM sent, next is SIGKILL */
	bool killed;			/* SIGKILL sent */
	bool timed_out;
	script_done_cb cb;
	void *arg;
	struct child *prev, *next;	/* every child not yet reaped */
};

static unsigned running;
static struct child *children;

/* Groups whose script exited on its own leaving members behind (a helper
 * started with &): signalled at exit like running scripts.  The group's
 * number cannot be reused while it has members, and a group that has
 * members but no leader (the script is reaped) is ours. */
#define LINGER_MAX 256
static pid_t lingering[LINGER_MAX];
static unsigned nlinger;

static bool group_leftover(pid_t pgid)
{
	if (kill(pgid, 0) == 0 || errno != ESRCH)
		return false;		/* the leader lives: not ours */
	return kill(-pgid, 0) == 0 || errno == EPERM;
}

static void linger_add(pid_t pgid)
{
	unsigned i, j;

	for (i = j = 0; i < nlinger; i++)	/* forget the groups that ended */
		if (group_leftover(lingering[i]))
			lingering[j++] = lingering[i];
	nlinger = j;
	if (nlinger < LINGER_MAX && group_leftover(pgid))
		lingering[nlinger++] = pgid;
}

/* sig to every leftover group; whether there was one */
static bool linger_signal(int sig)
{
	bool any = false;

	for (unsigned i = 0; i < nlinger; i++)
		if (group_leftover(lingering[i])) {
			kill(-lingering[i], sig);
			any = true;
		}
	return any;
}

unsigned script_running(void)
{
	return running;
}

static int pidfd_open(pid_t pid)
{
	return (int)syscall(SYS_pidfd_open, pid, 0);
}

static void child_free(struct child *c)
{
	if (c->prev)
		c->prev->next = c->next;
	else
		children = c->next;
	if (c->next)
		c->next->prev = c->prev;
	loop_del_fd(c->l, c->pidfd);
	close(c->pidfd);
	loop_timer_free(c->timer);
	free(c);
	running--;
}

static void on_exit_fd(int fd, uint32_t events, void *arg)
{
	struct child *c = arg;
	int status = 0;
	pid_t r;

	(void)fd;
	(void)events;
	r = waitpid(c->pid, &status, WNOHANG);
	if (r == 0)
		return;
	if (r < 0)
		status = 0;
	/* leftovers of its group (a script's own children) go too, now
	 * when it timed out, at exit when it ended on its own */
	if (c->timed_out)
		kill(-c->pid, SIGKILL);
	else
		linger_add(c->pid);
	if (c->cb)
		c->cb(c->pid, status, c->timed_out, c->arg);
	child_free(c);
}

static void on_timeout(struct loop_timer *t, void *arg)
{
	struct child *c = arg;

	c->timed_out = true;
	if (!c->termed) {
		kill(-c->pid, SIGTERM);
		c->termed = true;
		loop_timer_set(t, SCRIPT_GRACE_MS * 1000u);
	} else {
		kill(-c->pid, SIGKILL);
		c->killed = true;
	}
}

static void child_exec(char *const argv[], const struct script_opts *o, const sigset_t *mask,
		       pid_t parent)
{
	struct passwd *pw = NULL;
	struct group *gr;
	gid_t gid;
	int fd, i;

	setpgid(0, 0);
	for (i = 1; i < _NSIG; i++)
		signal(i, SIG_DFL);
	sigprocmask(SIG_UNBLOCK, mask, NULL);
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0 && fd != 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (o && o->user) {
		pw = getpwnam(o->user);
		if (!pw)
			_exit(126);
		gid = pw->pw_gid;
		if (o->group) {
			gr = getgrnam(o->group);
			if (!gr)
				_exit(126);
			gid = gr->gr_gid;
		}
		/* already that user and group (script_user root, as root): no
		 * switch, which needs CAP_SETGID/CAP_SETUID a daemon may have
		 * dropped */
		if ((pw->pw_uid != getuid() || pw->pw_uid != geteuid() ||
		     gid != getgid() || gid != getegid()) &&
		    (setgid(gid) < 0 || initgroups(pw->pw_name, gid) < 0 ||
		     setuid(pw->pw_uid) < 0))
			_exit(126);
	}
	/* the daemon killed (kill -9, a crash) before the script ends: the
	 * script gets SIGTERM, as keepalived's scripts do; set after the
	 * credentials change, which clears it, and checked against a daemon
	 * that died before it was set */
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent)
		_exit(126);
	closefrom(3);
	unsetenv("IFS");
	unsetenv("LD_PRELOAD");
	unsetenv("LD_LIBRARY_PATH");
	execvp(argv[0], argv);
	_exit(errno == ENOENT ? 127 : 126);
}

pid_t script_run(struct loop *l, char *const argv[], const struct script_opts *o,
		 script_done_cb cb, void *arg)
{
	struct child *c;
	sigset_t mask;
	pid_t pid, self;
	int e;

	if (!argv || !argv[0])
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	loop_sigmask(l, &mask);
	self = getpid();
	pid = fork();
	if (pid < 0) {
		e = errno;
		free(c);
		return -e;
	}
	if (pid == 0)
		child_exec(argv, o, &mask, self);
	/* also in the parent, so a kill(-pid) right away cannot miss */
	setpgid(pid, pid);
	c->l = l;
	c->pid = pid;
	c->cb = cb;
	c->arg = arg;
	c->pidfd = pidfd_open(pid);
	if (c->pidfd < 0 || loop_add_fd(l, c->pidfd, EPOLLIN, on_exit_fd, c) < 0) {
		e = errno;
		kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);	/* just killed: returns at once */
		if (c->pidfd >= 0)
			close(c->pidfd);
		free(c);
		return -e;
	}
	running++;
	c->next = children;
	if (children)
		children->prev = c;
	children = c;
	if (o && o->timeout_ms) {
		c->timer = loop_timer_new(l, on_timeout, c);
		if (c->timer)
			loop_timer_set(c->timer, (uint64_t)o->timeout_ms * 1000u);
	}
	return pid;
}

pid_t script_run_line(struct loop *l, const char *cmd, const char *const extra[],
		      const struct script_opts *o, script_done_cb cb, void *arg)
{
	char *argv[SCRIPT_MAX_ARGS + 1], *buf;
	int n;
	pid_t pid;

	if (!cmd)
		return -EINVAL;
	buf = strdup(cmd);
	if (!buf)
		return -ENOMEM;
	n = script_split(buf, argv, SCRIPT_MAX_ARGS);
	for (unsigned i = 0; n > 0 && extra && extra[i]; i++) {
		if (n >= SCRIPT_MAX_ARGS) {
			n = -E2BIG;
			break;
		}
		argv[n++] = (char *)extra[i];
		argv[n] = NULL;
	}
	if (n < 0)
		pid = n;
	else if (n == 0)
		pid = -EINVAL;
	else
		pid = script_run(l, argv, o, cb, arg);
	free(buf);	/* the child has its own copy */
	return pid;
}

int script_deadline(pid_t pid, uint64_t in_us)
{
	struct child *c;
	uint64_t left;

	for (c = children; c && c->pid != pid; c = c->next)
		;
	if (!c)
		return -ESRCH;
	if (c->termed)
		return 0;
	if (!c->timer && !(c->timer = loop_timer_new(c->l, on_timeout, c)))
		return -ENOMEM;
	left = loop_timer_remaining(c->timer);
	if (!left || left > in_us)
		loop_timer_set(c->timer, in_us ? in_us : 1);
	return 0;
}

/* sig to the group of every child not yet given it */
static void signal_all(int sig)
{
	for (struct child *c = children; c; c = c->next) {
		if (sig == SIGTERM ? c->termed : c->killed)
			continue;
		kill(-c->pid, sig);
		c->termed = true;
		c->killed |= sig == SIGKILL;
		c->timed_out = true;
		loop_timer_stop(c->timer);
	}
}

void script_kill_all(struct loop *l, unsigned grace_ms)
{
	uint64_t end;

	if (!l)
		return;
	/* a callback may start another script: it gets the same */
	end = loop_now_us() + (uint64_t)grace_ms * 1000u;
	while ((linger_signal(SIGTERM) || running) && loop_now_us() < end) {
		signal_all(SIGTERM);
		loop_once(l, 20);
	}
	end = loop_now_us() + (uint64_t)grace_ms * 1000u;
	while (running && loop_now_us() < end) {
		signal_all(SIGKILL);
		loop_once(l, 20);
	}
	linger_signal(SIGKILL);
	nlinger = 0;
	/* killed and still not reaped (stuck in the kernel): init reaps them */
	while (children)
		child_free(children);
}

int script_split(char *buf, char **argv, int max)
{
	char *r = buf, *w = buf;
	int n = 0;

	while (*r) {
		char q = 0;

		while (*r == ' ' || *r == '\t')
			r++;
		if (!*r)
			break;
		if (n >= max - 1)
			return -E2BIG;
		argv[n++] = w;
		while (*r && (q || (*r != ' ' && *r != '\t'))) {
			if (!q && (*r == '"' || *r == '\'')) {
				q = *r++;
				continue;
			}
			if (q && *r == q) {
				q = 0;
				r++;
				continue;
			}
			if (*r == '\\' && q != '\'' && r[1])
				r++;
			*w++ = *r++;
		}
		if (q)
			return -EINVAL;
		if (*r)
			r++;
		*w++ = 0;
	}
	argv[n] = NULL;
	return n;
}
