#!/bin/bash
# virtual_ipaddress_excluded: not in the adverts, but announced like the
# VIPs (as keepalived does): on becoming master every excluded address gets
# the same gratuitous ARPs (IPv4) / unsolicited NAs (IPv6) as the VIPs, in
# the first burst and in the second one (garp_master_delay); a backup sends
# none.  Counts from a capture on a third host.  A reload while master
# applies the difference of the lists.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100
X4=192.0.2.200
X6=2001:db8::200
X4B=198.51.100.20

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
    garp_master_delay 2
    garp_lower_prio_delay 0
    virtual_ipaddress {
        $VIP/24
    }
    virtual_ipaddress_excluded {
        $X4/24
        $X6/64
        $X4B/24 dev eth1
    }
}
EOC
}
conf 200 > "$T_TMP/a.conf"; conf 100 > "$T_TMP/b.conf"

P="$T_TMP/c.pcap"
# gratuitous ARPs for ADDR from MAC (the whole capture)
garps() { capture_show "$P" arp | grep -i "^[^ ]* $2 " | grep -c "who-has $1 .*tell $1,"; }
# unsolicited NAs for ADDR from MAC
nas() { capture_show "$P" icmp6 | grep -i "^[^ ]* $2 " | grep -c "neighbor advertisement, .*tgt is $1,"; }
count_is() { [ "$("$1" "$2" "$3")" = "$4" ]; }

MA=$(mac a eth0); MA1=$(mac a eth1); MB=$(mac b eth0)
capture_start c eth0 "$P" arp or icmp6
vr_start b -f "$T_TMP/b.conf"
check "b alone: MASTER" wait_for 15 vr_is b MASTER
vr_start a -f "$T_TMP/a.conf"
check "a preempts: MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 10 vr_is b BACKUP
check "a holds $X4" wait_for 5 has_vip a $X4
check "a holds $X6" has_vip a $X6
check "a holds $X4B on eth1" sh -c "ip -n $(ns a) -o addr show dev eth1 | grep -q ' $X4B/24'"
check "b released $X4" wait_for 5 no_vip b $X4

# first burst (5) and the second after garp_master_delay 2 s (5 more); a
# lower-priority advert answered as master adds whole bursts, so at least 10
check "a: 10 or more GARPs for the VIP" wait_for 15 sh -c "[ \$(tcpdump -r $P -n -e arp 2>/dev/null |
	grep -i '^[^ ]* $MA ' | grep -c 'who-has $VIP .*tell $VIP,') -ge 10 ]"
# the second burst is due 2 s after the last burst (a lower-priority advert
# heard at the takeover restarts that wait): then the counts stay
sleep 3
converged() { [ "$(vr_stat a garp_sent)" = $((4 * $(garps $VIP "$MA"))) ] &&
	      [ "$(vr_stat b garp_sent)" = $((4 * $(garps $VIP "$MB"))) ]; }
check "the capture holds all GARPs a and b counted" wait_for 10 converged
capture_stop
n=$(garps $VIP "$MA")
diag "a: $n GARPs for $VIP"
is "$(garps $X4 "$MA")" "$n" "a: as many GARPs for the excluded $X4"
is "$(nas $X6 "$MA")" "$n" "a: as many unsolicited NAs for the excluded $X6"
is "$(garps $X4B "$MA1")" "$n" "a: as many GARPs for the excluded $X4B, from eth1's MAC"
check "whole bursts of 5 ($n)" test $((n % 5)) = 0
is "$(vr_stat a garp_sent)" "$((4 * n))" "a counted them all (4 addresses)"
is "$(vr_stat a garp_errors)" 0 "a: no GARP failed"
like "$(vr_ctl a show instances)" "vips $VIP/24\$" "the excluded addresses are not VIPs"

# b was master before a came: its first burst covered the excluded
# addresses too; as a backup it sent nothing since
nb=$(garps $VIP "$MB")
check "b sent GARPs for the VIP as master ($nb)" test "$nb" -ge 5
is "$(garps $X4 "$MB")" "$nb" "b: as many for $X4"
is "$(nas $X6 "$MB")" "$nb" "b: as many NAs for $X6"
is "$(vr_stat b garp_sent)" "$((4 * nb))" "b counted 4 addresses per round"

# a reload while master changes the list: only the difference is applied,
# and what the new list holds is removed on leaving
X5=192.0.2.201
sed -e "s|$X4B/24 dev eth1|$X5/24|" "$T_TMP/a.conf" > "$T_TMP/a.conf.new"
mv "$T_TMP/a.conf.new" "$T_TMP/a.conf"
vr_ctl a reload >/dev/null
check "reload: $X5 added" wait_for 5 has_vip a $X5
check "reload: $X4B removed" wait_for 5 no_vip a $X4B
check "reload: $X4 kept" has_vip a $X4
is "$(vr_state a)" MASTER "a still MASTER"

# leaving: the excluded addresses go with the VIP
stop_pid "${VR_PID[a]}"
check "a stopped: b MASTER" wait_for 10 vr_is b MASTER
check "a removed $X4" no_vip a $X4
check "a removed $X6" no_vip a $X6
check "a removed $X5 (from the reloaded list)" no_vip a $X5
check "b holds $X6" wait_for 5 has_vip b $X6
done_testing
