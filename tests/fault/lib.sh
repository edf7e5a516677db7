# tests/fault/lib.sh - the fault-injection suite's helpers (sourced).
#
# Builds on tests/net/lib.sh and tests/net/vrrpd-lib.sh: namespaces a, b
# (the vrrpd pair: 192.0.2.1 priority 200, 192.0.2.2 priority 100) and o, an
# observer on the same bridge that captures the adverts.  After a fault has
# ended, fl_settled asserts what every fault test asserts:
#
#   - exactly one VIP holder (ip addr in each node's namespace), one MASTER;
#   - adverts on time: in a FL_WATCH-second capture on the observer every
#     advert comes from one address and no gap between two of them exceeds
#     FL_GAP_MS (3 x the advert interval + 500 ms);
#   - every daemon alive and answering "ctl status";
#   - no descriptor growth beyond FL_FD_SLACK and no VmRSS growth beyond
#     FL_RSS_SLACK kB over the baseline fl_base took after the first start
#     (a restarted daemon is held to its predecessor's baseline).
#
#   fl_conf NAME PRIO [LINE...]  $T_TMP/NAME.conf: VI_1, VRID 51, the VIP
#   fl_pair [LINE...]            the LAN, a and b started (a MASTER), baselines
#   fl_start NAME                vrrpd -f $T_TMP/NAME.conf "${FL_ARGS[@]}" in NAME
#   fl_base NAME                 remember NAME's fd count and VmRSS
#   fl_settled WHAT NODE...      the assertions above (7 + 3 per node)
#   fl_procs MARKER              processes whose command line holds MARKER
. "$(dirname "$0")/../net/lib.sh"
. "$(dirname "$0")/../net/vrrpd-lib.sh"

VIP=192.0.2.100
FL_ADV=0.5			# advert_int, seconds
FL_ADV_MS=500
FL_GAP_MS=$((3 * FL_ADV_MS + 500))
FL_WATCH=${FL_WATCH:-5}
FL_FD_SLACK=${FL_FD_SLACK:-0}
FL_RSS_SLACK=${FL_RSS_SLACK:-1024}
declare -A FL_FD FL_RSS

fl_conf() {
	local n=$1 prio=$2 l; shift 2
	{
		printf 'vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n'
		printf '    priority %s\n    version 3\n    advert_int %s\n' "$prio" "$FL_ADV"
		printf '    virtual_ipaddress {\n        %s/24\n    }\n' "$VIP"
		for l in "$@"; do printf '    %s\n' "$l"; done
		printf '}\n'
	} > "$T_TMP/$n.conf"
}

fl_start() { vr_start "$1" -f "$T_TMP/$1.conf" ${FL_ARGS[@]+"${FL_ARGS[@]}"}; }

fd_count() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
# rss_within DESC KB BASE SLACK: VmRSS growth bounded.  Under SAN=1 RSS says
# nothing about leaks (ASan keeps freed memory in its quarantine, up to
# 256 MB; LeakSanitizer reports real leaks as a failure there): a skip.
rss_within() {
	if [ "${SAN:-}" = 1 ]; then
		T_NUM=$((T_NUM + 1))
		echo "ok $T_NUM - $1 # SKIP under SAN=1 ASan's quarantine holds freed memory"
		return 0
	fi
	check "$1" test "${2:-999999}" -le $(($3 + $4))
}

fl_base() {
	FL_FD[$1]=$(fd_count "${VR_PID[$1]}")
	FL_RSS[$1]=$(rss_kb "${VR_PID[$1]}")
	diag "$1 baseline: ${FL_FD[$1]} fds, VmRSS ${FL_RSS[$1]} kB"
}

fl_pair() {
	vr_lan a b o
	fl_conf a 200 "$@"
	fl_conf b 100 "$@"
	fl_start a
	check "a becomes MASTER" wait_for 20 vr_is a MASTER
	fl_start b
	check "b is BACKUP" wait_for 20 vr_is b BACKUP
	sleep 1
	fl_base a; fl_base b
}

# holders NODE...: how many of the nodes hold the VIP
holders() {
	local n c=0
	for n in "$@"; do has_vip "$n" "$VIP" && c=$((c + 1)); done
	echo "$c"
}
masters() {
	local n c=0
	for n in "$@"; do [ "$(vr_state "$n")" = MASTER ] && c=$((c + 1)); done
	echo "$c"
}
one_holder() { [ "$(holders "$@")" = 1 ] && [ "$(masters "$@")" = 1 ]; }

# adverts FILE: "epoch source" of each VRID 51 advert in the capture
adverts() {
	tcpdump -r "$1" -n -tt 'proto 112' 2>/dev/null |
		awk '/vrid 51,/ { print $1, $3 }'
}

# advert_report FILE: "N SOURCES MAXGAP_MS" of the capture's adverts
advert_report() {
	adverts "$1" | awk '
		{ n++; src[$2] = 1
		  if (n > 1 && ($1 - last) * 1000 > max) max = ($1 - last) * 1000
		  last = $1 }
		END { s = 0; for (k in src) s++; printf "%d %d %d\n", n, s, max }'
}

fl_settled() {
	local what=$1 n pid fd rss nadv nsrc gap; shift
	check "$what: exactly one VIP holder and one MASTER" wait_for 30 one_holder "$@"
	capture_start o eth0 "$T_TMP/settle.pcap" proto 112
	sleep "$FL_WATCH"
	capture_stop
	read -r nadv nsrc gap < <(advert_report "$T_TMP/settle.pcap")
	diag "$what: $nadv adverts in ${FL_WATCH} s from $nsrc source(s), largest gap $gap ms"
	is "$nsrc" 1 "$what: adverts from one master only"
	check "$what: adverts keep coming ($nadv in ${FL_WATCH} s, >= $((FL_WATCH * 1000 / FL_ADV_MS - 2)))" \
		test "$nadv" -ge $((FL_WATCH * 1000 / FL_ADV_MS - 2))
	check "$what: largest advert gap $gap ms <= $FL_GAP_MS ms" test "$gap" -le "$FL_GAP_MS"
	is "$(holders "$@")" 1 "$what: still one VIP holder after ${FL_WATCH} s"
	for n in "$@"; do
		pid=${VR_PID[$n]}
		check "$what: $n's vrrpd alive and answers ctl status" vr_ctl "$n" status
		fd=$(fd_count "$pid") rss=$(rss_kb "$pid")
		diag "$what: $n has $fd fds (baseline ${FL_FD[$n]}), VmRSS $rss kB (baseline ${FL_RSS[$n]})"
		check "$what: $n's fds $fd <= ${FL_FD[$n]} + $FL_FD_SLACK" \
			test "$fd" -le $((FL_FD[$n] + FL_FD_SLACK))
		rss_within "$what: $n's VmRSS $rss kB <= ${FL_RSS[$n]} + $FL_RSS_SLACK kB" \
			"$rss" "${FL_RSS[$n]}" "$FL_RSS_SLACK"
	done
}

# fl_procs MARKER: the number of processes whose command line holds MARKER
fl_procs() { pgrep -f -c -- "$1" || true; }
