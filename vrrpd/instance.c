/*
 * instance.c - the run time of one VRRP instance (see instance.h): the
 * side effects of the state machine (adverts, timers, VIPs), faults, VMAC
 * and lifecycle.  GARP bursts are in garp.c, the checks of received
 * adverts in rx.c, the source address in instance_src.c.
 */
#include <errno.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/addr.h"
#include "common/announce.h"
#include "common/link.h"
#include "common/log.h"
#include "common/packet.h"
#include "vrrpd/vfirewall.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"
#include "vrrpd/sock.h"
#include "vrrpd/vmac.h"

static struct vrrp_instance *of(struct vr *vr)
{
	return vr->ctx;
}

static size_t alen(const struct vrrp_instance *in)
{
	return in->conf.family == AF_INET6 ? 16 : 4;
}

/* ------------------------------------------------------------ adverts */

static void send_one(struct vrrp_instance *in, uint8_t prio, const struct ipaddr *dst)
{
	uint8_t buf[VRRP_PKT_MAX];
	struct vrrp_adv a;
	int len, ret;

	memset(&a, 0, sizeof(a));
	a.version = in->conf.version;
	a.type = VRRP_TYPE_ADVERT;
	a.vrid = in->conf.vrid;
	a.prio = prio;
	a.naddr = (uint8_t)in->conf.nvips;
	a.family = in->conf.family;
	a.addrs = in->adv_addrs;
	if (a.version == 2) {
		a.adv_int = (uint16_t)(in->conf.adv_int_ms / 1000);
		a.auth_type = (uint8_t)in->conf.auth_type;
		if (in->conf.auth_type == VRRP_AUTH_PASS)
			memcpy(a.auth, in->conf.auth_pass, VRRP_AUTH_LEN);
		a.csum_form = PKT_CSUM_PLAIN;
	} else {
		a.adv_int = (uint16_t)(in->conf.adv_int_ms / 10);
		a.csum_form = in->conf.family == AF_INET6 ? PKT_CSUM_PSEUDO : in->conf.v3_csum;
	}
	len = pkt_build(buf, sizeof(buf), &a, &in->src, dst);
	if (len < 0) {
		in->st.tx_errors++;
		return;
	}
	ret = vrrp_sock_send(in->tx_fd, in->tx_ifindex, &in->src, dst, buf, (size_t)len);
	if (ret < 0) {
		in->st.tx_errors++;
		if (loop_now_us() >= in->log_quiet_until_us) {
			log_warnx(TAG "unable to send an advert: %s", TAGV(in), strerror(-ret));
			in->log_quiet_until_us = loop_now_us() + LOG_QUIET_US;
		}
	}
}

static void op_send_advert(struct vr *vr, uint8_t prio)
{
	struct vrrp_instance *in = of(vr);
	struct ipaddr g;

	if (in->fault & VRRP_FAULT_NOADDR)
		return;
	if (in->conf.npeers) {
		for (unsigned i = 0; i < in->conf.npeers; i++)
			send_one(in, prio, &in->conf.peers[i]);
		return;
	}
	vrrp_sock_group(in->conf.family, &g);
	send_one(in, prio, &g);
}

static void op_timer(struct vr *vr, enum fsm_timer t, uint64_t us)
{
	struct vrrp_instance *in = of(vr);
	struct loop_timer *lt = t == FSM_T_ADVER ? in->t_adver : in->t_down;

	if (us)
		loop_timer_set(lt, us);
	else
		loop_timer_stop(lt);
}

static uint64_t op_now(struct vr *vr)
{
	(void)vr;
	return loop_now_us();
}

/* ------------------------------------------------------------- VIPs */

