/*
 * fsm.c - the VRRP state machine (see fsm.h).  RFC 5798 6.4 with RFC 9568's
 * immediate answer to a lower-priority advert, keepalived's preempt_delay
 * and a FAULT state for trackers.
 */
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "vrrpd/fsm.h"

static const char *const state_names[VR_STATE_MAX] = {
	[VR_INIT] = "INIT",
	[VR_BACKUP] = "BACKUP",
	[VR_MASTER] = "MASTER",
	[VR_FAULT] = "FAULT",
};

static const char *const ev_names[FSM_EV_MAX] = {
	[FSM_EV_STARTUP] = "startup",
	[FSM_EV_SHUTDOWN] = "shutdown",
	[FSM_EV_MASTER_DOWN] = "master-down",
	[FSM_EV_ADVER_TIMER] = "adver-timer",
	[FSM_EV_ADVERT] = "advert",
	[FSM_EV_FAULT] = "fault",
	[FSM_EV_FAULT_CLEAR] = "fault-clear",
	[FSM_EV_CONFLICT] = "conflict",
};

const char *fsm_state_name(enum vr_state s)
{
	return (unsigned)s < VR_STATE_MAX ? state_names[s] : "?";
}

const char *fsm_ev_name(enum fsm_ev e)
{
	return (unsigned)e < FSM_EV_MAX ? ev_names[e] : "?";
}

uint64_t fsm_skew_us(int version, unsigned prio, unsigned mai_cs)
{
	if (prio > 255)
		prio = 255;
	if (version == 2)	/* RFC 3768 6.1: (256 - Priority) / 256 seconds */
		return (uint64_t)(256 - prio) * 1000000u / 256;
	/* RFC 5798 6.1: ((256 - Priority) * Master_Adver_Interval) / 256 */
	return (uint64_t)(256 - prio) * mai_cs * 10000u / 256;
}

uint64_t fsm_master_down_us(int version, unsigned prio, unsigned mai_cs)
{
	return 3u * (uint64_t)mai_cs * 10000u + fsm_skew_us(version, prio, mai_cs);
}

static uint64_t skew(const struct vr *vr)
{
	return fsm_skew_us(vr->version, vr->eff_prio, vr->master_adv_int_cs);
}

static uint64_t master_down(const struct vr *vr)
{
	return fsm_master_down_us(vr->version, vr->eff_prio, vr->master_adv_int_cs);
}

static void arm_down(struct vr *vr, uint64_t us)
{
	vr->down_deadline_us = vr->ops->now_us(vr) + us;
	vr->ops->timer(vr, FSM_T_MASTER_DOWN, us);
}

static void stop_down(struct vr *vr)
{
	vr->down_deadline_us = 0;
	vr->ops->timer(vr, FSM_T_MASTER_DOWN, 0);
}

static void advert(struct vr *vr, uint8_t prio)
{
	vr->ops->send_advert(vr, prio);
	vr->st.adverts_tx++;
	if (prio == 0)
		vr->st.prio0_tx++;
}

static void arm_adver(struct vr *vr)
{
	vr->ops->timer(vr, FSM_T_ADVER, (uint64_t)vr->adv_int_cs * 10000u);
}

/* unsigned compare of the addresses in network order (RFC 5798 6.4.3) */
static int addr_cmp(const struct ipaddr *a, const struct ipaddr *b)
{
	return memcmp(a->bytes, b->bytes, a->family == AF_INET6 ? 16 : 4);
}

