/*
 * httpd.c - the scrape listener (httpd.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/httpd.h"
#include "common/metrics.h"

struct hconn {
	struct httpd *h;
	int fd;
	char in[HTTPD_REQ_MAX];
	size_t inlen;
	char *out;			/* head and body, malloc'ed */
	size_t outlen, outoff;
	struct loop_timer *timer;
	struct hconn *next;
};

struct httpd_stats {
	uint64_t requests, refused, timeouts;	/* httpd_metrics() */
};

struct httpd {
	struct loop *loop;
	int fd;
	char *path, *ctype;
	httpd_fn fn;
	void *arg;
	struct hconn *conns;
	unsigned nconn;
	struct httpd_stats st;
	struct loop_timer *resume;	/* accepting again after a pause */
};

/* Out of descriptors (or memory): the level-triggered listener would wake
 * the loop again at once, so listening pauses for a while. */
#define HTTPD_ACCEPT_PAUSE_MS 200

static void on_resume(struct loop_timer *t, void *arg)
{
	struct httpd *h = arg;

	(void)t;
	loop_mod_fd(h->loop, h->fd, EPOLLIN);
}

int httpd_addr_parse(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
		     const char **why)
{
	char host[64];
	const char *port = spec, *colon;
	char *end;
	unsigned long p;

	memset(ss, 0, sizeof(*ss));
	snprintf(host, sizeof(host), "127.0.0.1");
	if (spec[0] == '[') {
		const char *rb = strchr(spec, ']');
		if (!rb || rb[1] != ':' || (size_t)(rb - spec - 1) >= sizeof(host)) {
			*why = "expected [ADDRESS]:PORT";
			return -EINVAL;
		}
		memcpy(host, spec + 1, (size_t)(rb - spec - 1));
		host[rb - spec - 1] = '\0';
		port = rb + 2;
	} else if ((colon = strrchr(spec, ':'))) {
		if (strchr(spec, ':') != colon || (size_t)(colon - spec) >= sizeof(host)) {
			*why = "an IPv6 address goes in brackets: [ADDRESS]:PORT";
			return -EINVAL;
		}
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
		port = colon + 1;
	}
	errno = 0;
	p = strtoul(port, &end, 10);
	if (!*port || *end || errno || p < 1 || p > 65535 || *port == '-' || *port == '+') {
		*why = "expected a port from 1 to 65535";
		return -EINVAL;
	}
	if (!strcmp(host, "*"))
		snprintf(host, sizeof(host), "::");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		((struct sockaddr_in *)ss)->sin_family = AF_INET;
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)p);
		*len = sizeof(struct sockaddr_in);
		return 0;
	}
	if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		((struct sockaddr_in6 *)ss)->sin6_family = AF_INET6;
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)p);
		*len = sizeof(struct sockaddr_in6);
		return 0;
	}
	*why = "expected a numeric IPv4 or IPv6 address";
	return -EINVAL;
}

int httpd_parse(const char *buf, size_t len, const char *path)
{
	const char *end = NULL, *sp1, *sp2, *eol, *q;
	size_t plen;

	for (size_t i = 0; i + 1 < len && !end; i++) {
		if (buf[i] == '\n' && buf[i + 1] == '\n')
			end = buf + i;
		else if (i + 3 < len && !memcmp(buf + i, "\r\n\r\n", 4))
			end = buf + i;
	}
	if (!end)
		return len >= HTTPD_REQ_MAX ? 431 : 0;
	/* request line: METHOD SP TARGET SP HTTP/x.y */
	eol = memchr(buf, '\n', len);	/* there is one: end found */
	if (!eol || !(sp1 = memchr(buf, ' ', (size_t)(eol - buf))) || sp1 == buf)
		return 400;
	if (!(sp2 = memchr(sp1 + 1, ' ', (size_t)(eol - sp1 - 1))) || sp2 == sp1 + 1)
		return 400;
	if ((size_t)(eol - sp2) < 9 || memcmp(sp2 + 1, "HTTP/1.", 7))
		return 400;
	q = memchr(sp1 + 1, '?', (size_t)(sp2 - sp1 - 1));
	plen = (size_t)((q ? q : sp2) - sp1 - 1);
	if (plen != strlen(path) || memcmp(sp1 + 1, path, plen))
		return 404;
	if (sp1 - buf != 3 || memcmp(buf, "GET", 3))
		return 405;
	return 200;
}

static void conn_free(struct hconn *c)
{
	struct httpd *h = c->h;

	for (struct hconn **pp = &h->conns; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	h->nconn--;
	loop_del_fd(h->loop, c->fd);
	close(c->fd);
	loop_timer_free(c->timer);
	free(c->out);
	free(c);
}

static void on_timeout(struct loop_timer *t, void *arg)
{
	struct hconn *c = arg;

	c->h->st.timeouts++;
	conn_free(c);
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 431: return "Request Header Fields Too Large";
	default: return "Bad Request";
	}
}

