#!/bin/bash
# bench/vrrp-takeover.sh - VRRP takeover time, memory and CPU: vrrpd against
# keepalived (Debian's), in one run and one topology.  Not part of make check.
#
#   bench/vrrp-takeover.sh            REPS=5 CPU_SECS=30 by default
#   REPS=3 CPU_SECS=10 IMPLS="keepalived" bench/vrrp-takeover.sh
#
# Topology: routers r1 (192.0.2.1, priority 200) and r2 (192.0.2.2, priority
# 100) and an observer o (192.0.2.3) on one bridge, all namespaces; VRRPv3,
# IPv4, VRID 51, VIP 192.0.2.100.  tcpdump on o timestamps every packet.
#
# Per implementation and advert interval (1 s, 100 ms), REPS times:
#   kill -9 of the master r1: from the kill (bash's $EPOCHREALTIME just before
#     the signal, SIGNAL_T) to r2's first advert and to its first gratuitous ARP seen on
#     o; and from r1's last advert to r2's first, which the RFC bounds by
#     Master_Down_Interval = 3 x Advert + Skew_Time (RFC 5798 6.1; Skew_Time =
#     (256 - 100) x Advert / 256 for r2).
#   SIGTERM of the master r1: from r1's priority-0 advert to r2's first advert,
#     which the RFC bounds by Skew_Time (RFC 5798 6.4.2).
# Then the medians, in a markdown table; RSS (VmRSS, keepalived's processes
# summed) of the master and the backup for that one instance; and the CPU
# time (utime + stime from /proc/PID/stat) that 255 instances at 1 s adverts
# take over CPU_SECS seconds, master and backup.  The table goes to stdout and
# to bench/results/vrrp-takeover.md.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
. "$TOP/tests/net/lib.sh"
. "$TOP/tests/net/keepalived.sh"
. "$TOP/tests/net/interop.sh"
REPS=${REPS:-5}
CPU_SECS=${CPU_SECS:-30}
IMPLS=${IMPLS:-keepalived vrrpd}
OUT=${OUT:-$TOP/bench/results/vrrp-takeover.md}
VIP=192.0.2.100
HZ=$(getconf CLK_TCK)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

ka_have || { echo "keepalived not installed" >&2; exit 1; }
impls=()
for i in $IMPLS; do
	case $i in
	vrrpd) vr_built && impls+=(vrrpd) || echo "# vrrpd not built: keepalived only" >&2 ;;
	*) impls+=("$i") ;;
	esac
done

ns_add r1; ns_add r2; ns_add o; bridge_add
for n in r1 r2 o; do ns_link $n; done
nsx r1 ip addr add 192.0.2.1/24 dev eth0
nsx r2 ip addr add 192.0.2.2/24 dev eth0
nsx o ip addr add 192.0.2.3/24 dev eth0
MAC2=$(mac r2 eth0)

log() { printf '# %s\n' "$*" >&2; }

# --- one router, either implementation ----------------------------------------
# rt_start IMPL NS NAME PRIO ADVERT_S: the single benchmark instance
rt_start() {
	local impl=$1 nsn=$2 name=$3 prio=$4 adv=$5 ms
	ms=$(awk -v s="$adv" 'BEGIN { printf "%d", s * 1000 + 0.5 }')
	case $impl in
	keepalived)
		ka_conf "$name" --priority "$prio" --advert "$adv" --version 3 --vip $VIP/24
		ka_start "$nsn" "$name" ;;
	vrrpd)
		vr_start "$name" "$nsn" -i eth0 --vrid 51 --priority "$prio" --vip $VIP/24 \
			--advert-ms "$ms" --version 3 ;;
	esac
}

# rt_conf_start IMPL NS NAME CONF: from a keepalived.conf (both read it)
rt_conf_start() {
	local impl=$1 nsn=$2 name=$3 conf=$4 d
	case $impl in
	keepalived)
		d=$(ka_dir "$name"); mkdir -p "$d"; cp "$conf" "$d/keepalived.conf"
		ka_start "$nsn" "$name" ;;
	vrrpd) vr_start "$name" "$nsn" -f "$conf" ;;
	esac
}

rt_pids() {	# every process of the router
	case $1 in
	keepalived) ka_pids "$2" ;;
	vrrpd) vr_pid "$2" ;;
	esac
}

