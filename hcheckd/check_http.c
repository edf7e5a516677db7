/*
 * check_http.c - HTTP_GET / SSL_GET: one request, one response, judged on
 * status code, body substring / regex and body digest.
 *
 * States: CONNECT -> (TLS) -> SEND -> RECV -> done.  The whole attempt shares
 * the probe's single deadline; with spec->step_timeout (keepalived.conf's
 * connect_timeout) the deadline starts again at each step that made progress
 * (connected, handshake done, data received), up to 3 timeouts in all.  Connection: close is always sent; the body
 * ends at Content-Length, the last chunk or the close.  The socket is reset
 * afterwards (no TLS close_notify: nobody reads it).
 */
#include <errno.h>
#include <openssl/err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hcheckd/digest.h"
#include "hcheckd/http_parse.h"
#include "hcheckd/probe.h"
#include "hcheckd/regex.h"
#include "hcheckd/tls.h"

enum hst { H_CONNECT, H_TLS, H_SEND, H_RECV };

struct http_st {
	int fd;
	enum hst st;
	SSL *ssl;
	char *req;
	size_t req_len, req_off;
	struct digest *md;
	char *body;			/* kept only for substring / regex */
	size_t body_len, body_cap;
	bool keep_body;
	struct http_resp resp;
};

static void on_body(void *arg, const uint8_t *data, size_t len)
{
	struct http_st *h = arg;

	digest_update(h->md, data, len);
	if (!h->keep_body)
		return;
	if (h->body_len + len + 1 > h->body_cap) {
		size_t cap = h->body_cap ? h->body_cap : 4096;
		char *b;
		while (cap < h->body_len + len + 1)
			cap *= 2;
		b = realloc(h->body, cap);
		if (!b) {
			h->keep_body = false;
			return;
		}
		h->body = b;
		h->body_cap = cap;
	}
	memcpy(h->body + h->body_len, data, len);
	h->body_len += len;
	h->body[h->body_len] = '\0';
}

