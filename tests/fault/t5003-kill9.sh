#!/bin/bash
# kill -9 at awkward moments, each followed by a restart of what was killed:
#   - at random moments (victim and delays drawn at random, shown in the log);
#   - during a reload: SIGHUP, then kill -9 0-50 ms later;
#   - during a transition: the master killed, then the backup killed right
#     after its master-down timer fired (its watch stream says MASTER),
#     then both restarted, the old master first.
# After each, exactly one VIP holder; at the end the settle assertions.
. "$(dirname "$0")/lib.sh"

ms() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
restart() { fl_start "$1"; check "$2: $1 restarted" vr_ctl "$1" status; }
settled() {
	check "$1: a MASTER" wait_for 20 vr_is a MASTER
	check "$1: b BACKUP" wait_for 20 vr_is b BACKUP
	check "$1: one VIP holder" wait_for 20 one_holder a b
}

fl_pair
for round in 1 2 3 4; do
	victim=a; [ $((RANDOM % 2)) = 1 ] && victim=b
	d1=$((RANDOM % 2000)) d2=$((RANDOM % 1000))
	diag "random round $round: kill -9 $victim after $d1 ms, restart $d2 ms later"
	sleep "$(ms $d1)"
	kill -KILL "${VR_PID[$victim]}"; wait "${VR_PID[$victim]}" 2>/dev/null
	sleep "$(ms $d2)"
	restart $victim "random round $round"
	settled "random round $round"
done

for round in 1 2 3; do
	victim=a; [ "$round" = 2 ] && victim=b
	d=$((RANDOM % 51))
	diag "reload round $round: SIGHUP to $victim, kill -9 $d ms later"
	kill -HUP "${VR_PID[$victim]}"
	sleep "$(ms $d)"
	kill -KILL "${VR_PID[$victim]}"; wait "${VR_PID[$victim]}" 2>/dev/null
	restart $victim "reload round $round"
	settled "reload round $round"
done

for round in 1 2; do
	"$VRRPD" ctl -S "$T_TMP/b.sock" watch >"$T_TMP/watch.$round" 2>&1 &
	wpid=$!
	wait_for 5 grep -q . "$T_TMP/watch.$round"
	kill -KILL "${VR_PID[a]}"; wait "${VR_PID[a]}" 2>/dev/null
	end=$(( $(date +%s) + 15 ))
	until grep -q MASTER "$T_TMP/watch.$round" || [ "$(date +%s)" -gt "$end" ]; do sleep 0.005; done
	kill -KILL "${VR_PID[b]}"; wait "${VR_PID[b]}" 2>/dev/null
	wait "$wpid" 2>/dev/null
	like "$(cat "$T_TMP/watch.$round")" MASTER "transition round $round: b was killed as it became MASTER"
	restart a "transition round $round"
	restart b "transition round $round"
	settled "transition round $round"
done
fl_settled "after 9 kills" a b
done_testing
