/*
 * conflict.c - does another host answer for a master's VIPs?  (see
 * instance_priv.h)
 *
 * A partition that heals settles itself through the adverts (fsm.c: the
 * lower master yields, the higher one answers and re-announces).  What the
 * adverts cannot show is a second holder that does not hear them or does
 * not speak VRRP: a peer whose adverts are dropped one way, a host with
 * the VIP configured by hand, a crashed run's leftovers.  So a master
 * asks: every conflict_probe_s seconds, one probe per VIP (common/probe:
 * RFC 5227 ARP probe, DAD NS), then listens for CONFLICT_WINDOW_US.
 *
 * The probes leave through the instance's own packet socket, and for the
 * window only that socket is bound to the answers' Ethernet type on the
 * VIPs' interface (every interface when they are on several); then back
 * to protocol 0, which receives nothing.  No descriptor is added and no
 * frame is queued between windows.
 *
 * Each holder is reported once (FSM_EV_CONFLICT: counted, logged and
 * notified in fsm.c), again when its MAC changes or after a window in
 * which nobody answered for that VIP.  While a reported holder answers,
 * the rounds come every CONFLICT_FAST_US at most.  A window in which a
 * reported holder is silent ends its conflict, and the master re-announces
 * its VIPs (as after a lower-priority advert): when a partition heals and
 * the other master yields on our advert before we hear one of its own,
 * this is what moves the LAN's ARP caches back to us.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/packet.h"
#include "common/probe.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"

#define CONFLICT_WINDOW_US 1000000u	/* listening after a round of probes */
#define CONFLICT_FAST_US 2000000u	/* the period while a conflict lasts */

/* what the last windows heard for one VIP */
struct conflict_vip {
	bool known;			/* reported, and heard in every window since */
	uint8_t mac[6];			/* the holder reported */
	bool heard;			/* an answer in the current window */
};

/* From one round of probes to the next: the configured interval, and at
 * most CONFLICT_FAST_US while a holder reported is still answering, so
 * that its end (a healed partition) is seen, and re-announced, soon. */
static uint64_t period_us(const struct vrrp_instance *in)
{
	uint64_t p = (uint64_t)in->conf.conflict_probe_s * 1000000u;

	for (unsigned i = 0; in->conflict && i < in->conf.nvips; i++)
		if (in->conflict[i].known && p > CONFLICT_FAST_US)
			return CONFLICT_FAST_US;
	return p;
}

static uint64_t window_us(const struct vrrp_instance *in)
{
	uint64_t p = period_us(in);

	return p / 2 < CONFLICT_WINDOW_US ? p / 2 : CONFLICT_WINDOW_US;
}

static void on_frame(struct vrrp_instance *in, const uint8_t *f, size_t len)
{
	for (unsigned i = 0; i < in->conf.nvips; i++) {
		struct conflict_vip *c = &in->conflict[i];
		struct fsm_rx rx = { .src = in->conf.vips[i].addr };
		uint8_t mac[6];

		if (!probe_holder(f, len, &rx.src, in->vip_mac[i], mac))
			continue;
		if (c->heard && !memcmp(c->mac, mac, 6))
			continue;	/* one holder, seen twice (or on two links) */
		c->heard = true;
		if (c->known && !memcmp(c->mac, mac, 6))
			continue;
		c->known = true;
		memcpy(c->mac, mac, 6);
		memcpy(rx.mac, mac, 6);
		fsm_event(&in->vr, FSM_EV_CONFLICT, &rx);
		if (!in->conflict_window)
			return;		/* the report changed our state */
	}
}

static void on_rx(int fd, uint32_t events, void *arg)
{
	struct vrrp_instance *in = arg;
	uint8_t buf[2048];
	long n;

	(void)events;
	while (in->conflict_window && (n = packet_recv(fd, buf, sizeof(buf))) > 0)
		on_frame(in, buf, (size_t)n);
}

