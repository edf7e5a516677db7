#!/bin/bash
# GARPs through the instance's one packet socket (opened with the instance,
# kept until it goes): every GARP of every burst arrives, after a
# master -> backup -> master cycle and after the interface of a VIP
# ("dev eth1", tracked) is deleted and created again.  Counts only: the
# captured GARPs of each VIP equal the daemon's garp_sent, none failed, and
# each master transition sent whole bursts of 5 for both VIPs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100
VIP2=198.51.100.10

vr_lan a b c
ns_link a eth1; ns_link b eth1
conf() {	# prio
	cat <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority $1
    version 3
    advert_int 0.5
    garp_master_delay 0
    garp_lower_prio_delay 0
    virtual_ipaddress {
        $VIP/24
        $VIP2/24 dev eth1
    }
    track_interface {
        eth1
    }
}
EOC
}
conf 200 > "$T_TMP/a.conf"; conf 100 > "$T_TMP/b.conf"

# GARPs of ADDR in the capture: requests for ADDR from ADDR
garps() { capture_show "$T_TMP/c.pcap" arp | grep -c "who-has $1 .*tell $1,"; }
# GARPs in the capture whose source MAC is NAME's on IF
garps_from() { capture_show "$T_TMP/c.pcap" arp | grep -i "^[^ ]* $(mac "$1" "$2") " |
	grep -c "who-has $3 .*tell $3,"; }

capture_start c eth0 "$T_TMP/c.pcap" arp
vr_start a -f "$T_TMP/a.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
vr_start b -f "$T_TMP/b.conf"
check "b BACKUP" wait_for 10 vr_is b BACKUP
sleep 1
s1=$(vr_stat a garp_sent)
diag "a sent $s1 GARPs on becoming master"

# master -> backup -> master: a at a lower priority, then back (preempt)
sed 's/priority 200/priority 50/' "$T_TMP/a.conf" > "$T_TMP/a.conf.new"
mv "$T_TMP/a.conf.new" "$T_TMP/a.conf"
vr_ctl a reload >/dev/null
check "a lowered: b takes over" wait_for 10 vr_is b MASTER
check "a BACKUP" wait_for 10 vr_is a BACKUP
sed 's/priority 50/priority 200/' "$T_TMP/a.conf" > "$T_TMP/a.conf.new"
mv "$T_TMP/a.conf.new" "$T_TMP/a.conf"
vr_ctl a reload >/dev/null
check "a raised: MASTER again" wait_for 10 vr_is a MASTER
check "b BACKUP again" wait_for 10 vr_is b BACKUP
sleep 1
s2=$(vr_stat a garp_sent)
diag "a sent $((s2 - s1)) GARPs on becoming master again"

# the interface of VIP2 deleted and created again (a new ifindex, a new MAC)
old_if=$(nsx a cat /sys/class/net/eth1/ifindex)
nsx a ip link del eth1
check "eth1 deleted: a FAULT" wait_for 10 vr_is a FAULT
check "b MASTER" wait_for 10 vr_is b MASTER
ns_link a eth1
new_if=$(nsx a cat /sys/class/net/eth1/ifindex)
check "eth1 has a new ifindex ($old_if -> $new_if)" test "$old_if" != "$new_if"
check "eth1 back: a MASTER" wait_for 15 vr_is a MASTER
check "VIP2 on the new eth1" wait_for 5 sh -c "ip -n $(ns a) -o addr show dev eth1 | grep -q ' $VIP2/24'"
check "b BACKUP" wait_for 10 vr_is b BACKUP
sleep 1
s3=$(vr_stat a garp_sent)
diag "a sent $((s3 - s2)) GARPs on becoming master after eth1 came back"
new_garps=$(garps_from a eth1 $VIP2)
# b was master twice: its own GARPs count too
sent() { echo $(( $(vr_stat a garp_sent) + $(vr_stat b garp_sent) )); }
seen() { echo $(( $(garps $VIP) + $(garps $VIP2) )); }
converged() { [ "$(sent)" = "$(seen)" ]; }
check "every GARP sent was captured" wait_for 10 converged
diag "sent $(sent), captured $(seen)"
capture_stop
is "$(vr_stat a garp_errors)" 0 "a: no GARP failed"
is "$(vr_stat b garp_errors)" 0 "b: no GARP failed"
check "three master transitions of a, whole bursts: $s1, $((s2 - s1)), $((s3 - s2))" \
	sh -c "[ $s1 -ge 10 ] && [ $((s2 - s1)) -ge 10 ] && [ $((s3 - s2)) -ge 10 ] &&
	       [ $((s1 % 10)) = 0 ] && [ $((s2 % 10)) = 0 ] && [ $((s3 % 10)) = 0 ]"
check "the new eth1 carried VIP2's GARPs from its own MAC ($new_garps)" test "$new_garps" -ge 5
n_pkt=$(nsx a ss -0 -a -p 2>/dev/null | grep -c "pid=${VR_PID[a]},")
is "$n_pkt" 1 "a holds one packet socket"
done_testing
