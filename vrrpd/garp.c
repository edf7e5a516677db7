/*
 * garp.c - the announcements of a master (instance_priv.h): bursts of
 * gratuitous ARPs / unsolicited NAs for every VIP and excluded address,
 * keepalived's second burst (garp_master_delay) and optional refresh, all
 * on the loop's timer, through the instance's one packet socket.
 */
#include <net/if.h>

#include "common/announce.h"
#include "common/packet.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"

/* IPv6 forwarding decides the NA's Router flag: read once per interface
 * and round, not once per frame */
struct router_cache {
	int ifindex;
	bool router;
};

static void send_one(struct vrrp_instance *in, const struct ipaddr *a, int ifx,
		     const uint8_t mac[6], struct router_cache *rc)
{
	uint8_t frame[ANNOUNCE_FRAME_MAX];
	bool router = false;
	size_t len;

	if (ifx <= 0 || in->garp_fd < 0) {
		in->st.garp_errors++;
		return;
	}
	if (a->family == AF_INET6) {
		if (rc->ifindex != ifx) {
			char name[IF_NAMESIZE] = "";

			rc->ifindex = ifx;
			rc->router = if_indextoname((unsigned)ifx, name) &&
				     announce_ipv6_router(name);
		}
		router = rc->router;
	}
	len = announce_build(frame, a, mac, router);
	if (packet_send(in->garp_fd, ifx, frame, len) < 0)
		in->st.garp_errors++;
	else
		in->st.garp_sent++;
}

void garp_round(struct vrrp_instance *in)
{
	struct router_cache rc = { 0, false };

	/* as keepalived: the VIPs, then the excluded addresses */
	for (unsigned i = 0; i < in->conf.nvips; i++)
		send_one(in, &in->conf.vips[i].addr, in->vip_ifindex[i], in->vip_mac[i], &rc);
	for (unsigned i = 0; i < in->nxvips; i++)
		send_one(in, &in->xvips[i].addr, in->xvip_ifindex[i], in->xvip_mac[i], &rc);
}

/* Send a burst of count rounds (garp_interval_ms apart), then schedule
 * what follows it (the second burst or the refresh). */
static void garp_continue(struct vrrp_instance *in)
{
	while (in->garp_left) {
		garp_round(in);
		in->garp_left--;
		if (in->garp_left && in->conf.garp_interval_ms) {
			loop_timer_set(in->t_garp, (uint64_t)in->conf.garp_interval_ms * 1000u);
			return;
		}
	}
	if (in->garp_phase == GARP_SECOND && in->conf.garp_master_delay_s) {
		loop_timer_set(in->t_garp, (uint64_t)in->conf.garp_master_delay_s * 1000000u);
		return;
	}
	if (in->conf.garp_master_refresh_s) {
		in->garp_phase = GARP_REFRESH;
		loop_timer_set(in->t_garp, (uint64_t)in->conf.garp_master_refresh_s * 1000000u);
		return;
	}
	in->garp_phase = GARP_IDLE;
}

void garp_burst(struct vrrp_instance *in, unsigned count, unsigned next_phase)
{
	loop_timer_stop(in->t_garp);
	in->garp_left = count;
	in->garp_phase = next_phase;
	garp_continue(in);
}

void garp_on_timer(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *in = arg;

	(void)t;
	if (in->vr.state != VR_MASTER)
		return;
	if (in->garp_left) {
		garp_continue(in);
		return;
	}
	if (in->garp_phase == GARP_SECOND)
		garp_burst(in, in->conf.garp_master_repeat, GARP_IDLE);
	else if (in->garp_phase == GARP_REFRESH)
		garp_burst(in, in->conf.garp_refresh_repeat, GARP_IDLE);
}

