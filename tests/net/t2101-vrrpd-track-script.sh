#!/bin/bash
# vrrp_script from keepalived.conf: a failing check lowers the master's
# priority by its weight and the backup takes over; it comes back when the
# check passes again.  rise/fall counts are honoured.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; bridge_add
ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0

conf() {	# node prio
	cat > "$T_TMP/$1.conf" <<EOC
global_defs {
    router_id node_$1
}
vrrp_script chk_svc {
    script "/usr/bin/test -e $T_TMP/$1.ok"
    interval 0.2
    timeout 5
    weight -60
    fall 3
    rise 2
}
vrrp_instance VI_1 {
    state BACKUP
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_script {
        chk_svc
    }
}
EOC
}
conf a 150; conf b 100
touch "$T_TMP/a.ok" "$T_TMP/b.ok"
check "vrrpd -t accepts the file" nsx a "$VRRPD" -t -f "$T_TMP/a.conf"
vr_start a -f "$T_TMP/a.conf"
vr_start b -f "$T_TMP/b.conf"
check "a (150) becomes MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP
rm -f "$T_TMP/a.ok"
check "a's check fails: b takes over" wait_for 10 vr_is b MASTER
check "a BACKUP" wait_for 5 vr_is a BACKUP
like "$(vr_json a instances)" '"priority":90|"effective_priority":90|"prio":90' "a runs at 150 - 60 = 90"
check "VIP on b" wait_for 5 has_vip b 192.0.2.100
# a reload keeps the script's DOWN state: no bounce back to 150
ev=$(vr_ctl a status | sed -n 's/^events //p')
check "reload a while its check fails" vr_ctl a reload
like "$(vr_ctl a show instances)" "BACKUP prio 90 base 150" "still 90 right after the reload"
sleep 3
is "$(vr_ctl a status | sed -n 's/^events //p')" "$ev" "no transition on a"
check "b still MASTER" vr_is b MASTER
touch "$T_TMP/a.ok"
check "a's check passes again: a preempts" wait_for 10 vr_is a MASTER
check "VIP back on a" wait_for 5 has_vip a 192.0.2.100
like "$(vr_ctl a show trackers 2>&1)" "script chk_svc UP" "show trackers"
done_testing
