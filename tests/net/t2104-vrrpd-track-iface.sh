#!/bin/bash
# track_interface: an unweighted interface going down puts the instance in
# FAULT (VIP released, the backup takes over) and back when it comes up; a
# weighted one only moves the priority.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; bridge_add
ns_link a; ns_link b; ns_link a eth1; ns_link a eth2
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
cat > "$T_TMP/a.conf" <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 150
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_interface {
        eth1
        eth2 weight -30
    }
}
EOC
sed -e 's/priority 150/priority 130/' -e '/track_interface/,/^    }/d' "$T_TMP/a.conf" > "$T_TMP/b.conf"
vr_start a -f "$T_TMP/a.conf"
vr_start b -f "$T_TMP/b.conf"
check "a MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP

nsx a ip link set eth1 down
check "eth1 down: a goes to FAULT" wait_for 10 vr_is a FAULT
check "b takes over" wait_for 10 vr_is b MASTER
check "VIP left a" wait_for 5 no_vip a 192.0.2.100
like "$(vr_json a instances)" '"fault":\["track"\]' "the fault reason is the tracker"
nsx a ip link set eth1 up
check "eth1 up: a leaves FAULT and preempts" wait_for 15 vr_is a MASTER
check "b BACKUP again" wait_for 10 vr_is b BACKUP

nsx a ip link set eth2 down
check "eth2 (weight -30) down: a at 120 loses to b" wait_for 10 vr_is b MASTER
like "$(vr_ctl a show instances)" "BACKUP prio 120 base 150" "a BACKUP at 150 - 30"
nsx a ip link set eth2 up
check "eth2 up: a back" wait_for 10 vr_is a MASTER
# an interface deleted and created again under the same name
nsx a ip link del eth1
check "eth1 deleted: FAULT" wait_for 10 vr_is a FAULT
ns_link a eth1
check "eth1 back: MASTER" wait_for 15 vr_is a MASTER
done_testing
