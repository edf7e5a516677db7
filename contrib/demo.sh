#!/bin/bash
# contrib/demo.sh - `make demo`: a VRRP failover you can watch.
#
# Two routers (r1, r2) and a client in network namespaces on one bridge;
# vrrpd in each router for the virtual address 192.0.2.100.  The client
# pings the VIP; we kill the master with SIGKILL and watch the backup take
# the VIP and the pings come back.  Everything is removed on exit.
# Needs root (namespaces).  Exit 0 when the failover worked.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
VRRPD=${VRRPD:-$TOP/$BUILD/bin/vrrpd}
P=demo$$
VIP=192.0.2.100
TMP=$(mktemp -d "/tmp/vrrpd-demo.XXXXXX")
PIDS=()

say() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
cleanup() {
	for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null; done
	sleep 0.3
	for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	for n in r1 r2 client sw; do ip netns del "$P-$n" 2>/dev/null; done
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ "$(id -u)" = 0 ] || { echo "demo: needs root (it creates network namespaces)" >&2; exit 77; }
[ -x "$VRRPD" ] || { echo "demo: $VRRPD not built (run make)" >&2; exit 1; }
nsx() { local n=$1; shift; ip netns exec "$P-$n" "$@"; }
ctl() { "$VRRPD" ctl -S "$TMP/$1.sock" "${@:2}"; }
state() { ctl "$1" show instances json 2>/dev/null | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p'; }
wait_state() {	# router state seconds
	local i
	for i in $(seq $(($3 * 20))); do [ "$(state "$1")" = "$2" ] && return 0; sleep 0.05; done
	return 1
}

say "Building a small LAN: routers r1 and r2 and a client on one bridge"
ip netns add "$P-sw"
ip -n "$P-sw" link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0
ip -n "$P-sw" link set br0 up
i=1
for n in r1 r2 client; do
	ip netns add "$P-$n"
	ip -n "$P-$n" link set lo up
	ip -n "$P-sw" link add "p-$n" type veth peer name eth0 netns "$P-$n"
	ip -n "$P-sw" link set "p-$n" master br0 up
	ip -n "$P-$n" link set eth0 up
	addr=192.0.2.$i; [ $n = client ] && addr=192.0.2.10
	ip -n "$P-$n" addr add $addr/24 dev eth0
	printf '    %-7s eth0 %s\n' "$n" "$addr"
	i=$((i + 1))
done

say "Starting vrrpd: r1 with priority 150, r2 with priority 100, VIP $VIP (VRRPv3, 200 ms adverts)"
for r in r1 r2; do
	[ $r = r2 ] && { wait_state r1 MASTER 10 || { echo "demo: r1 did not become master"; cat "$TMP"/r*.log; exit 1; }; }
	prio=150; [ $r = r2 ] && prio=100
	echo "    $r: vrrpd -n -i eth0 --vrid 51 --priority $prio --vip $VIP/24 --version 3 --advert-ms 200"
	ip netns exec "$P-$r" "$VRRPD" -n -S "$TMP/$r.sock" -i eth0 --vrid 51 --priority $prio --vip $VIP/24 \
		--version 3 --advert-ms 200 >"$TMP/$r.log" 2>&1 &
	PIDS+=($!)
	disown $!
	eval "PID_$r=$!"
done
wait_state r1 MASTER 10 || { echo "demo: r1 did not become master"; cat "$TMP"/r*.log; exit 1; }
wait_state r2 BACKUP 5 || { echo "demo: r2 is not backup"; exit 1; }
echo "    r1: $(ctl r1 show instances)"
echo "    r2: $(ctl r2 show instances)"

say "The client pings the VIP every 100 ms"
ip netns exec "$P-client" ping -O -n -i 0.1 -W 1 $VIP >"$TMP/ping.log" 2>&1 &
PING=$!
PIDS+=($PING)
disown $PING
sleep 1.5
echo "    $(grep -c 'bytes from' "$TMP/ping.log") replies so far; the client's ARP entry: $(nsx client ip neigh show $VIP)"

say "r1 crashes: vrrpd gets SIGKILL and r1's link goes down. No goodbye advert: r2 must notice the silence"
before=$(grep -c 'bytes from' "$TMP/ping.log")
t0=$(date +%s%N)
kill -KILL "$PID_r1"
ip -n "$P-r1" link set eth0 down
wait_state r2 MASTER 10 || { echo "demo: r2 did not take over"; cat "$TMP"/r*.log; exit 1; }
t1=$(date +%s%N)
echo "    r2 is MASTER after about $(( (t1 - t0) / 1000000 )) ms (Master_Down_Interval = 3 x 200 ms + skew 121 ms = 721 ms)"
echo "    r2: $(nsx r2 ip -br addr show dev eth0)"
echo "    the client's ARP entry now: $(nsx client ip neigh show $VIP)   (r2 sent gratuitous ARPs)"
sleep 2
after=$(grep -c 'bytes from' "$TMP/ping.log")
kill -INT $PING 2>/dev/null
sleep 0.2

say "The client's pings around the failover"
gap=$(grep -n -m1 'no answer' "$TMP/ping.log" | cut -d: -f1)
lost=$(grep -c 'no answer' "$TMP/ping.log")
if [ -n "$gap" ]; then
	sed -n "$((gap - 2)),$((gap + lost + 2))p" "$TMP/ping.log" | sed 's/^/    /'
fi
echo "    $lost pings unanswered during the failover (one every 100 ms)"
echo "    r2's log:"
sed 's/^/      /' "$TMP/r2.log"
if [ "$after" -gt "$before" ]; then
	say "Done: the VIP moved from r1 to r2 and the client's pings resumed. Cleaning up."
	exit 0
fi
say "FAILED: the pings did not resume"
exit 1
