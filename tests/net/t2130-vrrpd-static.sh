#!/bin/bash
# static_ipaddress, static_routes, static_rules: set when vrrpd starts,
# whatever the VRRP state (a backup has them too), kept across state
# changes, a reload adds and removes the difference, a stop removes them.
# The virtual_routes line is the control: a backup does not have it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; bridge_add
ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
conf() {	# prio host
	cat <<EOC
static_ipaddress {
    198.51.100.$2/24 dev eth0 scope link
}
static_routes {
    src 198.51.100.$2 203.0.113.0/25 via 192.0.2.254 dev eth0
    203.0.113.128/25 via 192.0.2.254 dev eth0 table 200 metric 7
}
static_rules {
    from 198.51.100.0/24 table 200 priority 2000
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 52
    priority $1
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    virtual_routes {
        192.0.2.128/25 via 192.0.2.254 table 201
    }
}
EOC
}
conf 150 1 > "$T_TMP/a.conf"; conf 100 2 > "$T_TMP/b.conf"
check "-t accepts static_*" nsx a "$VRRPD" -t -f "$T_TMP/a.conf"
printf 'static_ipaddress {\n 198.51.100.9/24\n}\nvrrp_instance V { interface eth0\n virtual_router_id 1\n priority 100\n virtual_ipaddress { 192.0.2.9 }\n}\n' \
	> "$T_TMP/nodev.conf"
check_exit "-t: a static address needs dev" 78 nsx a "$VRRPD" -t -f "$T_TMP/nodev.conf"
vr_start a -f "$T_TMP/a.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
vr_start b -f "$T_TMP/b.conf"
check "b BACKUP" wait_for 10 vr_is b BACKUP
sleep 1
for h in a b; do
	n=$(ns $h); i=$([ $h = a ] && echo 1 || echo 2)
	check "$h: static address" sh -c "ip -n $n -o addr show dev eth0 | grep -q 'inet 198.51.100.$i/24 .*scope link'"
	check "$h: static route with src" sh -c "ip -n $n route show 203.0.113.0/25 | grep -q 'via 192.0.2.254 dev eth0 .*src 198.51.100.$i'"
	check "$h: static route in table 200, metric 7" sh -c "ip -n $n route show table 200 | grep -q '^203.0.113.128/25 via 192.0.2.254 dev eth0 .*metric 7'"
	check "$h: static rule 2000" sh -c "ip -n $n rule show | grep -q '^2000:.*from 198.51.100.0/24 lookup 200'"
done
check "a (MASTER): virtual route" sh -c "ip -n $(ns a) route show table 201 | grep -q 192.0.2.128/25"
check "control: b (BACKUP) has no virtual route" sh -c "! ip -n $(ns b) route show table 201 | grep -q ."

# b becomes MASTER and back: the static ones stay throughout
stop_pid "${VR_PID[a]}"
check "b takes over" wait_for 10 vr_is b MASTER
check "b: virtual route now" wait_for 5 sh -c "ip -n $(ns b) route show table 201 | grep -q 192.0.2.128/25"
check "a stopped: its static address is gone" sh -c "! ip -n $(ns a) -o addr show | grep -q 198.51.100.1/"
check "a stopped: its static routes are gone" sh -c "! ip -n $(ns a) route show table all | grep -q 203.0.113"
check "a stopped: its static rule is gone" sh -c "! ip -n $(ns a) rule show | grep -q '^2000:'"
vr_start a -f "$T_TMP/a.conf"
check "b back to BACKUP" wait_for 15 vr_is b BACKUP
check "b: static route kept across MASTER->BACKUP" sh -c "ip -n $(ns b) route show 203.0.113.0/25 | grep -q via"
check "b: static address kept" sh -c "ip -n $(ns b) -o addr show | grep -q 198.51.100.2/24"

# reload without the table-200 route: it goes, the rest stays
sed -i '/table 200 metric 7/d' "$T_TMP/b.conf"
check "b: ctl reload" vr_ctl b reload
check "b: removed static route gone" wait_for 5 sh -c "! ip -n $(ns b) route show table 200 | grep -q ."
check "b: other static route kept by the reload" sh -c "ip -n $(ns b) route show 203.0.113.0/25 | grep -q via"
check "b: static rule kept by the reload" sh -c "ip -n $(ns b) rule show | grep -q '^2000:'"
check "b: static address kept by the reload" sh -c "ip -n $(ns b) -o addr show | grep -q 198.51.100.2/24"
stop_pid "${VR_PID[b]}"
check "b stopped: static address gone" sh -c "! ip -n $(ns b) -o addr show | grep -q 198.51.100.2/"
check "b stopped: static rule gone" sh -c "! ip -n $(ns b) rule show | grep -q '^2000:'"
stop_pid "${VR_PID[a]}"
done_testing
