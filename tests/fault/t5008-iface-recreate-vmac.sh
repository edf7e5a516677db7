#!/bin/bash
# t5002 with use_vmac: the master's eth0 deleted and created again takes
# its macvlan (vrrp.51, which carries the VIP) with it; vrrpd makes a new
# one on the new eth0 and is MASTER again.  Two rounds, then the settle
# assertions.
. "$(dirname "$0")/lib.sh"

fl_pair use_vmac
check "a's VIP on its VMAC vrrp.51" nsx a ip -o addr show dev vrrp.51 to "$VIP"
for round in 1 2; do
	ip -n "$(ns sw)" link del p-a-eth0
	check "round $round: eth0 gone, a in FAULT" wait_for 15 vr_is a FAULT
	check "round $round: b takes over" wait_for 15 vr_is b MASTER
	ns_link a
	nsx a ip addr add 192.0.2.1/24 dev eth0
	check "round $round: eth0 back, a MASTER again" wait_for 20 vr_is a MASTER
	check "round $round: b BACKUP again" wait_for 20 vr_is b BACKUP
	like "$(nsx a ip -o addr show dev vrrp.51)" " ${VIP}/" "round $round: the VIP on a new vrrp.51"
done
fl_settled "after 2 re-creations with a VMAC" a b
done_testing
