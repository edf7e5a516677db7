#!/bin/bash
# Equal priority.  A backup never preempts an equal-priority master
# (RFC 5798 6.4.2: ">= local priority" resets its timer).  When two masters
# of equal priority meet, the higher primary address wins (6.4.3): the
# bridge ports are isolated so both become master, then joined.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100 --priority 100)
isolate() { for n in a b; do nsx sw bridge link set dev "p-$n-eth0" isolated "$1" || return 1; done; }

vr_start a "${args[@]}"
check "a (192.0.2.1) alone becomes MASTER" wait_for 10 vr_is a MASTER
vr_start b "${args[@]}"
sleep 1
is "$(vr_state a)$(vr_state b)" MASTERBACKUP "b (equal priority, higher address) as backup does not preempt"
stop_pid "${VR_PID[a]}"; stop_pid "${VR_PID[b]}"

check "bridge ports isolated" isolate on
vr_start a "${args[@]}"; vr_start b "${args[@]}"
check "isolated: a MASTER" wait_for 10 vr_is a MASTER
check "isolated: b MASTER" wait_for 10 vr_is b MASTER
check "ports joined" isolate off
check "a (lower address) goes BACKUP" wait_for 10 vr_is a BACKUP
sleep 0.5
is "$(vr_state b)$(vr_state a)" MASTERBACKUP "b (higher address) stays MASTER, stable"
check "VIP left a" wait_for 5 no_vip a $VIP
check "b holds it" has_vip b $VIP
like "$(cat "${VR_LOG[a]}")" "MASTER -> BACKUP \(equal priority, higher address" "a logged why"
done_testing