int vrrp_vip_add(struct vrrp_instance *in, unsigned i)
{
	const struct vrrp_vip *v = &in->conf.vips[i];
	struct addr_opts o;
	char buf[IPADDR_STRLEN];
	int ret;

	vrrp_vip_opts(v, &o);
	o.nodad = v->addr.family == AF_INET6;	/* a VIP moves: no DAD, always */
	if (in->conf.no_accept && in->conf.priority != 255)	/* vfirewall.h */
		vfw_vip(&v->addr, true);
	ret = addr_add(in->env->nl, in->vip_ifindex[i], &v->addr, &o);
	if (ret == -EEXIST)
		return 0;
	if (ret < 0) {
		in->st.vip_add_errors++;
		log_warnx(TAG "unable to add %s: %s", TAGV(in),
			  ipaddr_fmt(&v->addr, buf, sizeof(buf), true), strerror(-ret));
	}
	return ret;
}

/* Interfaces named by VIPs ("dev eth1") and excluded addresses may have
 * been deleted and created again since the last time: look them up by
 * name on becoming master. */
static void resolve_devs(struct vrrp_instance *in)
{
	struct link_info li;

	for (unsigned i = 0; i < in->conf.nvips; i++) {
		const char *dev = in->conf.vips[i].dev;

		if (dev[0] && link_get(in->env->nl, dev, &li) == 0) {
			in->vip_ifindex[i] = li.ifindex;
			memcpy(in->vip_mac[i], li.mac, 6);
		}
	}
	for (unsigned i = 0; i < in->nxvips; i++) {
		const char *dev = in->xvips[i].dev[0] ? in->xvips[i].dev : in->conf.ifname;

		in->xvip_ifindex[i] = 0;
		if (link_get(in->env->nl, dev, &li) == 0) {
			in->xvip_ifindex[i] = li.ifindex;
			memcpy(in->xvip_mac[i], li.mac, 6);
		}
	}
}

static void op_vips_up(struct vr *vr)
{
	struct vrrp_instance *in = of(vr);

	resolve_devs(in);
	for (unsigned i = 0; i < in->conf.nvips; i++)
		vrrp_vip_add(in, i);
	in->vips_held = true;
	if (in->env->vips_hook)
		in->env->vips_hook(in, true);
	garp_burst(in, in->conf.garp_master_repeat, GARP_SECOND);
	conflict_start(in);
}

static void op_vips_down(struct vr *vr)
{
	struct vrrp_instance *in = of(vr);
	char buf[IPADDR_STRLEN];

	loop_timer_stop(in->t_garp);
	loop_timer_stop(in->t_garp_lp);
	conflict_stop(in);
	in->garp_phase = GARP_IDLE;
	in->garp_left = 0;
	in->garp_idx = 0;
	in->vips_held = false;
	if (in->env->vips_hook)
		in->env->vips_hook(in, false);
	for (unsigned i = 0; i < in->conf.nvips; i++) {
		int ret;

		if (in->vip_owned && in->vip_owned[i])
			continue;	/* the owner's own address: not ours to remove */
		ret = vrrp_vip_del(in->env->nl, in->vip_ifindex[i], &in->conf.vips[i]);

		if (ret < 0 && ret != -EADDRNOTAVAIL && ret != -ENODEV)
			log_warnx(TAG "unable to remove %s: %s", TAGV(in),
				  ipaddr_fmt(&in->conf.vips[i].addr, buf, sizeof(buf), true),
				  strerror(-ret));
		vfw_vip(&in->conf.vips[i].addr, false);	/* if no_accept put it there */
	}
}

static void op_reannounce(struct vr *vr)
{
	garp_lower_prio(of(vr));
}

static void op_notify(struct vr *vr, enum vr_state from, enum vr_state to, const char *why)
{
	struct vrrp_instance *in = of(vr);

	if (in->env->notify)
		in->env->notify(in, from, to, why);
}

static void op_conflict(struct vr *vr, const struct fsm_rx *rx)
{
	struct vrrp_instance *in = of(vr);

	if (in->env->conflict)
		in->env->conflict(in, &rx->src, rx->mac);
}

static const struct fsm_ops ops = {
	.send_advert = op_send_advert,
	.timer = op_timer,
	.vips_up = op_vips_up,
	.vips_down = op_vips_down,
	.reannounce = op_reannounce,
	.notify = op_notify,
	.now_us = op_now,
	.conflict = op_conflict,
};

static void on_adver(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *in = arg;

	(void)t;
	fsm_event(&in->vr, FSM_EV_ADVER_TIMER, NULL);
}

