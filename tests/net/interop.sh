# tests/net/interop.sh - vrrpd and keepalived in one VRID (sourced after lib.sh
# and keepalived.sh).
#
# Topology: routers a (vrrpd) and b (keepalived), observer c, on one bridge;
# a = 192.0.2.1 / 2001:db8::1, b = .2 / ::2, c = .3 / ::3.  Packets are
# captured on the bridge (so unicast adverts are seen), c's cache is checked.
#
#   vr_start NAME NS ARGS...      vrrpd -n -S $T_TMP/vr-NAME.sock ARGS in NS
#   vr_state NAME                 MASTER, BACKUP, ... (from its control socket)
#   vr_wait_state NAME STATE SECS
#   vr_term NAME / vr_kill9 NAME
#   interop_roles OPTIONS         the whole scenario in both roles (below)
#
# "Exactly one master" is checked twice: by the states the two daemons report
# and on the wire, where in a quiet second only one address may send adverts
# with a priority above 0 (advertisers_since).

vr_built() {
	[ -x "$BIN/vrrpd" ] || return 1
	! "$BIN/vrrpd" --help 2>&1 | grep -qi 'not implemented'
}

vr_dir() { printf '%s/vr-%s' "$T_TMP" "$1"; }

# vr_start NAME NS ARGS...: returns once the control socket answers (1 if not
# within 10 s or vrrpd exited)
vr_start() {
	local name=$1 nsname=$2 d; shift 2
	d=$(vr_dir "$name")
	mkdir -p "$d"
	rm -f "$d/sock"
	spawn "$nsname" "$BIN/vrrpd" -n -S "$d/sock" "$@"
	echo "$SPAWNED_PID" >"$d/pid"
	echo "$SPAWNED_LOG" >"$d/logname"
	wait_for 10 _vr_up "$name" || {
		diag "vrrpd $name did not start: $(tail -n 20 "$SPAWNED_LOG")"
		return 1
	}
}

_vr_up() {
	kill -0 "$(vr_pid "$1")" 2>/dev/null && vr_ctl "$1" status
}

vr_pid() { cat "$(vr_dir "$1")/pid"; }
vr_log() { cat "$(vr_dir "$1")/logname"; }
vr_ctl() {
	local name=$1; shift
	"$BIN/vrrpd" ctl -S "$(vr_dir "$name")/sock" "$@"
}

# vr_state NAME [INSTANCE]: the state of the (first, or named) instance
vr_state() {
	local out
	out=$(vr_ctl "$1" show instances json 2>/dev/null) || { echo DOWN; return; }
	[ -n "${2:-}" ] && out=$(printf '%s\n' "$out" | grep "\"$2\"")
	printf '%s\n' "$out" | grep -o '"state" *: *"[A-Z]*"' | head -n1 | grep -o '[A-Z]*"$' | tr -d '"'
}

_vr_state_is() { [ "$(vr_state "$1")" = "$2" ]; }
vr_wait_state() { wait_for "$3" _vr_state_is "$1" "$2"; }
# vr_term and vr_kill9 leave in SIGNAL_T the moment just before the signal
vr_term() {
	local p
	p=$(vr_pid "$1")
	SIGNAL_T=$EPOCHREALTIME
	stop_pid "$p" TERM
}
vr_kill9() {
	local p
	p=$(vr_pid "$1")
	SIGNAL_T=$EPOCHREALTIME
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}

# has NS ADDR: the address is on NS's eth0
has() { ip -n "$(ns "$1")" -o addr show dev eth0 | grep -q " $2/"; }
hasnt() { ! has "$@"; }

now_epoch() { date +%s.%N; }

# advertisers_since PCAP EPOCH: the distinct sources of adverts with priority
# above 0 captured after EPOCH, one per line
advertisers_since() {
	pcap_lines "$1" proto 112 | awk -v t="$2" '$1 + 0 >= t + 0' |
		grep ' Advertisement, ' | grep -v ' prio 0,' |
		sed -nE 's/.* length [0-9]+: ([^ ]+) > .*/\1/p' | sort -u
}

# one_advertiser PCAP SRC: over the next 5 advert intervals (0.5 s at least,
# 1.2 s at most: a second master would send at least one advert in it) only
# SRC sends adverts
one_advertiser() {
	local t got
	t=$(now_epoch)
	sleep "$(awk -v a="${IO_ADV:-1}" 'BEGIN { w = 5 * a; print w < 0.5 ? 0.5 : (w > 1.2 ? 1.2 : w) }')"
	got=$(advertisers_since "$1" "$t" | tr '\n' ' ')
	[ "$got" = "$2 " ] || { echo "advertisers: '$got', wanted '$2'"; return 1; }
}

# announced PCAP MAC ADDR SINCE: MAC sent a gratuitous ARP (either form) or an
# unsolicited NA for ADDR after SINCE
announced() {
	pcap_lines "$1" arp or icmp6 | awk -v t="$4" '$1 + 0 >= t + 0' | grep "^[0-9.]* $2 > " |
		grep -qE -- "who-has $3 (\(ff:ff:ff:ff:ff:ff\) )?tell $3|Reply $3 is-at|neighbor advertisement.*tgt is $3"
}

# prio0_from PCAP SRC SINCE: SRC sent a priority-0 advert after SINCE
prio0_from() {
	pcap_lines "$1" proto 112 | awk -v t="$3" '$1 + 0 >= t + 0' | grep -q -- " $2 > .* prio 0,"
}

