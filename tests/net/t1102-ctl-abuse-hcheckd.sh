#!/bin/bash
# Control-socket abuse against hcheckd (issue 14, items 2, 3, 4, 6), with
# RLIMIT_NOFILE 1024 soft and hard (the systemd default soft limit, and no
# room to raise it): a client pipelining requests without reading, 1,100
# idle connections, 900 watchers that never read, and -S paths it must
# not take (tests/net/ctl/lib.sh).  Throughout, a TCP check of a healthy
# server every 100 ms never fails, and a well-behaved watcher never sees
# it DOWN.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctl/lib.sh"
H=$BIN/hcheckd
CHECK='web=tcp://192.0.2.1:8080'
CTL_SOCK=$T_TMP/h.sock

ns_add a
nsx a ip addr add 192.0.2.1/24 dev lo
# the healthy server: a listener (a TCP check needs only its SYN-ACK)
spawn a "$PY" -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 8080)); s.listen(128)
while True:
    c, _ = s.accept(); c.close()'
listening() { nsx a ss -ltnH 'sport = :8080' | grep -q LISTEN; }
wait_for 20 listening || bail "the TCP server did not start"

ctl_at() { local s=$1; shift; timeout 20 "$H" ctl -S "$s" "$@"; }
make_events() {		# 200 for every watcher left
	for i in $(seq 100); do printf 'disable web\nenable web\n'; done |
		timeout 30 socat -t 10 - UNIX-CONNECT:"$CTL_SOCK" >/dev/null
}
start_fg() { timeout 20 ip netns exec "$(ns a)" "$H" -n "$@" --check "$CHECK"; }
start_bg() { spawn a "$H" -n -S "$1" --check "$CHECK"; }
check_only() { "$H" -t "$@" --check "$CHECK"; }
web_json() { ctl show check web json; }
web_up() { web_json | grep -q '"state":"UP"'; }
# the web check's failed probes (any: the server is up all along)
failures() {
	local f
	f=$(web_json | grep -o '"failures":[0-9]*' | head -1 | cut -d: -f2)
	[ "$f" = 0 ] || diag "web: $(grep -i 'web.*\(critical\|down\)' "$HLOG" | head -3)" >&2
	echo "$f"
}

# bash -c execs hcheckd: the PID is the daemon's
spawn_nofile a 1024 "$H" -n -d -S "$CTL_SOCK" --check "$CHECK" --interval 100ms --rise 1 --fall 1
CTL_PID=$SPAWNED_PID
HLOG=$SPAWNED_LOG
wait_for 20 test -S "$CTL_SOCK" || bail "hcheckd did not start: $(cat "$SPAWNED_LOG")"
check "web is UP" wait_for 20 web_up
# a well-behaved watcher until the watchers' abuse closes it (the oldest)
"$H" ctl -S "$CTL_SOCK" watch >"$T_TMP/watch.log" 2>&1 &
WPID=$!
T_PIDS+=("$WPID")
wait_for 10 grep -q 'CHECK "web" UP' "$T_TMP/watch.log" || diag "watcher: $(cat "$T_TMP/watch.log")"

abuse_pipeline
abuse_idle
is "$(failures)" 0 "the web check never failed (no EMFILE)"
check "web still UP" web_up
abuse_watchers
"$H" ctl -S "$CTL_SOCK" watch >"$T_TMP/watch2.log" 2>&1 &
W2=$!
T_PIDS+=("$W2")
wait_for 10 grep -q 'CHECK "web"' "$T_TMP/watch2.log"
ctl disable web >/dev/null
ctl enable web >/dev/null
check "a new watcher gets the events" wait_for 10 grep -q 'CHECK "web" DOWN maintenance' "$T_TMP/watch2.log"
stop_pid "$W2"
stop_pid "$WPID"
unlike "$(grep -v maintenance "$T_TMP/watch.log")" 'CHECK "web" DOWN' "the first watcher never saw web DOWN"
check "hcheckd alive" kill -0 "$CTL_PID"
is "$(failures)" 0 "the web check never failed"
like "$(ctl show stats)" "ctl_opened [0-9]+" "show stats lists the ctl counters"
abuse_paths
stop_pid "$CTL_PID"
check "the main socket is removed at exit" test ! -e "$CTL_SOCK"
done_testing
