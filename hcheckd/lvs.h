/*
 * lvs.h - keeping IPVS real servers in step with their targets (keepalived's
 * job for virtual_server blocks): a real server that goes down is removed,
 * or set to weight 0 with inhibit_on_failure; misc_dynamic sets its weight;
 * when fewer than quorum weight is up, the sorry server is put in.
 */
#ifndef HCHECKD_LVS_H
#define HCHECKD_LVS_H

#include "hcheckd/cfg.h"
#include "hcheckd/hc.h"

#include "common/ipvs.h"

struct lvs;

/* A real server as hcheckd keeps it: its IPVS destination (weight as
 * configured) and the target that judges it. */
struct cfg_rs {
	struct cfg_vs *vs;
	struct ipvs_dest dest;
	struct hc_target *t;		/* set when the target is bound */
	char *tname;
	bool inhibit;			/* weight 0 instead of removal */
	bool in_table;			/* what we last put in the kernel */
	int32_t cur_weight;
};

/* A virtual server: one or more IPVS services (a group gives several). */
struct cfg_vs {
	char name[128];
	struct ipvs_service *svc;
	size_t nsvc;
	bool omega;
	unsigned quorum, hysteresis;
	char *quorum_up, *quorum_down;
	bool has_sorry, sorry_inhibit, sorry_in;
	struct ipvs_dest sorry;
	bool quorum_ok;
	bool ha_suspend;		/* checkers rest while no address is local */
	bool suspended;			/* ... and they do now (suspend.c) */
	struct cfg_rs *rs;
	size_t nrs;
};

/* Open IPVS, flush it (lvs_flush), take the virtual servers of cf (moved
 * out of it) and start hcheckd's sync daemon if it has one.  0 or -errno. */
int lvs_open(struct lvs **out, struct hcd *d, struct cfg *cf);
/* reload: replace the virtual servers (and sync daemon settings) with cf's */
void lvs_reconfigure(struct lvs *l, struct hcd *d, struct cfg *cf);
/* make the kernel's table match every target's state */
void lvs_sync_all(struct lvs *l, struct hcd *d);
/* t (bound to a real server) changed state or weight */
void lvs_apply(struct lvs *l, struct hc_target *t);
/* at exit: omega's real servers are removed (with notify_down),
 * lvs_flush_onstop flushes, hcheckd's sync daemon stops */
void lvs_shutdown(struct lvs *l, struct hcd *d);
void lvs_close(struct lvs *l);
/* free cf->vs */
void lvs_cfg_free(struct cfg *cf);

#endif
