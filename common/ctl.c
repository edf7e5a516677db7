/*
 * ctl.c - control socket server and client (see ctl.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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
	uint64_t active_us;		/* last bytes in or out (loop_now_us) */
	bool watching;
	bool paused;			/* over CTL_OUT_MAX: requests wait */
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
	int reserve;			/* /dev/null, given up on EMFILE; -1 none */
	struct loop_timer *resume;	/* accept paused (no reserve) */
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;			/* the socket file we bound */
	ino_t ino;
	const struct ctl_verb *verbs;
	void *arg;
	struct ctl_conn *conns;
	unsigned nconns, nwatch, max_conns;
	struct ctl_stats st;
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

/* --- pure policy ----------------------------------------------------------- */

int ctl_evict_rank(const struct ctl_peer *p, bool for_watch)
{
	if (for_watch)
		return !p->watching ? 0 : p->outlen ? 2 : 1;
	if (p->watching)
		return p->outlen ? 2 : 0;
	return p->inlen || p->outlen ? 2 : 3;
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
	c->s->nconns--;
	c->s->nwatch -= c->watching;
	c->s->st.closed++;
	loop_del_fd(c->s->l, c->fd);
	close(c->fd);
	if (c->data)
		fclose(c->data);
	free(c->databuf);
	free(c->out);
	free(c);
}

/* the connection a newcomer displaces (ctl_evict_rank), or NULL */
static struct ctl_conn *victim(struct ctl *s, bool for_watch)
{
	struct ctl_conn *c, *best = NULL;
	int r, best_r = 0;

	for (c = s->conns; c; c = c->next) {
		struct ctl_peer p = { c->active_us, c->inlen, c->outlen, c->watching };

		r = ctl_evict_rank(&p, for_watch);
		if (r > best_r || (r && r == best_r && c->active_us < best->active_us)) {
			best = c;
			best_r = r;
		}
	}
	return best;
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

/* write what we can, then watch for what is next; false if c was freed */
static bool conn_flush(struct ctl_conn *c)
{
	uint32_t ev = 0;

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
		c->active_us = loop_now_us();
	}
	if (!c->outlen && c->closing) {
		conn_free(c);
		return false;
	}
	if (!c->outlen && c->outcap > CTL_OUT_MAX) {
		/* a big reply is gone: give its buffer back */
		free(c->out);
		c->out = NULL;
		c->outcap = 0;
	}
	if (c->outlen > CTL_OUT_MAX && !c->paused && !c->watching)
		c->s->st.paused++;
	c->paused = c->outlen > CTL_OUT_MAX;
	/* a watcher is read from only to notice its reader leaving */
	if (!c->eof && !c->paused && !c->closing)
		ev |= EPOLLIN;
	if (c->outlen)
		ev |= EPOLLOUT;
	loop_mod_fd(c->s->l, c->fd, ev);
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

/* c becomes a watcher; past CTL_WATCH_MAX another one makes room */
static void start_watch(struct ctl_conn *c)
{
	struct ctl *s = c->s;
	struct ctl_conn *v;

	if (s->nwatch >= CTL_WATCH_MAX && (v = victim(s, true))) {
		s->st.evicted++;
		conn_free(v);
	}
	c->watching = true;
	s->nwatch++;
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
			start_watch(c);
		else
			out_append(c, "\n", 1);
	}
	free(c->databuf);
	c->databuf = NULL;
	c->datalen = 0;
}

/* Answer the requests already received while the replies are being read,
 * then flush.  A request waiting here is taken up again when the output
 * drains (EPOLLOUT), not only when more bytes arrive. */
