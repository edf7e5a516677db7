/*
 * track_proc.c - process tracking through the proc connector, with a /proc
 * scan at start and as fallback (see track_proc.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrpd/track_proc.h"

#define POLL_US 1000000u
#define COMM_LEN 16		/* TASK_COMM_LEN */

struct track_procmon {
	struct loop *l;
	int fd;				/* connector socket, or -1 */
	struct loop_timer *poll;	/* the fallback scan */
	struct track_proc *list;
	bool need_cmdline;
};

void track_proc_conf_init(struct track_proc_conf *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
	c->weight = 1;
	c->quorum = 1;
	c->quorum_max = UINT_MAX;
}

bool track_proc_needs_cmdline(const struct track_proc_conf *c)
{
	return c->full_command || c->nparams > 0 || c->param_match_set;
}

bool track_proc_match(const struct track_proc_conf *c, const char *comm,
		      const char *cmdline, size_t len)
{
	const char *p, *end;
	int i;

	if (!track_proc_needs_cmdline(c))
		return comm && !strncmp(comm, c->process, COMM_LEN - 1);
	if (!cmdline || !len)
		return false;	/* kernel threads have no command line */
	end = cmdline + len;
	p = cmdline;
	{
		size_t l0 = strnlen(p, (size_t)(end - p));

		if (l0 != strlen(c->process) || memcmp(p, c->process, l0))
			return false;
		p += l0 + 1;
	}
	for (i = 0; i < c->nparams; i++) {
		size_t want = strlen(c->params[i]), have;

		if (p >= end)
			return false;
		have = strnlen(p, (size_t)(end - p));
		if (c->param_match == TRACK_PM_INITIAL && i == c->nparams - 1) {
			if (have < want || strncmp(p, c->params[i], want))
				return false;
		} else if (have != want || memcmp(p, c->params[i], want)) {
			return false;
		}
		p += have + 1;
	}
	if (c->param_match == TRACK_PM_EXACT && (c->nparams > 0 || c->param_match_set))
		return p >= end;	/* no more parameters */
	return true;
}

enum track_status track_proc_eval(const struct track_proc_conf *c, size_t count)
{
	return count >= c->quorum && count <= c->quorum_max ? TRACK_UP : TRACK_DOWN;
}

/* comm and state from /proc/PID/stat: "PID (COMM) S ..." */
static int read_stat(pid_t pid, char *comm, char *state)
{
	char path[64], buf[512], *l, *r;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = 0;
	l = strchr(buf, '(');
	r = strrchr(buf, ')');
	if (!l || !r || r < l || r[1] != ' ')
		return -EIO;
	*r = 0;
	snprintf(comm, COMM_LEN, "%s", l + 1);
	*state = r[2];
	return 0;
}

static ssize_t read_cmdline(pid_t pid, char *buf, size_t cap)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, cap);
	close(fd);
	return n;
}

static bool has_pid(const struct track_proc *t, pid_t pid, size_t *at)
{
	size_t i;

	for (i = 0; i < t->npids; i++)
		if (t->pids[i] == pid) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}

/* add or remove pid; true when the set changed */
static bool set_pid(struct track_proc *t, pid_t pid, bool in)
{
	size_t at;
	pid_t *np;

	if (has_pid(t, pid, &at) == in)
		return false;
	if (!in) {
		t->pids[at] = t->pids[--t->npids];
		return true;
	}
	if (t->npids == t->cap) {
		np = realloc(t->pids, (t->cap ? t->cap * 2 : 8) * sizeof(*np));
		if (!np)
			return false;
		t->pids = np;
		t->cap = t->cap ? t->cap * 2 : 8;
	}
	t->pids[t->npids++] = pid;
	return true;
}

static void on_delay(struct loop_timer *tm, void *arg)
{
	struct track_proc *t = arg;
	enum track_status want = track_proc_eval(&t->c, t->npids);

	(void)tm;
	if (want != t->obs.status)
		log_info("track_process %s: %zu running, now %s", t->c.name, t->npids,
			 track_status_name(want));
	track_obs_set(&t->obs, want);
}

/* publish the count, through the delays once the status is known */
static void settle(struct track_proc *t)
{
	enum track_status want = track_proc_eval(&t->c, t->npids);
	unsigned ms;

	if (want == t->obs.status) {
		loop_timer_stop(t->delay);
		return;
	}
	ms = want == TRACK_UP ? t->c.fork_delay_ms : t->c.terminate_delay_ms;
	if (t->obs.status == TRACK_UNKNOWN || !ms || !t->delay) {
		on_delay(t->delay, t);
		return;
	}
	if (!loop_timer_armed(t->delay))
		loop_timer_set(t->delay, (uint64_t)ms * 1000u);
}

/* look at one process and update every tracker; *changed per tracker */
static void consider(struct track_procmon *m, pid_t pid, bool settle_now)
{
	char comm[COMM_LEN], state = 0, cmd[4096];
	ssize_t clen = -1;
	struct track_proc *t;
	bool alive;

	alive = read_stat(pid, comm, &state) == 0 && state != 'Z' && state != 'X';
	if (alive && m->need_cmdline)
		clen = read_cmdline(pid, cmd, sizeof(cmd));
	for (t = m->list; t; t = t->next) {
		bool in = alive && track_proc_match(&t->c, comm, clen > 0 ? cmd : NULL,
						    clen > 0 ? (size_t)clen : 0);

		if (set_pid(t, pid, in) && settle_now)
			settle(t);
	}
}

