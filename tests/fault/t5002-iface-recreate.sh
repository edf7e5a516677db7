#!/bin/bash
# The master's own interface deleted and created again (its veth pair
# removed from the bridge and added back, address restored): the instance
# goes to FAULT while eth0 is gone, the backup takes over, and once eth0 is
# back the instance leaves FAULT and preempts again (priority 200), as
# keepalived does.  Three rounds, then the settle assertions.
. "$(dirname "$0")/lib.sh"

fl_pair
for round in 1 2 3; do
	ip -n "$(ns sw)" link del p-a-eth0
	check "round $round: eth0 gone, a in FAULT" wait_for 15 vr_is a FAULT
	check "round $round: b takes over" wait_for 15 vr_is b MASTER
	ns_link a
	nsx a ip addr add 192.0.2.1/24 dev eth0
	check "round $round: eth0 back, a MASTER again" wait_for 20 vr_is a MASTER
	check "round $round: b BACKUP again" wait_for 20 vr_is b BACKUP
done
fl_settled "after 3 re-creations" a b
[ -n "${FL_KEEP:-}" ] && cp -r "$T_TMP" "$FL_KEEP"
done_testing