static void conn_work(struct ctl_conn *c)
{
	char line[CTL_LINE_MAX];
	int r;

	do {
		r = 0;
		while (!c->watching && !c->closing && c->outlen <= CTL_OUT_MAX &&
		       (r = ctl_take_line(c->in, &c->inlen, line, sizeof(line))) != 0) {
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
		/* the peer is done sending and every whole request is
		 * answered: finish what we owe, then close; a watcher's
		 * stream goes on until its reader hangs up */
		else if (c->eof && r == 0)
			c->closing = true;
		if (!conn_flush(c))
			return;
		/* stopped at the cap, and the kernel took enough: go on */
	} while (r == 1 && !c->paused && !c->watching && !c->closing);
}

static void on_conn(int fd, uint32_t events, void *arg)
{
	struct ctl_conn *c = arg;
	ssize_t n;

	if (c->eof && (events & (EPOLLHUP | EPOLLERR))) {
		conn_free(c);	/* a watcher's reader went away */
		return;
	}
	if ((events & EPOLLOUT) && !conn_flush(c))
		return;
	/* a paused connection is not read; its hang-up shows when the next
	 * send fails (conn_flush in conn_work) */
	if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) && !c->eof && !c->paused && !c->closing &&
	    c->inlen < sizeof(c->in)) {
		n = recv(fd, c->in + c->inlen, sizeof(c->in) - c->inlen, MSG_DONTWAIT);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			conn_free(c);
			return;
		}
		if (n == 0)
			c->eof = true;
		if (n > 0) {
			c->inlen += (size_t)n;
			c->active_us = loop_now_us();
		}
	}
	conn_work(c);
}

static void on_resume(struct loop_timer *t, void *arg)
{
	struct ctl *s = arg;

	(void)t;
	loop_mod_fd(s->l, s->fd, EPOLLIN);
}

/* accept() said EMFILE or ENFILE: the client waiting is told so and closed
 * with the reserve descriptor, or accepting pauses; never a busy loop */
