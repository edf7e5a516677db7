/*
 * check_smtp.c - SMTP_CHECK (RFC 5321): read the 220 greeting, send HELO,
 * expect 250, send QUIT.  Replies may be multi-line ("250-...").
 *
 * States: CONNECT -> GREETING -> HELO -> done (QUIT is sent, not awaited).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hcheckd/probe.h"
#include "hcheckd/smtp_parse.h"

enum sst { S_CONNECT, S_GREETING, S_HELO };

struct smtp_st {
	int fd;
	enum sst st;
	size_t len;
	char buf[2048];
};

int smtp_reply_parse(const char *buf, size_t len, int *code, size_t *used)
{
	size_t off = 0;
	int first = -1;

	for (;;) {
		const char *nl = memchr(buf + off, '\n', len - off);
		const char *l = buf + off;
		size_t ll;
		int c;

		if (!nl)
			return 0;	/* need more */
		ll = (size_t)(nl - l);
		if (ll < 3 || !isdigit((unsigned char)l[0]) || !isdigit((unsigned char)l[1]) ||
		    !isdigit((unsigned char)l[2]))
			return -EBADMSG;
		c = (l[0] - '0') * 100 + (l[1] - '0') * 10 + (l[2] - '0');
		/* RFC 5321 4.2: the first digit is 1 to 5, and every line of a
		 * multi-line reply carries the same code (4.2.1) */
		if (l[0] < '1' || l[0] > '5' || (first >= 0 && c != first))
			return -EBADMSG;
		first = c;
		off = (size_t)(nl - buf) + 1;
		if (ll > 3 && l[3] == '-')
			continue;	/* continuation line */
		if (ll > 3 && l[3] != ' ' && l[3] != '\r')
			return -EBADMSG;
		*code = c;
		*used = off;
		return 1;
	}
}

static void smtp_cleanup(struct probe *p)
{
	struct smtp_st *m = p->priv;

	if (!m)
		return;
	sock_close_rst(m->fd);
	free(m);
	p->priv = NULL;
}

static int smtp_start(struct probe *p)
{
	struct smtp_st *m = calloc(1, sizeof(*m));
	bool wait;

	if (!m)
		return probe_fail(p, PS_UNKNOWN, "out of memory");
	p->priv = m;
	m->fd = sock_connect(p->spec, SOCK_STREAM, 0, &wait);
	if (m->fd < 0)
		return probe_fail(p, PS_CRIT, "connect: %s", sock_errname(m->fd));
	m->st = wait ? S_CONNECT : S_GREETING;
	if (probe_watch(p, 0, m->fd, wait ? EPOLLOUT : EPOLLIN) < 0)
		return probe_fail(p, PS_UNKNOWN, "epoll: %s", sock_errname(errno));
	return PROBE_AGAIN;
}

static int smtp_io(struct probe *p, int fd, uint32_t ev)
{
	struct smtp_st *m = p->priv;
	char out[300];
	int code, r, err;
	size_t used;
	ssize_t n;

	if (m->st == S_CONNECT) {
		if ((err = sock_error(fd)) != 0)
			return probe_fail(p, PS_CRIT, "connect: %s", sock_errname(err));
		m->st = S_GREETING;
		probe_watch(p, 0, fd, EPOLLIN);
		return PROBE_AGAIN;
	}
	n = recv(fd, m->buf + m->len, sizeof(m->buf) - 1 - m->len, 0);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? PROBE_AGAIN :
			probe_fail(p, PS_CRIT, "recv: %s", sock_errname(errno));
	if (n == 0)
		return probe_fail(p, PS_CRIT, "SMTP: connection closed %s",
				  m->st == S_GREETING ? "before the greeting" : "after HELO");
	m->len += (size_t)n;
	r = smtp_reply_parse(m->buf, m->len, &code, &used);
	if (r < 0)
		return probe_fail(p, PS_CRIT, "SMTP: malformed reply");
	if (r == 0) {
		if (m->len >= sizeof(m->buf) - 1)
			return probe_fail(p, PS_CRIT, "SMTP: reply too long");
		return PROBE_AGAIN;
	}
	memmove(m->buf, m->buf + used, m->len - used);
	m->len -= used;
	if (m->st == S_GREETING) {
		if (code != 220)
			return probe_fail(p, PS_CRIT, "SMTP greeting %d (expected 220)", code);
		snprintf(out, sizeof(out), "HELO %s\r\n", p->spec->helo ? p->spec->helo : "hcheckd");
		if (send(fd, out, strlen(out), MSG_NOSIGNAL) < 0)
			return probe_fail(p, PS_CRIT, "send: %s", sock_errname(errno));
		m->st = S_HELO;
		return PROBE_AGAIN;
	}
	if (code != 250)
		return probe_fail(p, PS_CRIT, "SMTP HELO answered %d (expected 250)", code);
	send(fd, "QUIT\r\n", 6, MSG_NOSIGNAL);
	return probe_ok(p, "SMTP 220/250");
}

static int smtp_deadline(struct probe *p)
{
	struct smtp_st *m = p->priv;
	static const char *const where[] = {
		[S_CONNECT] = "connect", [S_GREETING] = "greeting", [S_HELO] = "HELO",
	};

	return probe_fail(p, PS_CRIT, "timeout after %d ms (%s)", p->spec->timeout_ms,
			  m ? where[m->st] : "start");
}

const struct checker check_smtp = {
	.start = smtp_start, .on_io = smtp_io, .on_deadline = smtp_deadline,
	.cleanup = smtp_cleanup,
};
