#!/bin/bash
# track_file: the number in the file times the weight moves the priority,
# whether the file is written in place or replaced by rename; a missing or
# non-numeric file counts 0; with weight 0 a non-zero value means FAULT.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
F=$T_TMP/prio F0=$T_TMP/maint
cat > "$T_TMP/a.conf" <<EOC
global_defs {
    vrrp_startup_delay 1.5
}
track_file prio {
    file "$F"
    weight 10
    init_file 2
}
vrrp_track_file maint {
    file "$F0"
    weight 0
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_file {
        prio
        maint
    }
}
EOC
prio() { vr_ctl a show instances | awk '$1 == "VI_1" { print $8 }'; }
vr_start a -f "$T_TMP/a.conf"
check "vrrp_startup_delay: INIT at first" vr_is a INIT
like "$(cat "${VR_LOG[a]}")" "instances start in 1500 ms" "startup delay logged"
check "MASTER alone" wait_for 15 vr_is a MASTER
check "init_file created the file with 2" grep -qx 2 "$F"
is "$(prio)" 120 "priority 100 + 2 * 10"
echo 5 > "$F"
check "written in place: 100 + 50" wait_for 5 sh -c "[ \"\$($VRRPD ctl -S $T_TMP/a.sock show instances | awk '{print \$8}')\" = 150 ]"
echo -3 > "$F.new"; mv "$F.new" "$F"
check "replaced by rename: 100 - 30" wait_for 5 sh -c "[ \"\$($VRRPD ctl -S $T_TMP/a.sock show instances | awk '{print \$8}')\" = 70 ]"
echo "not a number" > "$F"
check "non-numeric: 100" wait_for 5 sh -c "[ \"\$($VRRPD ctl -S $T_TMP/a.sock show instances | awk '{print \$8}')\" = 100 ]"
echo 1000 > "$F"
check "clamped to 254" wait_for 5 sh -c "[ \"\$($VRRPD ctl -S $T_TMP/a.sock show instances | awk '{print \$8}')\" = 254 ]"
rm -f "$F"
check "missing: 100" wait_for 5 sh -c "[ \"\$($VRRPD ctl -S $T_TMP/a.sock show instances | awk '{print \$8}')\" = 100 ]"
echo 1 > "$F0"
check "weight 0, value 1: FAULT" wait_for 5 vr_is a FAULT
echo 0 > "$F0"
check "value 0: back" wait_for 10 vr_is a MASTER
like "$(vr_ctl a show trackers)" "file maint value 0 weight 0" "show trackers"
done_testing
