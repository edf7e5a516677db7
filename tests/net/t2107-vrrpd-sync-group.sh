#!/bin/bash
# vrrp_sync_group: members go MASTER together (VI_2, with a 10 s advert
# interval, is taken along the moment VI_1 wins), one member's FAULT takes
# the group to FAULT and the peer's group over; notify scripts get
# keepalived's arguments (GROUP name state 0) and the FIFO carries the
# event lines in order.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; ns_add b; bridge_add
ns_link a; ns_link b; ns_link a eth1
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
cat > "$T_TMP/notify.sh" <<EOS
#!/bin/sh
echo "\$*" >> $T_TMP/notify.\$(basename "\$0" .sh).log
EOS
chmod 755 "$T_TMP/notify.sh" "$T_TMP"
conf() {	# node prio
	cat <<EOC
global_defs {
    notify_fifo $T_TMP/$1.fifo
    notify_fifo_script "$T_TMP/reader.sh $1"
}
vrrp_sync_group VG_1 {
    group {
        VI_1
        VI_2
    }
    notify_master "$T_TMP/notify.sh $1 group_master"
    notify "$T_TMP/notify.sh $1"
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    notify "$T_TMP/notify.sh $1"
EOC
	[ "$1" = a ] && printf '    track_interface {\n        eth1\n    }\n'
	cat <<EOC
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority $2
    advert_int 10
    virtual_ipaddress {
        192.0.2.102/24
    }
}
EOC
}
# b's FIFO is read by its notify_fifo_script (args: node, then the FIFO)
printf '#!/bin/sh\n[ "$1" = b ] && exec cat "$2" > %s/b.events\nexit 0\n' "$T_TMP" > "$T_TMP/reader.sh"
chmod 755 "$T_TMP/reader.sh"
conf a 150 > "$T_TMP/a.conf"
conf b 100 > "$T_TMP/b.conf"
mkfifo "$T_TMP/a.fifo"
spawn a sh -c "cat $T_TMP/a.fifo > $T_TMP/a.events"
vr_start a -f "$T_TMP/a.conf"
check "VI_1 MASTER" wait_for 15 vr_is a MASTER VI_1
check "VI_2 (10 s adverts) MASTER with it" vr_is a MASTER VI_2
like "$(cat "${VR_LOG[a]}")" "VI_2 .*BACKUP -> MASTER \(sync group VG_1\)" "VI_2 forced by the group"
check "VI_1's VIP on a" has_vip a 192.0.2.100
check "VI_2's VIP on a" has_vip a 192.0.2.102

vr_start b -f "$T_TMP/b.conf"
check "b VI_1 BACKUP" wait_for 10 vr_is b BACKUP VI_1
check "b VI_2 BACKUP" wait_for 10 vr_is b BACKUP VI_2

nsx a ip link set eth1 down
check "a VI_1 FAULT (its interface)" wait_for 10 vr_is a FAULT VI_1
check "a VI_2 FAULT too (group)" wait_for 5 vr_is a FAULT VI_2
check "b VI_1 MASTER" wait_for 10 vr_is b MASTER VI_1
check "b VI_2 MASTER" wait_for 10 vr_is b MASTER VI_2
nsx a ip link set eth1 up
check "a VI_1 back to MASTER" wait_for 15 vr_is a MASTER VI_1
check "a VI_2 back to MASTER" wait_for 5 vr_is a MASTER VI_2
check "b VI_1 BACKUP" wait_for 10 vr_is b BACKUP VI_1
check "b VI_2 BACKUP" wait_for 10 vr_is b BACKUP VI_2
sleep 1

# the FIFO: every event line, in order
want='INSTANCE "VI_1" BACKUP 150
INSTANCE "VI_2" BACKUP 150
GROUP "VG_1" BACKUP 0
INSTANCE "VI_1" MASTER 150
GROUP "VG_1" MASTER 0
INSTANCE "VI_2" MASTER 150
INSTANCE "VI_1" FAULT 150
GROUP "VG_1" FAULT 0
INSTANCE "VI_2" FAULT 150
INSTANCE "VI_1" BACKUP 150
INSTANCE "VI_2" BACKUP 150
GROUP "VG_1" BACKUP 0
INSTANCE "VI_1" MASTER 150
GROUP "VG_1" MASTER 0
INSTANCE "VI_2" MASTER 150'
got=$(cat "$T_TMP/a.events")
[ "$got" = "$want" ] || diag "FIFO: $got"
is "$(printf '%s' "$got" | tr '\n' '|')" "$(printf '%s' "$want" | tr '\n' '|')" "FIFO lines in order"
like "$(cat "$T_TMP/b.events")" 'INSTANCE "VI_1" MASTER 100' "b's notify_fifo_script got the FIFO's lines"
# notify scripts: keepalived's arguments
like "$(cat "$T_TMP/notify.notify.log")" "^a INSTANCE VI_1 MASTER 150$" "instance notify: INSTANCE name state priority"
like "$(cat "$T_TMP/notify.notify.log")" "^a GROUP VG_1 MASTER 0$" "group notify: GROUP name state 0"
like "$(cat "$T_TMP/notify.notify.log")" "^a GROUP VG_1 FAULT 0$" "group notify on FAULT"
like "$(cat "$T_TMP/notify.notify.log")" "^a group_master$" "group notify_master ran"
done_testing