void fsm_change(struct vr *vr, enum vr_state to, const char *why)
{
	enum vr_state from = vr->state;

	if (from == to)
		return;
	/* exit actions */
	if (from == VR_MASTER) {
		vr->ops->timer(vr, FSM_T_ADVER, 0);
		/* RFC 5798 6.4.3: a stopping master sends priority 0 so the
		 * backup takes over after Skew_Time; keepalived does the same
		 * when it leaves for FAULT.  Not when a better master won. */
		if (to == VR_INIT || to == VR_FAULT)
			advert(vr, 0);
		vr->ops->vips_down(vr);
		if (to == VR_BACKUP)
			vr->st.release_master++;
	} else if (from == VR_BACKUP) {
		stop_down(vr);
	}
	vr->state = to;
	vr->st.transitions++;
	log_info("[%s vrid %u %s] %s -> %s (%s)", vr->name, vr->vrid, vr->ifname,
		 fsm_state_name(from), fsm_state_name(to), why);
	/* entry actions */
	if (to == VR_MASTER) {
		/* advert first, so the old master drops the VIPs, then the VIPs */
		vr->master_adv_int_cs = vr->adv_int_cs;
		vr->master = vr->primary;
		vr->master_prio = vr->eff_prio;
		vr->preempt_since_us = 0;
		advert(vr, vr->eff_prio);
		vr->ops->vips_up(vr);
		arm_adver(vr);
		vr->st.become_master++;
	} else if (to == VR_BACKUP) {
		vr->preempt_since_us = 0;
		arm_down(vr, master_down(vr));
	}
	vr->ops->notify(vr, from, to, why);
}

typedef void (*fsm_fn)(struct vr *vr, const struct fsm_rx *rx);

static void init_startup(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	vr->master_adv_int_cs = vr->adv_int_cs;
	if (vr->fault)
		fsm_change(vr, VR_FAULT, "startup with a fault");
	else if (vr->eff_prio == 255)
		fsm_change(vr, VR_MASTER, "address owner");
	else
		fsm_change(vr, VR_BACKUP, "startup");
}

static void to_init(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	fsm_change(vr, VR_INIT, "shutdown");
}

static void any_fault(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	vr->fault = true;
	if (vr->state != VR_INIT)
		fsm_change(vr, VR_FAULT, "fault");
}

static void init_fault_clear(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	vr->fault = false;
}

static void fault_clear(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	vr->fault = false;
	vr->master_adv_int_cs = vr->adv_int_cs;
	if (vr->eff_prio == 255)
		fsm_change(vr, VR_MASTER, "fault cleared, address owner");
	else
		fsm_change(vr, VR_BACKUP, "fault cleared");
}

static void backup_down(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	fsm_change(vr, VR_MASTER, "master down timer expired");
}

/* keepalived's preempt_delay: a lower-priority master is tolerated for
 * preempt_delay after the first such advert, then preemption proceeds. */
static bool preempt_delayed(struct vr *vr)
{
	uint64_t now;

	if (!vr->preempt_delay_ms)
		return false;
	now = vr->ops->now_us(vr);
	if (!vr->preempt_since_us) {
		vr->preempt_since_us = now;
		return true;
	}
	return now - vr->preempt_since_us < (uint64_t)vr->preempt_delay_ms * 1000u;
}

static void backup_rx(struct vr *vr, const struct fsm_rx *rx)
{
	if (vr->eff_prio == 255)	/* an owner discards adverts (RFC 5798 7.1) */
		return;
	if (rx->prio == 0) {
		/* RFC 5798 6.4.2: Master_Down_Timer = Skew_Time */
		vr->st.prio0_rx++;
		arm_down(vr, skew(vr));
		return;
	}
	if (!vr->preempt || rx->prio >= vr->eff_prio || preempt_delayed(vr)) {
		if (rx->prio >= vr->eff_prio)
			vr->preempt_since_us = 0;
		if (vr->version == 3)	/* v3 learns the master's interval */
			vr->master_adv_int_cs = rx->adv_int_cs;
		vr->master = rx->src;
		vr->master_prio = rx->prio;
		arm_down(vr, master_down(vr));
	}
	/* else: preempting a lower-priority master; the timer keeps running */
}

static void master_tx(struct vr *vr, const struct fsm_rx *rx)
{
	(void)rx;
	advert(vr, vr->eff_prio);
	arm_adver(vr);
}

