#!/bin/bash
# bench/hcheck-cpu.sh - CPU per health check: hcheckd vs keepalived's checker
# (keepalived -C, Debian's 2.2.7) vs haproxy's own checks (2.6), on the same
# N HTTP + N TCP targets at a 1 s interval, one after the other in the same
# run, for each N given.
#
#   bench/hcheck-cpu.sh [--host | --vm] [N ...]
#   (default: --host at N = 100, 1000 and 10000, then --vm at N = 100)
#   SECS=S: measuring window per checker (default 24 s at N=1,000, 60 s at 10,000)
#
# --host: on this machine's CPU, in a network namespace made for the run.
#   The kernel here has no IPVS, and keepalived's checker will not start
#   without it, so keepalived gets bench/lib/ipvs-sockopt-stand-in.c
#   (LD_PRELOAD): it answers keepalived's IPVS socket options as an empty
#   table that accepts every write and logs each call; the run prints how
#   many IPVS calls keepalived made inside the window (0 when every server
#   stays up), so the CPU measured is its checking alone.  hcheckd runs the
#   same checks as named checks (its IPVS code is not exercised here).
# --vm: everything inside tests/vm/testvm (the real IPVS kernel), nothing
#   stood in for: the reference for the stand-in.  The guest is QEMU TCG on
#   one emulated CPU, some 20 times slower than this machine: above about
#   150 targets every checker (and the target) saturates it, checks time
#   out and servers flap, and what is measured is the saturation, so the
#   VM run is at N = 100, against the host run at the same N.
#
# Every checker is charged its process CPU (utime+stime of all its processes
# and threads) per check the target accepted; "system" is all CPU time of
# the machine (checker, target, kernel) per check.  Ends with a table of
# ratios (hcheckd / other: below 1 means hcheckd uses less).
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
cd "$TOP"
RUNS="host:100 host:1000 host:10000 vm:100"
case "${1:-}" in
--host) shift; RUNS=; for n in ${*:-100 1000 10000}; do RUNS="$RUNS host:$n"; done ;;
--vm) shift; RUNS=; for n in ${*:-100}; do RUNS="$RUNS vm:$n"; done ;;
esac
SECS=${SECS:-}
[ -x $BUILD/bin/hcheckd ] || make -j2 >/dev/null
mkdir -p $BUILD/bench
STANDIN=$TOP/$BUILD/bench/ipvs-sockopt-stand-in.so
${CC:-gcc} -Wall -Wextra -Werror -O2 -shared -fPIC -o "$STANDIN" bench/lib/ipvs-sockopt-stand-in.c -ldl
ROWS=$TOP/$BUILD/bench/hcheck-cpu.rows
: > "$ROWS"
export ROWS SECS

NS=hcbench$$
cleanup() {
	if ip netns list | grep -qw "$NS"; then
		ip netns pids "$NS" | xargs -r kill 2>/dev/null || true
		sleep 0.5
		ip netns del "$NS"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP	# so that the EXIT trap runs on a signal too

for run in $RUNS; do
	mode=${run%%:*} n=${run#*:}
	if [ "$mode" = host ]; then
		ip netns add "$NS"
		PATH=$TOP/$BUILD/bin:$PATH ip netns exec "$NS" \
			bash bench/guest/hcheck-cpu.sh "$n" "${SECS:-}" host "$STANDIN" || echo "# host run N=$n failed"
		cleanup
	else
		timeout 3600 "$TOP/tests/vm/testvm" -q --timeout 3000 --mem 2048 \
			-e ROWS -e SECS --add $BUILD/bin/hcheckd --add /usr/sbin/keepalived \
			--add /usr/sbin/haproxy -- bench/guest/hcheck-cpu.sh "$n" "${SECS:-}" vm ||
			echo "# vm run N=$n failed"
	fi
done

echo
echo "| run | N | checker | checks made / asked | µs CPU per check | µs system per check | RSS MB |"
echo "|---|---|---|---|---|---|---|"
cat "$ROWS"
echo
echo "| run | N | hcheckd / keepalived (process) | hcheckd / keepalived (system) | hcheckd / haproxy (process) | hcheckd / haproxy (system) |"
echo "|---|---|---|---|---|---|"
awk -F' *[|] *' '{ k = $2 " " $3; p[k, $4] = $6; s[k, $4] = $7; if (!(k in seen)) { seen[k] = 1; order[++n] = k } }
	function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
	END { for (i = 1; i <= n; i++) { k = order[i]; split(k, f, " ")
		printf "| %s | %s | %s | %s | %s | %s |\n", f[1], f[2],
		       r(p[k, "hcheckd"], p[k, "keepalived"]), r(s[k, "hcheckd"], s[k, "keepalived"]),
		       r(p[k, "hcheckd"], p[k, "haproxy"]), r(s[k, "hcheckd"], s[k, "haproxy"]) } }' "$ROWS"
