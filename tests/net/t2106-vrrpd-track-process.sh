#!/bin/bash
# vrrp_track_process: FAULT while fewer than `quorum` processes of the name
# run (or more than quorum_max), back when enough run; a weighted one moves
# the priority.  Inside a network namespace the proc connector is not
# available and /proc is scanned every second.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
NAME=tp$$
cp /bin/sleep "$T_TMP/$NAME"
cat > "$T_TMP/a.conf" <<EOC
vrrp_track_process svc {
    process $NAME
    quorum 2
    quorum_max 3
    weight 0
}
vrrp_track_process svc_args {
    process $T_TMP/$NAME 1000
    weight -20
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_process {
        svc
        svc_args
    }
}
EOC
vr_start a -f "$T_TMP/a.conf"
check "no process: FAULT" wait_for 10 vr_is a FAULT
spawn a "$T_TMP/$NAME" 1000; p1=$SPAWNED_PID
sleep 1.5
check "one of two: still FAULT" vr_is a FAULT
spawn a "$T_TMP/$NAME" 999; p2=$SPAWNED_PID
check "quorum 2 reached: MASTER" wait_for 15 vr_is a MASTER
like "$(vr_ctl a show instances)" "prio 100 " "svc_args (argument 1000) runs: no -20"
spawn a "$T_TMP/$NAME" 998; p3=$SPAWNED_PID
spawn a "$T_TMP/$NAME" 997; p4=$SPAWNED_PID
check "four, above quorum_max 3: FAULT" wait_for 10 vr_is a FAULT
stop_pid "$p4"; stop_pid "$p3"
check "three: MASTER" wait_for 10 vr_is a MASTER
stop_pid "$p1"
check "the one with argument 1000 gone, two left: weight -20" \
	wait_for 10 sh -c "$VRRPD ctl -S $T_TMP/a.sock show instances | grep -q 'prio 80 base 100'"
stop_pid "$p2"
check "one left: FAULT" wait_for 10 vr_is a FAULT
like "$(vr_ctl a show trackers)" "process svc DOWN" "show trackers"
done_testing
