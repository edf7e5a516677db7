#!/bin/bash
# Link flap on the master: eth0 in a's namespace set down and up 6 times,
# held down long enough for b to take over twice (the control: the fault
# bites) and for less than an advert interval the other times.  After the
# last flap a, priority 200, is master again and the pair settles.
. "$(dirname "$0")/lib.sh"

fl_pair
for hold in 3 0.1 0.3 3 0.05 0.2; do
	nsx a ip link set eth0 down
	if [ "$hold" = 3 ]; then
		check "eth0 held down: a in FAULT" wait_for 10 vr_is a FAULT
		check "eth0 held down: b takes over" wait_for 10 vr_is b MASTER
		check "eth0 held down: VIP only on b" wait_for 10 one_holder a b
	else
		sleep "$hold"
	fi
	nsx a ip link set eth0 up
	sleep 0.5
done
check "after the flaps: a MASTER again" wait_for 20 vr_is a MASTER
check "after the flaps: b BACKUP" wait_for 20 vr_is b BACKUP
fl_settled "after 6 link flaps" a b
done_testing