static void window_close(struct vrrp_instance *in)
{
	uint8_t buf[64];

	if (!in->conflict_window)
		return;
	in->conflict_window = false;
	loop_del_fd(in->env->loop, in->garp_fd);
	packet_bind(in->garp_fd, 0, 0);
	/* frames that came in meanwhile are not wanted any more */
	while (packet_recv(in->garp_fd, buf, sizeof(buf)) > 0)
		;
}

/* the one interface every VIP lives on (the usual case), else 0: all */
static int listen_ifindex(const struct vrrp_instance *in)
{
	for (unsigned i = 1; i < in->conf.nvips; i++)
		if (in->vip_ifindex[i] != in->vip_ifindex[0])
			return 0;
	return in->vip_ifindex[0];
}

static void window_open(struct vrrp_instance *in)
{
	uint8_t frame[PROBE_FRAME_MAX];
	int ret;

	if ((ret = packet_bind(in->garp_fd, listen_ifindex(in),
			       probe_ethertype(in->conf.family))) < 0 ||
	    (ret = loop_add_fd(in->env->loop, in->garp_fd, EPOLLIN, on_rx, in)) < 0) {
		packet_bind(in->garp_fd, 0, 0);
		log_debug(TAG "conflict probes: %s", TAGV(in), strerror(-ret));
		return;
	}
	in->conflict_window = true;
	for (unsigned i = 0; i < in->conf.nvips; i++) {
		size_t len = probe_build(frame, &in->conf.vips[i].addr, in->vip_mac[i]);

		in->conflict[i].heard = false;
		if (packet_send(in->garp_fd, in->vip_ifindex[i], frame, len) < 0)
			in->st.garp_errors++;
		else
			in->st.conflict_probes++;
	}
}

static void on_timer(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *in = arg;
	char buf[IPADDR_STRLEN];
	bool over = false;

	if (in->vr.state != VR_MASTER || !in->conf.conflict_probe_s) {
		window_close(in);	/* a reload turned the probes off */
		return;
	}
	if (!in->conflict_window) {
		window_open(in);
		loop_timer_set(t, in->conflict_window ? window_us(in) : period_us(in));
		return;
	}
	window_close(in);
	for (unsigned i = 0; i < in->conf.nvips; i++) {
		struct conflict_vip *c = &in->conflict[i];

		if (c->known && !c->heard) {
			c->known = false;
			over = true;
			log_info(TAG "conflict over: nobody else answers for %s", TAGV(in),
				 ipaddr_fmt(&in->conf.vips[i].addr, buf, sizeof(buf), false));
		}
	}
	/* the other holder let go (a healed split brain whose loser yielded
	 * before we heard its advert): caches that still point at it are
	 * moved to us, as after a lower-priority advert */
	if (over)
		garp_lower_prio(in);
	/* the next round about one period after this one began */
	loop_timer_set(t, period_us(in) - window_us(in));
}

int conflict_new(struct vrrp_instance *in)
{
	in->conflict = calloc(in->conf.nvips, sizeof(*in->conflict));
	in->t_conflict = loop_timer_new(in->env->loop, on_timer, in);
	return in->conflict && in->t_conflict ? 0 : -ENOMEM;
}

void conflict_start(struct vrrp_instance *in)
{
	/* the first round one interval after the takeover: the GARP bursts
	 * have gone out and a stopping old master has let go */
	if (in->conf.conflict_probe_s && in->conf.nvips)
		loop_timer_set(in->t_conflict, (uint64_t)in->conf.conflict_probe_s * 1000000u);
}

void conflict_stop(struct vrrp_instance *in)
{
	if (in->t_conflict)
		loop_timer_stop(in->t_conflict);
	window_close(in);
	if (in->conflict)
		memset(in->conflict, 0, in->conf.nvips * sizeof(*in->conflict));
}

void vrrp_instance_set_conflict_probe(struct vrrp_instance *in, unsigned s)
{
	in->conf.conflict_probe_s = s;
	if (in->vips_held) {
		conflict_stop(in);
		conflict_start(in);
	}
}

void conflict_free(struct vrrp_instance *in)
{
	conflict_stop(in);
	loop_timer_free(in->t_conflict);
	free(in->conflict);
}
