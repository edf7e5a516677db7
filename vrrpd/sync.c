/*
 * sync.c - sync group rules (see sync.h).
 */
#include <stdio.h>

#include "vrrpd/sync.h"

struct sync_out sync_member_changed(enum vr_state group, const enum vr_state *members,
				    size_t n, size_t who, enum vr_state from, enum vr_state to)
{
	struct sync_out o = { false, group, VR_STATE_MAX };
	bool any_fault = false, all_up = true;
	size_t i;

	for (i = 0; i < n; i++) {
		if (members[i] == VR_FAULT)
			any_fault = true;
		if (members[i] == VR_INIT)
			all_up = false;
	}
	(void)who;
	switch (to) {
	case VR_FAULT:
		o.group = VR_FAULT;
		o.force = VR_FAULT;
		break;
	case VR_MASTER:
		/* cannot happen while sync_fault() holds every member in
		 * FAULT; if it does, the group's state does not follow */
		if (any_fault)
			break;
		o.group = VR_MASTER;
		o.force = VR_MASTER;
		break;
	case VR_BACKUP:
		if (from == VR_MASTER && !any_fault) {
			o.group = VR_BACKUP;
			o.force = VR_BACKUP;
		} else if (!any_fault && all_up && group != VR_MASTER) {
			o.group = VR_BACKUP;
		}
		break;
	default:
		break;
	}
	o.group_changed = o.group != group;
	return o;
}

bool sync_should_force(enum vr_state cur, enum vr_state force)
{
	switch (force) {
	case VR_FAULT:
		return cur != VR_FAULT;
	case VR_MASTER:
		return cur == VR_BACKUP;
	case VR_BACKUP:
		return cur == VR_MASTER;
	default:
		return false;
	}
}

bool sync_fault(const bool *own_fault, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (own_fault[i])
			return true;
	return false;
}

char *sync_fifo_line(char *buf, size_t len, const char *name, enum vr_state st)
{
	snprintf(buf, len, "GROUP \"%s\" %s 0", name, fsm_state_name(st));
	return buf;
}
