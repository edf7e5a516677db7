#!/bin/bash
# Notify: notify_master/backup/stop scripts and the generic notify with
# keepalived's four arguments, in order; the same events as lines to
# `watch` clients and the notify FIFO; a hanging script is killed at the
# timeout and never delays the protocol.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b

cat >"$T_TMP/n.sh" <<'S'
#!/bin/sh
# record our name and arguments, one line per call
echo "$(basename "$0") $*" >>"$(dirname "$0")/calls"
S
chmod +x "$T_TMP/n.sh"
for s in master backup fault stop; do ln -s n.sh "$T_TMP/$s.sh"; done

vr_start a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --version 3 --advert-ms 1000 \
	--notify "$T_TMP/n.sh 'two words'" --notify-master "$T_TMP/master.sh" \
	--notify-backup "$T_TMP/backup.sh" --notify-fault "$T_TMP/fault.sh" \
	--notify-stop "$T_TMP/stop.sh" --notify-fifo "$T_TMP/fifo"
"$VRRPD" ctl -S "$T_TMP/a.sock" watch >"$T_TMP/watch" 2>&1 &
WATCH=$!
T_PIDS+=("$WATCH")
check "FIFO created" test -p "$T_TMP/fifo"
cat "$T_TMP/fifo" >"$T_TMP/fifo.out" &
T_PIDS+=("$!")
check "a MASTER" wait_for 15 vr_is a MASTER
check "master script ran" wait_for 5 grep -q master.sh "$T_TMP/calls"
# b with a higher priority takes over: a goes BACKUP
vr_start b -i eth0 --vrid 51 --priority 250 --vip $VIP/24 --version 3 --advert-ms 1000
check "a BACKUP after b preempts" wait_for 15 vr_is a BACKUP
sleep 0.5
# the link goes away: FAULT; back: BACKUP
nsx a ip link set eth0 down
check "link down: FAULT" wait_for 5 vr_is a FAULT
nsx a ip link set eth0 up
check "link up: BACKUP" wait_for 10 vr_is a BACKUP
sleep 0.5
stop_pid "${VR_PID[a]}"
wait_for 5 grep -q "stop.sh" "$T_TMP/calls"
sleep 0.3

generic=$(grep '^n.sh' "$T_TMP/calls")
is "$generic" "n.sh two words INSTANCE vrid51 BACKUP 200
n.sh two words INSTANCE vrid51 MASTER 200
n.sh two words INSTANCE vrid51 BACKUP 200
n.sh two words INSTANCE vrid51 FAULT 200
n.sh two words INSTANCE vrid51 BACKUP 200
n.sh two words INSTANCE vrid51 STOP 200" "generic notify: quoted argument kept, then INSTANCE name state priority, in order"
is "$(grep -v '^n.sh' "$T_TMP/calls" | tr '\n' ' ')" "backup.sh  master.sh  backup.sh  fault.sh  backup.sh  stop.sh  " \
	"state scripts run without arguments, in order"
want='INSTANCE "vrid51" BACKUP 200
INSTANCE "vrid51" MASTER 200
INSTANCE "vrid51" BACKUP 200
INSTANCE "vrid51" FAULT 200
INSTANCE "vrid51" BACKUP 200
INSTANCE "vrid51" STOP 200'
is "$(cat "$T_TMP/fifo.out")" "$want" "FIFO: every event line in order"
# the watcher connected after startup, so it misses the first BACKUP
is "$(cat "$T_TMP/watch")" "$(echo "$want" | tail -n +2)" "watch: the same lines as they happen"

# a script that hangs is killed at --script-timeout; adverts go on
cat >"$T_TMP/hang.sh" <<'S'
#!/bin/sh
echo $$ >"$(dirname "$0")/hang.pid"
exec sleep 30
S
chmod +x "$T_TMP/hang.sh"
stop_pid "${VR_PID[b]}"
vr_start a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --version 3 --advert-ms 100 \
	--notify-master "$T_TMP/hang.sh" --script-timeout 500
check "MASTER while its script hangs" wait_for 10 vr_is a MASTER
tx0=$(vr_stat a adverts_tx)
check "the script is killed after 500 ms" wait_for 5 sh -c "vrrpd_stats=\$('$VRRPD' ctl -S '$T_TMP/a.sock' show stats json | grep -F '\"name\":\"*\"'); echo \"\$vrrpd_stats\" | grep -q '\"scripts_timed_out\":1'"
check "its process is gone" sh -c "! kill -0 \$(cat '$T_TMP/hang.pid') 2>/dev/null"
check "adverts kept going meanwhile" test "$(vr_stat a adverts_tx)" -gt "$tx0"
like "$(cat "${VR_LOG[a]}")" "notify_master .*timed out and was killed" "logged"
done_testing
