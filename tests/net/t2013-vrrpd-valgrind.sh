#!/bin/bash
# vrrpd under valgrind through a full life: start, master, control verbs,
# a notify script, preemption to backup, takeover, SIGTERM.  No invalid
# access, no uninitialised bytes to the kernel, no leak.  Then from a
# keepalived.conf: excluded addresses announced with GARP / NA intervals,
# and a reload that changes them while master.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v valgrind >/dev/null || skip_all "valgrind not installed"
case "${SAN:-}" in 1) skip_all "sanitizer build: valgrind does not run ASan binaries" ;; esac

vr_lan a b
printf '#!/bin/sh\nexit 0\n' >"$T_TMP/n.sh"; chmod +x "$T_TMP/n.sh"

rm -f "$T_TMP/a.sock"
spawn a valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
	--log-file="$T_TMP/vg" "$VRRPD" -n -S "$T_TMP/a.sock" -i eth0 --vrid 51 --priority 100 \
	--vip 192.0.2.100/24 --vip 192.0.2.101/24 --version 3 --advert-ms 200 --notify "$T_TMP/n.sh" \
	--notify-fifo "$T_TMP/fifo" --use-vmac
VG=$SPAWNED_PID
check "vrrpd starts under valgrind" wait_for 30 test -S "$T_TMP/a.sock"
check "MASTER" wait_for 30 vr_is a MASTER
vr_ctl a status >/dev/null; vr_ctl a show instances json >/dev/null; vr_ctl a show stats >/dev/null
vr_ctl a show stats json >/dev/null; vr_ctl a is-master vrid51; vr_ctl a bogus 2>/dev/null
"$VRRPD" ctl -S "$T_TMP/a.sock" watch >/dev/null 2>&1 &
T_PIDS+=("$!")
nsx a ip addr del 192.0.2.101/24 dev vrrp.51
check "VIP put back" wait_for 10 has_vip a 192.0.2.101
vr_start b -i eth0 --vrid 51 --priority 200 --vip 192.0.2.100/24 --vip 192.0.2.101/24 --version 3 --advert-ms 200 --use-vmac
check "preempted: BACKUP" wait_for 30 vr_is a BACKUP
stop_pid "${VR_PID[b]}"
check "takes over again" wait_for 30 vr_is a MASTER
sleep 0.5
kill -TERM "$VG"
for i in $(seq 200); do kill -0 "$VG" 2>/dev/null || break; sleep 0.1; done
wait "$VG"; rc=$?
[ $rc -eq 0 ] || diag "$(cat "$T_TMP/vg")"
is "$rc" 0 "valgrind: clean exit, no errors, no leaks"
check "no VMAC left" sh -c "! ip -n $(ns a) link show vrrp.51 2>/dev/null"

cat > "$T_TMP/a.conf" <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 61
    priority 150
    version 3
    advert_int 0.2
    garp_master_delay 1
    garp_interval 0.01
    gna_interval 0.01
    virtual_ipaddress {
        192.0.2.110/24
    }
    virtual_ipaddress_excluded {
        192.0.2.111/24
        2001:db8::111/64
    }
}
EOC
rm -f "$T_TMP/a.sock"
spawn a valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
	--log-file="$T_TMP/vg2" "$VRRPD" -n -S "$T_TMP/a.sock" -f "$T_TMP/a.conf"
VG=$SPAWNED_PID
check "conf: MASTER under valgrind" wait_for 30 vr_is a MASTER
check "conf: excluded address added" wait_for 10 has_vip a 192.0.2.111
sed -i 's/192.0.2.111/192.0.2.112/' "$T_TMP/a.conf"
vr_ctl a reload >/dev/null
check "conf: reload changed the excluded address" wait_for 10 has_vip a 192.0.2.112
garps_ge() { [ "$(vr_stat a garp_sent)" -ge "$1" ]; }
check "conf: GARPs and NAs sent, second burst included" wait_for 10 garps_ge 30
kill -TERM "$VG"
for i in $(seq 200); do kill -0 "$VG" 2>/dev/null || break; sleep 0.1; done
wait "$VG"; rc=$?
[ $rc -eq 0 ] || diag "$(cat "$T_TMP/vg2")"
is "$rc" 0 "conf: valgrind: clean exit, no errors, no leaks"
check "conf: excluded addresses removed" sh -c "! ip -n $(ns a) -o addr show | grep -q '192.0.2.11[12]\|2001:db8::111'"
done_testing
