#!/bin/bash
# Control-socket abuse against hcheckd (issue 14, items 2, 3, 4, 6), with
# RLIMIT_NOFILE 1024 soft and hard (the systemd default soft limit, and no
# room to raise it): a client pipelining requests without reading, 1,100
# idle connections, 900 watchers that never read, and -S paths it must
# not take.  Throughout, a TCP check of a healthy server every 100 ms
# never fails, memory, descriptors and CPU stay bounded, and the daemon
# answers.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ctl/lib.sh"
H=$BIN/hcheckd
SOCK=$T_TMP/h.sock

ns_add a
nsx a ip addr add 192.0.2.1/24 dev lo
# the healthy server: a listener (a TCP check needs only its SYN-ACK)
spawn a "$PY" -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 8080)); s.listen(128)
while True:
    c, _ = s.accept(); c.close()'
ctl() { timeout 20 "$H" ctl -S "$SOCK" "$@"; }
web_json() { ctl show check web json; }
web_up() { web_json | grep -q '"state":"UP"'; }
failures() { web_json | grep -o '"failures":[0-9]*' | head -1 | cut -d: -f2; }

spawn_nofile a 1024 "$H" -n -S "$SOCK" --check 'web=tcp://192.0.2.1:8080' \
	--interval 100ms --rise 1 --fall 1
HPID=$SPAWNED_PID
HLOG=$SPAWNED_LOG
wait_for 20 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
# bash -c exec'd into hcheckd: the PID is the daemon's
check "web is UP" wait_for 20 web_up
# a well-behaved watcher for the whole test: no DOWN may reach it
"$H" ctl -S "$SOCK" watch >"$T_TMP/watch.log" 2>&1 &
WPID=$!
T_PIDS+=("$WPID")
wait_for 10 grep -q 'CHECK "web" UP' "$T_TMP/watch.log" || diag "watcher: $(cat "$T_TMP/watch.log")"

# --- 1. pipelining "show stats json" without reading (finding 2) --------------
base=$(rss_kb "$HPID")
abuse pipeline "$SOCK" "$HPID" 8 $((base + 204800)) >"$T_TMP/pipe.out" 2>&1 &
APID=$!
T_PIDS+=("$APID")
sleep 3
check "answers another client while one pipelines without reading" ctl show stats
wait "$APID"
read -r _ sent _ rssmax <"$T_TMP/pipe.out"
diag "pipelined $sent requests; VmRSS $base kB before, at most $rssmax kB during"
check "RSS grew by less than 32 MB" test $((rssmax - base)) -lt 32768
ctl show stats >"$T_TMP/stats"
check "the pause is counted (ctl_paused)" test "$(stat_of "$T_TMP/stats" ctl_paused)" -ge 1

# --- 2. 1,100 idle connections at nofile 1024 (finding 3) -----------------------
hold_start "$SOCK" 1100 idle
like "$(cat "$T_TMP/idle.stop.ready")" "connected 1100" "1,100 clients connected"
sleep 1
n=$(nfds "$HPID")
diag "descriptors with 1,100 idle clients: $n"
check "at most 256 + 64 descriptors open" test "$n" -le 320
check "show stats answers at once" ctl show stats
t0=$(cpu_ticks "$HPID")
sleep 3
t1=$(cpu_ticks "$HPID")
diag "CPU over 3 s with the clients held: $((t1 - t0)) ticks of $TICKS/s"
check "CPU not spinning (under 30% over 3 s)" test $((t1 - t0)) -lt $((TICKS * 9 / 10))
ctl show stats >"$T_TMP/stats"
check "ctl_open is at the cap" test "$(stat_of "$T_TMP/stats" ctl_open)" -le 256
check "ctl_evicted counts the idle ones closed" test "$(stat_of "$T_TMP/stats" ctl_evicted)" -ge 800
hold_stop idle
like "$HOLD_OUT" "closed_by_daemon ([89][0-9][0-9]|1[01][0-9][0-9])$" "the daemon closed the oldest idle ones"
is "$(failures)" 0 "the web check never failed (no EMFILE)"
check "web still UP" web_up