rt_term() {
	case $1 in
	keepalived) ka_term "$2" ;;
	vrrpd) vr_term "$2" ;;
	esac
}

rt_kill9() {
	case $1 in
	keepalived) ka_kill9 "$2" ;;
	vrrpd) vr_kill9 "$2" ;;
	esac
}

rss_kb() {	# PIDS...: the sum of VmRSS
	local p s=0 v
	for p in "$@"; do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		s=$((s + ${v:-0}))
	done
	echo $s
}

cpu_ticks() {	# PIDS...: the sum of utime + stime
	local p s=0 v
	for p in "$@"; do
		# the fields after the parenthesised command name; utime, stime are 14, 15
		v=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }')
		s=$((s + ${v:-0}))
	done
	echo $s
}

# --- reading the capture ------------------------------------------------------
# first_adv PCAP SRC T: time of SRC's first advert with priority > 0 after T
first_adv() {
	pcap_lines "$1" proto 112 | awk -v t="$3" -v s=" $2 > " \
		'$1 + 0 > t + 0 && index($0, s) && / Advertisement, / && !/ prio 0,/ { print $1; exit }'
}
# last_adv PCAP SRC T: time of SRC's last advert with priority > 0 before T
# (the kill time is not a bound: a dying master may send one more)
last_adv() {
	pcap_lines "$1" proto 112 | awk -v t="$3" -v s=" $2 > " \
		'$1 + 0 < t + 0 && index($0, s) && / Advertisement, / && !/ prio 0,/ { x = $1 } END { print x }'
}
# first_prio0 PCAP SRC T
first_prio0() {
	pcap_lines "$1" proto 112 | awk -v t="$3" -v s=" $2 > " \
		'$1 + 0 > t + 0 && index($0, s) && / prio 0,/ { print $1; exit }'
}
# first_garp PCAP MAC T: MAC's first gratuitous ARP for the VIP after T
first_garp() {
	pcap_lines "$1" arp | awk -v t="$3" -v m="$2" -v v="$VIP" '
		$1 + 0 > t + 0 && $2 == m && (index($0, "who-has " v " ") && index($0, "tell " v) ||
		    index($0, "Reply " v " is-at")) { print $1; exit }'
}
ms_between() {	# A B: (B - A) in ms, "-" if either is missing
	if [ -z "$1" ] || [ -z "$2" ]; then echo -; return; fi
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}
median() {	# values ("-" ignored): the median, "-" if none
	printf '%s\n' "$@" | grep -v '^-$' | sort -n | awk '{ v[NR] = $1 }
		END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2];
		      else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minmax() {
	printf '%s\n' "$@" | grep -v '^-$' | sort -n | awk 'NR == 1 { a = $1 } { b = $1 }
		END { if (NR) printf "%s..%s", a, b; else print "-" }'
}

# wait until r1 holds the VIP and r2 does not, then let r2 settle as backup
settled() { has r1 $VIP && ! has r2 $VIP; }
wait_r1_master() {
	wait_for 30 settled || { log "r1 did not become master"; return 1; }
	sleep "$(awk -v a="$1" 'BEGIN { print 3 * a + 0.3 }')"
}