/* head and body into c->out; 0 or -ENOMEM */
static int build_reply(struct hconn *c, int status)
{
	struct httpd *h = c->h;
	char *body = NULL, *all = NULL;
	size_t blen = 0, alen = 0;
	FILE *f;

	if (!(f = open_memstream(&body, &blen)))
		return -ENOMEM;
	if (status == 200)
		h->fn(f, h->arg);
	else
		fprintf(f, "%d %s\n", status, reason(status));
	if (fclose(f))
		return -ENOMEM;
	if (!(f = open_memstream(&all, &alen))) {
		free(body);
		return -ENOMEM;
	}
	fprintf(f, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s"
		"Connection: close\r\n\r\n", status, reason(status),
		status == 200 ? h->ctype : "text/plain; charset=utf-8", blen,
		status == 405 ? "Allow: GET\r\n" : "");
	fwrite(body, 1, blen, f);
	free(body);
	if (fclose(f))
		return -ENOMEM;
	c->out = all;
	c->outlen = alen;
	c->outoff = 0;
	return 0;
}

static void on_conn(int fd, uint32_t events, void *arg)
{
	struct hconn *c = arg;
	ssize_t n;
	int st;

	if (!c->out) {
		n = read(fd, c->in + c->inlen, sizeof(c->in) - c->inlen);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_free(c);
			return;
		}
		c->inlen += (size_t)n;
		if (!(st = httpd_parse(c->in, c->inlen, c->h->path)))
			return;
		c->h->st.requests++;
		if (build_reply(c, st) < 0) {
			conn_free(c);
			return;
		}
		/* what the client sends further is not read: one request */
		loop_mod_fd(c->h->loop, fd, EPOLLOUT);
	}
	while (c->outoff < c->outlen) {
		n = send(fd, c->out + c->outoff, c->outlen - c->outoff, MSG_NOSIGNAL);
		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			conn_free(c);
			return;
		}
		c->outoff += (size_t)n;
	}
	shutdown(fd, SHUT_WR);
	conn_free(c);
}

static void on_accept(int fd, uint32_t events, void *arg)
{
	struct httpd *h = arg;
	struct hconn *c;
	int cfd;

	/* a bounded batch per wakeup, so that a flood cannot hold the loop */
	for (int i = 0; i < HTTPD_CONN_MAX; i++) {
		if ((cfd = accept4(fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC)) < 0) {
			if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
				/* EMFILE, ENFILE, ENOBUFS, ENOMEM: no spinning */
				h->st.refused++;
				loop_mod_fd(h->loop, fd, 0);
				loop_timer_set(h->resume, HTTPD_ACCEPT_PAUSE_MS * 1000ull);
			}
			return;
		}
		if (h->nconn >= HTTPD_CONN_MAX || !(c = calloc(1, sizeof(*c)))) {
			h->st.refused++;
			close(cfd);
			continue;
		}
		c->h = h;
		c->fd = cfd;
		if (!(c->timer = loop_timer_new(h->loop, on_timeout, c)) ||
		    loop_add_fd(h->loop, cfd, EPOLLIN, on_conn, c) < 0) {
			loop_timer_free(c->timer);
			close(cfd);
			free(c);
			continue;
		}
		loop_timer_set(c->timer, HTTPD_TIMEOUT_MS * 1000ull);
		c->next = h->conns;
		h->conns = c;
		h->nconn++;
	}
}

int httpd_listen(struct loop *l, const char *spec, const char *path, const char *ctype,
		 httpd_fn fn, void *arg, struct httpd **out)
{
	struct sockaddr_storage ss;
	socklen_t slen;
	const char *why;
	struct httpd *h;
	int one = 1, r;

	if (httpd_addr_parse(spec, &ss, &slen, &why) < 0)
		return -EINVAL;
	if (!(h = calloc(1, sizeof(*h))))
		return -ENOMEM;
	h->loop = l;
	h->fn = fn;
	h->arg = arg;
	h->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (h->fd < 0 || !(h->path = strdup(path)) || !(h->ctype = strdup(ctype)))
		goto fail;
	setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(h->fd, (struct sockaddr *)&ss, slen) < 0 || listen(h->fd, 64) < 0)
		goto fail;
	if (!(h->resume = loop_timer_new(l, on_resume, h)))
		goto fail;
	if ((r = loop_add_fd(l, h->fd, EPOLLIN, on_accept, h)) < 0) {
		errno = -r;
		goto fail;
	}
	*out = h;
	return 0;
fail:
	r = -errno;
	loop_timer_free(h->resume);
	if (h->fd >= 0)
		close(h->fd);
	free(h->path);
	free(h->ctype);
	free(h);
	return r;
}

void httpd_close(struct httpd *h)
{
	if (!h)
		return;
	while (h->conns)
		conn_free(h->conns);
	loop_timer_free(h->resume);
	loop_del_fd(h->loop, h->fd);
	close(h->fd);
	free(h->path);
	free(h->ctype);
	free(h);
}

void httpd_metrics(FILE *f, const char *prog, const struct httpd *h)
{
	static const struct {
		const char *suffix, *help;
		size_t off;
	} cs[] = {
		{ "requests_total", "metrics listener: replies made, any status",
		  offsetof(struct httpd_stats, requests) },
		{ "refused_total", "metrics listener: connections closed unanswered past the cap",
		  offsetof(struct httpd_stats, refused) },
		{ "timeouts_total", "metrics listener: connections closed at the timeout",
		  offsetof(struct httpd_stats, timeouts) },
	};
	struct httpd_stats zero = { 0 };
	const struct httpd_stats *st = h ? &h->st : &zero;
	char name[96];

	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		snprintf(name, sizeof(name), "%s_metrics_http_%s", prog, cs[i].suffix);
		metrics_family(f, name, "counter", cs[i].help);
		metrics_u64(f, name, *(const uint64_t *)((const char *)st + cs[i].off), NULL);
	}
}
