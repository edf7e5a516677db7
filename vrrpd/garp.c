/*
 * garp.c - the announcements of a master (instance_priv.h): bursts of
 * gratuitous ARPs / unsolicited NAs for every VIP, keepalived's second
 * burst (garp_master_delay) and optional refresh, all on the loop's timer.
 */
#include <net/if.h>
#include <unistd.h>

#include "common/announce.h"
#include "common/packet.h"
#include "vrrpd/instance.h"
#include "vrrpd/instance_priv.h"

void garp_round(struct vrrp_instance *in)
{
	uint8_t frame[ANNOUNCE_FRAME_MAX];
	int fd = -1, fd_if = 0;

	for (unsigned i = 0; i < in->conf.nvips; i++) {
		const struct ipaddr *a = &in->conf.vips[i].addr;
		int ifx = in->vip_ifindex[i];
		char name[IF_NAMESIZE] = "";
		size_t len;
		int ret;

		if (fd < 0 || fd_if != ifx) {
			if (fd >= 0)
				close(fd);
			fd = announce_open(ifx, a->family);
			fd_if = ifx;
			if (fd < 0) {
				in->st.garp_errors++;
				continue;
			}
		}
		if (a->family == AF_INET6)
			if_indextoname((unsigned)ifx, name);
		len = announce_build(frame, a, in->vip_mac[i],
				     a->family == AF_INET6 && announce_ipv6_router(name));
		ret = packet_send(fd, ifx, frame, len);
		if (ret < 0)
			in->st.garp_errors++;
		else
			in->st.garp_sent++;
	}
	if (fd >= 0)
		close(fd);
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

