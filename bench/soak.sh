#!/bin/bash
# bench/soak.sh - a long run under faults: does anything leak or slip?
# Not part of make check (root; an hour by default).
#
#   bench/soak.sh                      DURATION=3600 s
#   DURATION=300 bench/soak.sh         a short run to try it
#   OUT=FILE  report (default bench/results/soak.md; "-": stdout only)
#   FAULT_EVERY=5 (s between faults)  SAMPLE_EVERY=10 (s between samples)
#   CHECKS=1000 (a multiple of 4, at most 1000)  CHECK_INT=5 (s)
#   IMPLS="vrrpd keepalived"           the VRRP pairs to run side by side
#   CONTROL=1  the control case: halfway, the masters are stopped (SIGSTOP)
#              for 5 s outside any intended failover, so that each pair
#              must show at least one missed advert
#
# One bridge (namespaces, documentation addresses only) carries:
#   r1 192.0.2.1 (priority 200), r2 .2 (100): vrrpd, VRID 51, VIP 192.0.2.100
#   k1 .3 (200), k2 .4 (100): keepalived -P (Debian's), VRID 52, VIP .101
#   o  .5: the observer, tcpdump of every VRRP packet
#   hc .6: hcheckd with CHECKS named checks (CHECK_INT s): a quarter each
#     HTTP_GET on :8080, HTTP_GET on :8081, TCP_CHECK on :8080 and on :8081
#     of CHECKS/4 addresses 203.0.113.N on tg (so that no two are alike and
#     none shares another's results)
#   tg .7: the targets, tests/net/hcheck/targets.py http on :8080 and :8081
# Both VRRP pairs use 1 s adverts and a notify script that hangs while the
# file "hang" exists.  keepalived's checker needs IPVS, which this host's
# kernel lacks, so only its VRRP side runs, beside vrrpd's pair, under the
# same faults where they apply.
#
# Every FAULT_EVERY seconds one fault, in turn:
#   flap     the master's link down for 5 s, then up (r1 and k1): a failover
#            and a preemption back, both intended
#   hup      SIGHUP to r1, r2 (vrrpd) and k1, k2 (keepalived's parent)
#   hup-hc   SIGHUP to hcheckd
#   kill9    kill -9 of the backup (r2; k2: its parent stopped, then both
#            processes killed) and a restart
#   ctl      a burst of 100 control-socket clients per daemon (r1, r2, hc)
#            that pipeline "show stats json" without reading, held 3 s
#            (keepalived has no control socket)
#   target   both targets stopped (SIGSTOP) for 15 s, then continued
#   hang     "hang" created, then a flap of the master: every notify script
#            of those transitions hangs; "hang" is removed before the next
#            fault (vrrpd ends them at --script-timeout; keepalived does not)
# Every SAMPLE_EVERY seconds: VmRSS and open descriptors of each daemon
# (keepalived: parent and VRRP child summed).
#
# At the end: the slopes (least squares over the samples after the first
# minute) in KB/hour and fds/hour, per daemon; the VIPs still on each
# namespace after every daemon was stopped with SIGTERM; the processes
# other than the daemons still in the router namespaces then (scripts that
# outlived their daemon); missed adverts: gaps between two adverts of a
# VRID (priority > 0, any sender) longer than 3 x the advert interval,
# outside the intended failovers (a flap window: from the link going down to
# 5 s after it came up; a kill -9 of a backup is not one); missed checks:
# hcheckd's hcheckd_checker_probes_total against CHECKS x run time /
# CHECK_INT.  The raw samples, windows and capture stay in
# build/bench/soak-PREFIX/.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
export TOP
. "$TOP/tests/net/lib.sh"
. "$TOP/tests/net/keepalived.sh"
. "$TOP/tests/net/interop.sh"
. "$TOP/tests/net/hcheck/lib.sh"

