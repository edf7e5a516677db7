#!/bin/bash
# kill -9 of the master: the backup takes over after Master_Down_Interval,
# holds the VIP, announces it (5 GARPs seen from a third namespace), and the
# third namespace's ARP cache moves to the backup's MAC without it asking.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b c
mac_a=$(mac a eth0) mac_b=$(mac b eth0)

args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100)
vr_start a "${args[@]}" --priority 200
check "a becomes MASTER" wait_for 10 vr_is a MASTER
vr_start b "${args[@]}" --priority 100
check "b is BACKUP" wait_for 10 vr_is b BACKUP
check "c reaches the VIP" nsx c ping -c1 -W2 $VIP
like "$(nsx c ip neigh show $VIP)" "lladdr $mac_a" "c's ARP cache: VIP at a's MAC"

capture_start c eth0 "$T_TMP/c.pcap" arp or proto 112
t0=$(date +%s%N)
kill -KILL "${VR_PID[a]}"
check "b becomes MASTER" wait_for 10 vr_is b MASTER
t1=$(date +%s%N)
diag "takeover seen by polling after $(( (t1 - t0) / 1000000 )) ms (Master_Down_Interval 340 ms)"
check "b holds the VIP" has_vip b $VIP
n4=$(nsx c ip neigh show $VIP)
sleep 0.5
capture_stop
like "$n4" "lladdr $mac_b" "c's ARP cache moved to b's MAC (GARP)"
garps=$(capture_show "$T_TMP/c.pcap" arp | grep -c "$mac_b > ff:ff:ff:ff:ff:ff.*Request who-has $VIP (ff:ff:ff:ff:ff:ff) tell $VIP,")
is "$garps" 5 "c saw 5 gratuitous ARPs from b (keepalived's default)"
like "$(capture_show "$T_TMP/c.pcap" proto 112 | grep -m1 -B1 "192.0.2.2 > 224.0.0.18" | tr '\n' ' ')" \
	"ttl 255.*VRRPv3, Advertisement, vrid 51, prio 100" "b advertises: v3, TTL 255, prio 100"
# the advert goes out before the GARPs (advert first, then VIPs, then GARP)
like "$(capture_show "$T_TMP/c.pcap" | grep -E "$mac_b > (01:00:5e|ff:ff)" | head -1)" "VRRP" "b's first frame is its advert"
check "c reaches the VIP on b" nsx c ping -c1 -W2 $VIP
like "$(vr_json b stats)" '"garp_sent":5' "show stats counts 5 GARPs"

# the second burst (--garp-delay, keepalived's garp_master_delay) and the
# refresh (--garp-refresh) while master
stop_pid "${VR_PID[b]}"
capture_start c eth0 "$T_TMP/c2.pcap" arp
vr_start b "${args[@]}" --priority 100 --garp-repeat 2 --garp-delay 1 --garp-refresh 1
check "b MASTER again" wait_for 10 vr_is b MASTER
sleep 2.6
capture_stop
n=$(capture_show "$T_TMP/c2.pcap" arp | grep -c "$mac_b > ff:ff:ff:ff:ff:ff.*tell $VIP,")
diag "GARPs in 2.6 s: $n"
check "2 at once, 2 after 1 s, then 1 per refresh (>= 5 in 2.6 s)" test "$n" -ge 5
check "and not a flood" test "$n" -le 7
done_testing
