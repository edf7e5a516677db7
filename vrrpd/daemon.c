/*
 * daemon.c - the vrrpd process (see daemon.h): configuration container,
 * opening, the rtnetlink monitor, start and stop.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/httpd.h"
#include "common/metrics.h"
#include "common/addr.h"
#include "common/link.h"
#include "common/log.h"
#include "vrrpd/daemon.h"
#include "vrrpd/ipvssync.h"
#include "vrrpd/notify.h"
#include "vrrpd/sock.h"
#include "vrrpd/tracking.h"
#include "vrrpd/vfirewall.h"
#include "vrrpd/vstatic.h"

void vrrpd_conf_init(struct vrrpd_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->script_timeout_ms = VRRPD_SCRIPT_TIMEOUT_MS;
}

void vrrpd_conf_free(struct vrrpd_conf *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < c->ninst; i++)
		vrrp_conf_free(&c->inst[i]);
	free(c->inst);
	c->inst = NULL;
	c->ninst = 0;
	tconf_free(&c->tc);
	kaconf_extra_free(&c->x);
}

int vrrpd_conf_add(struct vrrpd_conf *c, struct vrrp_instance_conf *ic)
{
	struct vrrp_instance_conf *n = realloc(c->inst, (c->ninst + 1) * sizeof(*n));

	if (!n)
		return -ENOMEM;
	c->inst = n;
	c->inst[c->ninst++] = *ic;
	memset(ic, 0, sizeof(*ic));
	return 0;
}

int vrrpd_conf_check(struct vrrpd_conf *c, char *err, size_t errlen)
{
	char e[256], w[256];

	if (!c->ninst) {
		snprintf(err, errlen, "no vrrp_instance configured");
		return -EINVAL;
	}
	for (unsigned i = 0; i < c->ninst; i++) {
		struct vrrp_instance_conf *a = &c->inst[i];

		if (vrrp_conf_check(a, e, sizeof(e), w, sizeof(w)) < 0) {
			snprintf(err, errlen, "vrrp_instance %s: %s", a->name[0] ? a->name : "?", e);
			return -EINVAL;
		}
		if (w[0])
			log_warnx("vrrp_instance %s: %s", a->name, w);
		for (unsigned j = 0; j < i; j++) {
			struct vrrp_instance_conf *b = &c->inst[j];

			if (!strcmp(a->name, b->name)) {
				snprintf(err, errlen, "vrrp_instance %s defined twice", a->name);
				return -EINVAL;
			}
			if (!strcmp(a->ifname, b->ifname) && a->family == b->family &&
			    a->vrid == b->vrid) {
				snprintf(err, errlen, "vrrp_instance %s and %s: same interface %s, "
					 "family and virtual_router_id %u", b->name, a->name,
					 a->ifname, a->vrid);
				return -EINVAL;
			}
		}
	}
	return 0;
}

struct vrrp_instance *vrrpd_find(struct vrrpd *d, const char *name)
{
	for (struct vrrp_instance *in = d->env.instances; in; in = in->next)
		if (!strcmp(in->conf.name, name))
			return in;
	return NULL;
}

/* ------------------------------------------------------------ monitor */

static int mon_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct vrrpd *d = arg;
	struct vrrp_instance *in, *next;

	switch (nlh->nlmsg_type) {
	case RTM_DELADDR:
	case RTM_NEWADDR: {
		struct addr_info ai;

		if (addr_parse(nlh, &ai) < 0)
			break;
		for (in = d->env.instances; in; in = next) {
			next = in->next;
			if (nlh->nlmsg_type == RTM_DELADDR)
				vrrp_instance_addr_deleted(in, ai.ifindex, &ai.addr);
			else
				vrrp_instance_addr_added(in);
		}
		break;
	}
	case RTM_NEWLINK:
	case RTM_DELLINK: {
		struct link_info li;
		bool up;

		if (link_parse(nlh, &li) < 0)
			break;
		up = nlh->nlmsg_type == RTM_NEWLINK && (li.flags & IFF_UP) &&
		     (li.flags & IFF_RUNNING);
		for (in = d->env.instances; in; in = next) {
			next = in->next;
			vrrp_instance_link_changed(in, &li, up);
		}
		break;
	}
	}
	return MNL_CB_OK;
}

static void on_mon(int fd, uint32_t events, void *arg)
{
	struct vrrpd *d = arg;

	for (;;) {
		ssize_t n = mnl_socket_recvfrom(d->mon, d->monbuf, d->nl.buflen);

		if (n < 0) {
			if (errno == ENOBUFS) {
				/* we missed events: look at every instance again */
				log_warnx("netlink monitor overrun: re-checking addresses");
				for (struct vrrp_instance *in = d->env.instances; in; in = in->next)
					vrrp_instance_addr_added(in);
				continue;
			}
			return;
		}
		mnl_cb_run(d->monbuf, (size_t)n, 0, 0, mon_cb, d);
	}
}

