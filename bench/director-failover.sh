#!/bin/bash
# bench/director-failover.sh [REPS] - the LVS-DR director pair
# (contrib/lvs-dr/keepalived.conf) with vrrpd + hcheckd against keepalived
# 2.2.7 on the same topology in the same VM run (keepalived's checker needs
# the real IPVS: tests/vm/testvm): failed client requests, the longest gap
# in service, the 20 long connections that survive, and the time until the
# backup holds the VIP, through kill -9 of the master's daemons, the death
# of the master director (kill -9 and its link down) and SIGTERM.
# Median of REPS (default 3) runs; the table goes to stdout and to
# bench/results/director-failover.md.  Not part of make check.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/${BUILD:-build}/bin
cd "$TOP" || exit 1
REPS=${1:-3}
mkdir -p build
ROWS=$TOP/build/director-failover.rows
: >"$ROWS"
load0=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date -u '+%Y-%m-%d %H:%M UTC')
timeout 3600 tests/vm/testvm -q --timeout 3000 --mem 1024 -e ROWS="$ROWS" \
	--add "$BIN/vrrpd" --add "$BIN/hcheckd" --add "$BIN/vipctl" --add "$BIN/ipvsctl" \
	--add /usr/sbin/keepalived -- bench/guest/director-failover.sh "$REPS" || echo "# the VM run failed"
load1=$(cut -d' ' -f1-3 /proc/loadavg)

med() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); else print "-" }'; }
col() { awk -v i="$1" -v s="$2" -v c="$3" '$1 == i && $2 == s { print $c }' "$ROWS"; }
{
	echo "## LVS-DR director pair failover: vrrpd + hcheckd vs keepalived"
	echo
	echo "$start, commit $(git rev-parse --short HEAD), host $(nproc) CPUs, load average $load0 at start, $load1 at end;"
	echo "guest: tests/vm/testvm (QEMU TCG, 1 vCPU), $(keepalived --version 2>&1 | head -n 1);"
	echo "contrib/lvs-dr/keepalived.conf for both (advert_int 1, VRRPv2), $REPS runs each, median."
	echo "Client: a request every 50 ms (1 s timeout) and 20 long echo connections through the VIP."
	echo
	echo "| failover | implementation | failed requests (median of runs) | longest gap in service | connections alive of 20 | VIP on the backup after |"
	echo "|---|---|---|---|---|---|"
	for s in kill9 dead term; do
		case $s in kill9) what="kill -9 of the master's daemons" ;; dead) what="master dies (kill -9 + link down)" ;;
		term) what="SIGTERM of the master" ;; esac
		for i in keepalived ha; do
			name=$i; [ $i = ha ] && name="vrrpd + hcheckd"
			printf '| %s | %s | %s of %s | %s s | %s | %s s |\n' "$what" "$name" \
				"$(col $i $s 4 | med)" "$(col $i $s 5 | med)" "$(col $i $s 6 | med)" \
				"$(col $i $s 7 | med)" "$(col $i $s 8 | med)"
		done
	done
	echo
	echo "Every run: implementation, scenario, run, failed, asked, gap s, alive, VIP moved s"
	echo
	sed 's/^/    /' "$ROWS"
} | tee bench/results/director-failover.md
