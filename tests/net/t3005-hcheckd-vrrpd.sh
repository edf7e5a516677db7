#!/bin/bash
# hcheckd -> vrrpd, real binaries: vrrpd's track_check follows hcheckd's
# named checks over hcheckd's control socket (watch).  A weighted check
# going DOWN lowers the priority, a weight-0 one puts the instance in FAULT,
# and a disabled check counts as DOWN.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
H=$BIN/hcheckd

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
HS=$T_TMP/hcheckd.sock
echo 0 > "$T_TMP/db"; echo 0 > "$T_TMP/web"
spawn a "$H" -n -S "$HS" --interval 200ms --no-alpha \
	--check "db=file:$T_TMP/db" --check "web=file:$T_TMP/web"
HLOG=$SPAWNED_LOG
wait_for 10 test -S "$HS" || bail "hcheckd did not start: $(cat "$HLOG")"
vr_follow a "$HS"
check "vrrpd follows hcheckd" wait_for 10 grep -q "following hcheckd checks" "${VR_LOG[a]}"
check "MASTER with both checks up" wait_for 15 vr_is a MASTER
prio() { "$VRRPD" ctl -S "$T_TMP/a.sock" show instances | grep -q "prio $1 base 100"; }
echo 1 > "$T_TMP/web"
check "hcheckd: web DOWN -> vrrpd priority 80" wait_for 10 prio 80
echo 0 > "$T_TMP/web"
check "web UP again -> priority 100" wait_for 10 prio 100
nsx a "$H" ctl -S "$HS" disable db >/dev/null
check "db disabled in hcheckd -> FAULT" wait_for 10 vr_is a FAULT
nsx a "$H" ctl -S "$HS" enable db >/dev/null
check "db enabled -> MASTER again" wait_for 15 vr_is a MASTER
echo 1 > "$T_TMP/db"
check "db fails -> FAULT" wait_for 10 vr_is a FAULT
echo 0 > "$T_TMP/db"
check "db back -> MASTER" wait_for 15 vr_is a MASTER
done_testing
