/*
 * ctl.c - control socket server and client (see ctl.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/ctl.h"
#include "common/exitcode.h"
#include "common/log.h"

struct ctl_conn {
	struct ctl *s;
	int fd;
	char in[CTL_LINE_MAX];
	size_t inlen;
	char *out;			/* pending output */
	size_t outlen, outcap;
	bool watching;
	bool closing;			/* flush, then close */
	bool peer_priv;
	bool eof;			/* the peer shut down its sending side */
	/* the reply being built by a handler */
	FILE *data;
	char *databuf;
	size_t datalen;
	char reason[512];
	bool want_watch;
	struct ctl_conn *next;
};

struct ctl {
	struct loop *l;
	int fd;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	const struct ctl_verb *verbs;
	void *arg;
	struct ctl_conn *conns;
};

int ctl_take_line(char *buf, size_t *len, char *line, size_t linemax)
{
	char *nl = memchr(buf, '\n', *len);
	size_t n;

	if (!nl)
		return *len >= CTL_LINE_MAX ? -EMSGSIZE : 0;
	n = (size_t)(nl - buf);
	if (n + 1 > CTL_LINE_MAX || n >= linemax)
		return -EMSGSIZE;
	memcpy(line, buf, n);
	if (n && line[n - 1] == '\r')
		n--;
	line[n] = 0;
	*len -= (size_t)(nl - buf) + 1;
	memmove(buf, nl + 1, *len);
	return 1;
}

int ctl_split(char *line, char **argv, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n >= max - 1)
			return -E2BIG;
		argv[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = 0;
	}
	argv[n] = NULL;
	return n;
}

int ctl_status(const char *first, const char **reason)
{
	if (strcmp(first, "ok") == 0) {
		if (reason)
			*reason = "";
		return 0;
	}
	if (strncmp(first, "error", 5) != 0 || (first[5] != ' ' && first[5] != 0))
		return -EINVAL;
	first += first[5] ? 6 : 5;
	if (reason)
		*reason = first;
	if (strncmp(first, "usage:", 6) == 0)
		return EXIT_USAGE;
	if (strncmp(first, "denied:", 7) == 0)
		return EXIT_NOPERM;
	return EXIT_NO;
}

/* --- server ---------------------------------------------------------------- */

static void conn_free(struct ctl_conn *c)
{
	struct ctl_conn **pp;

	for (pp = &c->s->conns; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	loop_del_fd(c->s->l, c->fd);
	close(c->fd);
	if (c->data)
		fclose(c->data);
	free(c->databuf);
	free(c->out);
	free(c);
}

static int out_append(struct ctl_conn *c, const char *p, size_t n)
{
	if (c->outlen + n > c->outcap) {
		size_t cap = c->outcap ? c->outcap : 1024;
		char *o;

		while (cap < c->outlen + n)
			cap *= 2;
		o = realloc(c->out, cap);
		if (!o)
			return -ENOMEM;
		c->out = o;
		c->outcap = cap;
	}
	memcpy(c->out + c->outlen, p, n);
	c->outlen += n;
	return 0;
}

/* write what we can; false if the connection was freed */
static bool conn_flush(struct ctl_conn *c)
{
	while (c->outlen) {
		ssize_t w = send(c->fd, c->out, c->outlen, MSG_NOSIGNAL | MSG_DONTWAIT);

		if (w < 0) {
			if (errno == EAGAIN || errno == EINTR)
				break;
			conn_free(c);
			return false;
		}
		c->outlen -= (size_t)w;
		memmove(c->out, c->out + w, c->outlen);
	}
	if (!c->outlen && c->closing) {
		conn_free(c);
		return false;
	}
	loop_mod_fd(c->s->l, c->fd, (c->eof ? 0 : EPOLLIN) | (c->outlen ? EPOLLOUT : 0));
	return true;
}

void ctl_printf(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->data)
		return;
	va_start(ap, fmt);
	vfprintf(c->data, fmt, ap);
	va_end(ap);
}

