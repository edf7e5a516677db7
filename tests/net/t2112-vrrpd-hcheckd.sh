#!/bin/bash
# track_check with the real hcheckd: one keepalived.conf holds hcheckd's
# named check and vrrpd's instance; the check's target going away puts the
# instance in FAULT through hcheckd's watch stream, and back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
[ -x "$BIN/hcheckd" ] || skip_all "hcheckd not built"
command -v python3 >/dev/null || skip_all "python3 missing"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx a ip link set lo up
HS=$T_TMP/hcheckd.sock
cat > "$T_TMP/k.conf" <<EOC
global_defs {
    hcheckd_socket $HS
}
check web {
    address 127.0.0.1 8080
    TCP_CHECK {
        connect_timeout 1
    }
    delay_loop 0.5
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_check {
        web
    }
}
EOC
listen() { spawn a python3 -c 'import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 8080)); s.listen(64)
while True:
    c, _ = s.accept(); c.close()'; LP=$SPAWNED_PID; }
listen
check "vrrpd -t skips hcheckd's check block" nsx a "$VRRPD" -t -f "$T_TMP/k.conf"
spawn a "$BIN/hcheckd" -n -S "$HS" -f "$T_TMP/k.conf"
wait_for 10 test -S "$HS" || bail "hcheckd did not start"
vr_start a -f "$T_TMP/k.conf"
check "check up: MASTER" wait_for 15 vr_is a MASTER
like "$(vr_ctl a show trackers)" "check web UP" "vrrpd sees hcheckd's check UP"
stop_pid "$LP"
check "target gone: hcheckd says DOWN, the instance goes to FAULT" wait_for 15 vr_is a FAULT
check "VIP released" wait_for 5 no_vip a 192.0.2.100
listen
check "target back: MASTER again" wait_for 20 vr_is a MASTER
done_testing