static int mon_open(struct vrrpd *d)
{
	int fd;

	d->mon = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC | SOCK_NONBLOCK);
	if (!d->mon)
		return -errno;
	if (mnl_socket_bind(d->mon, RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR,
			    MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	d->monbuf = malloc(d->nl.buflen);
	if (!d->monbuf)
		return -ENOMEM;
	fd = mnl_socket_get_fd(d->mon);
	return loop_add_fd(d->loop, fd, EPOLLIN, on_mon, d);
}

/* ------------------------------------------------------------ lifecycle */

int vrrpd_open(struct vrrpd *d, struct vrrpd_conf *conf, const char *sock_path,
	       char *err, size_t errlen)
{
	int ret;

	memset(d, 0, sizeof(*d));
	d->fifo_fd = -1;
	d->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	d->started_us = loop_now_us();
	metrics_proc_init(&d->proc);
	if (!(d->loop = loop_new())) {
		snprintf(err, errlen, "event loop: %s", strerror(errno));
		return -errno;
	}
	if ((ret = nl_open(&d->nl, NETLINK_ROUTE)) < 0) {
		snprintf(err, errlen, "netlink: %s", strerror(-ret));
		return ret;
	}
	if ((ret = mon_open(d)) < 0) {
		snprintf(err, errlen, "netlink monitor: %s", strerror(-ret));
		return ret;
	}
	d->env.loop = d->loop;
	d->env.nl = &d->nl;
	d->env.notify = vrrpd_notify;
	d->env.conflict = vrrpd_conflict;
	d->env.vips_hook = vrrpd_vips_hook;
	for (unsigned i = 0; i < d->conf.ninst; i++) {
		struct vrrp_instance *in;
		char e[256];

		ret = vrrp_instance_new(&d->env, &d->conf.inst[i], &in, e, sizeof(e));
		if (ret < 0) {
			snprintf(err, errlen, "vrrp_instance %s: %s", d->conf.inst[i].name, e);
			return ret;
		}
		in->vr.ctx = in;
	}
	if ((ret = tracking_new(d, NULL, &d->trk, err, errlen)) < 0)
		return ret;
	if ((ret = ipvssync_open(d, err, errlen)) < 0)
		return ret;
	if ((ret = vrrpd_fifo_open(d, err, errlen)) < 0)
		return ret;
	tracking_fifo_script(d);
	if (sock_path && sock_path[0]) {
		snprintf(d->sock_path, sizeof(d->sock_path), "%s", sock_path);
		if ((ret = ctl_listen(d->loop, sock_path, vrrpd_verbs, d, &d->ctl)) < 0) {
			snprintf(err, errlen, "control socket %s: %s", sock_path, ctl_strerror(ret));
			return ret;
		}
	}
	if (d->conf.metrics_listen[0] &&
	    (ret = httpd_listen(d->loop, d->conf.metrics_listen, "/metrics", METRICS_CONTENT_TYPE,
				vrrpd_metrics, d, &d->httpd)) < 0) {
		snprintf(err, errlen, "metrics listener %s: %s", d->conf.metrics_listen,
			 strerror(-ret));
		return ret;
	}
	return 0;
}

static void on_startup(struct loop_timer *t, void *arg)
{
	struct vrrpd *d = arg;

	(void)t;
	tracking_start_instances(d->trk, d->env.instances);
}

void vrrpd_start(struct vrrpd *d)
{
	/* static addresses, routes and rules whatever the state, as keepalived */
	vstatic_apply(&d->nl, &d->conf.x, NULL, true);
	d->statics_up = true;
	/* trackers first: scripts start, the first recomputation is made */
	tracking_start(d->trk);
	if (d->conf.tc.startup_delay_ms && !d->t_startup) {
		/* keepalived's vrrp_startup_delay: instances wait in INIT */
		d->t_startup = loop_timer_new(d->loop, on_startup, d);
		if (d->t_startup) {
			log_info("instances start in %u ms (vrrp_startup_delay)",
				 d->conf.tc.startup_delay_ms);
			loop_timer_set(d->t_startup, (uint64_t)d->conf.tc.startup_delay_ms * 1000u);
			return;
		}
	}
	tracking_start_instances(d->trk, d->env.instances);
}

void vrrpd_stop(struct vrrpd *d)
{
	vrrpd_notify_stopping(d);
	for (struct vrrp_instance *in = d->env.instances; in; in = in->next)
		vrrp_instance_stop(in);
}

void vrrpd_close(struct vrrpd *d)
{
	tracking_free(d->trk);
	d->trk = NULL;
	loop_timer_free(d->t_startup);
	d->t_startup = NULL;
	/* the STOP scripts within the exit budget, then every script left
	 * (notify_fifo_script too) killed and reaped */
	vrrpd_notify_finish(d);
	while (d->env.instances)
		vrrp_instance_free(d->env.instances);
	ipvssync_close(d);
	ctl_close(d->ctl);
	d->ctl = NULL;
	httpd_close(d->httpd);
	d->httpd = NULL;
	if (d->fifo_fd >= 0)
		close(d->fifo_fd);
	d->fifo_fd = -1;
	if (d->mon) {
		if (d->loop)
			loop_del_fd(d->loop, mnl_socket_get_fd(d->mon));
		mnl_socket_close(d->mon);
	}
	d->mon = NULL;
	vfw_close();
	if (d->statics_up)
		vstatic_apply(&d->nl, &d->conf.x, NULL, false);
	d->statics_up = false;
	free(d->monbuf);
	d->monbuf = NULL;
	nl_close(&d->nl);
	loop_free(d->loop);
	d->loop = NULL;
	vrrpd_conf_free(&d->conf);
}