DURATION=${DURATION:-3600}
FAULT_EVERY=${FAULT_EVERY:-5}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
CHECKS=${CHECKS:-1000}
CHECK_INT=${CHECK_INT:-5}
IMPLS=${IMPLS:-vrrpd keepalived}
CONTROL=${CONTROL:-0}
OUT=${OUT:-$TOP/bench/results/soak.md}
ADV=1		# advert interval, s
FLAP_DOWN=5	# s the master's link stays down
SETTLE=5	# s after the link is up that still belong to the failover
TARGET_STOP=15	# s the targets stay stopped
WARMUP=${WARMUP:-60}	# s of samples left out of the slopes
RAW=$TOP/${BUILD:-build}/bench/soak-$PFX
mkdir -p "$RAW"
N4=$((CHECKS / 4))
[ $((N4 * 4)) -eq "$CHECKS" ] && [ "$N4" -ge 1 ] && [ "$N4" -le 250 ] ||
	{ echo "CHECKS must be a multiple of 4 from 4 to 1000" >&2; exit 64; }

log() { printf '# %s %s\n' "$(date -u +%T)" "$*" >&2; }
has_impl() { case " $IMPLS " in *" $1 "*) return 0 ;; esac; return 1; }
if has_impl keepalived && ! ka_have; then
	log "keepalived not installed: vrrpd only"
	IMPLS=${IMPLS//keepalived/}
fi
has_impl vrrpd && { vr_built || { echo "vrrpd not built (make all)" >&2; exit 1; }; }
[ -x "$H" ] || { echo "hcheckd not built (make all)" >&2; exit 1; }

COMMIT=$(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git -C "$TOP" status --porcelain -- vrrpd hcheckd common 2>/dev/null)" ] && COMMIT="$COMMIT (+ local changes)"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')

# --- the world ----------------------------------------------------------------
ROUTERS=()
has_impl vrrpd && ROUTERS+=(r1 r2)
has_impl keepalived && ROUTERS+=(k1 k2)
bridge_add
i=0
for n in r1 r2 k1 k2 o hc tg; do
	i=$((i + 1))
	case " ${ROUTERS[*]} o hc tg " in *" $n "*) ;; *) continue ;; esac
	ns_add $n; ns_link $n
	nsx $n ip addr add 192.0.2.$i/24 dev eth0
done
for i in $(seq "$N4"); do
	nsx tg ip addr add 203.0.113.$i/32 dev lo
done
nsx hc ip route add 203.0.113.0/24 via 192.0.2.7
HANG=$RAW/hang
WINDOWS=$RAW/windows	# start end reason: intended failovers
SAMPLES=$RAW/samples	# t pid rss_kb fds, per daemon name
: >"$WINDOWS"; : >"$SAMPLES"

# the notify script for both implementations: a line per call, and a hang
# while $HANG exists
# (in $T_TMP: keepalived's script security refuses a path a user may write)
NOTIFY=$T_TMP/notify.sh
cat >"$NOTIFY" <<EOF
#!/bin/sh
echo "\$(date +%s.%N) \$*" >>"$RAW/notify.log"
[ -e "$HANG" ] && exec sleep 3600
exit 0
EOF
chmod 0755 "$NOTIFY"

