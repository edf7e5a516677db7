/*
 * track_iface.c - link monitor for track_interface (see track_iface.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>

#include "common/link.h"
#include "common/log.h"
#include "common/nl.h"
#include "vrrpd/track_iface.h"

struct track_ifmon {
	struct loop *l;
	struct mnl_socket *mon;
	int fd;
	struct nl q;			/* for RTM_GETLINK queries */
	struct track_iface *list;
	char buf[16384];
};

enum track_status track_iface_status(unsigned flags)
{
	return (flags & IFF_UP) && (flags & IFF_RUNNING) ? TRACK_UP : TRACK_DOWN;
}

static void update_one(struct track_iface *t, const struct link_info *li, bool gone)
{
	if (gone) {
		if (t->ifindex == li->ifindex) {
			t->ifindex = 0;
			track_obs_set(&t->obs, TRACK_DOWN);
		}
		return;
	}
	if (!strcmp(t->obs.name, li->name)) {
		t->ifindex = li->ifindex;
		track_obs_set(&t->obs, track_iface_status(li->flags));
	} else if (t->ifindex == li->ifindex) {
		/* renamed away from the tracked name */
		t->ifindex = 0;
		track_obs_set(&t->obs, TRACK_DOWN);
	}
}

static int on_msg(const struct nlmsghdr *nlh, void *data)
{
	struct track_ifmon *m = data;
	struct link_info li;
	struct track_iface *t;

	if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK)
		return MNL_CB_OK;
	memset(&li, 0, sizeof(li));
	if (link_parse(nlh, &li) < 0)
		return MNL_CB_OK;
	for (t = m->list; t; t = t->next)
		update_one(t, &li, nlh->nlmsg_type == RTM_DELLINK);
	return MNL_CB_OK;
}

static void on_read(int fd, uint32_t events, void *arg)
{
	struct track_ifmon *m = arg;
	ssize_t n;

	(void)events;
	for (;;) {
		n = recv(fd, m->buf, sizeof(m->buf), 0);
		if (n < 0) {
			if (errno == ENOBUFS) {
				log_debug("link monitor overrun: reading every tracked link again");
				track_ifmon_refresh(m);
				continue;
			}
			return;	/* EAGAIN */
		}
		mnl_cb_run(m->buf, (size_t)n, 0, 0, on_msg, m);
	}
}

struct track_ifmon *track_ifmon_new(struct loop *l)
{
	struct track_ifmon *m = calloc(1, sizeof(*m));
	int e;

	if (!m)
		return NULL;
	m->l = l;
	m->fd = -1;
	e = nl_open(&m->q, NETLINK_ROUTE);
	if (e < 0)
		goto fail;
	m->mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!m->mon || mnl_socket_bind(m->mon, RTMGRP_LINK, MNL_SOCKET_AUTOPID) < 0) {
		e = -errno;
		goto fail;
	}
	m->fd = mnl_socket_get_fd(m->mon);
	e = loop_add_fd(l, m->fd, EPOLLIN, on_read, m);
	if (e < 0)
		goto fail;
	return m;
fail:
	if (m->mon)
		mnl_socket_close(m->mon);
	nl_close(&m->q);
	free(m);
	errno = -e;
	return NULL;
}

void track_ifmon_free(struct track_ifmon *m)
{
	struct track_iface *t, *n;

	if (!m)
		return;
	loop_del_fd(m->l, m->fd);
	mnl_socket_close(m->mon);
	nl_close(&m->q);
	for (t = m->list; t; t = n) {
		n = t->next;
		free(t);
	}
	free(m);
}

static void query(struct track_ifmon *m, struct track_iface *t)
{
	struct link_info li;
	int r;

	memset(&li, 0, sizeof(li));
	r = link_get(&m->q, t->obs.name, &li);
	if (r < 0) {
		t->ifindex = 0;
		track_obs_set(&t->obs, TRACK_DOWN);
		return;
	}
	t->ifindex = li.ifindex;
	track_obs_set(&t->obs, track_iface_status(li.flags));
}

int track_ifmon_refresh(struct track_ifmon *m)
{
	struct track_iface *t;

	for (t = m->list; t; t = t->next)
		query(m, t);
	return 0;
}

struct track_iface *track_iface_get(struct track_ifmon *m, const char *ifname)
{
	struct track_iface *t;

	for (t = m->list; t; t = t->next)
		if (!strcmp(t->obs.name, ifname))
			return t;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	track_obs_init(&t->obs, TRACK_IFACE, ifname);
	t->next = m->list;
	m->list = t;
	query(m, t);
	return t;
}
