#!/bin/bash
# Scripts are bounded: two instances whose generic notify script hangs
# (VI_2's even ignores SIGTERM) and a link that flaps 15 times.  At most one
# script runs per instance at any time, the transitions past the queue's
# bound are dropped (counted, logged), and after SIGTERM vrrpd is gone
# within a few seconds and so is every script it started.  Control: the
# scripts did run, and both instances' scripts ran at the same time (the
# bound is per instance, the counting sees two).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

vr_lan a
chmod 755 "$T_TMP"
# the marker: every script process runs from $T_TMP/hang*
ln -s "$(command -v sleep)" "$T_TMP/hangsleep"
cat >"$T_TMP/hang.sh" <<S
#!/bin/sh
# hang.sh [TERM]: log the call, then hang (with TERM ignored if asked)
[ "\$1" = TERM ] && trap '' TERM
echo "start \$*" >>$T_TMP/calls
$T_TMP/hangsleep 1000
$T_TMP/hangsleep 1000
S
chmod 755 "$T_TMP/hang.sh"
inst() { vr_inst "$1" "$2" "notify \"$T_TMP/hang.sh $3\""; }	# name vrid hang.sh-argument
{ inst VI_1 51 plain; inst VI_2 52 TERM; } >"$T_TMP/a.conf"

# script processes of instance $1 (the shells: one per script run)
nscripts() { pgrep -f "^/bin/sh $T_TMP/hang.sh .* INSTANCE $1 " | wc -l; }
# any process of ours left (shells and their sleeps)
nleft() { pgrep -f "^(/bin/sh )?$T_TMP/hang" | wc -l; }
sampler() {
	while :; do
		echo "$(nscripts VI_1) $(nscripts VI_2)" >>"$T_TMP/samples"
		sleep 0.1
	done
}

vr_start a -f "$T_TMP/a.conf"
check "VI_1 MASTER" wait_for 15 vr_is a MASTER VI_1
check "VI_2 MASTER" wait_for 15 vr_is a MASTER VI_2
sampler &
SAMPLER=$!
T_PIDS+=("$SAMPLER")
for i in $(seq 15); do
	nsx a ip link set eth0 down
	sleep 0.2
	nsx a ip link set eth0 up
	sleep 0.4
done
check "VI_1 MASTER again after the flap" wait_for 15 vr_is a MASTER VI_1
sleep 0.5
check "control: the scripts ran (VI_1)" grep -q "INSTANCE VI_1" "$T_TMP/calls"
check "control: the scripts ran (VI_2)" grep -q "INSTANCE VI_2" "$T_TMP/calls"
max1=$(awk '$1 > m { m = $1 } END { print m + 0 }' "$T_TMP/samples")
max2=$(awk '$2 > m { m = $2 } END { print m + 0 }' "$T_TMP/samples")
diag "samples: $(wc -l <"$T_TMP/samples"), most scripts at once: VI_1 $max1, VI_2 $max2"
is "$max1" 1 "VI_1: at most one script at a time"
is "$max2" 1 "VI_2: at most one script at a time"
check "control: both instances had a script running at once" \
	awk '$1 >= 1 && $2 >= 1 { f = 1 } END { exit !f }' "$T_TMP/samples"
dropped=$(vr_stat a scripts_dropped '*')
check "transitions past the bound dropped and counted ($dropped)" test "${dropped:-0}" -gt 0
like "$(cat "${VR_LOG[a]}")" "\[VI_1\] [0-9]+ transitions wait behind .*hang.sh: dropping the oldest" \
	"the drop is logged"
is "$(grep -c 'dropping the oldest' "${VR_LOG[a]}")" 2 "once per burst and instance, not once per drop"
check "show stats: scripts_running 2" vr_stat_is a scripts_running 2 '*'

t0=$(date +%s%N)
kill -TERM "${VR_PID[a]}"
check "vrrpd exits within 12 s of SIGTERM" wait_for 12 sh -c "! kill -0 ${VR_PID[a]} 2>/dev/null"
t1=$(date +%s%N)
diag "vrrpd exited $(( (t1 - t0) / 1000000 )) ms after SIGTERM"
nogone() { [ "$(nleft)" -eq 0 ]; }
check "no script process left" wait_for 2 nogone
diag "left: $(pgrep -af "^(/bin/sh )?$T_TMP/hang" | head -5)"
kill "$SAMPLER" 2>/dev/null
max1=$(awk '$1 > m { m = $1 } END { print m + 0 }' "$T_TMP/samples")
is "$max1" 1 "VI_1: one script at a time during the exit too"
like "$(cat "${VR_LOG[a]}")" "\[VI_2\] notify .*timed out and was killed" "the hung scripts were killed"
check "VI_1's STOP notify ran within the exit budget" grep -q "INSTANCE VI_1 STOP" "$T_TMP/calls"
check "VI_2's too (after its hung script ignored SIGTERM and got SIGKILL)" \
	grep -q "INSTANCE VI_2 STOP" "$T_TMP/calls"
done_testing
