/*
 * agent.c - haproxy's agent-check, server side, and pushes to haproxy's
 * runtime API.
 *
 * haproxy connects to agent-port, optionally sends agent-send (we ask for
 * "NAME\n"), and reads one line; then it closes.  A listener bound to one
 * target answers at once; the global listener reads the name first (2 s at
 * most).  After the reply we shut our side down and read until haproxy
 * closes, so that the connection ends with FIN, not with an RST that could
 * discard the reply.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/log.h"
#include "hcheckd/hc.h"
#include "hcheckd/util.h"

struct aconn {
	struct hcd *d;
	int fd;
	struct hc_target *t;		/* the listener's target, or NULL */
	bool replied;
	struct loop_timer *tm;
	size_t len;
	char buf[256];
};

struct alisten {
	struct hcd *d;
	int fd;
	struct hc_target *t;
	struct alisten *next;
};

static struct alisten *listeners;

static void conn_close(struct aconn *a)
{
	loop_del_fd(a->d->loop, a->fd);
	close(a->fd);
	loop_timer_free(a->tm);
	free(a);
}

static void reply(struct aconn *a, struct hc_target *t, const char *name)
{
	char line[400];
	size_t n;

	if (t)
		target_agent_reply(t, line, sizeof(line) - 1);
	else
		snprintf(line, sizeof(line) - 1, "down #no check named '%s'", name);
	n = strlen(line);
	line[n++] = '\n';
	if (send(a->fd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT) < 0)
		log_debug("agent: send: %s", strerror(errno));
	shutdown(a->fd, SHUT_WR);
	a->replied = true;
}

static void on_conn(int fd, uint32_t ev, void *arg)
{
	struct aconn *a = arg;
	ssize_t n;

	if (a->replied) {
		char tmp[512];
		n = recv(fd, tmp, sizeof(tmp), MSG_DONTWAIT);
		if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
			conn_close(a);
		return;
	}
	n = recv(fd, a->buf + a->len, sizeof(a->buf) - 1 - a->len, MSG_DONTWAIT);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		conn_close(a);
		return;
	}
	a->len += (size_t)n;
	if (agent_request(a->buf, a->len, sizeof(a->buf)) == 0)
		return;
	reply(a, hcd_find(a->d, a->buf), a->buf);
}

int agent_request(char *buf, size_t len, size_t size)
{
	char *end;

	buf[len] = '\0';
	end = memchr(buf, '\n', len);
	if (!end && len < size - 1)
		return 0;
	if (end)
		*end = '\0';
	/* a NUL inside the line ends the name there, as strchr would */
	if ((end = strchr(buf, '\r')))
		*end = '\0';
	return 1;
}

static void on_conn_timeout(struct loop_timer *tm, void *arg)
{
	struct aconn *a = arg;

	if (!a->replied) {
		reply(a, NULL, "(none sent)");
		loop_timer_set(a->tm, 2000000);
		return;
	}
	conn_close(a);
}

static void on_accept(int lfd, uint32_t ev, void *arg)
{
	struct alisten *l = arg;
	struct aconn *a;
	int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	a = calloc(1, sizeof(*a));
	if (!a || !(a->tm = loop_timer_new(l->d->loop, on_conn_timeout, a)) ||
	    loop_add_fd(l->d->loop, fd, EPOLLIN, on_conn, a) < 0) {
		if (a)
			loop_timer_free(a->tm);
		free(a);
		close(fd);
		return;
	}
	a->d = l->d;
	a->fd = fd;
	a->t = l->t;
	if (l->t)
		reply(a, l->t, l->t->name);
	loop_timer_set(a->tm, 2000000);
}

int agent_listen(struct hcd *d, const char *addr, uint16_t port, struct hc_target *t)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct alisten *l;
	int fd, one = 1, err;

	if (!addr || !*addr || !strcmp(addr, "*"))
		addr = "::";
	if (parse_sockaddr(addr, port, &ss, &sl) < 0)
		return -EINVAL;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) < 0 || listen(fd, 128) < 0)
		goto fail;
	l = calloc(1, sizeof(*l));
	if (!l) {
		errno = ENOMEM;
		goto fail;
	}
	l->d = d;
	l->fd = fd;
	l->t = t;
	if ((err = loop_add_fd(d->loop, fd, EPOLLIN, on_accept, l)) < 0) {
		free(l);
		errno = -err;
		goto fail;
	}
	l->next = listeners;
	listeners = l;
	return fd;
fail:
	err = -errno;
	close(fd);
	return err;
}

void agent_close(struct hcd *d, int fd)
{
	for (struct alisten **pp = &listeners; *pp; pp = &(*pp)->next) {
		struct alisten *l = *pp;
		if (l->fd == fd) {
			*pp = l->next;
			loop_del_fd(d->loop, fd);
			close(fd);
			free(l);
			return;
		}
	}
}

/* --- runtime API push --------------------------------------------------------- */
void agent_push(struct hcd *d, struct hc_target *t)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct aconn *a;
	char line[300];
	int fd, n;

	if (!t->haproxy_server || !d->haproxy_sock)
		return;
	/* "agent up|down" moves the agent's health; "state" the admin state */
	n = snprintf(line, sizeof(line), "set server %s agent %s\n", t->haproxy_server,
		     t->state == T_UP ? "up" : "down");
	if (t->state == T_MAINT)
		n = snprintf(line, sizeof(line), "set server %s state maint\n", t->haproxy_server);
	else if (t->transitions && strstr(t->reason, "enabled"))
		n = snprintf(line, sizeof(line), "set server %s state ready; set server %s agent %s\n",
			     t->haproxy_server, t->haproxy_server, t->state == T_UP ? "up" : "down");
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", d->haproxy_sock);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	/* a local socket: connect and a short write do not block for long */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
	    send(fd, line, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT) != n) {
		log_warn("[%s] haproxy runtime API %s", t->name, d->haproxy_sock);
		close(fd);
		return;
	}
	shutdown(fd, SHUT_WR);
	a = calloc(1, sizeof(*a));
	if (!a || !(a->tm = loop_timer_new(d->loop, on_conn_timeout, a)) ||
	    loop_add_fd(d->loop, fd, EPOLLIN, on_conn, a) < 0) {
		if (a)
			loop_timer_free(a->tm);
		free(a);
		close(fd);
		return;
	}
	a->d = d;
	a->fd = fd;
	a->replied = true;
	loop_timer_set(a->tm, 2000000);
}
