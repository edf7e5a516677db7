# tests/net/ctl/lib.sh - control-socket abuse helpers for t1101 (vrrpd) and
# t1102 (hcheckd), sourced after tests/net/lib.sh.
#
#   spawn_nofile NAME LIMIT CMD...  spawn with RLIMIT_NOFILE LIMIT (soft and
#                                   hard, so nothing can raise it)
#   rss_kb PID / nfds PID / cpu_ticks PID   VmRSS, open descriptors,
#                                   utime+stime (clock ticks) of PID
#   abuse ARGS...                   tests/net/ctl/abuse.py (see there)
#   hold_start SOCK N TAG [REQ]     abuse.py hold in the background, back once
#                                   its N connections are open (or it gave up);
#   hold_stop TAG                   ... then its line "connected N
#                                   closed_by_daemon M" in $HOLD_OUT
#   stat_of FILE KEY                the value after KEY in a "KEY VALUE" listing
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3
# RSS growth allowed: ours is a few hundred kB; under SAN=1 ASan keeps freed
# memory in quarantine (cut to 16 MB here) and adds redzones
RSS_GROWTH_KB=32768
if [ "${SAN:-}" = 1 ]; then
	RSS_GROWTH_KB=98304
	export ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=16"
fi
ABUSE=$TOP/tests/net/ctl/abuse.py
TICKS=$(getconf CLK_TCK)

spawn_nofile() {
	local name=$1 lim=$2; shift 2
	spawn "$name" bash -c 'ulimit -n "$0" && exec "$@"' "$lim" "$@"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
nfds() { ls "/proc/$1/fd" | wc -l; }
# fields 14 and 15 of /proc/PID/stat, counted after the ")" of the name
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

abuse() { "$PY" "$ABUSE" "$@"; }

declare -A HOLD_PID
hold_start() {
	local sock=$1 n=$2 tag=$3 req=${4:-}
	rm -f "$T_TMP/$tag.stop" "$T_TMP/$tag.stop.ready"
	abuse hold "$sock" "$n" "$T_TMP/$tag.stop" 120 $req >"$T_TMP/$tag.out" 2>&1 &
	HOLD_PID[$tag]=$!
	T_PIDS+=("$!")
	wait_for 60 test -e "$T_TMP/$tag.stop.ready" || diag "$tag: clients not ready: $(cat "$T_TMP/$tag.out")"
}
hold_stop() {
	touch "$T_TMP/$1.stop"
	wait "${HOLD_PID[$1]}" 2>/dev/null
	HOLD_OUT=$(cat "$T_TMP/$1.out")
	diag "$1: $HOLD_OUT"
}

stat_of() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) { print $(i + 1); exit } }' "$1"; }

# --- the abuses, against the daemon CTL_PID on CTL_SOCK ---------------------
# A test sets CTL_SOCK, CTL_PID, and defines:
#   ctl_at SOCK VERB...      its client, bounded in time (ctl: on CTL_SOCK)
#   make_events              something that sends watchers an event each
#   start_fg ARGS...         a foreground start with ARGS (-S PATH), bounded:
#                            one that is refused exits, one that is not runs
#   start_bg PATH            a daemon on PATH in the background (SPAWNED_PID)
#   check_only ARGS...       the -t run with ARGS
# Each abuse ends with the daemon answering.
ctl() { ctl_at "$CTL_SOCK" "$@"; }

# finding 2: "show stats json" pipelined for 8 s without reading
abuse_pipeline() {
	local base sent rssmax apid
	base=$(rss_kb "$CTL_PID")
	abuse pipeline "$CTL_SOCK" "$CTL_PID" 8 $((base + 204800)) >"$T_TMP/pipe.out" 2>&1 &
	apid=$!
	T_PIDS+=("$apid")
	sleep 3
	check "answers another client while one pipelines without reading" ctl show stats
	wait "$apid"
	read -r _ sent _ rssmax <"$T_TMP/pipe.out"
	diag "pipelined $sent requests; VmRSS $base kB before, at most $rssmax kB during"
	check "RSS grew by less than $((RSS_GROWTH_KB / 1024)) MB" test $((rssmax - base)) -lt $RSS_GROWTH_KB
	ctl show stats >"$T_TMP/stats"
	check "the pause is counted (ctl_paused)" test "$(stat_of "$T_TMP/stats" ctl_paused)" -ge 1
}