static char *build_request(const struct probe_spec *s, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	bool has_ua = false, has_host = false;

	if (!f)
		return NULL;
	for (int i = 0; i < s->nheaders; i++) {
		if (!strncasecmp(s->headers[i], "User-Agent:", 11))
			has_ua = true;
		if (!strncasecmp(s->headers[i], "Host:", 5))
			has_host = true;
	}
	fprintf(f, "%s %s HTTP/1.%d\r\n", s->method ? s->method : "GET",
		s->path && *s->path ? s->path : "/", s->http10 ? 0 : 1);
	if (!has_host) {
		if (s->vhost)
			fprintf(f, "Host: %s\r\n", s->vhost);
		else if (s->host) {
			bool v6 = strchr(s->host, ':') != NULL;
			bool dflt = (s->type == PT_HTTP && s->port == 80) ||
				    (s->type == PT_HTTPS && s->port == 443);
			fprintf(f, "Host: %s%s%s", v6 ? "[" : "", s->host, v6 ? "]" : "");
			if (!dflt)
				fprintf(f, ":%u", s->port);
			fputs("\r\n", f);
		}
	}
	if (!has_ua)
		fputs("User-Agent: hcheckd\r\n", f);
	fputs("Accept: */*\r\nConnection: close\r\n", f);
	for (int i = 0; i < s->nheaders; i++)
		fprintf(f, "%s\r\n", s->headers[i]);
	if (s->data)
		fprintf(f, "Content-Length: %zu\r\n", strlen(s->data));
	fputs("\r\n", f);
	if (s->data)
		fputs(s->data, f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	*len = n;
	return buf;
}

static void http_cleanup(struct probe *p)
{
	struct http_st *h = p->priv;

	if (!h)
		return;
	if (h->ssl)
		SSL_free(h->ssl);
	sock_close_rst(h->fd);
	digest_free(h->md);
	http_resp_free(&h->resp);
	free(h->req);
	free(h->body);
	free(h);
	p->priv = NULL;
}

static int http_judge(struct probe *p, struct http_st *h)
{
	const struct probe_spec *s = p->spec;
	struct http_resp *r = &h->resp;
	uint8_t got[32];
	enum digest_alg alg = s->digest_alg;

	p->res.http_code = r->status;
	p->res.bytes = r->body_len;
	if (h->md) {
		digest_final(h->md, got, p->res.digest_hex);
		h->md = NULL;
	}
	if (h->ssl)
		tls_keep_session(p, h->ssl);
	if (!spec_code_ok(s, r->status))
		return probe_fail(p, PS_CRIT, "HTTP %d %s%s%s (unexpected status)", r->status,
				  r->reason, *r->location ? " -> " : "", r->location);
	if (alg != DIGEST_NONE && memcmp(got, s->digest, digest_len(alg)) != 0)
		return probe_fail(p, PS_CRIT, "HTTP %d, %s digest mismatch: got %s", r->status,
				  digest_name(alg), p->res.digest_hex);
	if (s->body_contains && (!h->body || !strstr(h->body, s->body_contains)))
		return probe_fail(p, PS_CRIT, "HTTP %d, body does not contain \"%s\"", r->status,
				  s->body_contains);
	if (s->regex) {
		int m = h->body ? regex_match(s->regex, h->body, h->body_len) : 0;
		if (m < 0)
			return probe_fail(p, PS_CRIT, "HTTP %d, regex /%s/: %s", r->status,
					  s->regex->src, m == -ENOMEM ? "out of memory" :
					  m == -EILSEQ ? "the body is not UTF-8 (regex_options utf)" :
					  "match limit reached (regex_stack, or 1,000,000 steps)");
		if ((bool)m == s->regex->no_match)
			return probe_fail(p, PS_CRIT, "HTTP %d, body %s /%s/", r->status,
					  m ? "matches" : "does not match", s->regex->src);
	}
	return probe_ok(p, "HTTP %d %s, %llu bytes", r->status, r->reason,
			(unsigned long long)r->body_len);
}

/* returns PROBE_AGAIN with the wanted events set, or PROBE_DONE */
static int want(struct probe *p, struct http_st *h, uint32_t ev)
{
	if (probe_watch(p, 0, h->fd, ev) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static int tls_step(struct probe *p, struct http_st *h, int ret)
{
	switch (SSL_get_error(h->ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return want(p, h, EPOLLIN);
	case SSL_ERROR_WANT_WRITE:
		return want(p, h, EPOLLOUT);
	case SSL_ERROR_ZERO_RETURN:
		return -1;	/* clean close: treat as EOF */
	case SSL_ERROR_SYSCALL:
		if (errno && errno != EAGAIN)
			return probe_fail(p, PS_CRIT, "TLS: %s", sock_errname(errno));
		return -1;
	default:
		return probe_fail(p, PS_CRIT, "TLS: %s", tls_why(h->ssl, ret));
	}
}

/* a step made progress: with step timeouts, the clock starts again */
static void progress(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	int64_t t, cap;

	if (!s->step_timeout)
		return;
	t = engine_now_us() + (int64_t)s->timeout_ms * 1000;
	cap = p->start_us + 3 * (int64_t)s->timeout_ms * 1000;
	probe_set_deadline(p, t < cap ? t : cap);
}

static int do_recv(struct probe *p, struct http_st *h)
{
	uint8_t buf[16384];

	for (;;) {
		ssize_t n;
		int r;

		if (h->ssl) {
			ERR_clear_error();
			errno = 0;
			int k = SSL_read(h->ssl, buf, sizeof(buf));
			if (k <= 0) {
				int t = tls_step(p, h, k);
				if (t >= 0)
					return t;
				n = 0;	/* EOF */
			} else {
				n = k;
			}
		} else {
			n = recv(h->fd, buf, sizeof(buf), 0);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return want(p, h, EPOLLIN);
				return probe_fail(p, PS_CRIT, "recv: %s", sock_errname(errno));
			}
		}
		if (n == 0) {
			if (http_resp_eof(&h->resp) < 0)
				return probe_fail(p, PS_CRIT, "HTTP: %s", h->resp.error);
			return http_judge(p, h);
		}
		progress(p);
		r = http_resp_feed(&h->resp, buf, (size_t)n, on_body, h);
		if (r == -EFBIG)
			return probe_fail(p, PS_CRIT, "HTTP %d, body larger than %zu bytes",
					  h->resp.status, p->spec->max_body);
		if (r < 0)
			return probe_fail(p, PS_CRIT, "HTTP: bad response: %s", h->resp.error);
		if (http_resp_done(&h->resp))
			return http_judge(p, h);
	}
}

static int do_send(struct probe *p, struct http_st *h)
{
	while (h->req_off < h->req_len) {
		ssize_t n;
		if (h->ssl) {
			ERR_clear_error();
			errno = 0;
			int k = SSL_write(h->ssl, h->req + h->req_off, (int)(h->req_len - h->req_off));
			if (k <= 0) {
				int t = tls_step(p, h, k);
				return t >= 0 ? t : probe_fail(p, PS_CRIT, "TLS: closed while sending");
			}
			n = k;
		} else {
			n = send(h->fd, h->req + h->req_off, h->req_len - h->req_off, MSG_NOSIGNAL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EINTR)
					return want(p, h, EPOLLOUT);
				return probe_fail(p, PS_CRIT, "send: %s", sock_errname(errno));
			}
		}
		h->req_off += (size_t)n;
	}
	h->st = H_RECV;
	/* the answer cannot be there yet on plain TCP: wait instead of a
	 * recv() that says EAGAIN; TLS may hold buffered records, so read */
	if (!h->ssl)
		return want(p, h, EPOLLIN);
	return do_recv(p, h);
}

static int do_tls(struct probe *p, struct http_st *h)
{
	int k;

	ERR_clear_error();
	errno = 0;
	k = SSL_connect(h->ssl);
	if (k == 1) {
		progress(p);
		h->st = H_SEND;
		return do_send(p, h);
	}
	k = tls_step(p, h, k);
	return k >= 0 ? k : probe_fail(p, PS_CRIT, "TLS: connection closed during the handshake");
}

static int connected(struct probe *p, struct http_st *h)
{
	const char *why = NULL;

	progress(p);
	if (p->spec->type == PT_HTTPS) {
		h->ssl = tls_new(p, h->fd, &why);
		if (!h->ssl)
			return probe_fail(p, PS_UNKNOWN, "TLS: %s", why);
		h->st = H_TLS;
		return do_tls(p, h);
	}
	h->st = H_SEND;
	return do_send(p, h);
}

static int http_start(struct probe *p)
{
	const struct probe_spec *s = p->spec;
	struct http_st *h = calloc(1, sizeof(*h));
	bool wait;

	if (!h)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	h->fd = -1;
	p->priv = h;
	h->req = build_request(s, &h->req_len);
	if (!h->req)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	http_resp_init(&h->resp, s->method && !strcmp(s->method, "HEAD"), s->max_body);
	if (s->digest_alg != DIGEST_NONE || p->want_digest)
		h->md = digest_new(s->digest_alg != DIGEST_NONE ? s->digest_alg : DIGEST_MD5);
	h->keep_body = s->body_contains || s->regex;
	h->fd = sock_connect(s, SOCK_STREAM, 0, &wait);
	if (h->fd < 0)
		return probe_fail(p, h->fd == -EMFILE ? PS_UNKNOWN : PS_CRIT, "connect: %s",
				  sock_errname(h->fd));
	if (wait) {
		h->st = H_CONNECT;
		return want(p, h, EPOLLOUT);
	}
	return connected(p, h);
}

static int http_io(struct probe *p, int fd, uint32_t ev)
{
	struct http_st *h = p->priv;
	int err;

	switch (h->st) {
	case H_CONNECT:
		/* SO_ERROR only when epoll reports trouble: one syscall less */
		if ((ev & (EPOLLERR | EPOLLHUP)) && (err = sock_error(fd)) != 0)
			return probe_fail(p, PS_CRIT, "connect: %s", sock_errname(err));
		if (!(ev & EPOLLOUT))
			return PROBE_AGAIN;
		return connected(p, h);
	case H_TLS:
		return do_tls(p, h);
	case H_SEND:
		return do_send(p, h);
	case H_RECV:
		return do_recv(p, h);
	}
	return PROBE_AGAIN;
}

static int http_deadline(struct probe *p)
{
	struct http_st *h = p->priv;
	static const char *const where[] = {
		[H_CONNECT] = "connect", [H_TLS] = "TLS handshake", [H_SEND] = "send",
		[H_RECV] = "receive",
	};

	return probe_fail(p, PS_CRIT, "timeout after %d ms (%s)", p->spec->timeout_ms,
			  h ? where[h->st] : "start");
}

const struct checker check_http = {
	.start = http_start, .on_io = http_io, .on_deadline = http_deadline,
	.cleanup = http_cleanup,
};
