#!/bin/bash
# GARP and unsolicited NA on the wire (tcpdump in a third namespace) and a real
# neighbour-cache takeover: c's cache entry for the VIP moves from a's MAC to
# b's without c asking.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl
VIP=192.0.2.100 VIP6=2001:db8::100

ns_add a; ns_add b; ns_add c; bridge_add
for n in a b c; do ns_link $n; done
nsx a ip addr add 192.0.2.1/24 dev eth0; nsx a ip addr add 2001:db8::1/64 dev eth0 nodad
nsx b ip addr add 192.0.2.2/24 dev eth0; nsx b ip addr add 2001:db8::2/64 dev eth0 nodad
nsx c ip addr add 192.0.2.3/24 dev eth0; nsx c ip addr add 2001:db8::3/64 dev eth0 nodad
mac_a=$(mac a eth0) mac_b=$(mac b eth0)

check "a takes the VIPs" nsx a "$V" add $VIP/24 dev eth0
nsx a "$V" add $VIP6/64 dev eth0 nodad
check "c reaches the VIP on a" nsx c ping -c1 -W2 $VIP
check "c reaches the IPv6 VIP on a" nsx c ping -6 -c1 -W2 $VIP6
like "$(nsx c ip neigh show $VIP)" "lladdr $mac_a" "c's ARP cache: VIP at a's MAC"
like "$(nsx c ip -6 neigh show $VIP6)" "lladdr $mac_a" "c's ND cache: VIP6 at a's MAC"

# the maintenance move between hosts: del on a, add --garp on b
capture_start c eth0 "$T_TMP/c.pcap" arp or icmp6
check "a releases the VIPs" nsx a "$V" del $VIP/24 dev eth0
nsx a "$V" del $VIP6/64 dev eth0
check "b takes the VIP and announces it (5 GARPs)" nsx b "$V" add $VIP/24 dev eth0 --garp 5
check "b takes the IPv6 VIP and announces it (3 NAs, 100 ms apart)" \
	nsx b "$V" add $VIP6/64 dev eth0 nodad --garp 3 --garp-interval 100
# read the caches before anything else can make c ask again
n4=$(nsx c ip neigh show $VIP)
n6=$(nsx c ip -6 neigh show $VIP6)
sleep 0.5
capture_stop

like "$n4" "lladdr $mac_b" "c's ARP cache moved to b's MAC (GARP takeover)"
like "$n6" "lladdr $mac_b" "c's ND cache moved to b's MAC (NA takeover)"

# tcpdump shows a non-zero target MAC in parentheses after the target address
garps=$(capture_show "$T_TMP/c.pcap" arp | grep -c "$mac_b > ff:ff:ff:ff:ff:ff.*Request who-has $VIP (ff:ff:ff:ff:ff:ff) tell $VIP,")
is "$garps" 5 "c saw 5 gratuitous ARPs from b's MAC to broadcast: sender = target = VIP, target MAC broadcast"
nas=$(capture_show "$T_TMP/c.pcap" -vv icmp6 | grep -A2 "$mac_b > 33:33:00:00:00:01" | tr '\n' ' ')
like "$nas" "hlim 255" "NA has hop limit 255"
like "$nas" "$VIP6 > ff02::1: \[icmp6 sum ok\] ICMP6, neighbor advertisement" "NA from the VIP to ff02::1 with a good checksum"
like "$nas" "tgt is $VIP6, Flags \[override\]" "NA target is the VIP, Override set, Solicited clear"
like "$nas" "destination link-address option \\(2\\), length 8 \\(1\\): $mac_b" "NA carries b's MAC"
is "$(capture_show "$T_TMP/c.pcap" icmp6 | grep -c "$mac_b > 33:33:00:00:00:01.*neighbor advertisement")" 3 "3 NAs"
check "c reaches the VIP on b" nsx c ping -c1 -W2 $VIP

# garp verb: refuses an address we do not hold, --force overrides
check_exit "garp for an address not held is refused" 1 nsx a "$V" garp $VIP dev eth0
capture_start c eth0 "$T_TMP/c2.pcap" arp
check "garp verb on the holder" nsx b "$V" garp $VIP dev eth0 --count 2 --interval 50
check "garp --force" nsx a "$V" garp 192.0.2.1 dev eth0 --count 1 --force
sleep 0.3
capture_stop
is "$(capture_show "$T_TMP/c2.pcap" | grep -c "Request who-has $VIP (ff:ff:ff:ff:ff:ff) tell $VIP")" 2 "garp --count 2 sends 2"
done_testing
