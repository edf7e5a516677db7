#!/bin/bash
# SIGTERM of the master: it sends a priority-0 advert and removes its VIP;
# the backup takes over after Skew_Time instead of Master_Down_Interval.
# Nothing is left behind: no VIP, no control socket, no pidfile.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b c

# 1 s adverts: Master_Down_Interval ~3.6 s, Skew_Time ~0.6 s, so a takeover
# well under 3 s can only come from the priority-0 advert
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 1000)
vr_start a "${args[@]}" --priority 200 -p "$T_TMP/a.pid"
check "a becomes MASTER" wait_for 15 vr_is a MASTER
vr_start b "${args[@]}" --priority 100
check "b is BACKUP" wait_for 10 vr_is b BACKUP
sleep 1.5
check "pidfile written" test "$(cat "$T_TMP/a.pid")" = "${VR_PID[a]}"

capture_start c eth0 "$T_TMP/c.pcap" proto 112
t0=$(date +%s%N)
stop_pid "${VR_PID[a]}" TERM
check "b becomes MASTER" wait_for 10 vr_is b MASTER
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
diag "takeover after SIGTERM seen in $ms ms (Skew_Time 609 ms, Master_Down_Interval 3609 ms)"
check "takeover well before Master_Down_Interval (priority 0 honoured)" test "$ms" -lt 3000
sleep 0.3
capture_stop
like "$(capture_show "$T_TMP/c.pcap" | grep -A1 "192.0.2.1 > 224.0.0.18" | tr '\n' ' ')" \
	"vrid 51, prio 0," "c saw a's priority-0 advert"
is "$(vr_stat b prio0_rx)" 1 "b counted one priority-0 advert"
check "b holds the VIP" has_vip b $VIP
check "a removed the VIP on exit" no_vip a $VIP
check "a removed its control socket" test ! -e "$T_TMP/a.sock"
check "a removed its pidfile" test ! -e "$T_TMP/a.pid"
like "$(cat "${VR_LOG[a]}")" "MASTER -> INIT \(shutdown\)" "a logged its shutdown"

# SIGINT does the same
stop_pid "${VR_PID[b]}" INT
check "SIGINT: b removed the VIP" no_vip b $VIP
check "SIGINT: control socket gone" test ! -e "$T_TMP/b.sock"
done_testing