# interop_roles: with IO_VER (2|3), IO_FAM (4|6), IO_ADV (keepalived's
# advert_int, seconds), IO_UNICAST (0|1), IO_WAIT (bound for any transition,
# seconds), one chain of events in which each daemon in turn preempts the
# other, yields to a preemption, takes over from the other's kill -9 and from
# its SIGTERM (priority 0 on the wire).  After each step: the states both
# report, the VIP on exactly the master's side, a single advertiser on the
# wire; at the end, keepalived's logs without complaints.
interop_roles() {
	local ms vip vipa la lb a b
	ms=$(awk -v s="$IO_ADV" 'BEGIN { printf "%d", s * 1000 + 0.5 }')
	ns_add a; ns_add b; ns_add c; bridge_add
	for n in a b c; do ns_link $n; done
	nsx a ip addr add 192.0.2.1/24 dev eth0; nsx a ip addr add 2001:db8::1/64 dev eth0 nodad
	nsx b ip addr add 192.0.2.2/24 dev eth0; nsx b ip addr add 2001:db8::2/64 dev eth0 nodad
	nsx c ip addr add 192.0.2.3/24 dev eth0; nsx c ip addr add 2001:db8::3/64 dev eth0 nodad
	la=$(ip -n "$(ns a)" -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4 }')
	lb=$(ip -n "$(ns b)" -6 -o addr show dev eth0 scope link | awk '{ sub("/.*", "", $4); print $4 }')
	if [ "$IO_FAM" = 6 ]; then
		vip=2001:db8::100/64 a=$la b=$lb
		[ "$IO_UNICAST" = 1 ] && a=2001:db8::1 b=2001:db8::2
	else
		vip=192.0.2.100/24 a=192.0.2.1 b=192.0.2.2
	fi
	vipa=${vip%/*}
	local vr_uc=() ka_uc=()
	if [ "$IO_UNICAST" = 1 ]; then
		vr_uc=(--unicast-src "$a" --unicast-peer "$b")
		ka_uc=(--unicast-src "$b" --unicast-peer "$a")
	fi
	local pcap=$T_TMP/c.pcap t
	# on the bridge itself (promiscuous: it sees every frame it forwards), so
	# unicast adverts between a and b are captured too
	capture_start sw br0 "$pcap" proto 112 or arp or icmp6
	vr() {	# PRIORITY: (re)start vrrpd on a
		vr_start ra a -i eth0 --vrid 51 --priority "$1" --vip $vip --advert-ms "$ms" \
			--version "$IO_VER" "${vr_uc[@]}"
		_ok $? "vrrpd starts, priority $1"
	}
	ka() {	# PRIORITY: (re)start keepalived on b
		ka_conf rb --priority "$1" --advert "$IO_ADV" --version "$IO_VER" --vip $vip "${ka_uc[@]}"
		ka_start b rb
		_ok $? "keepalived starts, priority $1"
	}
	master_a() {	# DESC: vrrpd master, keepalived backup
		check "$1: vrrpd MASTER" vr_wait_state ra MASTER "$IO_WAIT"
		ka_running rb && check "keepalived BACKUP" ka_wait_state rb BACKUP "$IO_WAIT"
		check "VIP on a only" wait_for 5 eval "has a $vipa && hasnt b $vipa"
		check "only vrrpd advertises" one_advertiser "$pcap" "$a"
	}
	master_b() {
		check "$1: keepalived MASTER" ka_wait_state rb MASTER "$IO_WAIT"
		vr_running && check "vrrpd BACKUP" vr_wait_state ra BACKUP "$IO_WAIT"
		check "VIP on b only" wait_for 5 eval "has b $vipa && hasnt a $vipa"
		check "only keepalived advertises" one_advertiser "$pcap" "$b"
	}
	vr_running() { kill -0 "$(vr_pid ra)" 2>/dev/null; }
	diag "v$IO_VER IPv$IO_FAM$([ "$IO_UNICAST" = 1 ] && echo ' unicast'), advert ${IO_ADV}s"

	ka 100
	check "keepalived alone: MASTER" ka_wait_state rb MASTER "$IO_WAIT"
	vr 200
	master_a "vrrpd (200) preempts keepalived (100)"

	vr_kill9 ra
	nsx a ip addr del $vip dev eth0 2>/dev/null	# the crashed host reboots
	master_b "kill -9 vrrpd: keepalived takes over"

	vr 50
	master_b "vrrpd (50) joins as backup"

	t=$(now_epoch); ka_kill9 rb
	nsx b ip addr del $vip dev eth0 2>/dev/null
	master_a "kill -9 keepalived: vrrpd takes over"
	check "vrrpd announced the VIP (GARP/NA on the wire)" \
		wait_for 5 announced "$pcap" "$(mac a eth0)" "$vipa" "$t"
	like "$(nsx c ip neigh show "$vipa")" "lladdr $(mac a eth0)|^$" "c's neighbour entry (if any) points at a"

	ka 100
	master_b "keepalived (100) preempts vrrpd (50)"

	t=$(now_epoch); ka_term rb
	master_a "SIGTERM keepalived: vrrpd takes over"
	check "keepalived sent priority 0" wait_for 3 prio0_from "$pcap" "$b" "$t"

	ka 10
	master_a "keepalived (10) joins as backup"

	t=$(now_epoch); vr_term ra
	master_b "SIGTERM vrrpd: keepalived takes over"
	check "vrrpd sent priority 0" wait_for 3 prio0_from "$pcap" "$a" "$t"
	check "vrrpd left no VIP behind" hasnt a $vipa

	ka_term rb
	check "keepalived removed its VIP on exit" hasnt b $vipa
	capture_stop
	check "no complaints in keepalived's logs" ka_complaints rb
}