static void gone(struct track_procmon *m, pid_t pid)
{
	struct track_proc *t;

	for (t = m->list; t; t = t->next)
		if (set_pid(t, pid, false))
			settle(t);
}

int track_procmon_scan(struct track_procmon *m)
{
	struct track_proc *t;
	struct dirent *de;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		return -errno;
	for (t = m->list; t; t = t->next)
		t->npids = 0;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);

		if (*end || pid <= 0)
			continue;
		consider(m, (pid_t)pid, false);
	}
	closedir(d);
	for (t = m->list; t; t = t->next)
		settle(t);
	return 0;
}

static void on_poll(struct loop_timer *tm, void *arg)
{
	struct track_procmon *m = arg;

	track_procmon_scan(m);
	loop_timer_set(tm, POLL_US);
}

static void on_event(const struct proc_event *ev, struct track_procmon *m)
{
	switch (ev->what) {
	case PROC_EVENT_FORK:
		if (ev->event_data.fork.child_pid == ev->event_data.fork.child_tgid)
			consider(m, ev->event_data.fork.child_tgid, true);
		break;
	case PROC_EVENT_EXEC:
		consider(m, ev->event_data.exec.process_tgid, true);
		break;
	case PROC_EVENT_COMM:
		if (ev->event_data.comm.process_pid == ev->event_data.comm.process_tgid)
			consider(m, ev->event_data.comm.process_tgid, true);
		break;
	case PROC_EVENT_EXIT:
		if (ev->event_data.exit.process_pid == ev->event_data.exit.process_tgid)
			gone(m, ev->event_data.exit.process_tgid);
		break;
	default:
		break;
	}
}

static void on_read(int fd, uint32_t events, void *arg)
{
	struct track_procmon *m = arg;
	char buf[8192] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh;
	struct cn_msg *cn;
	struct proc_event ev;
	ssize_t n;

	(void)events;
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				log_debug("proc connector overrun: scanning /proc");
				track_procmon_scan(m);
				continue;
			}
			return;
		}
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (size_t)n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_NOOP || nlh->nlmsg_type == NLMSG_ERROR)
				continue;
			cn = NLMSG_DATA(nlh);
			if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC ||
			    cn->len < sizeof(struct proc_event))
				continue;
			/* cn->data sits 36 bytes into the message: copy it out to
			 * the 8-byte alignment struct proc_event needs */
			memcpy(&ev, cn->data, sizeof(ev));
			on_event(&ev, m);
		}
	}
}

static int connector_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = CN_IDX_PROC };
	char buf[NLMSG_SPACE(sizeof(struct cn_msg) + sizeof(int))] __attribute__((aligned(NLMSG_ALIGNTO)));
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct cn_msg *cn;
	int fd, op = PROC_CN_MCAST_LISTEN, e;

	fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_CONNECTOR);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto fail;
	memset(buf, 0, sizeof(buf));
	nlh->nlmsg_len = NLMSG_LENGTH(sizeof(struct cn_msg) + sizeof(op));
	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_pid = 0;
	cn = NLMSG_DATA(nlh);
	cn->id.idx = CN_IDX_PROC;
	cn->id.val = CN_VAL_PROC;
	cn->len = sizeof(op);
	memcpy(cn->data, &op, sizeof(op));
	if (send(fd, nlh, nlh->nlmsg_len, 0) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	return -e;
}

struct track_procmon *track_procmon_new(struct loop *l)
{
	struct track_procmon *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->l = l;
	m->fd = connector_open();
	if (m->fd >= 0 && loop_add_fd(l, m->fd, EPOLLIN, on_read, m) < 0) {
		close(m->fd);
		m->fd = -1;
	}
	if (m->fd < 0) {
		log_debug("proc connector unavailable (%s): scanning /proc every second",
			  strerror(-m->fd));
		m->poll = loop_timer_new(l, on_poll, m);
		if (!m->poll) {
			free(m);
			return NULL;
		}
		loop_timer_set(m->poll, POLL_US);
	}
	return m;
}

bool track_procmon_connected(const struct track_procmon *m)
{
	return m && m->fd >= 0;
}

void track_procmon_free(struct track_procmon *m)
{
	struct track_proc *t, *n;

	if (!m)
		return;
	if (m->fd >= 0) {
		loop_del_fd(m->l, m->fd);
		close(m->fd);
	}
	loop_timer_free(m->poll);
	for (t = m->list; t; t = n) {
		n = t->next;
		loop_timer_free(t->delay);
		free(t->pids);
		free(t);
	}
	free(m);
}

struct track_proc *track_proc_find(struct track_procmon *m, const char *name)
{
	struct track_proc *t;

	for (t = m ? m->list : NULL; t; t = t->next)
		if (!strcmp(t->c.name, name))
			return t;
	return NULL;
}

struct track_proc *track_proc_add(struct track_procmon *m, const struct track_proc_conf *c)
{
	struct track_proc *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->c = *c;
	track_obs_init(&t->obs, TRACK_PROC, c->name);
	t->obs.weight = c->weight;
	t->obs.reverse = c->reverse;
	t->delay = loop_timer_new(m->l, on_delay, t);
	if (track_proc_needs_cmdline(c))
		m->need_cmdline = true;
	t->next = m->list;
	m->list = t;
	return t;
}
