# tests/net/lib.sh - the namespace harness for integration tests (sourced).
#
# A test makes its own world: namespaces named "$PFX-NAME" (PFX unique per run),
# joined by veth pairs to a bridge that lives in its own namespace "$PFX-sw",
# so the host's interfaces are never touched.  Everything started through
# spawn() is remembered by PID and ended on exit, then the namespaces are
# deleted, whatever way the test ends (trap on EXIT/INT/TERM).
#
#   . "$(dirname "$0")/lib.sh"
#   ns_add a; ns_add b; bridge_add; ns_link a; ns_link b   # eth0 in a and b
#   nsx a ip addr add 192.0.2.1/24 dev eth0
#   spawn a "$BIN/vrrpd" -i eth0 ...
#   check "a holds the VIP" nsx a "$BIN/vipctl" has 192.0.2.100
#   done_testing
#
# TAP: check/check_fail/is/like print "ok N - ..." / "not ok N - ...";
# done_testing prints the plan and sets the exit status.
# Test hosts use documentation addresses only (RFC 5737, RFC 3849).

set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
BIN=${BIN:-$TOP/$BUILD/bin}
# short: interface names built from it must stay within 15 bytes
PFX=${PFX:-h$(printf '%x' $$)$(printf '%02x' $((RANDOM % 256)))}
T_NUM=0
T_FAIL=0
T_NS=()
T_PIDS=()
T_TMP=$(mktemp -d "/tmp/${PFX}.XXXXXX")

. "$TOP/tests/tap.sh"		# diag, _ok, done_testing

skip_all() {
	echo "1..0 # SKIP $*"
	T_SKIPPED=1
	exit 0
}

[ "$(id -u)" = 0 ] || skip_all "needs root for network namespaces"

# check DESC CMD...: ok if CMD exits 0; its output goes to the log
check() {
	local d=$1; shift
	local out rc
	out=$("$@" 2>&1); rc=$?
	[ $rc -eq 0 ] || { diag "command: $*"; diag "exit $rc: $out"; }
	_ok $rc "$d"
}

# check_fail DESC CODE CMD...: ok if CMD exits exactly CODE (non-zero)
check_exit() {
	local d=$1 want=$2; shift 2
	local out rc
	out=$("$@" 2>&1); rc=$?
	[ $rc -eq "$want" ] || { diag "command: $*"; diag "exit $rc, wanted $want: $out"; }
	[ $rc -eq "$want" ]
	_ok $? "$d"
}

# is ACTUAL EXPECTED DESC
is() {
	[ "$1" = "$2" ] || { diag "got:      '$1'"; diag "expected: '$2'"; }
	[ "$1" = "$2" ]
	_ok $? "$3"
}

# like ACTUAL REGEX DESC (grep -E)
unlike() {
	! printf '%s\n' "$1" | grep -qE -- "$2" || { diag "got: '$1'"; diag "wanted no match: /$2/"; }
	! printf '%s\n' "$1" | grep -qE -- "$2"
	_ok $? "$3"
}

# bail DESC: a setup step failed; report it and stop (cleanup still runs)
bail() {
	_ok 1 "$*"
	done_testing
}

# --- namespaces ---------------------------------------------------------------
ns() { printf '%s-%s' "$PFX" "$1"; }

ns_add() {
	local n
	n=$(ns "$1")
	ip netns add "$n" || bail "ip netns add $n"
	T_NS+=("$n")
	ip -n "$n" link set lo up
	# tests want addresses usable at once: no DAD unless a test turns it on
	ip netns exec "$n" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 2>/dev/null || true
}

nsx() {
	local n
	n=$(ns "$1"); shift
	ip netns exec "$n" "$@"
}

# bridge_add: the switch namespace "$PFX-sw" with bridge br0 (no STP, no
# multicast snooping, so VRRP and ND multicast reach every port at once)
bridge_add() {
	ns_add sw
	ip -n "$(ns sw)" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ||
		bail "bridge in $(ns sw)"
	ip -n "$(ns sw)" link set br0 up
}

# ns_link NAME [IFNAME]: a veth from NAME (IFNAME, default eth0) to the bridge
ns_link() {
	local name=$1 ifn=${2:-eth0} port
	port="p-$name-$ifn"
	port=${port:0:15}
	ip -n "$(ns sw)" link add "$port" type veth peer name "$ifn" netns "$(ns "$name")" ||
		bail "veth $port <-> $name:$ifn"
	ip -n "$(ns sw)" link set "$port" master br0 up
	ip -n "$(ns "$name")" link set "$ifn" up
}

# mac NAME IF: the interface's MAC address
mac() { ip -n "$(ns "$1")" -o link show dev "$2" | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2; }

# --- processes ----------------------------------------------------------------
# spawn NAME CMD...: run CMD in namespace NAME in the background, remember its
# PID in $SPAWNED_PID and for cleanup; output goes to $T_TMP/NAME.N.log
spawn() {
	local name=$1; shift
	local log="$T_TMP/$name.${#T_PIDS[@]}.log"
	ip netns exec "$(ns "$name")" "$@" >"$log" 2>&1 &
	SPAWNED_PID=$!
	SPAWNED_LOG=$log
	T_PIDS+=("$SPAWNED_PID")
}

# stop_pid PID [SIG]: signal (default TERM) and wait up to 10 s, then KILL
stop_pid() {
	local pid=$1 sig=${2:-TERM} i
	kill -"$sig" "$pid" 2>/dev/null || return 0
	for i in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# wait_for SECONDS CMD...: poll CMD every 50 ms until it succeeds; 1 on timeout
wait_for() {
	local limit=$1; shift
	local end=$(( $(date +%s%N) + limit * 1000000000 ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s%N)" -lt "$end" ] || return 1
		sleep 0.05
	done
	return 0
}

# --- captures -----------------------------------------------------------------
# capture_start NAME IF FILE [FILTER...]: tcpdump in NAME, ready when it returns
capture_start() {
	local name=$1 ifn=$2 file=$3; shift 3
	spawn "$name" tcpdump -Z root --immediate-mode -i "$ifn" -n -U -s 0 -w "$file" "$@"
	CAPTURE_PID=$SPAWNED_PID
	wait_for 10 grep -q 'listening on' "$SPAWNED_LOG" || diag "tcpdump did not start: $(cat "$SPAWNED_LOG")"
}

# capture_stop [PID]: let tcpdump flush and exit
capture_stop() {
	stop_pid "${1:-$CAPTURE_PID}" INT
}

# capture_show FILE [FILTER...]: decoded packets, one per line, with link-level headers
capture_show() {
	local file=$1; shift
	tcpdump -r "$file" -n -e -v "$@" 2>/dev/null
}

# --- cleanup ------------------------------------------------------------------
_cleanup() {
	local pid n p
	for pid in "${T_PIDS[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${T_PIDS[@]}"; do
		stop_pid "$pid" TERM
	done
	for n in "${T_NS[@]}"; do
		# anything still running inside our own namespaces is ours too
		for p in $(ip netns pids "$n" 2>/dev/null); do
			kill -KILL "$p" 2>/dev/null
		done
	done
	for n in "${T_NS[@]}"; do
		ip netns del "$n" 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap _cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
