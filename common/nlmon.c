/*
 * nlmon.c - an rtnetlink monitor on the event loop (see nlmon.h).
 */
#include <errno.h>
#include <libmnl/libmnl.h>
#include <stdlib.h>

#include "common/loop.h"
#include "common/nlmon.h"

struct nlmon {
	struct mnl_socket *sk;
	struct loop *loop;
	nlmon_cb cb;
	void *arg;
	char buf[32768];		/* larger than any one notification */
};

static int one(const struct nlmsghdr *nlh, void *arg)
{
	struct nlmon *m = arg;

	m->cb(nlh, m->arg);
	return MNL_CB_OK;
}

static void on_read(int fd, uint32_t events, void *arg)
{
	struct nlmon *m = arg;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(m->sk, m->buf, sizeof(m->buf));

		if (n < 0) {
			if (errno == ENOBUFS) {
				m->cb(NULL, m->arg);
				continue;
			}
			return;		/* EAGAIN: all read */
		}
		mnl_cb_run(m->buf, (size_t)n, 0, 0, one, m);
	}
}

int nlmon_open(struct nlmon **out, struct loop *l, unsigned groups, nlmon_cb cb, void *arg)
{
	struct nlmon *m = calloc(1, sizeof(*m));
	int r;

	if (!m)
		return -ENOMEM;
	m->loop = l;
	m->cb = cb;
	m->arg = arg;
	m->sk = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!m->sk || mnl_socket_bind(m->sk, groups, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		goto fail;
	}
	if ((r = loop_add_fd(l, mnl_socket_get_fd(m->sk), EPOLLIN, on_read, m)) < 0)
		goto fail;
	*out = m;
	return 0;
fail:
	if (m->sk)
		mnl_socket_close(m->sk);
	free(m);
	return r;
}

void nlmon_close(struct nlmon *m)
{
	if (!m)
		return;
	loop_del_fd(m->loop, mnl_socket_get_fd(m->sk));
	mnl_socket_close(m->sk);
	free(m);
}
