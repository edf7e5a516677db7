#!/bin/bash
# Misbehaving notify scripts while the master's link flaps 10 times: a's
# notify_master hangs (killed at --script-timeout 2000), its notify_backup backgrounds a child that loops on
# sleep and exits at once, its notify_fault fails (exit 1); b has the same.
# After the flaps: the settle assertions (one holder, adverts, fds, RSS),
# then both daemons stop on SIGTERM and no process carrying the scripts'
# marker is left (shells, the forked children and their sleeps).
# Control: every kind of script did run.
. "$(dirname "$0")/lib.sh"
# a hung notify_master still running holds one descriptor (its pidfd)
FL_FD_SLACK=1
# the hung script is killed after 2 s, so the other scripts queued behind
# it (one script at a time per instance) get their turn
FL_ARGS=(--script-timeout 2000)

chmod 755 "$T_TMP"
M=fl5005m$$		# the marker, in every script path and the forked child's argv
printf '#!/bin/sh\necho "hang $*" >>%s/calls\nsleep 1000\n' "$T_TMP" >"$T_TMP/$M-hang.sh"
printf '#!/bin/sh\necho "fork $*" >>%s/calls\nbash -c "while :; do sleep 2; done" %s-child &\nexit 0\n' \
	"$T_TMP" "$M" >"$T_TMP/$M-fork.sh"
printf '#!/bin/sh\necho "fail $*" >>%s/calls\nexit 1\n' "$T_TMP" >"$T_TMP/$M-fail.sh"
chmod 755 "$T_TMP"/$M-*.sh

fl_pair "notify_master $T_TMP/$M-hang.sh" "notify_backup $T_TMP/$M-fork.sh" \
	"notify_fault $T_TMP/$M-fail.sh"
for i in $(seq 10); do
	nsx a ip link set eth0 down
	sleep 0.$((RANDOM % 9 + 1))
	nsx a ip link set eth0 up
	[ $((i % 3)) = 0 ] && wait_for 15 vr_is a MASTER
	sleep 0.$((RANDOM % 9 + 1))
done
check "after the flaps: a MASTER" wait_for 20 vr_is a MASTER
for k in hang fork fail; do
	check "control: the $k script ran" grep -q "^$k" "$T_TMP/calls"
done
diag "script processes while running: $(fl_procs "$M")"
fl_settled "after 10 flaps with bad scripts" a b

for n in a b; do kill -TERM "${VR_PID[$n]}"; done
for n in a b; do
	check "$n's vrrpd exits within 15 s of SIGTERM" \
		wait_for 15 sh -c "! kill -0 ${VR_PID[$n]} 2>/dev/null"
done
none_left() { [ "$(fl_procs "$M")" = 0 ]; }
check "no process with the scripts' marker left" wait_for 5 none_left
diag "left: $(pgrep -af -- "$M" | head -5)"
done_testing