# finding 3: 1,100 idle connections (the daemon runs with nofile 1024)
abuse_idle() {
	local n t0 t1
	hold_start "$CTL_SOCK" 1100 idle
	like "$(cat "$T_TMP/idle.stop.ready")" "connected 1100" "1,100 clients connected"
	sleep 1
	n=$(nfds "$CTL_PID")
	diag "descriptors with 1,100 idle clients: $n"
	check "at most 256 + 64 descriptors open" test "$n" -le 320
	check "show stats answers at once" ctl show stats
	t0=$(cpu_ticks "$CTL_PID")
	sleep 3
	t1=$(cpu_ticks "$CTL_PID")
	diag "CPU over 3 s with the clients held: $((t1 - t0)) ticks of $TICKS/s"
	check "CPU not spinning (under 15% over 3 s)" test $((t1 - t0)) -lt $((TICKS * 45 / 100))
	ctl show stats >"$T_TMP/stats"
	check "ctl_open is at the cap" test "$(stat_of "$T_TMP/stats" ctl_open)" -le 256
	check "ctl_evicted counts the idle ones closed" test "$(stat_of "$T_TMP/stats" ctl_evicted)" -ge 800
	hold_stop idle
	like "$HOLD_OUT" "closed_by_daemon ([89][0-9][0-9]|1[01][0-9][0-9])$" "the daemon closed the oldest idle ones"
}

# finding 6: 900 watchers that never read, then events for them
abuse_watchers() {
	local base rss n
	base=$(rss_kb "$CTL_PID")
	hold_start "$CTL_SOCK" 900 watchers watch
	ctl show stats >"$T_TMP/stats"
	n=$(stat_of "$T_TMP/stats" ctl_open)
	check "64 watchers at most (ctl_open $n, this request included)" test "${n:-999}" -le 65
	n=$(nfds "$CTL_PID")
	check "at most 256 + 64 descriptors open ($n)" test "$n" -le 320
	make_events
	rss=$(rss_kb "$CTL_PID")
	diag "VmRSS $base kB before the watchers, $rss kB after events to them"
	check "RSS grew by less than $((RSS_GROWTH_KB / 1024)) MB" test $((rss - base)) -lt $RSS_GROWTH_KB
	hold_stop watchers
	like "$HOLD_OUT" "connected 900 closed_by_daemon (8[3-9][0-9]|9[0-9][0-9])$" "the daemon closed the watchers past 64"
}

# finding 4: -S paths
abuse_paths() {
	local b c d
	echo keep >"$T_TMP/file"
	check_exit "-S on a regular file: 64" 64 start_fg -S "$T_TMP/file"
	is "$(cat "$T_TMP/file")" keep "the file is left alone"
	check_exit "-t -S on a regular file: 64 too" 64 check_only -S "$T_TMP/file"
	check_exit "-S in a missing directory: 71" 71 start_fg -S "$T_TMP/none/x.sock"
	check_exit "-t -S in a missing directory: 71 too" 71 check_only -S "$T_TMP/none/x.sock"
	check_exit "-t on the live daemon's socket: 0" 0 check_only -S "$CTL_SOCK"
	check_exit "a second daemon on a live socket: 71" 71 start_fg -S "$CTL_SOCK"
	check "the first one still answers" ctl show stats
	# a socket replaced behind the daemon's back is not its to remove
	start_bg "$T_TMP/b.sock"; b=$SPAWNED_PID
	wait_for 20 test -S "$T_TMP/b.sock" || diag "b did not start"
	rm -f "$T_TMP/b.sock"
	start_bg "$T_TMP/b.sock"; c=$SPAWNED_PID
	wait_for 20 test -S "$T_TMP/b.sock" || diag "c did not start"
	stop_pid "$b"
	check "stopping the first leaves the second's socket" test -S "$T_TMP/b.sock"
	check "and the second answers" ctl_at "$T_TMP/b.sock" show stats
	# a stale socket (kill -9) is replaced
	stop_pid "$c" KILL
	check "kill -9 leaves the socket" test -S "$T_TMP/b.sock"
	start_bg "$T_TMP/b.sock"; d=$SPAWNED_PID
	check "a new daemon takes a stale socket" wait_for 20 ctl_at "$T_TMP/b.sock" show stats
	stop_pid "$d"
	check "and removes it at exit" test ! -e "$T_TMP/b.sock"
}
