/*
 * garp.c - the announcements of a master (instance_priv.h): bursts of
 * gratuitous ARPs / unsolicited NAs for every VIP and excluded address,
 * keepalived's second burst (garp_master_delay), the bursts on hearing a
 * lower priority (garp_lower_prio_*), the optional refresh and the
 * spacing (garp_interval, gna_interval), all on the loop's timers, through
 * the instance's one packet socket.
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

/* Address i of a round: the VIPs, then the excluded addresses. */
static const struct ipaddr *round_addr(const struct vrrp_instance *in, unsigned i, int *ifx,
				       const uint8_t **mac)
{
	if (i < in->conf.nvips) {
		*ifx = in->vip_ifindex[i];
		*mac = in->vip_mac[i];
		return &in->conf.vips[i].addr;
	}
	i -= in->conf.nvips;
	*ifx = in->xvip_ifindex[i];
	*mac = in->xvip_mac[i];
	return &in->xvips[i].addr;
}

void garp_round(struct vrrp_instance *in)
{
	struct router_cache rc = { 0, false };

	for (unsigned i = 0; i < in->conf.nvips + in->nxvips; i++) {
		const uint8_t *mac;
		int ifx;
		const struct ipaddr *a = round_addr(in, i, &ifx, &mac);

		send_one(in, a, ifx, mac, &rc);
	}
}

/* Send the rounds left of the current burst, keeping garp_interval
 * between two gratuitous ARPs and gna_interval between two NAs (as
 * keepalived, per message, across bursts); then schedule what follows it
 * (the second burst or the refresh). */
static void garp_continue(struct vrrp_instance *in)
{
	struct router_cache rc = { 0, false };
	unsigned n = in->conf.nvips + in->nxvips;

	while (in->garp_left) {
		for (; in->garp_idx < n; in->garp_idx++) {
			const uint8_t *mac;
			int ifx;
			const struct ipaddr *a = round_addr(in, in->garp_idx, &ifx, &mac);
			int v6 = a->family == AF_INET6;
			uint64_t gap = v6 ? in->conf.gna_interval_us : in->conf.garp_interval_us;
			uint64_t now = loop_now_us(), *last = &in->garp_last_us[v6];

			if (gap && *last && now < *last + gap) {
				loop_timer_set(in->t_garp, *last + gap - now);
				return;
			}
			send_one(in, a, ifx, mac, &rc);
			*last = now;
		}
		in->garp_idx = 0;
		in->garp_left--;
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
	in->garp_idx = 0;
	in->garp_phase = next_phase;
	garp_continue(in);
}

void garp_again(struct vrrp_instance *in, unsigned count)
{
	/* a second burst still to come stays to come */
	garp_burst(in, count, in->garp_phase == GARP_SECOND ? GARP_SECOND : GARP_IDLE);
}

void garp_lower_prio(struct vrrp_instance *in)
{
	if (!in->conf.garp_lower_prio_repeat)
		return;
	garp_again(in, in->conf.garp_lower_prio_repeat);
	if (in->conf.garp_lower_prio_delay_s)
		loop_timer_set(in->t_garp_lp, (uint64_t)in->conf.garp_lower_prio_delay_s * 1000000u);
}

void garp_lp_on_timer(struct loop_timer *t, void *arg)
{
	struct vrrp_instance *in = arg;

	(void)t;
	if (in->vr.state == VR_MASTER && in->conf.garp_lower_prio_repeat)
		garp_again(in, in->conf.garp_lower_prio_repeat);
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