static void on_down(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *in = arg;

	(void)t;
	fsm_event(&in->vr, FSM_EV_MASTER_DOWN, NULL);
}

int vrrp_instance_set_excluded(struct vrrp_instance *in, const struct vrrp_vip *v,
			       unsigned n)
{
	struct vrrp_vip *x = NULL;
	int *ifx = NULL;
	uint8_t (*mac)[6] = NULL;

	if (n) {
		x = malloc(n * sizeof(*x));
		ifx = calloc(n, sizeof(*ifx));
		mac = calloc(n, sizeof(*mac));
		if (!x || !ifx || !mac) {
			free(x);
			free(ifx);
			free(mac);
			return -ENOMEM;
		}
		memcpy(x, v, n * sizeof(*x));
	}
	free(in->xvips);
	free(in->xvip_ifindex);
	free(in->xvip_mac);
	in->xvips = x;
	in->xvip_ifindex = ifx;
	in->xvip_mac = mac;
	in->nxvips = n;
	if (in->vips_held)
		resolve_devs(in);	/* a reload while master: the refresh and
					 * re-announcements cover the new list */
	return 0;
}

/* ------------------------------------------------ faults, priority */

void vrrp_instance_fault_bit(struct vrrp_instance *in, unsigned bit, bool on)
{
	unsigned old = in->fault;

	if (on)
		in->fault |= bit;
	else
		in->fault &= ~bit;
	if (!old && in->fault)
		fsm_event(&in->vr, FSM_EV_FAULT, NULL);
	else if (old && !in->fault)
		fsm_event(&in->vr, FSM_EV_FAULT_CLEAR, NULL);
}

void vrrp_instance_set_fault(struct vrrp_instance *in, bool fault)
{
	vrrp_instance_fault_bit(in, VRRP_FAULT_TRACK, fault);
}

void vrrp_instance_set_prio_delta(struct vrrp_instance *in, int delta)
{
	in->prio_delta = delta;
	fsm_set_prio(&in->vr, in->vr.base_prio + delta);
}

/* ------------------------------------------------------- lifecycle */

/* Is VIP i held right now by another instance of this daemon (a reload
 * adding an instance next to a master with the same address)? */
static bool held_elsewhere(const struct vrrp_instance *in, unsigned i)
{
	for (const struct vrrp_instance *o = in->env->instances; o; o = o->next) {
		if (o == in || !o->vips_held)
			continue;
		for (unsigned k = 0; k < o->conf.nvips; k++)
			if (o->vip_ifindex[k] == in->vip_ifindex[i] &&
			    ipaddr_same(&o->conf.vips[k].addr, &in->conf.vips[i].addr))
				return true;
	}
	return false;
}

/* A new instance, which starts as a backup, holds no VIP.  One found on
 * its interface was left by a run that did not stop (kill -9, a crash) and
 * would make this node a second holder: removed, as keepalived does at
 * startup.  Not for an address owner, whose VIPs are its own addresses. */
static void clean_stale_vips(struct vrrp_instance *in)
{
	char buf[IPADDR_STRLEN], ifn[IF_NAMESIZE];

	for (unsigned i = 0; i < in->conf.nvips; i++) {
		const struct ipaddr *a = &in->conf.vips[i].addr;

		if (held_elsewhere(in, i) ||
		    vrrp_vip_del(in->env->nl, in->vip_ifindex[i], &in->conf.vips[i]) < 0)
			continue;
		in->st.stale_removed++;
		if (!if_indextoname((unsigned)in->vip_ifindex[i], ifn))
			snprintf(ifn, sizeof(ifn), "%d", in->vip_ifindex[i]);
		log_info(TAG "removed stale VIP %s from %s (left by a previous run)", TAGV(in),
			 ipaddr_fmt(a, buf, sizeof(buf), true), ifn);
	}
}

