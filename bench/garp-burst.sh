#!/bin/bash
# bench/garp-burst.sh - how long vrrpd takes to send its burst of gratuitous
# ARPs on becoming master: the time from the first to the last GARP of the
# first burst (garp_master_repeat 5, garp_interval 0), seen by tcpdump on the
# sending interface itself.  Not part of make check.
#
#   bench/garp-burst.sh            REPS=10 by default
#
# One namespace a (eth0 192.0.2.1/24 on a bridge), vrrpd alone with VIP
# 192.0.2.100, so it becomes master after Master_Down_Interval; stopped and
# started again REPS times.  Prints every spread and the median in ms.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
. "$TOP/tests/net/lib.sh"
. "$TOP/tests/net/vrrpd-lib.sh"
REPS=${REPS:-10}
VIP=192.0.2.100

vr_lan a
spreads=()
for r in $(seq "$REPS"); do
	capture_start a eth0 "$T_TMP/a.$r.pcap" arp
	vr_start a -i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100 --garp-delay 0
	wait_for 10 vr_is a MASTER || { echo "no MASTER" >&2; exit 1; }
	sleep 0.3
	stop_pid "${VR_PID[a]}" TERM
	capture_stop
	s=$(tcpdump -r "$T_TMP/a.$r.pcap" -n -tt arp 2>/dev/null | grep -F "$VIP" | head -5 |
		awk 'NR == 1 { f = $1 } { l = $1; n++ } END { if (n == 5) printf "%.3f", (l - f) * 1000 }')
	[ -n "$s" ] || { echo "rep $r: fewer than 5 GARPs" >&2; continue; }
	echo "rep $r: first to fifth GARP $s ms"
	spreads+=("$s")
done
printf '%s\n' "${spreads[@]}" | sort -n | awk '{ v[NR] = $1 } END {
	printf "median of %d: %.3f ms (min %.3f, max %.3f)\n", NR, v[int((NR + 1) / 2)], v[1], v[NR] }'
