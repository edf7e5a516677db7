#!/bin/bash
# move: one step from IF1 to IF2 (add + announce on IF2, then delete on IF1);
# and the capabilities vipctl keeps while it runs.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl
VIP=192.0.2.100

ns_add a; ns_add c; bridge_add; ns_link a eth0; ns_link a eth1; ns_link c
nsx c ip addr add 192.0.2.3/24 dev eth0
# two interfaces on one segment: each answers ARP only for its own addresses
nsx a sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
nsx a "$V" add $VIP/24 dev eth0 label eth0:vip
check "c reaches the VIP on eth0" nsx c ping -c1 -W2 $VIP
like "$(nsx c ip neigh show $VIP)" "lladdr $(mac a eth0)" "c's cache: eth0's MAC"

capture_start c eth0 "$T_TMP/m.pcap" arp
check "move to eth1" nsx a "$V" move $VIP dev eth0 to eth1
n4=$(nsx c ip neigh show $VIP)
sleep 0.3
capture_stop
like "$(ip -n "$(ns a)" -o addr show dev eth1)" "inet $VIP/24 " "the VIP is on eth1 with the prefix it had (/24)"
unlike "$(ip -n "$(ns a)" -o addr show dev eth0)" "$VIP" "and gone from eth0"
like "$n4" "lladdr $(mac a eth1)" "c's cache moved to eth1's MAC"
is "$(capture_show "$T_TMP/m.pcap" arp | grep -c "$(mac a eth1) > ff:ff:ff:ff:ff:ff.*who-has $VIP")" 5 \
	"5 GARPs from eth1 (keepalived's default count)"
check "c reaches the VIP on eth1" nsx c ping -c1 -W2 $VIP
check "moving again is idempotent (already on eth1, absent on eth0)" nsx a "$V" move $VIP dev eth0 to eth1 --garp 0
check_exit "move from an unknown interface" 71 nsx a "$V" move $VIP dev eth9 to eth1

nsx a "$V" add 2001:db8::100/64 dev eth0 nodad
check "move IPv6" nsx a "$V" move 2001:db8::100 dev eth0 to eth1 --garp 1
like "$(ip -n "$(ns a)" -o addr show dev eth1)" "inet6 2001:db8::100/64" "IPv6 VIP on eth1 as /64"

# capabilities while running: only CAP_NET_ADMIN (12) and CAP_NET_RAW (13)
spawn a "$V" probe 192.0.2.200 dev eth0 --timeout 3000
pid=$SPAWNED_PID
sleep 0.5
is "$(awk '/^CapEff/ {print $2}' /proc/$pid/status)" "0000000000003000" \
	"a running vipctl holds CAP_NET_ADMIN + CAP_NET_RAW only"
is "$(awk '/^CapBnd/ {print $2}' /proc/$pid/status)" "0000000000003000" "bounding set reduced too"
wait "$pid"
done_testing
