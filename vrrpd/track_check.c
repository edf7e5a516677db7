/*
 * track_check.c - hcheckd watch client (see track_check.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/ctl.h"
#include "common/log.h"
#include "vrrpd/track_check.h"

enum cm_state { CM_DOWN, CM_CONNECTING, CM_WANT_OK, CM_WATCHING };

struct track_checkmon {
	struct loop *l;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	int fd;
	enum cm_state st;
	struct loop_timer *retry, *grace;
	char buf[CTL_LINE_MAX * 2];
	size_t len;
	struct track_check *list;
	bool warned;
};

int track_check_parse(const char *line, char *name, size_t len, enum track_status *st)
{
	const char *p, *e;
	size_t n;

	if (strncmp(line, "CHECK ", 6))
		return 0;
	p = line + 6;
	while (*p == ' ')
		p++;
	if (*p == '"') {
		e = strchr(++p, '"');
		if (!e)
			return -EINVAL;
		n = (size_t)(e - p);
		e++;
	} else {
		e = strchr(p, ' ');
		if (!e)
			return -EINVAL;
		n = (size_t)(e - p);
	}
	if (!n || n >= len)
		return -EINVAL;
	memcpy(name, p, n);
	name[n] = 0;
	while (*e == ' ')
		e++;
	if (!strncmp(e, "UP", 2) && (e[2] == 0 || e[2] == ' '))
		*st = TRACK_UP;
	else if (!strncmp(e, "DOWN", 4) && (e[4] == 0 || e[4] == ' '))
		*st = TRACK_DOWN;
	else
		return -EINVAL;
	return 1;
}

static void try_connect(struct track_checkmon *m);

static void on_retry(struct loop_timer *t, void *arg)
{
	(void)t;
	try_connect(arg);
}

static void on_grace(struct loop_timer *t, void *arg)
{
	struct track_checkmon *m = arg;
	struct track_check *c;

	(void)t;
	log_warnx("hcheckd at %s unreachable: tracked checks are DOWN", m->path);
	for (c = m->list; c; c = c->next)
		track_obs_set(&c->obs, TRACK_DOWN);
}

static void drop(struct track_checkmon *m, const char *why)
{
	if (m->fd >= 0) {
		loop_del_fd(m->l, m->fd);
		close(m->fd);
		m->fd = -1;
	}
	if (m->st == CM_WATCHING || !m->warned)
		log_debug("hcheckd watch %s: %s", m->path, why);
	m->warned = true;
	m->st = CM_DOWN;
	m->len = 0;
	loop_timer_set(m->retry, TRACK_CHECK_RETRY_US);
	if (!loop_timer_armed(m->grace))
		loop_timer_set(m->grace, TRACK_CHECK_GRACE_US);
}

static void line_in(struct track_checkmon *m, const char *line)
{
	char name[128];
	enum track_status st;
	struct track_check *c;

	if (m->st == CM_WANT_OK) {
		if (!strcmp(line, "ok")) {
			m->st = CM_WATCHING;
			loop_timer_stop(m->grace);
			log_info("following hcheckd checks at %s", m->path);
			return;
		}
		drop(m, line);
		return;
	}
	if (track_check_parse(line, name, sizeof(name), &st) != 1)
		return;
	for (c = m->list; c; c = c->next)
		if (!strcmp(c->obs.name, name)) {
			if (c->obs.status != st)
				log_info("check %s: %s", name, track_status_name(st));
			track_obs_set(&c->obs, st);
		}
}

static void on_io(int fd, uint32_t events, void *arg)
{
	struct track_checkmon *m = arg;
	char line[CTL_LINE_MAX];
	ssize_t n;
	int r;

	if (m->st == CM_CONNECTING && (events & EPOLLOUT)) {
		int err = 0;
		socklen_t sl = sizeof(err);

		getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &sl);
		if (err || write(fd, "watch\n", 6) != 6) {
			drop(m, err ? strerror(err) : "write failed");
			return;
		}
		m->st = CM_WANT_OK;
		loop_mod_fd(m->l, fd, EPOLLIN);
		return;
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = read(fd, m->buf + m->len, sizeof(m->buf) - m->len);
	if (n <= 0) {
		if (n < 0 && errno == EAGAIN)
			return;
		drop(m, n == 0 ? "closed by hcheckd" : strerror(errno));
		return;
	}
	m->len += (size_t)n;
	while ((r = ctl_take_line(m->buf, &m->len, line, sizeof(line))) == 1) {
		line_in(m, line);
		if (m->fd < 0)
			return;
	}
	if (r < 0)
		drop(m, "line too long");
}

static void try_connect(struct track_checkmon *m)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	m->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (m->fd < 0) {
		drop(m, strerror(errno));
		return;
	}
	memcpy(sa.sun_path, m->path, strlen(m->path));
	if (connect(m->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 && errno != EINPROGRESS) {
		int e = errno;

		close(m->fd);
		m->fd = -1;
		drop(m, strerror(e));
		return;
	}
	m->st = CM_CONNECTING;
	if (loop_add_fd(m->l, m->fd, EPOLLOUT | EPOLLIN, on_io, m) < 0)
		drop(m, "loop");
}

struct track_checkmon *track_checkmon_new(struct loop *l, const char *path)
{
	struct track_checkmon *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->l = l;
	m->fd = -1;
	snprintf(m->path, sizeof(m->path), "%s", path ? path : TRACK_CHECK_SOCK);
	m->retry = loop_timer_new(l, on_retry, m);
	m->grace = loop_timer_new(l, on_grace, m);
	if (!m->retry || !m->grace) {
		loop_timer_free(m->retry);
		loop_timer_free(m->grace);
		free(m);
		return NULL;
	}
	loop_timer_set(m->retry, 1);	/* connect from the loop */
	return m;
}

void track_checkmon_free(struct track_checkmon *m)
{
	struct track_check *c, *n;

	if (!m)
		return;
	if (m->fd >= 0) {
		loop_del_fd(m->l, m->fd);
		close(m->fd);
	}
	loop_timer_free(m->retry);
	loop_timer_free(m->grace);
	for (c = m->list; c; c = n) {
		n = c->next;
		free(c);
	}
	free(m);
}

struct track_check *track_check_get(struct track_checkmon *m, const char *name)
{
	struct track_check *c;

	for (c = m->list; c; c = c->next)
		if (!strcmp(c->obs.name, name))
			return c;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	track_obs_init(&c->obs, TRACK_CHECK, name);
	c->next = m->list;
	m->list = c;
	return c;
}

bool track_checkmon_connected(const struct track_checkmon *m)
{
	return m && m->st == CM_WATCHING;
}