FILE *ctl_stream(struct ctl_conn *c)
{
	return c->data;
}

int ctl_error(struct ctl_conn *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->reason, sizeof(c->reason), fmt, ap);
	va_end(ap);
	return -1;
}

void ctl_watch(struct ctl_conn *c)
{
	c->want_watch = true;
}

static void reply_error(struct ctl_conn *c, const char *reason)
{
	char buf[600];
	int n = snprintf(buf, sizeof(buf), "error %s\n\n", reason);

	out_append(c, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

static void handle(struct ctl_conn *c, char *line)
{
	char *argv[CTL_MAX_ARGS];
	const struct ctl_verb *v;
	int argc, r;

	argc = ctl_split(line, argv, CTL_MAX_ARGS);
	if (argc < 0) {
		reply_error(c, "usage: too many words");
		return;
	}
	if (argc == 0) {
		reply_error(c, "usage: empty request");
		return;
	}
	for (v = c->s->verbs; v->name; v++)
		if (strcmp(v->name, argv[0]) == 0)
			break;
	if (!v->name) {
		char why[128];

		snprintf(why, sizeof(why), "usage: unknown verb '%.64s'", argv[0]);
		reply_error(c, why);
		return;
	}
	if (v->privileged && !c->peer_priv) {
		reply_error(c, "denied: this verb needs root or the daemon's user");
		return;
	}
	c->reason[0] = 0;
	c->want_watch = false;
	c->data = open_memstream(&c->databuf, &c->datalen);
	if (!c->data) {
		reply_error(c, "out of memory");
		return;
	}
	r = v->fn(c, argc, argv, c->s->arg);
	fclose(c->data);
	c->data = NULL;
	if (r < 0) {
		reply_error(c, c->reason[0] ? c->reason : "failed");
	} else {
		out_append(c, "ok\n", 3);
		if (c->datalen) {
			out_append(c, c->databuf, c->datalen);
			if (c->databuf[c->datalen - 1] != '\n')
				out_append(c, "\n", 1);
		}
		if (c->want_watch)
			c->watching = true;
		else
			out_append(c, "\n", 1);
	}
	free(c->databuf);
	c->databuf = NULL;
	c->datalen = 0;
}

static void on_conn(int fd, uint32_t events, void *arg)
{
	struct ctl_conn *c = arg;
	char line[CTL_LINE_MAX];
	ssize_t n;
	int r;

	if (c->eof && (events & (EPOLLHUP | EPOLLERR))) {
		conn_free(c);	/* a watcher's reader went away */
		return;
	}
	if (events & EPOLLOUT) {
		if (!conn_flush(c))
			return;
	}
	if (!(events & (EPOLLIN | EPOLLHUP | EPOLLERR)))
		return;
	n = recv(fd, c->in + c->inlen, sizeof(c->in) - c->inlen, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		/* the peer is done sending: finish what we owe, then close;
		 * a watcher's stream goes on until its reader hangs up */
		if (n < 0) {
			conn_free(c);
			return;
		}
		c->eof = true;
		if (!c->watching)
			c->closing = true;
		conn_flush(c);
		return;
	}
	c->inlen += (size_t)n;
	while (!c->watching && (r = ctl_take_line(c->in, &c->inlen, line, sizeof(line))) != 0) {
		if (r < 0) {
			reply_error(c, "usage: request longer than 4096 bytes");
			c->closing = true;
			c->inlen = 0;
			break;
		}
		handle(c, line);
	}
	if (c->watching)
		c->inlen = 0;	/* a watcher has nothing more to say */
	conn_flush(c);
}

static void on_accept(int fd, uint32_t events, void *arg)
{
	struct ctl *s = arg;
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	struct ctl_conn *c;
	int cfd;

	(void)events;
	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (cfd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(cfd);
		return;
	}
	c->s = s;
	c->fd = cfd;
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0)
		c->peer_priv = cr.uid == 0 || cr.uid == geteuid();
	if (loop_add_fd(s->l, cfd, EPOLLIN, on_conn, c) < 0) {
		close(cfd);
		free(c);
		return;
	}
	c->next = s->conns;
	s->conns = c;
}

int ctl_listen(struct loop *l, const char *path, const struct ctl_verb *verbs,
	       void *arg, struct ctl **out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct ctl *s;
	int e;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	strcpy(sun.sun_path, path);
	strcpy(s->path, path);
	s->l = l;
	s->verbs = verbs;
	s->arg = arg;
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		goto fail;
	unlink(path);
	if (bind(s->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		goto fail;
	if (chmod(path, 0660) < 0 || listen(s->fd, 16) < 0)
		goto fail_unlink;
	e = loop_add_fd(l, s->fd, EPOLLIN, on_accept, s);
	if (e < 0) {
		errno = -e;
		goto fail_unlink;
	}
	*out = s;
	return 0;
fail_unlink:
	e = errno;
	unlink(path);
	errno = e;
fail:
	e = errno;
	if (s->fd >= 0)
		close(s->fd);
	free(s);
	return -e;
}

void ctl_close(struct ctl *s)
{
	if (!s)
		return;
	while (s->conns) {
		struct ctl_conn *c = s->conns;

		/* best effort: a watcher gets what is pending */
		c->closing = true;
		if (conn_flush(c))
			conn_free(c);
	}
	loop_del_fd(s->l, s->fd);
	close(s->fd);
	unlink(s->path);
	free(s);
}

void ctl_broadcast(struct ctl *s, const char *line)
{
	struct ctl_conn *c, *next;

	if (!s)
		return;
	for (c = s->conns; c; c = next) {
		next = c->next;
		if (!c->watching)
			continue;
		if (c->outlen > CTL_WATCH_BACKLOG) {
			conn_free(c);
			continue;
		}
		out_append(c, line, strlen(line));
		out_append(c, "\n", 1);
		conn_flush(c);
	}
}

unsigned ctl_watchers(const struct ctl *s)
{
	const struct ctl_conn *c;
	unsigned n = 0;

	for (c = s ? s->conns : NULL; c; c = c->next)
		n += c->watching;
	return n;
}

/* --- client ---------------------------------------------------------------- */

int ctl_client(const char *path, const char *request, FILE *out, FILE *err)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[CTL_LINE_MAX * 2], line[CTL_LINE_MAX * 2];
	size_t len = 0, rl = strlen(request);
	const char *reason;
	int fd, r, status = -1;
	bool done = false;

	if (strlen(path) >= sizeof(sun.sun_path) || rl + 1 > CTL_LINE_MAX) {
		fprintf(err, "%s: request or socket path too long\n", log_prog());
		return EXIT_USAGE;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		fprintf(err, "%s: cannot reach the daemon at %s: %s\n", log_prog(), path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return EXIT_NODAEMON;
	}
	if (send(fd, request, rl, MSG_NOSIGNAL) != (ssize_t)rl ||
	    send(fd, "\n", 1, MSG_NOSIGNAL) != 1) {
		fprintf(err, "%s: sending to %s: %s\n", log_prog(), path, strerror(errno));
		close(fd);
		return EXIT_NODAEMON;
	}
	shutdown(fd, SHUT_WR);
	while (!done) {
		ssize_t n = recv(fd, buf + len, sizeof(buf) - len, 0);

		if (n <= 0)
			break;
		len += (size_t)n;
		while ((r = ctl_take_line(buf, &len, line, sizeof(line))) == 1) {
			if (status < 0) {
				status = ctl_status(line, &reason);
				if (status < 0)
					break;
				if (status > 0)
					fprintf(err, "%s: %s\n", log_prog(), reason);
				continue;
			}
			if (!line[0]) {
				done = true;
				break;
			}
			fprintf(status ? err : out, "%s\n", line);
			fflush(out);
		}
		if (r < 0 || status == -EINVAL)
			break;
	}
	close(fd);
	if (status < 0) {
		fprintf(err, "%s: no valid reply from %s\n", log_prog(), path);
		return EXIT_NODAEMON;
	}
	return status;
}
