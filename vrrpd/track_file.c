/*
 * track_file.c - inotify-driven track_file (see track_file.h).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "common/log.h"
#include "vrrpd/track_file.h"

struct track_filemon {
	struct loop *l;
	int fd;
	struct track_file *list;
};

#define DIR_EVENTS (IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_TO | \
		    IN_MOVED_FROM | IN_ATTRIB)

long long track_file_parse(const char *buf, size_t len)
{
	char tmp[64];
	long long v;
	char *end;
	size_t i = 0;

	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	len -= i;
	if (len >= sizeof(tmp))
		len = sizeof(tmp) - 1;
	memcpy(tmp, buf + i, len);
	tmp[len] = 0;
	errno = 0;
	v = strtoll(tmp, &end, 10);
	if (end == tmp || errno)
		return 0;
	return v;
}

long long track_file_read(const char *path)
{
	char buf[128];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	return n > 0 ? track_file_parse(buf, (size_t)n) : 0;
}

void track_file_conf_init(struct track_file_conf *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name ? name : "");
	c->weight = 1;
}

static void reread(struct track_file *f)
{
	long long v = track_file_read(f->c.path);

	f->reads++;
	if (f->obs.status != TRACK_UNKNOWN && v != f->obs.value)
		log_info("track_file %s: %lld -> %lld", f->c.name, f->obs.value, v);
	track_obs_set_value(&f->obs, v);
}

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

static void on_read(int fd, uint32_t events, void *arg)
{
	struct track_filemon *m = arg;
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *ev;
	struct track_file *f;
	ssize_t n;
	char *p;

	(void)events;
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return;
		for (p = buf; p < buf + n; p += sizeof(*ev) + ev->len) {
			ev = (const struct inotify_event *)p;
			for (f = m->list; f; f = f->next) {
				if (f->wd != ev->wd)
					continue;
				if (ev->mask & IN_Q_OVERFLOW)
					reread(f);
				else if (ev->len && !strcmp(ev->name, base(f->c.path)))
					reread(f);
			}
			if (ev->mask & IN_Q_OVERFLOW)
				for (f = m->list; f; f = f->next)
					reread(f);
		}
	}
}

struct track_filemon *track_filemon_new(struct loop *l)
{
	struct track_filemon *m = calloc(1, sizeof(*m));
	int e;

	if (!m)
		return NULL;
	m->l = l;
	m->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (m->fd < 0 || (e = loop_add_fd(l, m->fd, EPOLLIN, on_read, m)) < 0) {
		e = errno;
		if (m->fd >= 0)
			close(m->fd);
		free(m);
		errno = e;
		return NULL;
	}
	return m;
}

void track_filemon_free(struct track_filemon *m)
{
	struct track_file *f, *n;

	if (!m)
		return;
	loop_del_fd(m->l, m->fd);
	close(m->fd);
	for (f = m->list; f; f = n) {
		n = f->next;
		free(f);
	}
	free(m);
}

struct track_file *track_file_find(struct track_filemon *m, const char *name)
{
	struct track_file *f;

	for (f = m ? m->list : NULL; f; f = f->next)
		if (!strcmp(f->c.name, name))
			return f;
	return NULL;
}

static void init_file(const struct track_file_conf *c)
{
	char tmp[PATH_MAX + 8];
	FILE *fp;

	if (!c->overwrite && access(c->path, F_OK) == 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s.tmp", c->path);
	fp = fopen(tmp, "we");
	if (!fp) {
		log_warn("track_file %s: cannot create %s", c->name, c->path);
		return;
	}
	fprintf(fp, "%lld\n", c->init_value);
	if (fclose(fp) != 0 || rename(tmp, c->path) < 0) {
		log_warn("track_file %s: cannot write %s", c->name, c->path);
		unlink(tmp);
	}
}

struct track_file *track_file_add(struct track_filemon *m, const struct track_file_conf *c)
{
	char dir[PATH_MAX], *s;
	struct track_file *f;
	int e;

	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->c = *c;
	track_obs_init(&f->obs, TRACK_FILE, c->name);
	f->obs.weight = c->weight;
	f->obs.reverse = c->reverse;
	snprintf(dir, sizeof(dir), "%s", c->path);
	s = strrchr(dir, '/');
	if (!s)
		snprintf(dir, sizeof(dir), ".");
	else if (s == dir)
		dir[1] = 0;
	else
		*s = 0;
	f->wd = inotify_add_watch(m->fd, dir, DIR_EVENTS);
	if (f->wd < 0) {
		e = errno;
		free(f);
		errno = e;
		return NULL;
	}
	if (c->init_file)
		init_file(c);
	f->next = m->list;
	m->list = f;
	reread(f);
	return f;
}
