#!/bin/bash
# SIGHUP storm: 200 SIGHUPs to each of the pair in about 4 s (unchanged
# configuration).  No transition (neither watch stream shows a state
# change), both alive, then the settle assertions (fds, RSS, adverts).
# Control: one more reload that raises b's priority to 250 does show up
# as a transition on the same watch streams.
. "$(dirname "$0")/lib.sh"

fl_pair
for n in a b; do
	"$VRRPD" ctl -S "$T_TMP/$n.sock" watch >"$T_TMP/watch.$n" 2>&1 &
	T_PIDS+=($!)
done
sleep 1
fl_base a; fl_base b		# the baselines again: each has a watch client now
for i in $(seq 200); do
	kill -HUP "${VR_PID[a]}" "${VR_PID[b]}"
	sleep 0.02
done
sleep 2
for n in a b; do
	is "$(grep -cE 'MASTER|BACKUP|FAULT' "$T_TMP/watch.$n")" 0 "storm: no transition on $n's watch stream"
done
is "$(vr_state a)/$(vr_state b)" MASTER/BACKUP "storm: a still MASTER, b still BACKUP"
n_rel=$(grep -ci 'reload' "${VR_LOG[a]}")
diag "a's log has $n_rel reload lines for 200 SIGHUPs"
fl_settled "after the SIGHUP storm" a b

sed -i 's/priority 100/priority 250/' "$T_TMP/b.conf"
kill -HUP "${VR_PID[b]}"
check "control: a reload raising b's priority makes b MASTER" wait_for 20 vr_is b MASTER
check "control: b's watch stream shows the transition" wait_for 10 grep -q MASTER "$T_TMP/watch.b"
done_testing