vr_conf() {	# NAME PRIORITY
	cat >"$RAW/$1.conf" <<EOF
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority $2
    advert_int $ADV
    version 3
    virtual_ipaddress {
        192.0.2.100/24
    }
    notify $NOTIFY
}
EOF
}
router_start() {	# NAME
	case $1 in
	r1|r2) vr_start "$1" "$1" -f "$RAW/$1.conf" ;;
	k1|k2) ka_start "$1" "$1" ;;
	esac
}
router_pids() {	# NAME: every process of the daemon
	case $1 in
	r1|r2) vr_pid "$1" ;;
	k1|k2) ka_pids "$1" ;;
	hc) cat "$RAW/hc.pid" ;;
	esac
}
router_hup() {
	case $1 in
	r1|r2) kill -HUP "$(vr_pid "$1")" ;;
	k1|k2) kill -HUP "$(ka_parent_pid "$1")" ;;
	esac
}
router_kill9() {
	case $1 in
	r1|r2) vr_kill9 "$1" ;;
	k1|k2) ka_kill9 "$1" ;;
	esac
}
router_term() {
	case $1 in
	r1|r2) vr_term "$1" ;;
	k1|k2) ka_term "$1" ;;
	esac
}
vip_of() { case $1 in r*) echo 192.0.2.100 ;; k*) echo 192.0.2.101 ;; esac; }
MASTERS=() BACKUPS=()
has_impl vrrpd && { MASTERS+=(r1); BACKUPS+=(r2); }
has_impl keepalived && { MASTERS+=(k1); BACKUPS+=(k2); }

# targets and hcheckd
for port in 8080 8081; do
	spawn tg "$PY" "$TG" http 0.0.0.0 $port
	echo "$SPAWNED_PID" >>"$RAW/targets.pid"
	wait_for 20 grep -q ready "$SPAWNED_LOG" || { log "target :$port did not start"; exit 1; }
done
{
	echo "global_defs {"
	echo "    hcheckd_max_inflight 4000"
	echo "}"
	for i in $(seq "$N4"); do
		for port in 8080 8081; do
			printf 'check h%d-%d {\n    address 203.0.113.%d %d\n' "$i" $port "$i" $port
			printf '    HTTP_GET {\n        url {\n            path /\n            status_code 200\n        }\n'
			printf '        connect_timeout 2\n    }\n    delay_loop %s\n}\n' "$CHECK_INT"
			printf 'check t%d-%d {\n    address 203.0.113.%d %d\n' "$i" $port "$i" $port
			printf '    TCP_CHECK {\n        connect_timeout 2\n    }\n    delay_loop %s\n}\n' "$CHECK_INT"
		done
	done
} >"$RAW/hcheckd.conf"
HC_SOCK=$RAW/hc.sock
hc_ctl() { "$H" ctl -S "$HC_SOCK" "$@"; }
spawn hc "$H" -n -f "$RAW/hcheckd.conf" -S "$HC_SOCK"
echo "$SPAWNED_PID" >"$RAW/hc.pid"
HC_LOG=$SPAWNED_LOG
wait_for 20 hc_ctl show stats || { log "hcheckd did not start: $(tail -5 "$HC_LOG")"; exit 1; }
HC_T0=$EPOCHREALTIME
hc_up() { hc_ctl show checks | awk '$2 == "UP" { k++ } END { print k + 0 }'; }

# the VRRP pairs: the backups first, so that the master wins by priority
capture_start o eth0 "$RAW/vrrp.pcap" proto 112
CAP=$CAPTURE_PID
for r in "${ROUTERS[@]}"; do
	case $r in
	r1) vr_conf r1 200 ;;
	r2) vr_conf r2 100 ;;
	k1) ka_conf k1 --vrid 52 --priority 200 --advert $ADV --vip 192.0.2.101/24 ;;
	k2) ka_conf k2 --vrid 52 --priority 100 --advert $ADV --vip 192.0.2.101/24 ;;
	esac
	# keepalived: its own notify (the state files of keepalived.sh) stays,
	# ours comes beside it as notify_master / _backup / _fault
	case $r in k*) sed -i "s|^	notify |	notify_master $NOTIFY\n	notify_backup $NOTIFY\n	notify_fault $NOTIFY\n&|" \
		"$(ka_dir "$r")/keepalived.conf" ;; esac
done
for r in "${BACKUPS[@]}" "${MASTERS[@]}"; do router_start "$r" || { log "$r did not start"; exit 1; }; done
for m in "${MASTERS[@]}"; do
	wait_for 30 has "$m" "$(vip_of "$m")" || { log "$m did not become master"; exit 1; }
