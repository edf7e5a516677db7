#!/bin/bash
# Reload (SIGHUP and "vrrpd ctl reload"): an unchanged file changes nothing
# (no transition, VIPs stay, no priority-0 advert on the wire); a changed
# priority is taken in place; a broken file is refused with FILE:LINE and
# the old configuration keeps running; an added instance starts, a removed
# one leaves with priority 0; a storm of 20 SIGHUPs leaves one consistent
# state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; ns_add c; bridge_add
ns_link a; ns_link b; ns_link c
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx c ip addr add 192.0.2.3/24 dev eth0

inst() {	# name vrid prio vip
	cat <<EOC
vrrp_instance $1 {
    interface eth0
    virtual_router_id $2
    priority $3
    advert_int 1
    virtual_ipaddress {
        $4/24
    }
}
EOC
}
inst VI_1 51 150 192.0.2.100 > "$T_TMP/a.conf"
inst VI_1 51 100 192.0.2.100 > "$T_TMP/b.conf"
vr_start a -f "$T_TMP/a.conf"
vr_start b -f "$T_TMP/b.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP
events() { vr_ctl a status | sed -n 's/^events //p'; }
ev0=$(events)

capture_start c eth0 "$T_TMP/c.pcap" proto 112
check "ctl reload of the same file" vr_ctl a reload
check "SIGHUP of the same file" nsx a kill -HUP "${VR_PID[a]}"
sleep 2
is "$(events)" "$ev0" "no transition from the reloads"
check "a still MASTER" vr_is a MASTER
check "VIP still on a" has_vip a 192.0.2.100
check "b still BACKUP" vr_is b BACKUP

# a name change does not matter: instances match by (interface, VRID, family, source)
inst VI_renamed 51 160 192.0.2.100 > "$T_TMP/a.conf"
like "$(vr_ctl a reload)" "1 kept, 0 new, 0 removed" "renamed + new priority: kept"
like "$(vr_json a instances)" '"name":"VI_renamed"' "new name shown"
like "$(vr_json a instances)" '"priority":160' "new priority in place"
is "$(events)" "$ev0" "still no transition"
sleep 1.5
capture_stop
unlike "$(capture_show "$T_TMP/c.pcap" | grep -i 'prio 0' | head -3)" "prio 0" \
	"no priority-0 advert during the reloads"

# a broken file: refused with FILE:LINE, the old configuration keeps running
cp "$T_TMP/a.conf" "$T_TMP/a.good"
sed -i 's/priority 160/priorty 160/' "$T_TMP/a.conf"
out=$(vr_ctl a reload 2>&1); rc=$?
is "$rc" 1 "ctl reload of a broken file fails"
like "$out" "a.conf:4: unknown keyword 'priorty'" "the error names file:line and word"
nsx a kill -HUP "${VR_PID[a]}"
sleep 1
like "$(cat "${VR_LOG[a]}")" "SIGHUP: reload failed.*a.conf:4" "SIGHUP failure logged"
check "old configuration still running: MASTER" vr_is a MASTER
like "$(vr_json a instances)" '"priority":160' "old priority kept"

# add an instance, then remove it again
{ cat "$T_TMP/a.good"; inst VI_2 52 100 192.0.2.102; } > "$T_TMP/a.conf"
like "$(vr_ctl a reload)" "1 kept, 1 new, 0 removed" "one new instance"
check "the new one becomes MASTER (alone on vrid 52)" wait_for 10 vr_is a MASTER VI_2
check "its VIP appears" wait_for 5 has_vip a 192.0.2.102
capture_start c eth0 "$T_TMP/c2.pcap" proto 112
cp "$T_TMP/a.good" "$T_TMP/a.conf"
like "$(vr_ctl a reload)" "1 kept, 0 new, 1 removed" "instance removed"
check "its VIP is released" wait_for 5 no_vip a 192.0.2.102
sleep 0.5
capture_stop
like "$(capture_show "$T_TMP/c2.pcap" | grep -A1 'vrid 52' | tr '\n' ' ')" "prio 0" \
	"the removed instance sent a priority-0 advert"
check "VI_renamed still MASTER" vr_is a MASTER VI_renamed

# a SIGHUP storm
ev1=$(events)
for i in $(seq 20); do nsx a kill -HUP "${VR_PID[a]}"; sleep 0.04; done
sleep 2
check "daemon alive after 20 SIGHUPs" nsx a kill -0 "${VR_PID[a]}"
is "$(vr_ctl a status | sed -n 's/^instances //p')" 1 "one instance"
is "$(events)" "$ev1" "no transition from the storm"
check "still MASTER with the VIP" has_vip a 192.0.2.100
check "b still BACKUP" vr_is b BACKUP
done_testing
