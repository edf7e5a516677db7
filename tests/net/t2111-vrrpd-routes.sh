#!/bin/bash
# virtual_routes, virtual_rules and virtual_ipaddress_excluded: the master
# holds them, a backup does not, and they move with the VIP.  Also
# dont_track_primary: the instance stays MASTER when its interface loses
# carrier.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; bridge_add
ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
conf() {	# prio
	cat <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority $1
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    virtual_ipaddress_excluded {
        2001:db8::100/64
    }
    virtual_routes {
        src 192.0.2.100 to 198.51.100.0/24 via 192.0.2.254 dev eth0
        203.0.113.0/24 via 192.0.2.254 table 100
        blackhole 198.51.100.128/25 table 100
    }
    virtual_rules {
        from 192.0.2.100/32 table 100 priority 1000
    }
}
EOC
}
conf 150 > "$T_TMP/a.conf"; conf 100 > "$T_TMP/b.conf"
check "-t accepts routes and rules" nsx a "$VRRPD" -t -f "$T_TMP/a.conf"
vr_start a -f "$T_TMP/a.conf"
vr_start b -f "$T_TMP/b.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP
has_route() { nsx "$1" ip -o route show "${@:2}" | grep -q .; }
check "a: route to 198.51.100.0/24 with src" wait_for 5 sh -c \
	"ip -n $(ns a) route show 198.51.100.0/24 | grep -q 'via 192.0.2.254 dev eth0 .*src 192.0.2.100'"
check "a: route in table 100" has_route a table 100 203.0.113.0/24
check "a: blackhole in table 100" sh -c "ip -n $(ns a) route show table 100 | grep -q '^blackhole 198.51.100.128/25'"
check "a: rule 1000" sh -c "ip -n $(ns a) rule show | grep -q '^1000:.*from 192.0.2.100 lookup 100'"
check "a: excluded address" sh -c "ip -n $(ns a) -6 addr show dev eth0 | grep -q 2001:db8::100/64"
check "b: no route" sh -c "! ip -n $(ns b) route show | grep -q 198.51.100.0/24"
check "b: no rule" sh -c "! ip -n $(ns b) rule show | grep -q '^1000:'"
check "b: no excluded address" sh -c "! ip -n $(ns b) -6 addr show | grep -q 2001:db8::100"
like "$(vr_ctl b show instances)" "vips 192.0.2.100/24$" "the excluded address is not in the VIP list"

stop_pid "${VR_PID[a]}"
check "b takes over" wait_for 10 vr_is b MASTER
check "a: route gone" sh -c "! ip -n $(ns a) route show | grep -q 198.51.100.0/24"
check "a: rule gone" sh -c "! ip -n $(ns a) rule show | grep -q '^1000:'"
check "a: table 100 empty" sh -c "! ip -n $(ns a) route show table 100 | grep -q ."
check "a: excluded address gone" sh -c "! ip -n $(ns a) -6 addr show | grep -q 2001:db8::100"
check "b: route" wait_for 5 sh -c "ip -n $(ns b) route show 198.51.100.0/24 | grep -q 'via 192.0.2.254'"
check "b: rule" sh -c "ip -n $(ns b) rule show | grep -q '^1000:'"
stop_pid "${VR_PID[b]}"

# dont_track_primary
sed -i 's/^    advert_int 1$/    advert_int 1\n    dont_track_primary/' "$T_TMP/b.conf"
vr_start b -f "$T_TMP/b.conf"
check "b alone: MASTER" wait_for 15 vr_is b MASTER
ip -n "$(ns sw)" link set p-b-eth0 down	# the peer end: b's eth0 loses carrier
check "b's eth0 lost carrier" wait_for 5 sh -c "ip -n $(ns b) link show eth0 | grep -q 'NO-CARRIER\|state DOWN\|LOWERLAYERDOWN'"
sleep 1.5
check "dont_track_primary: still MASTER" vr_is b MASTER
done_testing
