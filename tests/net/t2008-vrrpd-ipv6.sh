#!/bin/bash
# VRRPv3 over IPv6: adverts from the link-local address to ff02::12 with hop
# limit 255, election, takeover with unsolicited NAs that move a third
# host's neighbour cache.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=2001:db8::100 LL=fe80::100

ns_add a; ns_add b; ns_add c; bridge_add
for n in a b c; do ns_link $n; done
nsx a ip addr add 2001:db8::1/64 dev eth0 nodad
nsx b ip addr add 2001:db8::2/64 dev eth0 nodad
nsx c ip addr add 2001:db8::3/64 dev eth0 nodad
mac_b=$(mac b eth0)
for n in a b c; do wait_for 10 sh -c "ip -n $(ns $n) -6 addr show dev eth0 scope link | grep -qv tentative"; done
args=(-i eth0 --vrid 61 --vip $LL/64 --vip $VIP/64 --advert-ms 100)

capture_start c eth0 "$T_TMP/c.pcap" ip6 proto 112 or icmp6
vr_start a "${args[@]}" --priority 200
vr_start b "${args[@]}" --priority 100
check "a MASTER" wait_for 10 vr_is a MASTER
check "b BACKUP" wait_for 10 vr_is b BACKUP
like "$(vr_json a instances)" '"family":"inet6","version":3' "IPv6 means VRRPv3"
check "a holds the VIPs" has_vip a $VIP
check "c reaches the VIP" nsx c ping -6 -c1 -W2 $VIP
kill -KILL "${VR_PID[a]}"
check "b takes over" wait_for 10 vr_is b MASTER
n6=$(nsx c ip -6 neigh show $VIP)
sleep 0.3
capture_stop
like "$n6" "lladdr $mac_b" "c's neighbour cache moved to b (unsolicited NA)"
adv=$(capture_show "$T_TMP/c.pcap" -vv ip6 proto 112 | grep -A1 "$mac_b" | tr '\n' ' ')
like "$adv" "hlim 255" "hop limit 255"
like "$adv" "fe80::[0-9a-f:]* > ff02::12: .*VRRPv3, Advertisement, vrid 61, prio 100" "from link-local to ff02::12"
is "$(capture_show "$T_TMP/c.pcap" icmp6 | grep -c "$mac_b > 33:33:00:00:00:01.*neighbor advertisement")" 10 "5 NAs per VIP"
like "$(vr_json b stats)" '"rx_checksum_pseudo":[1-9]' "IPv6 pseudo-header checksum"
check "c reaches the VIP on b" nsx c ping -6 -c1 -W2 $VIP
# a global first VIP gets keepalived's warning
stop_pid "${VR_PID[b]}"
vr_start b -i eth0 --vrid 62 --vip $VIP/64 --advert-ms 100
like "$(cat "${VR_LOG[b]}")" "not link-local" "warning: first IPv6 VIP not link-local"
done_testing