# --- takeover -----------------------------------------------------------------
declare -A RES
takeover() {	# IMPL ADVERT_S
	local impl=$1 adv=$2 pcap=$T_TMP/$1-$2.pcap cap k t0 tl ta tg tz tn
	local k9=() k9g=() k9l=() st=() stk=()
	capture_start o eth0 "$pcap" proto 112 or arp
	cap=$CAPTURE_PID
	rt_start "$impl" r2 r2 100 "$adv" || return 1
	rt_start "$impl" r1 r1 200 "$adv" || return 1
	for k in $(seq "$REPS"); do
		wait_r1_master "$adv" || return 1
		# kill -9 of the master
		rt_kill9 "$impl" r1
		t0=$SIGNAL_T
		wait_for 30 has r2 $VIP || log "$impl: r2 did not take the VIP"
		sleep "$(awk -v a="$adv" 'BEGIN { print a + 0.3 }')"
		nsx r1 ip addr del $VIP/24 dev eth0 2>/dev/null	# a crashed host reboots
		ta=$(first_adv "$pcap" 192.0.2.2 "$t0")
		tl=$(last_adv "$pcap" 192.0.2.1 "$ta")
		tg=$(first_garp "$pcap" "$MAC2" "$t0")
		k9+=("$(ms_between "$t0" "$ta")") k9g+=("$(ms_between "$t0" "$tg")")
		k9l+=("$(ms_between "$tl" "$ta")")
		log "$impl ${adv}s kill -9 #$k: kill->advert ${k9[-1]} ms, kill->GARP ${k9g[-1]} ms, last->first advert ${k9l[-1]} ms"
		rt_start "$impl" r1 r1 200 "$adv" || return 1
		wait_r1_master "$adv" || return 1
		# SIGTERM of the master
		rt_term "$impl" r1
		t0=$SIGNAL_T
		wait_for 30 has r2 $VIP || log "$impl: r2 did not take the VIP"
		sleep "$(awk -v a="$adv" 'BEGIN { print a + 0.3 }')"
		tz=$(first_prio0 "$pcap" 192.0.2.1 "$t0")
		tn=$(first_adv "$pcap" 192.0.2.2 "$t0")
		st+=("$(ms_between "$tz" "$tn")") stk+=("$(ms_between "$t0" "$tn")")
		log "$impl ${adv}s SIGTERM #$k: prio0->advert ${st[-1]} ms, signal->advert ${stk[-1]} ms"
		rt_start "$impl" r1 r1 200 "$adv" || return 1
	done
	wait_r1_master "$adv"
	if [ "$adv" = 1 ]; then
		RES[$impl,rss1]=$(rss_kb $(rt_pids "$impl" r1))
		RES[$impl,rss2]=$(rss_kb $(rt_pids "$impl" r2))
	fi
	rt_term "$impl" r1; rt_term "$impl" r2
	capture_stop "$cap"
	RES[$impl,$adv,k9]=$(median "${k9[@]}") RES[$impl,$adv,k9r]=$(minmax "${k9[@]}")
	RES[$impl,$adv,k9g]=$(median "${k9g[@]}")
	RES[$impl,$adv,k9l]=$(median "${k9l[@]}") RES[$impl,$adv,k9lr]=$(minmax "${k9l[@]}")
	RES[$impl,$adv,st]=$(median "${st[@]}") RES[$impl,$adv,str]=$(minmax "${st[@]}")
	RES[$impl,$adv,stk]=$(median "${stk[@]}")
}

# --- CPU for 255 instances ----------------------------------------------------
conf255() {	# PRIO FILE
	local v vip
	{
		printf 'global_defs {\n\trouter_id bench\n}\n'
		for v in $(seq 255); do
			if [ "$v" -lt 255 ]; then vip=198.51.100.$v/24; else vip=203.0.113.1/24; fi
			printf 'vrrp_instance VI_%d {\n\tstate BACKUP\n\tinterface eth0\n\tvirtual_router_id %d\n' "$v" "$v"
			printf '\tpriority %d\n\tadvert_int 1\n\tversion 3\n\tvirtual_ipaddress {\n\t\t%s\n\t}\n}\n' "$1" "$vip"
		done
	} >"$2"
}

