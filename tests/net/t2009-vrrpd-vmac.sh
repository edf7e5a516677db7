#!/bin/bash
# use_vmac: a macvlan with 00:00:5e:00:01:VRID carries the VIP and the
# adverts and GARPs leave from that MAC; vrrpd removes the macvlan on exit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100 VMAC=00:00:5e:00:01:33

vr_lan -6 a b c
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100 --use-vmac)

capture_start c eth0 "$T_TMP/c.pcap" arp or proto 112
vr_start a "${args[@]}" --priority 200
vr_start b "${args[@]}" --priority 100
check "a MASTER" wait_for 10 vr_is a MASTER
check "b BACKUP" wait_for 10 vr_is b BACKUP
like "$(nsx a ip -o link show vrrp.51)" "macvlan|link/ether $VMAC" "a has vrrp.51 with the virtual MAC"
like "$(nsx a ip -d -o link show vrrp.51)" "macvlan mode private" "macvlan, private mode"
like "$(nsx a ip -o addr show dev vrrp.51)" "$VIP/24" "the VIP is on vrrp.51"
is "$(nsx a cat /proc/sys/net/ipv4/conf/eth0/arp_ignore)" 1 "eth0's arp_ignore is 1 (it must not answer for the VIP)"
check "b has its vrrp.51 too" nsx b ip link show vrrp.51
check "c reaches the VIP" nsx c ping -c1 -W2 $VIP
kill -KILL "${VR_PID[a]}"
nsx a ip link del vrrp.51        # killed -9: nobody cleaned up a
check "b takes over" wait_for 10 vr_is b MASTER
check "the VIP is on b's vrrp.51" wait_for 5 sh -c "ip -n $(ns b) -o addr show dev vrrp.51 | grep -q $VIP/24"
sleep 0.3
capture_stop
like "$(capture_show "$T_TMP/c.pcap" proto 112 | grep -m1 -B1 "192.0.2.2 > 224.0.0.18" | tr '\n' ' ')" "^.*$VMAC > 01:00:5e:00:00:12" "b's adverts leave from the virtual MAC"
replies=$(capture_show "$T_TMP/c.pcap" arp | grep "Reply $VIP is-at")
like "$replies" "Reply $VIP is-at $VMAC" "c's ARP request for the VIP is answered with the virtual MAC"
unlike "$replies" "is-at $(mac a eth0)" "and never with eth0's MAC (arp_ignore)"
check "b's GARPs carry the virtual MAC" sh -c "tcpdump -r $T_TMP/c.pcap -n -e arp 2>/dev/null | grep -q '$VMAC > ff:ff:ff:ff:ff:ff.*who-has $VIP (ff:ff:ff:ff:ff:ff) tell $VIP'"
check "c still reaches the VIP (same MAC, no cache change needed)" nsx c ping -c1 -W2 $VIP
stop_pid "${VR_PID[b]}"
check "b removed vrrp.51 on exit" sh -c "! ip -n $(ns b) link show vrrp.51 2>/dev/null"
is "$(nsx b cat /proc/sys/net/ipv4/conf/eth0/arp_ignore)" 0 "b restored eth0's arp_ignore"

# IPv6: 00:00:5e:00:02:VRID on vrrp6.VRID, adverts from the lower link's
# link-local address copied onto the VMAC (both VMACs share one MAC, so an
# EUI-64 link-local would be the same on both routers)
nsx a ip addr del $VIP/24 dev eth0 2>/dev/null
VIP6=2001:db8::100 VMAC6=00:00:5e:00:02:3d
args6=(-i eth0 --vrid 61 --vip fe80::100/64 --vip $VIP6/64 --advert-ms 100 --use-vmac)
capture_start c eth0 "$T_TMP/c6.pcap" ip6
vr_start a "${args6[@]}" --priority 200
vr_start b "${args6[@]}" --priority 100
check "IPv6: a MASTER" wait_for 10 vr_is a MASTER
check "IPv6: b BACKUP" wait_for 10 vr_is b BACKUP
like "$(nsx a ip -o link show vrrp6.61)" "link/ether $VMAC6" "vrrp6.61 has 00:00:5e:00:02:3d"
ll_a=$(nsx a ip -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4 }')
like "$(nsx a ip -6 -o addr show dev vrrp6.61 scope link)" "$ll_a" "the VMAC carries eth0's link-local address"
check "c reaches the IPv6 VIP" nsx c ping -6 -c1 -W2 $VIP6
like "$(nsx c ip -6 neigh show $VIP6)" "lladdr $VMAC6" "c resolves the IPv6 VIP to the virtual MAC"
sleep 0.3
capture_stop
like "$(capture_show "$T_TMP/c6.pcap" ip6 proto 112 | grep -m1 -B1 "$ll_a > ff02::12" | tr '\n' ' ')" "^.*$VMAC6 > 33:33:00:00:00:12" "IPv6 adverts leave from the virtual MAC"
stop_pid "${VR_PID[a]}"; stop_pid "${VR_PID[b]}"
check "vrrp6.61 removed" sh -c "! ip -n $(ns a) link show vrrp6.61 2>/dev/null"
done_testing