done
log "started: ${ROUTERS[*]} hc ($CHECKS checks, $(hc_up) up), faults every ${FAULT_EVERY}s for ${DURATION}s"

# --- samples ------------------------------------------------------------------
sample() {	# one line per daemon: t name pids rss_kb fds
	local t n p rss fds v
	t=$EPOCHREALTIME
	for n in "${ROUTERS[@]}" hc; do
		rss=0 fds=0
		for p in $(router_pids "$n" 2>/dev/null); do
			v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
			rss=$((rss + ${v:-0}))
			v=$(ls "/proc/$p/fd" 2>/dev/null | wc -l)
			fds=$((fds + v))
		done
		p=$(router_pids "$n" 2>/dev/null | tr ' ' ,)
		echo "$t $n ${p:-none} $rss $fds" >>"$SAMPLES"
	done
}

# --- faults -------------------------------------------------------------------
FLAP_UP_AT=0 TARGET_CONT_AT=0 FLAPPED=() CONTROL_CONT_AT=0 CONTROL_PIDS="" WIN_END=0
DIED=0
flap() {	# the masters' links down, up again at FLAP_UP_AT
	local m t=$EPOCHREALTIME
	FLAPPED=()
	for m in "${MASTERS[@]}"; do
		ip -n "$(ns "$m")" link set eth0 down
		FLAPPED+=("$m")
	done
	FLAP_T=$t
	FLAP_UP_AT=$(( ${t%.*} + FLAP_DOWN ))
}
due() {	# the scheduled second ends of faults
	local now=${EPOCHREALTIME%.*} m
	if [ "$FLAP_UP_AT" -gt 0 ] && [ "$now" -ge "$FLAP_UP_AT" ]; then
		for m in "${FLAPPED[@]}"; do ip -n "$(ns "$m")" link set eth0 up; done
		echo "$FLAP_T $(awk -v t="$EPOCHREALTIME" -v s=$SETTLE 'BEGIN { printf "%.6f", t + s }') flap" >>"$WINDOWS"
		WIN_END=$((now + SETTLE + 1))
		FLAP_UP_AT=0
	fi
	if [ "$TARGET_CONT_AT" -gt 0 ] && [ "$now" -ge "$TARGET_CONT_AT" ]; then
		xargs kill -CONT <"$RAW/targets.pid"
		TARGET_CONT_AT=0
	fi
	if [ "$CONTROL_CONT_AT" -gt 0 ] && [ "$now" -ge "$CONTROL_CONT_AT" ]; then
		kill -CONT $CONTROL_PIDS
		CONTROL_CONT_AT=0
	fi
}
ctl_burst() {	# SOCK...: 100 clients each that never read, held 3 s
	"$PY" - "$@" <<'EOF'
import socket, sys, time
held = []
for path in sys.argv[1:]:
    for _ in range(100):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(path)
            s.setblocking(False)
            for _ in range(4096):
                s.send(b"show stats json\n")
        except OSError:
            pass
        held.append(s)
time.sleep(3)
for s in held:
    s.close()
EOF
}
FAULTS=(flap hup hup-hc kill9 ctl target hang)
declare -A FCOUNT
fault() {	# NAME
	local r b
	FCOUNT[$1]=$(( ${FCOUNT[$1]:-0} + 1 ))
	case $1 in
	flap) flap ;;
	hup) for r in "${ROUTERS[@]}"; do router_hup "$r"; done ;;
	hup-hc) kill -HUP "$(cat "$RAW/hc.pid")" ;;
	kill9)
		for b in "${BACKUPS[@]}"; do
			# a backup that holds the VIP now would make a failover
			has "$b" "$(vip_of "$b")" && echo "$EPOCHREALTIME $(awk -v t="$EPOCHREALTIME" 'BEGIN { printf "%.6f", t + 10 }') kill9-of-master-$b" >>"$WINDOWS"
			router_kill9 "$b"
			router_start "$b" || log "$b did not restart"
		done ;;
	ctl)
		local socks=()
		for r in r1 r2; do has_impl vrrpd && socks+=("$(vr_dir $r)/sock"); done
		socks+=("$HC_SOCK")
		ctl_burst "${socks[@]}" ;;
	target)
		xargs kill -STOP <"$RAW/targets.pid"
		TARGET_CONT_AT=$(( ${EPOCHREALTIME%.*} + TARGET_STOP )) ;;
	hang) touch "$HANG"; flap ;;
	esac
}
alive() {	# count daemons found dead (other than by our kill -9)
	local n p
	for n in "${ROUTERS[@]}" hc; do
		for p in $(router_pids "$n" 2>/dev/null); do
			kill -0 "$p" 2>/dev/null && continue
			log "$n ($p) is dead: restarting"
			DIED=$((DIED + 1))
			[ "$n" = hc ] && { log "hcheckd died: $(tail -3 "$HC_LOG")"; exit 1; }
			router_start "$n"
			break
		done
	done
}

