#!/bin/bash
# vrrpd under valgrind through a full life: start, master, control verbs,
# a notify script, preemption to backup, takeover, SIGTERM.  No invalid
# access, no uninitialised bytes to the kernel, no leak.
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
done_testing