static void master_rx(struct vr *vr, const struct fsm_rx *rx)
{
	char buf[IPADDR_STRLEN], why[96];

	if (rx->prio == 0) {
		/* RFC 5798 6.4.3: answer at once, restart Adver_Timer */
		vr->st.prio0_rx++;
		master_tx(vr, NULL);
		return;
	}
	if (rx->prio > vr->eff_prio ||
	    (rx->prio == vr->eff_prio && addr_cmp(&rx->src, &vr->primary) > 0)) {
		vr->master_adv_int_cs = vr->version == 3 ? rx->adv_int_cs : vr->adv_int_cs;
		vr->master = rx->src;
		vr->master_prio = rx->prio;
		snprintf(why, sizeof(why), "%s advert from %s priority %u",
			 rx->prio > vr->eff_prio ? "higher priority" : "equal priority, higher address",
			 ipaddr_fmt(&rx->src, buf, sizeof(buf), false), rx->prio);
		fsm_change(vr, VR_BACKUP, why);
		return;
	}
	/* RFC 9568 6.4.3 (and keepalived): a lower priority is answered at
	 * once, so the other router gives up without waiting an interval */
	vr->st.lower_prio_rx++;
	log_debug("[%s vrid %u %s] lower priority %u from %s: answering", vr->name,
		  vr->vrid, vr->ifname, rx->prio, ipaddr_fmt(&rx->src, buf, sizeof(buf), false));
	master_tx(vr, NULL);
	vr->ops->reannounce(vr);
}

/* Another host answers for a VIP while we hold it: a second master that
 * does not hear us (adverts lost one way or both), or a host with the
 * address configured by hand.  Reported, not acted on: which one should
 * hold it is the operator's call (or the notify_conflict script's).  The
 * probes run only while master; a late answer in another state is
 * ignored (no handler). */
static void master_conflict(struct vr *vr, const struct fsm_rx *rx)
{
	char buf[IPADDR_STRLEN], mac[MAC_STRLEN];

	vr->st.conflicts++;
	log_warnx("[%s vrid %u %s] conflict: %s is also answered by %s (another holder)",
		  vr->name, vr->vrid, vr->ifname, ipaddr_fmt(&rx->src, buf, sizeof(buf), false),
		  mac_fmt(rx->mac, mac));
	if (vr->ops->conflict)
		vr->ops->conflict(vr, rx);
}

static const fsm_fn fsm_table[VR_STATE_MAX][FSM_EV_MAX] = {
	[VR_INIT] = {
		[FSM_EV_STARTUP] = init_startup,
		[FSM_EV_FAULT] = any_fault,
		[FSM_EV_FAULT_CLEAR] = init_fault_clear,
	},
	[VR_BACKUP] = {
		[FSM_EV_SHUTDOWN] = to_init,
		[FSM_EV_MASTER_DOWN] = backup_down,
		[FSM_EV_ADVERT] = backup_rx,
		[FSM_EV_FAULT] = any_fault,
	},
	[VR_MASTER] = {
		[FSM_EV_SHUTDOWN] = to_init,
		[FSM_EV_ADVER_TIMER] = master_tx,
		[FSM_EV_ADVERT] = master_rx,
		[FSM_EV_FAULT] = any_fault,
		[FSM_EV_CONFLICT] = master_conflict,
	},
	[VR_FAULT] = {
		[FSM_EV_SHUTDOWN] = to_init,
		[FSM_EV_FAULT_CLEAR] = fault_clear,
	},
};

void fsm_init(struct vr *vr, const struct fsm_ops *ops, void *ctx)
{
	vr->state = VR_INIT;
	vr->eff_prio = vr->base_prio;
	vr->master_adv_int_cs = vr->adv_int_cs;
	vr->preempt_since_us = 0;
	vr->down_deadline_us = 0;
	vr->fault = false;
	memset(&vr->st, 0, sizeof(vr->st));
	vr->ops = ops;
	vr->ctx = ctx;
}

void fsm_event(struct vr *vr, enum fsm_ev ev, const struct fsm_rx *rx)
{
	fsm_fn fn;

	if ((unsigned)ev >= FSM_EV_MAX)
		return;
	if (ev == FSM_EV_ADVERT)
		vr->st.adverts_rx++;
	fn = fsm_table[vr->state][ev];
	if (fn)
		fn(vr, rx);
	else if (ev == FSM_EV_FAULT || ev == FSM_EV_FAULT_CLEAR)
		vr->fault = ev == FSM_EV_FAULT;
}

void fsm_set_prio(struct vr *vr, int prio)
{
	if (vr->base_prio == 255)
		return;
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	vr->eff_prio = (uint8_t)prio;
}
