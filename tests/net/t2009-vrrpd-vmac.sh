#!/bin/bash
# use_vmac: a macvlan with 00:00:5e:00:01:VRID carries the VIP and the
# adverts and GARPs leave from that MAC; vrrpd removes the macvlan on exit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100 VMAC=00:00:5e:00:01:33

ns_add a; ns_add b; ns_add c; bridge_add
for n in a b c; do ns_link $n; done
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx c ip addr add 192.0.2.3/24 dev eth0
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
done_testing
