#!/bin/bash
# A reload sends no advert of its own: a master's adverts stay on their
# Adver_Timer (a reloaded priority shows in the next one, as a tracker's
# does), and every advert on the wire is counted in show stats (adverts_tx).
# Before, each reload sent two adverts straight through the socket op,
# beside the state machine and uncounted.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
# advert_int 5: a window of seconds between two periodic adverts (and
# MASTER after Master_Down_Interval, 3 * 5 s + skew: "state MASTER" waits too)
cat >"$T_TMP/a.conf" <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 61
    priority 150
    advert_int 5
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOC
capture_start a eth0 "$T_TMP/a.pcap" proto 112
vr_start a -f "$T_TMP/a.conf"
check "a MASTER" wait_for 30 vr_is a MASTER
on_wire() { capture_show "$T_TMP/a.pcap" | grep -c 'vrid 61'; }
more_than() { [ "$(on_wire)" -gt "$1" ]; }

# synchronise on a periodic advert: the next one is 5 s away
w=$(on_wire)
check "a periodic advert seen" wait_for 10 more_than "$w"
w0=$(on_wire); s0=$(vr_stat a adverts_tx)
check "ctl reload" vr_ctl a reload
check "ctl reload again" vr_ctl a reload
nsx a kill -HUP "${VR_PID[a]}"
reloads() { [ "$(grep -c 'reloaded ' "${VR_LOG[a]}")" = 3 ]; }
check "SIGHUP reload done" wait_for 5 reloads
sleep 1
w1=$(on_wire); s1=$(vr_stat a adverts_tx)
is "$((w1 - w0))" 0 "three reloads: no advert on the wire"
is "$((s1 - s0))" 0 "three reloads: adverts_tx unchanged"
check "a still MASTER" vr_is a MASTER

# the control: the periodic adverts go on, and the capture sees them
check "the next periodic advert is seen" wait_for 10 more_than "$w1"
sleep 0.3
w2=$(on_wire); s2=$(vr_stat a adverts_tx)
is "$((w2 - w0))" "$((s2 - s0))" "every advert on the wire is counted in adverts_tx"
capture_stop
done_testing
