/*
 * sync.h - vrrp_sync_group: instances that change state together, as
 * keepalived does (keepalived.conf(5), "VRRP synchronization group(s)").
 *
 * The rules, applied each time a member's state changes (pure functions;
 * the daemon carries them out through fsm_change(), the one place a state
 * changes):
 *   - one member's own FAULT (a tracker, its link) holds every member in
 *     FAULT: sync_fault() is the OR of the members' own faults, and the
 *     daemon raises FSM_EV_FAULT / FSM_EV_FAULT_CLEAR on each member;
 *   - a member becoming MASTER takes the others to MASTER;
 *   - a member leaving MASTER for BACKUP takes the other masters to BACKUP;
 *   - the group leaves FAULT (for BACKUP) when no member is in FAULT.
 * The group has its own state for its notify scripts and FIFO lines:
 *   script {notify_master|...} ARGS, then "notify" ARGS GROUP NAME STATE 0,
 *   FIFO / watch line:  GROUP "NAME" STATE 0   (a group's priority is 0)
 */
#ifndef VRRPD_SYNC_H
#define VRRPD_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrpd/fsm.h"

struct sync_out {
	bool group_changed;
	enum vr_state group;		/* the group's state after the change */
	enum vr_state force;		/* take the others there; VR_STATE_MAX: none */
};

/* Member `who` of n (states after the change in members[]) went from ->
 * to; group is the group's state before.  Pure. */
struct sync_out sync_member_changed(enum vr_state group, const enum vr_state *members,
				    size_t n, size_t who, enum vr_state from, enum vr_state to);

/* Should a member now in state `cur` be moved to `force`?  Only masters are
 * taken to BACKUP; FAULT members are never forced to MASTER. */
bool sync_should_force(enum vr_state cur, enum vr_state force);

/* The group is in FAULT when any member has its own fault. */
bool sync_fault(const bool *own_fault, size_t n);

/* "GROUP \"NAME\" STATE 0" into buf; returns buf. */
char *sync_fifo_line(char *buf, size_t len, const char *name, enum vr_state st);

#endif
