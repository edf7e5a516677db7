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