static int setup_vmac(struct vrrp_instance *in, const struct link_info *base,
		      char *err, size_t errlen)
{
	struct link_info li;
	uint8_t mac[6];
	int ret;

	vmac_addr(in->conf.family, in->conf.vrid, mac);
	if (in->conf.vmac_ifname[0])
		snprintf(in->vmac_name, sizeof(in->vmac_name), "%s", in->conf.vmac_ifname);
	else
		snprintf(in->vmac_name, sizeof(in->vmac_name), "%s.%u",
			 in->conf.family == AF_INET6 ? "vrrp6" : "vrrp", in->conf.vrid);
	if (link_get(in->env->nl, in->vmac_name, &li) == 0) {
		if (strcmp(li.kind, "macvlan") || memcmp(li.mac, mac, 6)) {
			snprintf(err, errlen, "%s exists and is not our VMAC", in->vmac_name);
			return -EEXIST;
		}
		if (in->conf.priority == 255) {
			/* an owner's addresses may live on it: kept as found */
			in->tx_ifindex = li.ifindex;
			return 0;
		}
		/* left by a run that did not stop (kill -9): made anew below,
		 * so that no VIP, address or setting of that run survives */
		if ((ret = vmac_delete(in->env->nl, li.ifindex)) < 0) {
			snprintf(err, errlen, "unable to remove the stale VMAC %s: %s",
				 in->vmac_name, strerror(-ret));
			return ret;
		}
		in->st.stale_removed++;
		log_info(TAG "removed stale VMAC %s (left by a previous run)", TAGV(in),
			 in->vmac_name);
	}
	ret = vmac_create(in->env->nl, in->vmac_name, base->ifindex, mac, in->conf.family);
	if (ret < 0) {
		snprintf(err, errlen, "unable to create the VMAC %s on %s: %s", in->vmac_name,
			 base->name, strerror(-ret));
		return ret;
	}
	in->vmac_created = true;
	in->tx_ifindex = ret;
	if (in->conf.family == AF_INET6) {
		/* the adverts leave the VMAC from the lower link's link-local
		 * address, which must then be on the VMAC too */
		struct ipaddr ll;
		struct addr_opts o;

		addr_opts_init(&o);
		o.nodad = true;
		o.noprefixroute = true;
		if (instance_linklocal(in, base->ifindex, &ll) == 0) {
			ll.prefixlen = 64;
			addr_add(in->env->nl, in->tx_ifindex, &ll, &o);
		}
	}
	/* as keepalived: the lower device must not answer ARP for the VIPs
	 * that live on the macvlan, or clients learn its real MAC */
	if (in->conf.family == AF_INET &&
	    vmac_sysctl(base->name, "arp_ignore", 1, &in->old_arp_ignore) == 0 &&
	    vmac_sysctl(base->name, "arp_filter", 1, &in->old_arp_filter) == 0)
		in->arp_set = true;
	return 0;
}

/* The interface was deleted and created again under its name: the new
 * one has another index, and the VMAC on top of the old one and the socket
 * bound to it went with it.  Follow the new one; 0 or -errno (the instance
 * then stays bound to nothing and the next event for the name retries). */
static int rebind(struct vrrp_instance *in, const struct link_info *li)
{
	struct vrrp_sock *rx = NULL;
	char err[128];
	int ret;

	in->ifindex = 0;
	in->tx_ifindex = li->ifindex;
	memcpy(in->tx_mac, li->mac, 6);
	if (in->conf.use_vmac) {
		in->vmac_created = false;
		if ((ret = setup_vmac(in, li, err, sizeof(err))) < 0) {
			log_warnx(TAG "%s", TAGV(in), err);
			return ret;
		}
		vmac_addr(in->conf.family, in->conf.vrid, in->tx_mac);
	}
	if ((ret = vrrp_sock_get(in->env, in->tx_ifindex, in->conf.family,
				 in->conf.npeers == 0, &rx)) < 0) {
		log_warnx(TAG "raw socket: %s", TAGV(in), strerror(-ret));
		return ret;
	}
	vrrp_sock_put(in->rx);
	in->rx = rx;
	in->tx_fd = rx->fd;
	for (unsigned i = 0; i < in->conf.nvips; i++) {
		struct link_info vl;

		if (!in->conf.vips[i].dev[0]) {
			in->vip_ifindex[i] = in->tx_ifindex;
			memcpy(in->vip_mac[i], in->tx_mac, 6);
		} else if (link_get(in->env->nl, in->conf.vips[i].dev, &vl) == 0) {
			in->vip_ifindex[i] = vl.ifindex;
			memcpy(in->vip_mac[i], vl.mac, 6);
		}
	}
	in->ifindex = li->ifindex;
	log_info(TAG "interface created again (index %d): following it", TAGV(in),
		 li->ifindex);
	instance_update_src(in);
	return 0;
}

