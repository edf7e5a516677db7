#!/bin/bash
# The keepalived peer library (keepalived.sh) proved on keepalived against
# keepalived: election by priority, kill -9 of the master, preemption back,
# SIGTERM (priority 0 on the wire), IPv6, and a clean log.  This is the
# reference behaviour the vrrpd interop tests (t2202+) compare against.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
ka_have || skip_all "keepalived not installed"
VIP=192.0.2.100 VIP6=2001:db8::100

ns_add a; ns_add b; ns_add c; bridge_add
for n in a b c; do ns_link $n; done
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx c ip addr add 192.0.2.3/24 dev eth0

has() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -q " $2/"; }

ka_conf ra --priority 200 --advert 0.1 --vip $VIP/24
ka_instance ra --instance VI_6 --vrid 52 --priority 200 --advert 0.1 --vip $VIP6/64
ka_conf rb --priority 100 --advert 0.1 --vip $VIP/24
ka_instance rb --instance VI_6 --vrid 52 --priority 100 --advert 0.1 --vip $VIP6/64
capture_start c eth0 "$T_TMP/c.pcap" proto 112 or arp or ip6
ka_start a ra; _ok $? "keepalived ra starts"
ka_start b rb; _ok $? "keepalived rb starts"
check "ra (priority 200) becomes MASTER" ka_wait_state ra MASTER 15
check "rb (priority 100) becomes BACKUP" ka_wait_state rb BACKUP 15
check "VIP on ra" wait_for 5 has a $VIP
check "IPv6 instance: ra MASTER" ka_wait_state ra MASTER 15 VI_6
check "IPv6 VIP on ra" wait_for 5 has a $VIP6
check_fail() { ! "$@"; }
check "no VIP on rb" check_fail has b $VIP
check "c reaches the VIP" nsx c ping -c1 -W2 $VIP

ka_kill9 ra
check "kill -9 ra: rb becomes MASTER" ka_wait_state rb MASTER 10
check "VIP on rb" wait_for 5 has b $VIP
check "IPv6 instance: rb MASTER" ka_wait_state rb MASTER 10 VI_6
check "IPv6 VIP on rb" wait_for 5 has b $VIP6
like "$(nsx c ip neigh show $VIP)" "lladdr $(mac b eth0)" "c's ARP cache moved to rb"

nsx a ip addr flush dev eth0 scope global	# what a crashed host loses on reboot
nsx a ip addr add 192.0.2.1/24 dev eth0
ka_start a ra; _ok $? "ra restarts"
check "ra preempts back to MASTER" ka_wait_state ra MASTER 15
check "rb goes back to BACKUP" ka_wait_state rb BACKUP 10
check "rb released the VIP" wait_for 5 check_fail has b $VIP

ka_term ra
check "SIGTERM ra: rb becomes MASTER" ka_wait_state rb MASTER 10
check "ra removed its VIP on exit" check_fail has a $VIP
ka_term rb
capture_stop
pkts=$(pcap_lines "$T_TMP/c.pcap" proto 112)
like "$pkts" "192.0.2.1 > 224.0.0.18: VRRPv3, Advertisement, vrid 51, prio 0" \
	"ra's priority-0 advert on SIGTERM"
like "$pkts" "192.0.2.2 > 224.0.0.18: .*prio 0" "rb's priority-0 advert on SIGTERM"
like "$(pcap_lines "$T_TMP/c.pcap" ip6 and proto 112)" "> ff02::12: .*VRRPv3, Advertisement, vrid 52, prio 0" \
	"IPv6 priority-0 advert on SIGTERM"
like "$(pcap_lines "$T_TMP/c.pcap" arp)" "$(mac b eth0) > ff:ff:ff:ff:ff:ff.*Request who-has $VIP \\(ff:ff:ff:ff:ff:ff\\) tell $VIP" \
	"rb's GARP seen from c"
check "no complaints in ra's log" ka_complaints ra
check "no complaints in rb's log" ka_complaints rb
done_testing