# --- the run ------------------------------------------------------------------
T0=${EPOCHREALTIME%.*}
END=$((T0 + DURATION))
next_fault=$((T0 + FAULT_EVERY)) next_sample=$T0 k=0 last_note=$T0
sample
while :; do
	now=${EPOCHREALTIME%.*}
	[ "$now" -ge "$END" ] && [ "$FLAP_UP_AT" = 0 ] && [ "$TARGET_CONT_AT" = 0 ] &&
		[ "$CONTROL_CONT_AT" = 0 ] && break
	due
	# (outside every window: no flap down or settling, no fault meanwhile)
	if [ "$CONTROL" = 1 ] && [ -z "$CONTROL_PIDS" ] && [ "$now" -ge $((T0 + DURATION / 2)) ] &&
		[ "$FLAP_UP_AT" = 0 ] && [ "$now" -gt "$WIN_END" ]; then
		CONTROL_PIDS=$(for m in "${MASTERS[@]}"; do router_pids "$m"; done | tr "\n" " ")
		log "control: masters stopped for 5 s (${MASTERS[*]}: $CONTROL_PIDS)"
		kill -STOP $CONTROL_PIDS
		CONTROL_CONT_AT=$((now + 5))
	fi
	if [ "$now" -ge "$next_fault" ] && [ "$now" -lt "$END" ]; then
		f=${FAULTS[k % ${#FAULTS[@]}]}
		# a flap still down, or the targets still stopped: the next tick
		if [ "$FLAP_UP_AT" = 0 ] && [ "$CONTROL_CONT_AT" = 0 ] &&
			{ [ "$TARGET_CONT_AT" = 0 ] || [ "$f" != target ]; }; then
			[ "$f" != hang ] && rm -f "$HANG"
			fault "$f"
			k=$((k + 1))
			next_fault=$((now + FAULT_EVERY))
		fi
	fi
	if [ "$now" -ge "$next_sample" ]; then
		alive
		sample
		next_sample=$((next_sample + SAMPLE_EVERY))
	fi
	if [ $((now - last_note)) -ge 300 ]; then
		log "$((now - T0)) s: $k faults, load $(cut -d' ' -f1-3 /proc/loadavg), $(hc_up) of $CHECKS checks up"
		last_note=$now
	fi
	sleep 0.5
done
rm -f "$HANG"
sleep 10	# let the last failover settle and the checks come back
sample

# --- the end: counters, then every daemon stopped -----------------------------
HC_T1=$EPOCHREALTIME
hc_ctl show metrics >"$RAW/hc.metrics"
HC_UP_END=$(hc_up)
HC_SHARED=$(awk '$1 == "hcheckd_checkers_shared" { print $2 }' "$RAW/hc.metrics")
PROBES=$(awk '/^hcheckd_checker_probes_total/ { s += $2 } END { printf "%d", s }' "$RAW/hc.metrics")
FAILS=$(awk '/^hcheckd_checker_probe_failures_total/ { s += $2 } END { printf "%d", s }' "$RAW/hc.metrics")
EXPECT=$(awk -v a="$HC_T0" -v b="$HC_T1" -v n="$CHECKS" -v i="$CHECK_INT" 'BEGIN { printf "%d", n * (b - a) / i }')
# per checker: probes short of (run time - half an interval of first-run
# spread) / interval (retries after a failure can not make up for a miss),
# and checkers with no probe in the last 2 intervals + the 2 s timeout
read -r MISSED MISSED_HTTP MISSED_TCP STALLED < <(awk -v a="$HC_T0" -v b="$HC_T1" -v i="$CHECK_INT" '
	BEGIN { e = int((b - a - i / 2) / i) }
	/^hcheckd_checker_probes_total/ && $NF < e { m += e - $NF; if (/HTTP_GET/) mh += e - $NF; else mt += e - $NF }
	/^hcheckd_checker_last_probe_time_seconds/ && b - $NF > 2 * i + 2 { st++ }
	END { printf "%d %d %d %d\n", m, mh, mt, st }' "$RAW/hc.metrics")
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
for r in "${ROUTERS[@]}"; do router_term "$r"; done
stop_pid "$(cat "$RAW/hc.pid")" TERM
sleep 1
declare -A LEAK LEFT
for r in "${ROUTERS[@]}"; do
	LEAK[$r]=$(ip -n "$(ns "$r")" -o addr show | grep -c " $(vip_of "$r")/")
	LEFT[$r]=$(ip netns pids "$(ns "$r")" | wc -l)
	for p in $(ip netns pids "$(ns "$r")"); do
		echo "$r: $(ps -o pid=,ppid=,etimes=,args= -p "$p")"
	done >>"$RAW/left"
done
capture_stop "$CAP"

# --- the figures --------------------------------------------------------------
# slope NAME COLUMN: least squares of COLUMN (4 rss, 5 fds) per hour over the
# samples after WARMUP
slope() {
	awk -v n="$2" -v who="$1" -v t0="$T0" -v w="$WARMUP" '
		$2 == who && $1 - t0 >= w { x = ($1 - t0) / 3600; y = $n; k++; sx += x; sy += y; sxx += x * x; sxy += x * y }
		END { d = k * sxx - sx * sx; if (k < 3 || d == 0) print "-"; else printf "%+.1f", (k * sxy - sx * sy) / d }' "$SAMPLES"
}
span() {	# NAME COLUMN: first..last and max after WARMUP
	awk -v n="$2" -v who="$1" -v t0="$T0" -v w="$WARMUP" '
		$2 == who && $1 - t0 >= w { if (!k++) a = $n; b = $n; if ($n > m) m = $n }
		END { if (k) printf "%s..%s (max %s)", a, b, m; else print "-" }' "$SAMPLES"
}
# missed_adverts VRID: gaps > 3 x ADV between adverts (priority > 0) of the
# VRID, as "outside inside" the intended-failover windows
missed_adverts() {
	pcap_lines "$RAW/vrrp.pcap" | awk -v v="$1" -v lim=$((3 * ADV)) -v wf="$WINDOWS" '
		BEGIN { while ((getline l < wf) > 0) { split(l, f, " "); ws[++nw] = f[1]; we[nw] = f[2] } }
		index($0, "vrid " v ",") && !/ prio 0,/ {
			t = $1 + 0
			if (p && t - p > lim) {
				inw = 0
				for (i = 1; i <= nw; i++) if (p < we[i] + 0 && t > ws[i] + 0) inw = 1
				if (inw) in_ += 1; else { out += 1; printf "# gap %.3f s at %.3f (vrid %s)\n", t - p, p, v > "/dev/stderr" }
			}
			p = t; k++
		}
		END { printf "%d %d %d\n", out, in_, k }'
}
DUR_RUN=$(( ${EPOCHREALTIME%.*} - T0 ))
nflaps=$(grep -c ' flap$' "$WINDOWS")
notify_calls=$(wc -l <"$RAW/notify.log" 2>/dev/null || echo 0)
{
	echo "## Soak run, $STARTED"
	echo
	echo "Machine: $(nproc) CPUs, $(awk '/^model name/ { sub(/.*: /, ""); print; exit }' /proc/cpuinfo), kernel $(uname -r);"
	echo "load average at start $LOAD0, at end $LOAD1; commit $COMMIT; keepalived $($KA_BIN -v 2>&1 | head -1 | awk '{ print $2 }')."
	echo "DURATION=$DURATION s (ran $DUR_RUN s), a fault every $FAULT_EVERY s ($k in all:"
	for f in "${FAULTS[@]}"; do printf ' %s %s' "$f" "${FCOUNT[$f]:-0}"; done
	echo "), samples every $SAMPLE_EVERY s (slopes from the samples after the first $WARMUP s),"
	echo "$CHECKS checks every $CHECK_INT s, 1 s adverts, $nflaps intended failovers (flaps), $notify_calls notify calls."
	[ "$CONTROL" = 1 ] && echo "CONTROL=1: the masters were stopped for 5 s halfway, outside any intended failover."
	echo
	echo "| daemon | RSS slope KB/h | RSS KB first..last | fd slope fds/h | fds first..last | VIPs left | processes left |"
	echo "|---|---|---|---|---|---|---|"
	for r in "${ROUTERS[@]}" hc; do
		case $r in
		r1) d="vrrpd master r1" ;; r2) d="vrrpd backup r2 (kill -9 + restart each round)" ;;
		k1) d="keepalived master k1 (parent + VRRP child)" ;; k2) d="keepalived backup k2 (kill -9 + restart each round)" ;;
		hc) d="hcheckd ($CHECKS checks)" ;;
		esac
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$d" "$(slope $r 4)" "$(span $r 4)" "$(slope $r 5)" "$(span $r 5)" \
			"${LEAK[$r]:--}" "${LEFT[$r]:--}"
	done
	echo
	echo "| VRRP pair | adverts seen | gaps > 3 x advert outside intended failovers (missed) | gaps inside them |"
	echo "|---|---|---|---|"
	has_impl vrrpd && { read -r o i n < <(missed_adverts 51); echo "| vrrpd r1/r2, VRID 51 | $n | $o | $i |"; }
	has_impl keepalived && { read -r o i n < <(missed_adverts 52); echo "| keepalived k1/k2, VRID 52 | $n | $o | $i |"; }
	echo
	echo "hcheckd: $PROBES probes made of $EXPECT expected ($CHECKS x $(awk -v a="$HC_T0" -v b="$HC_T1" 'BEGIN { printf "%.0f", b - a }') s / $CHECK_INT s):"
	echo "missed $MISSED (probes a checker made fewer than its share, summed: $(awk -v m="$MISSED" -v e="$EXPECT" 'BEGIN { printf "%.3f", 100 * m / e }') %;"
	echo "HTTP_GET $MISSED_HTTP, TCP_CHECK $MISSED_TCP);"
	echo "checkers with no probe in the last $((2 * CHECK_INT + 2)) s at the end: $STALLED;"
	echo "$FAILS probes failed (the targets stopped ${FCOUNT[target]:-0} x $TARGET_STOP s);"
	echo "$HC_UP_END of $CHECKS checks up at the end; checkers sharing results: ${HC_SHARED:-?}."
	echo "Daemons found dead other than by the kill -9 fault: $DIED."
	if [ -s "$RAW/left" ]; then
		echo
		echo "Processes left in the router namespaces after their daemons stopped (pid ppid seconds args):"
		echo
		sed 's/^/    /' "$RAW/left"
	fi
} >"$RAW/report.md"
cat "$RAW/report.md"
[ "$OUT" = - ] || cp "$RAW/report.md" "$OUT"