void vrrp_instance_link_changed(struct vrrp_instance *in, const struct link_info *li,
				bool up)
{
	if (up && li->ifindex != in->ifindex && !strcmp(li->name, in->conf.ifname) &&
	    rebind(in, li) < 0)
		return;
	if (li->ifindex != in->ifindex || in->dont_track_primary)
		return;
	if (!!(in->fault & VRRP_FAULT_LINK) == !up)
		return;
	log_info(TAG "link %s", TAGV(in), up ? "up" : "down");
	vrrp_instance_fault_bit(in, VRRP_FAULT_LINK, !up);
}

int vrrp_instance_new(struct vrrp_env *env, const struct vrrp_instance_conf *c,
		      struct vrrp_instance **out, char *err, size_t errlen)
{
	struct vrrp_instance *in = calloc(1, sizeof(*in)), **pp;
	struct link_info li;
	int ret;

	if (!in)
		return -ENOMEM;
	in->env = env;
	in->tx_fd = -1;
	in->garp_fd = -1;
	snprintf(in->last_csum, sizeof(in->last_csum), "-");
	if ((ret = vrrp_conf_copy(&in->conf, c)) < 0) {
		free(in);
		return ret;
	}
	in->vip_ifindex = calloc(c->nvips, sizeof(*in->vip_ifindex));
	in->vip_mac = calloc(c->nvips, sizeof(*in->vip_mac));
	in->adv_addrs = calloc(c->nvips, 16);
	in->t_adver = loop_timer_new(env->loop, on_adver, in);
	in->t_down = loop_timer_new(env->loop, on_down, in);
	in->t_garp = loop_timer_new(env->loop, garp_on_timer, in);
	in->t_garp_lp = loop_timer_new(env->loop, garp_lp_on_timer, in);
	if (!in->vip_ifindex || !in->vip_mac || !in->adv_addrs || !in->t_adver ||
	    !in->t_down || !in->t_garp || !in->t_garp_lp || conflict_new(in) < 0) {
		ret = -ENOMEM;
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if ((ret = link_get(env->nl, c->ifname, &li)) < 0) {
		snprintf(err, errlen, "%s: %s", c->ifname, strerror(-ret));
		goto fail;
	}
	in->ifindex = in->tx_ifindex = li.ifindex;
	memcpy(in->tx_mac, li.mac, 6);
	if (c->use_vmac) {
		if ((ret = setup_vmac(in, &li, err, errlen)) < 0)
			goto fail;
		vmac_addr(c->family, c->vrid, in->tx_mac);
	}
	for (unsigned i = 0; i < c->nvips; i++) {
		const struct vrrp_vip *v = &c->vips[i];
		struct link_info vl;

		memcpy(in->adv_addrs + i * alen(in), v->addr.bytes, alen(in));
		if (!v->dev[0]) {
			in->vip_ifindex[i] = in->tx_ifindex;
			memcpy(in->vip_mac[i], in->tx_mac, 6);
			continue;
		}
		if ((ret = link_get(env->nl, v->dev, &vl)) < 0) {
			snprintf(err, errlen, "virtual address on %s: %s", v->dev, strerror(-ret));
			goto fail;
		}
		in->vip_ifindex[i] = vl.ifindex;
		memcpy(in->vip_mac[i], vl.mac, 6);
	}
	/* With a VMAC, receive on the macvlan too: a frame whose source is our
	 * own virtual MAC (the peer's VMAC is the same) is handed by the
	 * kernel to the private macvlan only, never to the lower device. */
	if (c->priority != 255) {
		clean_stale_vips(in);
	} else {
		/* RFC 5798: the owner's VIPs are its real addresses; the ones
		 * present before we started stay when we leave */
		in->vip_owned = calloc(c->nvips, sizeof(*in->vip_owned));
		if (!in->vip_owned) {
			ret = -ENOMEM;
			goto fail;
		}
		for (unsigned i = 0; i < c->nvips; i++)
			in->vip_owned[i] = addr_find(env->nl, in->vip_ifindex[i],
						     &c->vips[i].addr, NULL) == 1;
	}
	if ((ret = vrrp_sock_get(env, in->tx_ifindex, c->family, c->npeers == 0, &in->rx)) < 0) {
		snprintf(err, errlen, "raw socket on %s: %s",
			 c->use_vmac ? in->vmac_name : c->ifname, strerror(-ret));
		goto fail;
	}
	in->tx_fd = in->rx->fd;
	if ((in->garp_fd = announce_open_tx()) < 0) {
		ret = in->garp_fd;
		snprintf(err, errlen, "packet socket: %s", strerror(-ret));
		goto fail;
	}

	/* the state machine's view */
	snprintf(in->vr.name, sizeof(in->vr.name), "%s", c->name);
	snprintf(in->vr.ifname, sizeof(in->vr.ifname), "%s", c->ifname);
	in->vr.vrid = c->vrid;
	in->vr.family = c->family;
	in->vr.version = c->version;
	in->vr.base_prio = c->priority;
	in->vr.adv_int_cs = (uint16_t)(c->adv_int_ms / 10);
	in->vr.preempt = !c->nopreempt;
	in->vr.preempt_delay_ms = c->preempt_delay_ms;
	fsm_init(&in->vr, &ops, in);
	if (!(li.flags & IFF_UP) || !(li.flags & IFF_RUNNING))
		in->fault |= VRRP_FAULT_LINK;
	if (instance_find_src(in) < 0)
		in->fault |= VRRP_FAULT_NOADDR;
	in->vr.primary = in->src;
	if (in->fault)
		fsm_event(&in->vr, FSM_EV_FAULT, NULL);
	/* appended: the list is in configuration order */
	for (pp = &env->instances; *pp; pp = &(*pp)->next)
		;
	*pp = in;
	*out = in;
	return 0;
fail:
	vrrp_instance_free(in);
	return ret;
}

void vrrp_instance_start(struct vrrp_instance *in)
{
	fsm_event(&in->vr, FSM_EV_STARTUP, NULL);
}

void vrrp_instance_stop(struct vrrp_instance *in)
{
	fsm_event(&in->vr, FSM_EV_SHUTDOWN, NULL);
}

void vrrp_instance_free(struct vrrp_instance *in)
{
	struct vrrp_instance **pp;

	if (!in)
		return;
	for (pp = &in->env->instances; *pp; pp = &(*pp)->next)
		if (*pp == in) {
			*pp = in->next;
			break;
		}
	loop_timer_free(in->t_adver);
	loop_timer_free(in->t_down);
	loop_timer_free(in->t_garp);
	loop_timer_free(in->t_garp_lp);
	conflict_free(in);
	if (in->rx && in->tx_fd >= 0 && in->tx_fd != in->rx->fd)
		close(in->tx_fd);
	vrrp_sock_put(in->rx);
	if (in->garp_fd >= 0)
		close(in->garp_fd);
	if (in->arp_set) {
		vmac_sysctl(in->conf.ifname, "arp_ignore", in->old_arp_ignore, NULL);
		vmac_sysctl(in->conf.ifname, "arp_filter", in->old_arp_filter, NULL);
	}
	if (in->vmac_created) {
		int ret = vmac_delete(in->env->nl, in->tx_ifindex);

		if (ret < 0)
			log_warnx(TAG "unable to remove %s: %s", TAGV(in), in->vmac_name,
				  strerror(-ret));
	}
	free(in->vip_ifindex);
	free(in->vip_mac);
	free(in->vip_owned);
	free(in->xvips);
	free(in->xvip_ifindex);
	free(in->xvip_mac);
	free(in->adv_addrs);
	vrrp_conf_free(&in->conf);
	free(in);
}
