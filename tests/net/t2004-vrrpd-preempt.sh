#!/bin/bash
# Preemption: a higher priority router that comes back takes the VIP back
# (default), does not with --nopreempt, and waits with --preempt-delay.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100)

# preempt (default)
vr_start b "${args[@]}" --priority 100
check "b alone becomes MASTER" wait_for 10 vr_is b MASTER
vr_start a "${args[@]}" --priority 200
check "a (200) comes back and preempts" wait_for 10 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP
check "VIP on a" wait_for 5 has_vip a $VIP
check "not on b" wait_for 5 no_vip b $VIP
stop_pid "${VR_PID[a]}"

# nopreempt: a comes back with a higher priority and stays BACKUP
check "b MASTER again" wait_for 10 vr_is b MASTER
vr_start a "${args[@]}" --priority 200 --nopreempt
sleep 1.5
is "$(vr_state a)" BACKUP "a (200, nopreempt) stays BACKUP"
is "$(vr_state b)" MASTER "b (100) stays MASTER"
check "VIP stays on b" has_vip b $VIP
like "$(vr_json a instances)" '"preempt":false' "show instances says preempt false"
# ...until the master goes away
stop_pid "${VR_PID[b]}"
check "a takes over when b stops" wait_for 10 vr_is a MASTER
stop_pid "${VR_PID[a]}"

# preempt_delay: a waits 4 s before preempting a lower-priority master
vr_start b "${args[@]}" --priority 100
check "b MASTER" wait_for 10 vr_is b MASTER
vr_start a "${args[@]}" --priority 200 --preempt-delay 4
t0=$(date +%s%N)
sleep 1
is "$(vr_state b)" MASTER "1 s into a's 4 s preempt_delay b is still MASTER"
check "a preempts after the delay" wait_for 10 vr_is a MASTER
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
diag "preempted after $ms ms"
check "not before the delay" test "$ms" -ge 3900
done_testing