cpu255() {	# IMPL
	local impl=$1 c1 c2 p1 p2 a1 a2 b1 b2 n
	conf255 200 "$T_TMP/c255-hi.conf"; conf255 100 "$T_TMP/c255-lo.conf"
	rt_conf_start "$impl" r2 c2 "$T_TMP/c255-lo.conf" || return 1
	rt_conf_start "$impl" r1 c1 "$T_TMP/c255-hi.conf" || return 1
	wait_for 60 eval '[ "$(ip -n "$(ns r1)" -4 -o addr show dev eth0 | wc -l)" -ge 256 ]' ||
		log "$impl: not all 255 instances became master"
	sleep 5
	n=$(($(ip -n "$(ns r1)" -4 -o addr show dev eth0 | wc -l) - 1))
	p1=$(rt_pids "$impl" c1) p2=$(rt_pids "$impl" c2)
	a1=$(cpu_ticks $p1) b1=$(cpu_ticks $p2)
	sleep "$CPU_SECS"
	a2=$(cpu_ticks $p1) b2=$(cpu_ticks $p2)
	RES[$impl,cpu1]=$(awk -v t=$((a2 - a1)) -v hz="$HZ" -v s="$CPU_SECS" 'BEGIN { printf "%.2f s (%.1f%%)", t / hz, 100 * t / hz / s }')
	RES[$impl,cpu2]=$(awk -v t=$((b2 - b1)) -v hz="$HZ" -v s="$CPU_SECS" 'BEGIN { printf "%.2f s (%.1f%%)", t / hz, 100 * t / hz / s }')
	RES[$impl,rss255]=$(rss_kb $p1)
	RES[$impl,n255]=$n
	log "$impl 255 instances ($n master): CPU master ${RES[$impl,cpu1]}, backup ${RES[$impl,cpu2]}"
	rt_term "$impl" c1; rt_term "$impl" c2
	nsx r1 ip addr flush dev eth0 scope global; nsx r1 ip addr add 192.0.2.1/24 dev eth0
	nsx r2 ip addr flush dev eth0 scope global; nsx r2 ip addr add 192.0.2.2/24 dev eth0
}

for impl in "${impls[@]}"; do
	for adv in 1 0.1; do
		log "== $impl, advert ${adv}s, $REPS repetitions"
		takeover "$impl" "$adv" || log "$impl ${adv}s: failed"
	done
	cpu255 "$impl" || log "$impl: 255 instances failed"
done

# --- the table ----------------------------------------------------------------
bound() {	# ADVERT_S WHAT: the RFC bound in ms for r2 (priority 100)
	awk -v a="$1" -v w="$2" 'BEGIN { skew = (256 - 100) * a / 256 * 1000;
		printf "%.1f", w == "down" ? 3 * a * 1000 + skew : skew }'
}
r() { echo "${RES[$1]:--}"; }
{
	echo "## VRRP takeover: vrrpd vs keepalived"
	echo
	echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -r), $(nproc) CPUs (load average at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg))," \
		"$(keepalived --version 2>&1 | head -n1)," \
		"VRRPv3 IPv4, backup priority 100, $REPS repetitions, median (min..max), ms."
	echo "Times are tcpdump timestamps on an observer namespace; the kill time is taken in the shell just before the signal."
	echo
	echo "| implementation | advert | kill -9: last advert → new master's advert | RFC bound 3×Adv+Skew | kill -9: kill → new advert | kill → first GARP | SIGTERM: priority 0 → new advert | RFC bound Skew | SIGTERM: signal → new advert |"
	echo "|---|---|---|---|---|---|---|---|---|"
	for impl in "${impls[@]}"; do
		for adv in 1 0.1; do
			echo "| $impl | $(awk -v a=$adv 'BEGIN { print a * 1000 }') ms" \
				"| $(r "$impl,$adv,k9l") ($(r "$impl,$adv,k9lr")) | $(bound $adv down)" \
				"| $(r "$impl,$adv,k9") ($(r "$impl,$adv,k9r")) | $(r "$impl,$adv,k9g")" \
				"| $(r "$impl,$adv,st") ($(r "$impl,$adv,str")) | $(bound $adv skew)" \
				"| $(r "$impl,$adv,stk") |"
		done
	done
	echo
	echo "| implementation | RSS, 1 instance, master | RSS, 1 instance, backup | RSS, 255 instances, master | CPU, 255 instances at 1 s, ${CPU_SECS} s, master | same, backup |"
	echo "|---|---|---|---|---|---|"
	for impl in "${impls[@]}"; do
		echo "| $impl | $(r "$impl,rss1") kB | $(r "$impl,rss2") kB | $(r "$impl,rss255") kB" \
			"| $(r "$impl,cpu1") | $(r "$impl,cpu2") |"
	done
	echo
	echo "RSS is VmRSS (keepalived: parent + VRRP child summed). CPU is utime + stime from /proc/PID/stat" \
		"(percent of one core). \`bench/vrrp-takeover.sh\`, REPS=$REPS CPU_SECS=$CPU_SECS."
} >"$T_TMP/table.md"
cat "$T_TMP/table.md"
mkdir -p "$(dirname "$OUT")"
cp "$T_TMP/table.md" "$OUT"
