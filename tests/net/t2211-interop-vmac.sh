#!/bin/bash
# Interop, use_vmac: vrrpd --use-vmac and keepalived's use_vmac share the RFC
# virtual MAC 00:00:5e:00:01:33 for VRID 51.  Whoever is master sends from it
# and owns the VIP on its macvlan; an observer's neighbour entry for the VIP
# never has to change, and it reaches the VIP after each takeover.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
. "$(dirname "$0")/interop.sh"
ka_have || skip_all "keepalived not installed"
vr_built || skip_all "vrrpd not built"
VIP=192.0.2.100 VMAC=00:00:5e:00:01:33 IO_ADV=0.1

ns_add a; ns_add b; ns_add c; bridge_add
for n in a b c; do ns_link $n; done
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx c ip addr add 192.0.2.3/24 dev eth0
# ARP requests a router sends from eth0 carry eth0's own address, not the
# VIP: otherwise answering c from the VIP would teach c the physical MAC
# (keepalived and vrrpd alike; the usual sysctl with VMACs)
for n in a b; do nsx $n sysctl -qw net.ipv4.conf.all.arp_announce=2; done
capture_start sw br0 "$T_TMP/w.pcap" proto 112 or arp
# on a VMAC the VIP lives on the macvlan: look on every interface
has() { ip -n "$(ns "$1")" -o addr show | grep -q " $2/"; }
vmac_adverts() {	# SRC: SRC's last advert came from the virtual MAC
	pcap_lines "$T_TMP/w.pcap" proto 112 | grep " $1 > " | tail -n1 | grep -q "^[0-9.]* $VMAC > "
}
reach() {	# c pings the VIP and its entry is the virtual MAC
	nsx c ping -c1 -W2 $VIP >/dev/null && nsx c ip neigh show $VIP | grep -q "lladdr $VMAC"
}

ka_conf rb --priority 100 --advert 0.1 --vip $VIP/24 --extra use_vmac
ka_start b rb; _ok $? "keepalived (use_vmac, priority 100) starts"
vr_start ra a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --advert-ms 100 --version 3 --use-vmac
_ok $? "vrrpd (--use-vmac, priority 200) starts"
check "vrrpd MASTER" vr_wait_state ra MASTER 10
check "keepalived BACKUP" ka_wait_state rb BACKUP 10
check "VIP on a only" wait_for 5 eval "has a $VIP && ! has b $VIP"
check "vrrpd advertises from the virtual MAC" wait_for 3 vmac_adverts 192.0.2.1
check "only vrrpd advertises" one_advertiser "$T_TMP/w.pcap" 192.0.2.1
check "c reaches the VIP at the virtual MAC" reach

vr_kill9 ra
check "kill -9 vrrpd: keepalived MASTER" ka_wait_state rb MASTER 10
check "keepalived advertises from the virtual MAC" wait_for 3 vmac_adverts 192.0.2.2
# the crashed host reboots: its macvlan and the VIP on it are gone
for l in $(ip -n "$(ns a)" -o link show type macvlan | awk -F': ' '{ sub("@.*", "", $2); print $2 }'); do
	nsx a ip link del "$l"
done
check "c reaches the VIP, same MAC" reach

vr_start ra a -i eth0 --vrid 51 --priority 50 --vip $VIP/24 --advert-ms 100 --version 3 --use-vmac
_ok $? "vrrpd restarts (priority 50)"
check "vrrpd BACKUP" vr_wait_state ra BACKUP 10
check "only keepalived advertises" one_advertiser "$T_TMP/w.pcap" 192.0.2.2
ka_term rb
check "SIGTERM keepalived: vrrpd MASTER" vr_wait_state ra MASTER 10
check "vrrpd advertises from the virtual MAC again" wait_for 3 vmac_adverts 192.0.2.1
check "c reaches the VIP, same MAC" reach
vr_term ra
check "vrrpd removed its macvlan on exit" \
	eval "[ -z \"\$(ip -n $(ns a) -o link show type macvlan)\" ]"
check "no complaints in keepalived's log" ka_complaints rb
capture_stop
done_testing
