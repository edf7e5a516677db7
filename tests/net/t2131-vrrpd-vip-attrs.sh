#!/bin/bash
# Address attributes keepalived documents on virtual_ipaddress,
# virtual_ipaddress_excluded and static_ipaddress lines: brd, peer,
# noprefixroute, home, -nodad; the kernel shows each, and a stop removes
# every address (a peer address is deleted by its peer).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
cat > "$T_TMP/a.conf" <<EOC
static_ipaddress {
    203.0.113.7/24 dev eth0 brd -
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 53
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24 brd 192.0.2.127
        192.0.2.101/32 peer 192.0.2.201
        198.51.100.5/24 dev eth0 noprefixroute
        198.51.100.6/24 dev eth0
    }
    virtual_ipaddress_excluded {
        2001:db8::5/64 home -nodad
    }
}
EOC
check "-t accepts the attributes" nsx a "$VRRPD" -t -f "$T_TMP/a.conf"
sed 's|192.0.2.100/24 brd 192.0.2.127|192.0.2.100/24 brd 2001:db8::1|' "$T_TMP/a.conf" > "$T_TMP/bad.conf"
check_exit "-t: brd of the other family refused" 78 nsx a "$VRRPD" -t -f "$T_TMP/bad.conf"
sed 's|2001:db8::5/64 home -nodad|192.0.2.55/24 home|' "$T_TMP/a.conf" > "$T_TMP/bad.conf"
check_exit "-t: home on IPv4 refused" 78 nsx a "$VRRPD" -t -f "$T_TMP/bad.conf"
vr_start a -f "$T_TMP/a.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
check "brd ADDR" wait_for 5 sh -c "ip -n $(ns a) -4 -o addr show dev eth0 | grep -q 'inet 192.0.2.100/24 brd 192.0.2.127 '"
check "peer" sh -c "ip -n $(ns a) -4 -o addr show dev eth0 | grep -q 'inet 192.0.2.101 peer 192.0.2.201/32 '"
check "noprefixroute flag" sh -c "ip -n $(ns a) -4 -o addr show dev eth0 | grep '198.51.100.5/24' | grep -q noprefixroute"
check "control: without it the flag is absent" sh -c "! ip -n $(ns a) -4 -o addr show dev eth0 | grep '198.51.100.6/24' | grep -q noprefixroute"
check "static brd -: no broadcast" sh -c "ip -n $(ns a) -4 -o addr show dev eth0 | grep '203.0.113.7/24' | grep -qv ' brd '"
check "control: default brd computed" sh -c "ip -n $(ns a) -4 -o addr show dev eth0 | grep -q '198.51.100.6/24 brd 198.51.100.255 '"
check "home and nodad flags" sh -c "ip -n $(ns a) -6 -o addr show dev eth0 | grep '2001:db8::5/64' | grep 'home' | grep -q nodad"
stop_pid "${VR_PID[a]}"
check "stopped: peer address removed" sh -c "! ip -n $(ns a) -4 -o addr show | grep -q 192.0.2.101"
check "stopped: VIPs removed" sh -c "! ip -n $(ns a) -4 -o addr show | grep -q '192.0.2.100\|198.51.100.5'"
check "stopped: excluded and static removed" sh -c "! ip -n $(ns a) -o addr show | grep -q '2001:db8::5\|203.0.113.7'"
done_testing
