#!/bin/bash
# Control-socket abuse against vrrpd (issue 14, items 2, 3, 4, 6), with
# RLIMIT_NOFILE 1024 soft and hard: a client pipelining requests without
# reading, 1,100 idle connections, 900 watchers that never read, and -S
# paths it must not take (tests/net/ctl/lib.sh).  Throughout, the master
# stays master and keeps advertising.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctl/lib.sh"
VRRPD=$BIN/vrrpd
INST=(-i eth0 --vrid 51 --priority 150 --vip 192.0.2.100/24 --version 3 --advert-ms 100)
CTL_SOCK=$T_TMP/v.sock

ns_add a
nsx a ip link add eth0 type veth peer name eth1
nsx a ip link set eth1 up
nsx a ip link set eth0 up
nsx a ip addr add 192.0.2.1/24 dev eth0

ctl_at() { local s=$1; shift; timeout 20 "$VRRPD" ctl -S "$s" "$@"; }
make_events() { :; }	# a transition would need a peer; the caps are what is tested
start_fg() { timeout 20 ip netns exec "$(ns a)" "$VRRPD" -n "$@" "${INST[@]}"; }
start_bg() { spawn a "$VRRPD" -n -S "$1" "${INST[@]}"; }
check_only() { "$VRRPD" -t "$@" "${INST[@]}"; }
star() { ctl show stats >"$T_TMP/vstats" && stat_of "$T_TMP/vstats" "$1"; }
adverts() { ctl show stats json | head -1 | grep -o '"adverts_tx":[0-9]*' | cut -d: -f2; }
transitions() { ctl show stats json | head -1 | grep -o '"transitions":[0-9]*' | cut -d: -f2; }
is_master() { ctl is-master VI_1 || ctl show instances | grep -q MASTER; }

spawn_nofile a 1024 "$VRRPD" -n -S "$CTL_SOCK" "${INST[@]}"
CTL_PID=$SPAWNED_PID
wait_for 20 test -S "$CTL_SOCK" || bail "vrrpd did not start: $(cat "$SPAWNED_LOG")"
check "MASTER" wait_for 20 is_master
tr0=$(transitions)
"$VRRPD" ctl -S "$CTL_SOCK" watch >"$T_TMP/watch.log" 2>&1 &
WPID=$!
T_PIDS+=("$WPID")

abuse_pipeline
a0=$(adverts)
abuse_idle
a1=$(adverts)
diag "adverts sent during the idle-connection abuse: $((a1 - a0))"
check "kept advertising (>= 20 adverts at 100 ms over the ~5 s)" test $((a1 - a0)) -ge 20
abuse_watchers
check "vrrpd alive" kill -0 "$CTL_PID"
check "still MASTER" is_master
is "$(transitions)" "$tr0" "no transition through all of it"
# the oldest watcher keeping up is the first closed for a newcomer past 64
rc="still running"
if wait_for 10 eval '! kill -0 "$WPID" 2>/dev/null'; then wait "$WPID"; rc=$?; fi
is "$rc" 0 "the first watcher was closed to make room, and its client ended with 0"
like "$(ctl show stats)" "ctl_opened [0-9]+" "show stats lists the ctl counters"
abuse_paths
stop_pid "$CTL_PID"
check "the main socket is removed at exit" test ! -e "$CTL_SOCK"
done_testing
