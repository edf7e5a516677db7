/*
 * instance_priv.h - what instance.c, garp.c, conflict.c and rx.c share,
 * and nothing else includes.
 */
#ifndef VRRPD_INSTANCE_PRIV_H
#define VRRPD_INSTANCE_PRIV_H

#include "common/loop.h"
#include "vrrpd/instance.h"

#define LOG_QUIET_US (10u * 1000000u)	/* one drop line per 10 s and instance */

/* the log prefix of an instance: "[VI_1 vrid 51 eth0] " */
#define TAG "[%s vrid %u %s] "
#define TAGV(in) (in)->conf.name, (in)->conf.vrid, (in)->conf.ifname

/* what follows the current GARP burst */
enum { GARP_IDLE, GARP_SECOND, GARP_REFRESH };

/* One GARP / NA for every VIP, now. */
void garp_round(struct vrrp_instance *in);
/* count rounds (GARPs garp_interval apart, NAs gna_interval apart), then
 * next_phase (GARP_SECOND: another burst after garp_master_delay; then the
 * refresh if set). */
void garp_burst(struct vrrp_instance *in, unsigned count, unsigned next_phase);
/* count rounds now, keeping a second burst that is still to come */
void garp_again(struct vrrp_instance *in, unsigned count);
/* a master heard a lower priority: garp_lower_prio_repeat rounds now and
 * again after garp_lower_prio_delay */
void garp_lower_prio(struct vrrp_instance *in);
/* the t_garp and t_garp_lp callbacks */
void garp_on_timer(struct loop_timer *t, void *arg);
void garp_lp_on_timer(struct loop_timer *t, void *arg);

/* instance_src.c: the source address of adverts.  find: 0, or
 * -EADDRNOTAVAIL / -errno; update: find and set or clear the NOADDR fault;
 * linklocal: an IPv6 link-local address of ifindex (0 or -errno). */
int instance_find_src(struct vrrp_instance *in);
void instance_update_src(struct vrrp_instance *in);
int instance_linklocal(struct vrrp_instance *in, int ifindex, struct ipaddr *out);

/* conflict.c: the probes for other holders of the VIPs while master
 * (conflict_probe_s).  new: 0 or -ENOMEM; free after stop, NULL parts ok. */
int conflict_new(struct vrrp_instance *in);
void conflict_start(struct vrrp_instance *in);	/* on becoming master */
void conflict_stop(struct vrrp_instance *in);	/* on leaving it */
void conflict_free(struct vrrp_instance *in);

/* Add VIP i (present already is fine); 0 or -errno, logged and counted. */
int vrrp_vip_add(struct vrrp_instance *in, unsigned i);

#endif