# --- 3. 900 watchers that never read (finding 6) --------------------------------
base=$(rss_kb "$HPID")
hold_start "$SOCK" 900 watchers watch
ctl show stats >"$T_TMP/stats"
is "$(stat_of "$T_TMP/stats" watchers)" 64 "64 watchers at most"
n=$(nfds "$HPID")
check "at most 256 + 64 descriptors open ($n)" test "$n" -le 320
# 200 events for every watcher left
for i in $(seq 100); do printf 'disable web\nenable web\n'; done |
	timeout 30 socat -t 10 - UNIX-CONNECT:"$SOCK" >/dev/null
rss=$(rss_kb "$HPID")
diag "VmRSS $base kB before the watchers, $rss kB after 200 events to them"
check "RSS grew by less than 32 MB" test $((rss - base)) -lt 32768
hold_stop watchers
like "$HOLD_OUT" "connected 900 closed_by_daemon (8[3-9][0-9]|9[0-9][0-9])$" "the daemon closed the watchers past 64"
"$H" ctl -S "$SOCK" watch >"$T_TMP/watch2.log" 2>&1 &
W2=$!
T_PIDS+=("$W2")
wait_for 10 grep -q 'CHECK "web"' "$T_TMP/watch2.log"
ctl disable web >/dev/null
ctl enable web >/dev/null
check "a new watcher gets the events" wait_for 10 grep -q 'CHECK "web" DOWN maintenance' "$T_TMP/watch2.log"
stop_pid "$W2"
stop_pid "$WPID"
unlike "$(grep -v maintenance "$T_TMP/watch.log")" 'CHECK "web" DOWN' "the first watcher never saw web DOWN"
check "hcheckd alive" kill -0 "$HPID"
is "$(failures)" 0 "the web check never failed"
like "$(ctl show stats)" "ctl_opened [0-9]+" "show stats lists the ctl counters"

# --- 4. -S paths (finding 4) --------------------------------------------------
echo keep >"$T_TMP/file"
# a start that is refused exits at once; one that is not would run: bounded
run() { timeout 20 ip netns exec "$(ns a)" "$H" -n "$@" --check 'web=tcp://192.0.2.1:8080'; }
check_exit "-S on a regular file: 64" 64 run -S "$T_TMP/file"
is "$(cat "$T_TMP/file")" keep "the file is left alone"
check_exit "-t -S on a regular file: 64 too" 64 "$H" -t -S "$T_TMP/file" --check 'web=tcp://192.0.2.1:8080'
check_exit "-S in a missing directory: 71" 71 run -S "$T_TMP/none/h.sock"
check_exit "-t -S in a missing directory: 71 too" 71 "$H" -t -S "$T_TMP/none/h.sock" --check 'web=tcp://192.0.2.1:8080'
check_exit "-t on the live daemon's socket: 0" 0 "$H" -t -S "$SOCK" --check 'web=tcp://192.0.2.1:8080'
check_exit "a second daemon on a live socket: 71" 71 run -S "$SOCK"
check "the first one still answers" ctl show stats
# a socket replaced behind the daemon's back is not its to remove
spawn a "$H" -n -S "$T_TMP/b.sock" --check 'web=tcp://192.0.2.1:8080'
B=$SPAWNED_PID
wait_for 20 test -S "$T_TMP/b.sock" || diag "b did not start"
rm -f "$T_TMP/b.sock"
spawn a "$H" -n -S "$T_TMP/b.sock" --check 'web=tcp://192.0.2.1:8080'
C=$SPAWNED_PID
wait_for 20 test -S "$T_TMP/b.sock" || diag "c did not start"
stop_pid "$B"
check "stopping the first leaves the second's socket" test -S "$T_TMP/b.sock"
check "and the second answers" timeout 20 "$H" ctl -S "$T_TMP/b.sock" show stats
# a stale socket (kill -9) is replaced
stop_pid "$C" KILL
check "kill -9 leaves the socket" test -S "$T_TMP/b.sock"
spawn a "$H" -n -S "$T_TMP/b.sock" --check 'web=tcp://192.0.2.1:8080'
D=$SPAWNED_PID
check "a new daemon takes a stale socket" wait_for 20 timeout 5 "$H" ctl -S "$T_TMP/b.sock" show stats
stop_pid "$D"
check "and removes it at exit" test ! -e "$T_TMP/b.sock"

stop_pid "$HPID"
check "the main socket is removed at exit" test ! -e "$SOCK"
done_testing