static void out_of_fds(struct ctl *s)
{
	static const char busy[] = "error busy: out of file descriptors\n\n";
	int cfd;

	s->st.busy++;
	if (s->reserve >= 0) {
		close(s->reserve);
		s->reserve = -1;
		cfd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
		if (cfd >= 0) {
			(void)!send(cfd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
			close(cfd);
		}
		s->reserve = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (cfd >= 0 && s->reserve >= 0)
			return;
	}
	if (s->resume) {
		loop_mod_fd(s->l, s->fd, 0);
		loop_timer_set(s->resume, CTL_ACCEPT_PAUSE_MS * 1000u);
	}
}

/* one client; false when there is nobody more to accept now */
static bool accept_one(struct ctl *s)
{
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	struct ctl_conn *c, *v;
	int cfd;

	cfd = accept4(s->fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (cfd < 0) {
		if (errno == EMFILE || errno == ENFILE)
			out_of_fds(s);
		return false;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(cfd);
		return false;
	}
	c->s = s;
	c->fd = cfd;
	c->active_us = loop_now_us();
	if (getsockopt(cfd, SOL_SOCKET, SO_PEERCRED, &cr, &crlen) == 0)
		c->peer_priv = cr.uid == 0 || cr.uid == geteuid();
	if (loop_add_fd(s->l, cfd, EPOLLIN, on_conn, c) < 0) {
		close(cfd);
		free(c);
		return false;
	}
	if (s->nconns >= s->max_conns && (v = victim(s, false))) {
		s->st.evicted++;
		conn_free(v);
	}
	c->next = s->conns;
	s->conns = c;
	s->nconns++;
	s->st.opened++;
	return true;
}

static void on_accept(int fd, uint32_t events, void *arg)
{
	(void)fd;
	(void)events;
	/* a few per wake-up: a burst of clients is taken quickly, and the
	 * others' requests are not kept waiting behind it */
	for (int i = 0; i < 16 && accept_one(arg); i++)
		;
}

static int split_dir(const char *path, char *dir, size_t len)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return snprintf(dir, len, ".");
	if (slash == path)
		return snprintf(dir, len, "/");
	return snprintf(dir, len, "%.*s", (int)(slash - path), path);
}

int ctl_path_check(const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	struct stat st;

	if (!path[0] || strlen(path) >= sizeof(dir))
		return -ENAMETOOLONG;
	if (lstat(path, &st) == 0)
		return S_ISSOCK(st.st_mode) ? 0 : -ENOTSOCK;
	if (errno != ENOENT)
		return -errno;
	split_dir(path, dir, sizeof(dir));
	if (stat(dir, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

const char *ctl_strerror(int err)
{
	if (err == -ENOTSOCK)
		return "exists and is not a socket";
	if (err == -EADDRINUSE)
		return "another daemon answers on it";
	if (err == -ENAMETOOLONG)
		return "path empty or too long for a socket";
	return strerror(-err);
}

int ctl_exitcode(int err)
{
	if (err == -ENOTSOCK || err == -ENAMETOOLONG)
		return EXIT_USAGE;
	return exitcode_for_errno(err);
}

/* Make path free for bind(): nothing there, or a socket nobody accepts on
 * (a daemon that died), which is removed.  0 or -errno. */
static int path_claim(const char *path, const struct sockaddr_un *sun)
{
	int r = ctl_path_check(path), fd;

	if (r < 0 || access(path, F_OK) < 0)
		return r;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	r = connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) < 0 ? errno : 0;
	close(fd);
	/* EAGAIN: a live daemon with a full backlog */
	if (r == 0 || r == EAGAIN)
		return -EADDRINUSE;
	if (r != ECONNREFUSED)
		return -r;
	return unlink(path) < 0 && errno != ENOENT ? -errno : 0;
}

/* The connection cap, a quarter of the descriptors at most, after raising
 * the soft limit to the hard one (capped at CTL_NOFILE_RAISE) */
static unsigned fd_budget(void)
{
	struct rlimit rl;
	rlim_t want;

	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		return CTL_CONN_MAX;
	want = rl.rlim_max < CTL_NOFILE_RAISE ? rl.rlim_max : CTL_NOFILE_RAISE;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = want;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0)
			getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur / 4 < CTL_CONN_MAX)
		return rl.rlim_cur / 4 > 4 ? (unsigned)(rl.rlim_cur / 4) : 4;
	return CTL_CONN_MAX;
}

int ctl_listen(struct loop *l, const char *path, const struct ctl_verb *verbs,
	       void *arg, struct ctl **out)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
	struct ctl *s;
	int e;

	if (!path[0] || strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	if ((e = path_claim(path, &sun)) < 0)
		return e;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	strcpy(s->path, path);
	s->l = l;
	s->verbs = verbs;
	s->arg = arg;
	s->max_conns = fd_budget();
	s->reserve = open("/dev/null", O_RDONLY | O_CLOEXEC);
	s->resume = loop_timer_new(l, on_resume, s);
	s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (s->fd < 0)
		goto fail;
	/* bind() does not replace a file: a daemon that claimed the path
	 * since path_claim() keeps it (EADDRINUSE) */
	if (bind(s->fd, (struct sockaddr *)&sun, sizeof(sun)) < 0)
		goto fail;
	if (lstat(path, &st) < 0 || chmod(path, 0660) < 0 || listen(s->fd, 64) < 0)
		goto fail_unlink;
	s->dev = st.st_dev;
	s->ino = st.st_ino;
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
	if (s->reserve >= 0)
		close(s->reserve);
	loop_timer_free(s->resume);
	free(s);
	return -e;
}

void ctl_close(struct ctl *s)
{
	struct stat st;

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
	if (s->reserve >= 0)
		close(s->reserve);
	loop_timer_free(s->resume);
	/* only our own socket: another daemon may have taken the path since */
	if (lstat(s->path, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino)
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
			s->st.watch_dropped++;
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
	return s ? s->nwatch : 0;
}

void ctl_stats(const struct ctl *s, const char *name[CTL_NSTATS], uint64_t val[CTL_NSTATS])
{
	static const struct ctl_stats zero;
	const struct ctl_stats *t = s ? &s->st : &zero;
	const char *n[CTL_NSTATS] = { "ctl_open", "ctl_opened", "ctl_closed", "ctl_evicted",
				      "ctl_busy", "ctl_paused", "ctl_watch_dropped" };
	uint64_t v[CTL_NSTATS] = { s ? s->nconns : 0, t->opened, t->closed, t->evicted,
				   t->busy, t->paused, t->watch_dropped };

	memcpy(name, n, sizeof(n));
	memcpy(val, v, sizeof(v));
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
