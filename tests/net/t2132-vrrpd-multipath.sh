#!/bin/bash
# Multipath routes in static_routes and virtual_routes: "via A or B" and
# "nexthop via A [dev IF] weight N nexthop ...", as keepalived writes them;
# the kernel shows every next hop; a stop removes them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a; ns_link a eth1
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx a ip addr add 198.51.100.1/24 dev eth1
nsx a ip -6 addr add 2001:db8::1/64 dev eth0 nodad
cat > "$T_TMP/a.conf" <<EOC
static_routes {
    203.0.113.0/25 via 192.0.2.253 or 192.0.2.254 dev eth0
    203.0.113.128/25 nexthop via 192.0.2.254 dev eth0 weight 2 nexthop via 198.51.100.254 dev eth1 weight 3
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 54
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    virtual_routes {
        2001:db8:1::/64 via 2001:db8::253 or 2001:db8::254 dev eth0 table 300
    }
}
EOC
check "-t accepts multipath routes" nsx a "$VRRPD" -t -f "$T_TMP/a.conf"
sed 's/via 192.0.2.253 or 192.0.2.254/via 192.0.2.253 or 2001:db8::2/' "$T_TMP/a.conf" > "$T_TMP/bad.conf"
check_exit "-t: a next hop of the other family refused" 78 nsx a "$VRRPD" -t -f "$T_TMP/bad.conf"
sed 's/weight 2/weight 300/' "$T_TMP/a.conf" > "$T_TMP/bad.conf"
check_exit "-t: weight above 256 refused" 78 nsx a "$VRRPD" -t -f "$T_TMP/bad.conf"
vr_start a -f "$T_TMP/a.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
r1=$(ip -n "$(ns a)" route show 203.0.113.0/25)
check "or: first next hop" grep -q "nexthop via 192.0.2.253 dev eth0 weight 1" <<<"$r1"
check "or: second next hop" grep -q "nexthop via 192.0.2.254 dev eth0 weight 1" <<<"$r1"
r2=$(ip -n "$(ns a)" route show 203.0.113.128/25)
check "nexthop: weight 2 via eth0" grep -q "nexthop via 192.0.2.254 dev eth0 weight 2" <<<"$r2"
check "nexthop: weight 3 via eth1" grep -q "nexthop via 198.51.100.254 dev eth1 weight 3" <<<"$r2"
check "IPv6 virtual multipath route (MASTER)" wait_for 5 sh -c \
	"ip -n $(ns a) -6 route show table 300 | grep -A2 '2001:db8:1::/64' | grep -q 'via 2001:db8::254'"
stop_pid "${VR_PID[a]}"
check "stopped: static multipath routes gone" sh -c "! ip -n $(ns a) route show | grep -q 203.0.113"
check "stopped: virtual multipath route gone" sh -c "! ip -n $(ns a) -6 route show table 300 | grep -q ."
done_testing
