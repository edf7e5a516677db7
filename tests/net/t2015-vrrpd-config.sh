#!/bin/bash
# keepalived.conf (-f): two instances (VRRPv2 IPv4 with PASS, VRRPv3 IPv6)
# on two routers, VIPs with dev/label/scope, notify, router_id; -t says OK
# or names file, line and word.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

vr_lan -6 a b
for n in a b; do nsx $n ip link add dum0 type veth peer name dum1; nsx $n ip link set dum0 up; nsx $n ip link set dum1 up; done

conf() {	# name priority
	cat <<EOF2
! $1's configuration, keepalived syntax
global_defs {
    router_id $1
    vrrp_garp_master_repeat 2
}
vrrp_script unused_here {
    script "/bin/true"
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass s3cret
    }
    virtual_ipaddress {
        192.0.2.100/24 dev eth0 label eth0:vip
        198.51.100.1/32 dev dum0 scope host
    }
    notify "$T_TMP/notify.sh $1"
}
vrrp_instance VI_6 {
    interface eth0
    virtual_router_id 61
    priority $2
    advert_int 0.1
    virtual_ipaddress {
        fe80::61/64
        2001:db8::61/64
    }
}
virtual_server 192.0.2.100 80 {
    real_server 192.0.2.10 80 {
    }
}
EOF2
}
printf '#!/bin/sh\necho "$*" >>%s/calls\n' "$T_TMP" >"$T_TMP/notify.sh"; chmod +x "$T_TMP/notify.sh"
conf ra 200 >"$T_TMP/a.conf"
conf rb 100 >"$T_TMP/b.conf"

like "$(nsx a "$VRRPD" -t -f "$T_TMP/a.conf" 2>&1)" "configuration OK" "-t: configuration OK"
sed 's/priority 200/priorty 200/' "$T_TMP/a.conf" >"$T_TMP/bad.conf"
out=$(nsx a "$VRRPD" -t -f "$T_TMP/bad.conf" 2>&1); rc=$?
is "$rc" 78 "-t on a bad file: exit 78"
like "$out" "bad.conf:[0-9]+:.*priorty" "the error names file, line and word"

vr_start a -f "$T_TMP/a.conf"
vr_start b -f "$T_TMP/b.conf"
check "VI_1: a MASTER" wait_for 15 vr_is a MASTER VI_1
check "VI_6: a MASTER" wait_for 10 vr_is a MASTER VI_6
check "VI_1: b BACKUP" wait_for 10 vr_is b BACKUP VI_1
check "VI_6: b BACKUP" wait_for 10 vr_is b BACKUP VI_6
is "$(vr_ctl a show instances | cut -d' ' -f1 | tr '\n' ' ')" "VI_1 VI_6 " "show instances in configuration order"
like "$(vr_json a instances VI_1)" '"version":2' "VI_1 runs VRRPv2 (keepalived's default)"
like "$(vr_json a instances VI_6)" '"family":"inet6","version":3' "VI_6 runs VRRPv3 over IPv6"
like "$(nsx a ip -o addr show dev eth0)" "192.0.2.100/24 .*eth0:vip" "VIP with its label"
like "$(nsx a ip -o addr show dev dum0)" "198.51.100.1/32 scope host" "VIP on another device with scope host"
like "$(nsx a ip -6 -o addr show dev eth0)" "2001:db8::61/64" "IPv6 VIP"
like "$(vr_ctl a status)" "router_id ra" "router_id shown"
check "notify ran with keepalived's arguments" wait_for 5 grep -q "^ra INSTANCE VI_1 MASTER 200$" "$T_TMP/calls"
sleep 1.5
is "$(vr_stat b auth VI_1)" 0 "the PASS authentication matches"
stop_pid "${VR_PID[a]}"
check "b takes VI_1" wait_for 10 vr_is b MASTER VI_1
check "b takes VI_6" wait_for 10 vr_is b MASTER VI_6
check "a left no VIP behind" sh -c "! ip -n $(ns a) -o addr show | grep -qE '192.0.2.100|198.51.100.1|2001:db8::61'"
done_testing
