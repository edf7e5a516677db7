/*
 * fsm.h - the VRRP state machine of one virtual router (RFC 5798 6.4,
 * RFC 3768 6.4), as a table with one transition function.
 *
 * A virtual router is keyed by (interface, family, VRID).  Its parameters
 * and run-time state live in struct vr; everything with a side effect
 * (sending an advert, arming a timer, adding VIPs, running scripts) goes
 * through struct fsm_ops, so the machine itself is pure and the unit tests
 * drive it with fake ops.
 *
 * Events come from timers, received adverts, the operator (startup,
 * shutdown), trackers (fault, priority change) and the conflict probes
 * of a master (another host answers for a VIP: counted, logged and
 * reported here, no transition).  fsm_event() looks the
 * handler up in fsm_table[state][event]; every state change goes through
 * fsm_change(), which logs, counts, runs the exit and entry actions and
 * notifies.  A tracker (issue 4) adjusts vr->eff_prio with fsm_set_prio()
 * or raises FSM_EV_FAULT / FSM_EV_FAULT_CLEAR.
 *
 * Timers are kept in microseconds, computed from the RFC's units:
 *   v3: Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256
 *   v2: Skew_Time = (256 - Priority) / 256 s (RFC 3768 6.1)
 *   Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time
 * with the effective priority, as keepalived does.
 */
#ifndef VRRPD_FSM_H
#define VRRPD_FSM_H

#include <stdbool.h>
#include <stdint.h>

#include "common/inet.h"
#include "vrrpd/pkt.h"

enum vr_state { VR_INIT, VR_BACKUP, VR_MASTER, VR_FAULT, VR_STATE_MAX };

enum fsm_ev {
	FSM_EV_STARTUP,
	FSM_EV_SHUTDOWN,
	FSM_EV_MASTER_DOWN,	/* Master_Down_Timer fired */
	FSM_EV_ADVER_TIMER,	/* Adver_Timer fired */
	FSM_EV_ADVERT,		/* a valid advert for us arrived (struct fsm_rx) */
	FSM_EV_FAULT,		/* a tracker or the link says we cannot serve */
	FSM_EV_FAULT_CLEAR,
	FSM_EV_CONFLICT,	/* another host answers for a VIP (struct fsm_rx) */
	FSM_EV_MAX
};

enum fsm_timer { FSM_T_ADVER, FSM_T_MASTER_DOWN };

struct vr;
struct fsm_rx;

/* Side effects; all must return quickly (they run in the event loop). */
struct fsm_ops {
	/* send one advert with this priority (0 on stop / fault) */
	void (*send_advert)(struct vr *vr, uint8_t prio);
	/* arm (us > 0) or stop (us == 0) a timer */
	void (*timer)(struct vr *vr, enum fsm_timer t, uint64_t us);
	/* take the VIPs: add them and announce (GARP / NA) */
	void (*vips_up)(struct vr *vr);
	/* give them back */
	void (*vips_down)(struct vr *vr);
	/* a master heard a lower priority: re-announce the VIPs */
	void (*reannounce)(struct vr *vr);
	/* after every state change: scripts, watch lines, FIFO */
	void (*notify)(struct vr *vr, enum vr_state from, enum vr_state to,
		       const char *why);
	/* CLOCK_MONOTONIC in microseconds */
	uint64_t (*now_us)(struct vr *vr);
	/* a master learnt of another holder of rx->src (rx->mac): event
	 * line, script; NULL = none */
	void (*conflict)(struct vr *vr, const struct fsm_rx *rx);
};

struct fsm_stats {
	uint64_t become_master;
	uint64_t release_master;	/* left MASTER for BACKUP */
	uint64_t adverts_rx;		/* valid adverts processed */
	uint64_t adverts_tx;
	uint64_t prio0_rx;
	uint64_t prio0_tx;
	uint64_t lower_prio_rx;		/* as master: answered at once */
	uint64_t transitions;
	uint64_t conflicts;		/* as master: another holder of a VIP */
};

struct vr {
	/* configuration */
	char name[64];
	char ifname[16];		/* for log lines only */
	uint8_t vrid;
	int family;
	uint8_t version;		/* 2 or 3 */
	uint8_t base_prio;		/* 1..255; 255 = address owner */
	uint16_t adv_int_cs;		/* Advertisement_Interval, centiseconds (v2: n * 100) */
	bool preempt;			/* Preempt_Mode */
	uint32_t preempt_delay_ms;	/* keepalived preempt_delay, 0 = none */
	struct ipaddr primary;		/* our source address, for the tie-break */

	/* run time */
	enum vr_state state;
	uint8_t eff_prio;		/* effective priority (trackers), 1..255 */
	uint16_t master_adv_int_cs;	/* Master_Adver_Interval, learned in BACKUP (v3) */
	struct ipaddr master;		/* who we last heard as master */
	uint8_t master_prio;
	uint64_t preempt_since_us;	/* first lower-priority advert, 0 = not started */
	uint64_t down_deadline_us;	/* when Master_Down_Timer fires, 0 = stopped */
	bool fault;			/* FAULT forced by a tracker or the link */
	struct fsm_stats st;

	const struct fsm_ops *ops;
	void *ctx;			/* the daemon's per-instance data */
};

/* The contents of a received advert that the machine needs; for
 * FSM_EV_CONFLICT, the VIP (src) and who else answered for it (mac). */
struct fsm_rx {
	uint8_t prio;
	uint16_t adv_int_cs;		/* the advert's interval in centiseconds */
	struct ipaddr src;
	uint8_t mac[6];
};

/* "INIT", "BACKUP", "MASTER", "FAULT" */
const char *fsm_state_name(enum vr_state s);
const char *fsm_ev_name(enum fsm_ev e);

/* Skew_Time and Master_Down_Interval in us for a priority and interval */
uint64_t fsm_skew_us(int version, unsigned prio, unsigned mai_cs);
uint64_t fsm_master_down_us(int version, unsigned prio, unsigned mai_cs);

/* Initialise vr's run-time part (state INIT, eff_prio = base_prio). */
void fsm_init(struct vr *vr, const struct fsm_ops *ops, void *ctx);

/* Feed an event; rx is only read for FSM_EV_ADVERT. */
void fsm_event(struct vr *vr, enum fsm_ev ev, const struct fsm_rx *rx);

/* The one place the state changes (also used by the daemon for tests). */
void fsm_change(struct vr *vr, enum vr_state to, const char *why);

/* Change the effective priority (trackers); the owner's 255 never moves,
 * others are clamped to 1..254.  Timers are recomputed. */
void fsm_set_prio(struct vr *vr, int prio);

#endif
