#!/bin/bash
# probe: who else answers ARP / ND for an address (the split-brain question).
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0; nsx a ip addr add 2001:db8::1/64 dev eth0 nodad
nsx b ip addr add 192.0.2.2/24 dev eth0; nsx b ip addr add 2001:db8::2/64 dev eth0 nodad
nsx a "$V" add 192.0.2.100/24 dev eth0
nsx a "$V" add 2001:db8::100/64 dev eth0 nodad
mac_a=$(mac a eth0)

out=$(nsx b "$V" probe 192.0.2.100 dev eth0 --timeout 600); rc=$?
is "$rc" 1 "IPv4: a holder answers: exit 1"
like "$out" "192.0.2.100 is answered by $mac_a on eth0" "and its MAC is printed"
check_exit "IPv4: a free address: exit 0" 0 nsx b "$V" probe 192.0.2.200 dev eth0 --timeout 600
check_exit "IPv4: on the master itself nobody else answers: exit 0" 0 \
	nsx a "$V" probe 192.0.2.100 dev eth0 --timeout 600

out=$(nsx b "$V" probe 2001:db8::100 dev eth0 --timeout 600); rc=$?
is "$rc" 1 "IPv6: a holder answers the DAD probe: exit 1"
like "$out" "2001:db8::100 is answered by $mac_a on eth0" "and its MAC is printed"
check_exit "IPv6: a free address: exit 0" 0 nsx b "$V" probe 2001:db8::200 dev eth0 --timeout 600
check_exit "IPv6: on the master itself: exit 0" 0 nsx a "$V" probe 2001:db8::100 dev eth0 --timeout 600

# split brain: both hold the VIP
nsx b "$V" add 192.0.2.100/24 dev eth0
out=$(nsx a "$V" probe 192.0.2.100 dev eth0 --timeout 600 -j); rc=$?
is "$rc" 1 "split brain: the master hears the other holder"
check "JSON answer names b's MAC" python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
assert o["answered"] and o["holders"] == [sys.argv[1]], o
' "$(mac b eth0)" <<<"$out"

# the probe itself claims nothing: sender address 0.0.0.0 / source ::
capture_start b eth0 "$T_TMP/p.pcap" arp or icmp6
nsx a "$V" probe 192.0.2.201 dev eth0 --timeout 300
nsx a "$V" probe 2001:db8::201 dev eth0 --timeout 300
sleep 0.2
capture_stop
like "$(capture_show "$T_TMP/p.pcap" arp)" "Request who-has 192.0.2.201 tell 0.0.0.0" "ARP probe from 0.0.0.0 (RFC 5227)"
is "$(capture_show "$T_TMP/p.pcap" arp | grep -c 'who-has 192.0.2.201')" 3 "three ARP probes"
like "$(capture_show "$T_TMP/p.pcap" -vv icmp6)" ":: > ff02::1:ff00:201: \[icmp6 sum ok\] ICMP6, neighbor solicitation.*who has 2001:db8::201" \
	"DAD NS from :: to the solicited-node group"
check_exit "probe on a down interface fails" 71 bash -c "ip -n $(ns b) link set eth0 down && ip netns exec $(ns b) $V probe 192.0.2.1 dev eth0"
done_testing
