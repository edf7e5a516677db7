#!/bin/bash
# Election by priority, VRRPv2 at keepalived's default 1 s adverts and VRRPv3
# at 100 ms: the higher priority holds the VIP, the other is BACKUP and has
# learned who the master is.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

vr_lan a b c

# v2, 1 s
vr_start a -i eth0 --vrid 51 --priority 150 --vip 192.0.2.100/24
vr_start b -i eth0 --vrid 51 --priority 100 --vip 192.0.2.100/24
check "a (150) becomes MASTER" wait_for 15 vr_is a MASTER
check "b (100) stays BACKUP" wait_for 5 vr_is b BACKUP
check "a holds the VIP" has_vip a 192.0.2.100
check "b does not" no_vip b 192.0.2.100
check "c reaches the VIP" nsx c ping -c1 -W2 192.0.2.100
like "$(vr_json b instances)" '"master":"192.0.2.1","master_priority":150' "b knows a is master with 150"
like "$(vr_json b instances)" '"version":2' "default version 2"
sleep 1.2
like "$(vr_json b stats)" '"rx_checksum_plain":[1-9]' "v2 adverts: plain checksum counted"
check "vrrpd ctl is-master: yes on a" vr_ctl a is-master vrid51
check_exit "vrrpd ctl is-master: no on b" 1 vr_ctl b is-master vrid51
check_exit "is-master of an unknown instance" 1 vr_ctl b is-master nosuch
like "$(vr_ctl a status)" "instances 1" "status"
like "$(vr_ctl a show instances)" "^vrid51 eth0 vrid 51 v2 MASTER prio 150" "show instances text"
like "$(vr_ctl a show stats)" "drop_checksum 0" "show stats text"
check_exit "a malformed request is a usage error" 64 vr_ctl a show nonsense
stop_pid "${VR_PID[a]}"; stop_pid "${VR_PID[b]}"

# v3, 100 ms, B started first: it becomes master, then is preempted
vr_start b -i eth0 --vrid 52 --priority 100 --vip 192.0.2.101/24 --version 3 --advert-ms 100
check "alone, b becomes MASTER" wait_for 10 vr_is b MASTER
vr_start a -i eth0 --vrid 52 --priority 200 --vip 192.0.2.101/24 --version 3 --advert-ms 100
check "a (200) preempts" wait_for 10 vr_is a MASTER
check "b goes BACKUP" wait_for 5 vr_is b BACKUP
check "VIP moved to a" wait_for 5 has_vip a 192.0.2.101
check "VIP left b" wait_for 5 no_vip b 192.0.2.101
like "$(vr_json b instances)" '"master_advert_ms":100' "b learned the 100 ms interval"
like "$(vr_json b stats)" '"rx_checksum_pseudo":[1-9]' "v3 IPv4: pseudo-header checksum by default"
stop_pid "${VR_PID[b]}"

# a v3 backup configured with 1 s adopts the master's 100 ms (RFC 5798
# 6.4.2): it notices the master's death after ~0.3 s, not ~3 s
vr_start c -i eth0 --vrid 52 --priority 50 --vip 192.0.2.101/24 --version 3 --advert-ms 1000
check "c (1 s configured) BACKUP" wait_for 10 vr_is c BACKUP
check "c adopted the master's 100 ms" wait_for 5 sh -c "'$VRRPD' ctl -S '$T_TMP/c.sock' show instances json | grep -q '\"advert_ms\":1000,\"master_advert_ms\":100,'"
t0=$(date +%s%N)
kill -KILL "${VR_PID[a]}"
check "c takes over" wait_for 10 vr_is c MASTER
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
diag "takeover after $ms ms (Master_Down_Interval with the adopted 100 ms: 380 ms; with its own 1 s: 3800 ms)"
check "well before its own 3.8 s Master_Down_Interval" test "$ms" -lt 2500
done_testing
