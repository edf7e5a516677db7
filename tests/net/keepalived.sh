# tests/net/keepalived.sh - Debian's keepalived as a VRRP peer in a test
# namespace (sourced after lib.sh).
#
# Each peer has a NAME and a directory $T_TMP/ka-NAME holding its config, its
# pid files, its log and the state written by its notify script, so it never
# meets a keepalived running on the host or in another test:
#
#   ka_conf r1 --iface eth0 --vrid 51 --priority 200 --advert 0.1 --version 3 \
#           --vip 192.0.2.100/24 [--vip ...] [--unicast-src A --unicast-peer B ...] \
#           [--nopreempt] [--state MASTER] [--instance VI_1] [--extra 'line']
#   ka_instance r1 --instance VI_6 --vip 2001:db8::100/64 ...   # one more
#   ka_start a r1                 # keepalived -n in namespace a; returns once its
#                                 # VRRP child is up
#   ka_wait_state r1 MASTER 10 [VI_6]  # the notify script saw MASTER in 10 s
#   ka_state r1 [VI_6]            # last state: INIT (none yet), BACKUP, MASTER,
#                                 # FAULT, STOP (per instance, default VI_1)
#   ka_term r1 / ka_kill9 r1      # SIGTERM (priority-0 advert, VIPs removed)
#                                 # or a crash (parent stopped, then SIGKILL to
#                                 # the VRRP child and the parent: no priority-0
#                                 # packet); SIGNAL_T = time of the signal
#   ka_complaints r1              # prints the log lines (of every run of r1)
#                                 # in which keepalived complains about a
#                                 # received packet; exit 0 = none
#   ka_pids r1                    # parent and VRRP child PIDs (for RSS/CPU)
#   pcap_lines FILE [FILTER]      # tcpdump -n -e -tt: one line per packet
#
# The config has `script_user root` and `enable_script_security` (so that
# `keepalived -t` accepts the notify script) and keepalived's defaults for
# everything not given.
# Not `keepalived --namespace`: the process already runs inside the test's
# namespace through `ip netns exec` (spawn).  -P: VRRP only; -G: no syslog;
# -l -D: detailed log to the console, which spawn sends to $(ka_log NAME).

KA_BIN=${KA_BIN:-keepalived}

ka_have() { command -v "$KA_BIN" >/dev/null 2>&1; }

ka_dir() { printf '%s/ka-%s' "$T_TMP" "$1"; }

# ka_conf NAME OPTIONS...: write $(ka_dir NAME)/keepalived.conf (global_defs
# and one vrrp_instance) and the notify script.  Instance defaults: eth0, VRID
# 51, priority 100, 1 s adverts, version 3, state BACKUP, preempt, name VI_1.
ka_conf() {
	local name=$1 d
	d=$(ka_dir "$name")
	mkdir -p "$d"
	rm -f "$d"/state.* "$d/events"
	: >"$d/events"
	# keepalived's generic notify: TYPE NAME STATE PRIORITY; one state file
	# per instance, written atomically
	cat >"$d/notify.sh" <<-EOF
	#!/bin/sh
	echo "\$1 \$2 \$3 \$4 \$(date +%s%N)" >>"$d/events"
	echo "\$3" >"$d/state.tmp.\$2.\$\$" && mv "$d/state.tmp.\$2.\$\$" "$d/state.\$2"
	EOF
	chmod 0755 "$d/notify.sh"
	printf 'global_defs {\n\trouter_id %s\n\tscript_user root\n\tenable_script_security\n}\n' "$name" >"$d/keepalived.conf"
	ka_instance "$@"
}

