/*
 * tracking.h - the trackers and sync groups of a running vrrpd, built from
 * struct vrrpd_tconf and wired to the instances.
 *
 * Every tracked object (track.h) publishes its status; any change
 * schedules one recomputation (from the loop, never inside another
 * callback) of every instance:
 *   delta = sum of its references' contributions (instance and sync group)
 *   own fault = a weight-0 reference says FAULT, or its interface is down
 *               (unless dont_track_primary)
 *   fault = own fault, or any member of its sync group has one
 * and hands them to vrrp_instance_set_prio_delta() / _set_fault().
 *
 * Weights follow keepalived: a reference's own weight, else the object's
 * default; an address owner (priority 255) and a sync group member (unless
 * sync_group_tracking_weight) use weight 0, with a warning at load.
 *
 * tracking_notify() runs after every instance transition (from
 * vrrpd_notify): sync group rules (sync.h) and the group's own notify
 * scripts and event lines.
 */
#ifndef VRRPD_TRACKING_H
#define VRRPD_TRACKING_H

#include <stdbool.h>
#include <stdio.h>

#include "vrrpd/fsm.h"

struct vrrpd;
struct vrrpd_conf;
struct vrrp_instance;
struct vrrpd_tracking;

/* Build from d->conf for d's instances.  old (may be NULL): a previous
 * build whose tracker states carry over (reload).  0 or -errno with err. */
int tracking_new(struct vrrpd *d, const struct vrrpd_tracking *old,
		 struct vrrpd_tracking **out, char *err, size_t errlen);
/* Start scripts and monitors that need the loop; first recomputation. */
void tracking_start(struct vrrpd_tracking *t);
/* Start the instances of list (vrrpd_start): at once, or, for one whose
 * trackers have not all given a first result, when they have (at most
 * TRACKING_WAIT_CAP_US later), as keepalived does. */
#define TRACKING_WAIT_CAP_US 10000000u
void tracking_start_instances(struct vrrpd_tracking *t, struct vrrp_instance *list);
void tracking_start_instance(struct vrrpd_tracking *t, struct vrrp_instance *in);

/* Find the instances again by name (after a reload changed the list). */
void tracking_attach(struct vrrpd_tracking *t);
/* Recompute now (after a reload re-attached instances). */
void tracking_update(struct vrrpd_tracking *t);
void tracking_free(struct vrrpd_tracking *t);

/* After every state change of an instance. */
void tracking_notify(struct vrrpd *d, struct vrrp_instance *in, enum vr_state from,
		     enum vr_state to);
/* The instance's vips_hook (instance.h): its virtual_ipaddress_excluded
 * and virtual_routes / virtual_rules, up on becoming master (before the
 * GARP burst that announces them too), down on leaving it. */
void tracking_vips(struct vrrpd *d, struct vrrp_instance *in, bool up);
/* reload.c, before old is freed: an instance still master keeps its
 * excluded addresses and routes; only the difference between old's and
 * nt's lists is applied. */
void tracking_carry(struct vrrpd *d, const struct vrrpd_tracking *old,
		    struct vrrpd_tracking *nt);
/* An instance is going away (reload): drop references to it. */
void tracking_forget(struct vrrpd_tracking *t, struct vrrp_instance *in);

/* Start global_defs notify_fifo_script with the FIFO's path (once). */
void tracking_fifo_script(struct vrrpd *d);

/* "show trackers": one line per object and per instance. */
void tracking_show(const struct vrrpd_tracking *t, FILE *f);

/* reload.c: read the configuration file again and apply the difference
 * (tracking.h's model; vrrpd.conf(5) "RELOAD").  0, or -errno with err
 * (the old configuration keeps running). */
int vrrpd_reload(struct vrrpd *d, char *err, size_t errlen);

/* The vrrp_script families (metrics.h): status and run counters. */
void tracking_metrics(const struct vrrpd_tracking *t, FILE *f);

#endif