# ka_instance NAME OPTIONS...: append one more vrrp_instance (give --instance)
ka_instance() {
	local name=$1; shift
	local d iface=eth0 vrid=51 prio=100 adv=1 ver=3 state=BACKUP inst=VI_1
	local nopreempt=0 usrc= vips=() peers=() extra=()
	while [ $# -gt 0 ]; do
		case $1 in
		--iface) iface=$2; shift ;;
		--vrid) vrid=$2; shift ;;
		--priority) prio=$2; shift ;;
		--advert) adv=$2; shift ;;
		--version) ver=$2; shift ;;
		--state) state=$2; shift ;;
		--instance) inst=$2; shift ;;
		--vip) vips+=("$2"); shift ;;
		--unicast-src) usrc=$2; shift ;;
		--unicast-peer) peers+=("$2"); shift ;;
		--nopreempt) nopreempt=1 ;;
		--extra) extra+=("$2"); shift ;;
		*) echo "ka_instance: unknown option $1" >&2; return 64 ;;
		esac
		shift
	done
	d=$(ka_dir "$name")
	echo INIT >"$d/state.$inst"
	{
		echo "vrrp_instance $inst {"
		echo "	state $state"
		echo "	interface $iface"
		echo "	virtual_router_id $vrid"
		echo "	priority $prio"
		echo "	advert_int $adv"
		echo "	version $ver"
		[ "$nopreempt" = 1 ] && echo "	nopreempt"
		[ -n "$usrc" ] && echo "	unicast_src_ip $usrc"
		if [ ${#peers[@]} -gt 0 ]; then
			echo "	unicast_peer {"
			printf '		%s\n' "${peers[@]}"
			echo "	}"
		fi
		echo "	virtual_ipaddress {"
		printf '		%s\n' "${vips[@]}"
		echo "	}"
		[ ${#extra[@]} -gt 0 ] && printf '	%s\n' "${extra[@]}"
		echo "	notify $d/notify.sh"
		echo "}"
	} >>"$d/keepalived.conf"
}

# ka_start NS NAME: run keepalived for NAME's config in namespace NS; returns
# once the VRRP child has written its pid file (1 if it did not within 10 s)
ka_start() {
	local nsname=$1 name=$2 d
	d=$(ka_dir "$name")
	rm -f "$d"/*.pid
	spawn "$nsname" "$KA_BIN" -n -l -D -G -P -f "$d/keepalived.conf" \
		-p "$d/keepalived.pid" -r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid"
	# in files, not variables: callers may run ka_start in a subshell
	echo "$SPAWNED_PID" >"$d/parent"
	echo "$SPAWNED_LOG" >"$d/logname"
	echo "$SPAWNED_LOG" >>"$d/logs"
	wait_for 10 _ka_child_up "$name" || {
		diag "keepalived $name did not start: $(tail -n 20 "$SPAWNED_LOG")"
		return 1
	}
}

_ka_child_up() {
	local p
	p=$(ka_vrrp_pid "$1") && [ -n "$p" ] && kill -0 "$p" 2>/dev/null
}

ka_log() { cat "$(ka_dir "$1")/logname"; }
ka_parent_pid() { cat "$(ka_dir "$1")/parent"; }
ka_vrrp_pid() { cat "$(ka_dir "$1")/vrrp.pid" 2>/dev/null; }
ka_pids() { echo "$(ka_parent_pid "$1") $(ka_vrrp_pid "$1")"; }
# ka_state NAME [INSTANCE]: the last state notified (INIT: none yet)
# keepalived runs its notify scripts without waiting for them, so two of them
# close together (MASTER then BACKUP on a preemption) may finish in either
# order: while the state file says MASTER, BACKUP or FAULT, the run's own log
# ("(VI_1) Entering BACKUP STATE"), written in order, has the last word.
ka_state() {
	local inst=${2:-VI_1} s l x
	s=$(cat "$(ka_dir "$1")/state.$inst" 2>/dev/null)
	case "$s" in
	MASTER|BACKUP|FAULT)
		l=$(ka_log "$1" 2>/dev/null)
		if [ -n "$l" ] && [ -r "$l" ]; then
			x=$(grep -o "($inst) Entering [A-Z]* STATE" "$l" | tail -n1 | awk '{ print $3 }')
			[ -n "$x" ] && s=$x
		fi ;;
	esac
	printf '%s\n' "$s"
}
ka_events() { cat "$(ka_dir "$1")/events" 2>/dev/null; }

_ka_state_is() { [ "$(ka_state "$1" "$3")" = "$2" ]; }

# ka_wait_state NAME STATE SECONDS [INSTANCE]
ka_wait_state() {
	wait_for "$3" _ka_state_is "$1" "$2" "${4:-VI_1}"
}

# ka_running NAME: the parent is alive
ka_running() { kill -0 "$(ka_parent_pid "$1")" 2>/dev/null; }

# ka_term NAME: the orderly stop (the VRRP child sends priority 0 and removes
# its VIPs); waits for the parent to exit
# ka_term and ka_kill9 leave in SIGNAL_T ($EPOCHREALTIME) the moment just
# before the first signal
ka_term() {
	local p
	p=$(ka_parent_pid "$1")
	SIGNAL_T=$EPOCHREALTIME
	stop_pid "$p" TERM
}

# ka_kill9 NAME: a crash, with no priority-0 advert: the parent is stopped
# first (so it can not respawn the child, and its death can not send the
# child keepalived's parent-death SIGTERM), then the VRRP child and the
# parent get SIGKILL
ka_kill9() {
	local c p
	c=$(ka_vrrp_pid "$1") p=$(ka_parent_pid "$1")
	SIGNAL_T=$EPOCHREALTIME
	kill -STOP "$p" 2>/dev/null
	kill -KILL $c 2>/dev/null
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	return 0
}

# The log lines in which keepalived 2.2.x rejects or doubts a received advert
# (vrrp.c's receive checks): checksum, length, TTL, version, type, auth,
# interval, address count and list, unicast peer, and unknown VRIDs.
KA_COMPLAINTS='bogus|checksum|[Ii]nvalid|wrong|mismatch|packet too|unexpected|not present in MASTER|not a unicast peer|TTL/HL .* not in range|xpected .*icast|expected [0-9]+ VIPs|discarding .*icast packet|Unknown VRID|auth, expecting'

# ka_complaints NAME: print the complaints in the logs of every run of NAME;
# exit 0 when there are none
ka_complaints() {
	local logs
	mapfile -t logs <"$(ka_dir "$1")/logs"
	! grep -E -- "$KA_COMPLAINTS" "${logs[@]}"
}

# pcap_lines FILE [FILTER...]: one line per packet, link-level header, epoch
# timestamps (tcpdump -tt): "1700000000.123456 MAC > MAC, ... VRRPv3, ..."
pcap_lines() {
	local file=$1; shift
	tcpdump -r "$file" -n -e -tt "$@" 2>/dev/null
}
