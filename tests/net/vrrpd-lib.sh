# tests/net/vrrpd-lib.sh - helpers for the vrrpd tests (sourced after lib.sh).
#
#   vr_start NAME ARGS...   vrrpd -n in namespace NAME, control socket
#                           $T_TMP/NAME.sock; PID in VR_PID[NAME], log in VR_LOG[NAME]
#   vr_ctl NAME VERB...     vrrpd ctl against NAME's daemon
#   vr_state NAME [INST]    state of instance INST (default: the first)
#   vr_field NAME KEY [INST] a field of show instances json / show stats json
#   has_vip NAME ADDR       the address is on some interface in NAME
#   vr_lan [-6] NAME...     namespaces on one bridge, the N-th with eth0
#                           192.0.2.N/24 (-6: 2001:db8::N/64 as well)
#   vr_inst NAME VRID [LINE...]  a vrrp_instance block on eth0, fast adverts
VRRPD=$BIN/vrrpd
declare -A VR_PID VR_LOG

vr_start() {
	local n=$1; shift
	rm -f "$T_TMP/$n.sock"
	spawn "$n" "$VRRPD" -n -S "$T_TMP/$n.sock" "$@"
	VR_PID[$n]=$SPAWNED_PID
	VR_LOG[$n]=$SPAWNED_LOG
	wait_for 10 test -S "$T_TMP/$n.sock" || diag "vrrpd in $n did not start: $(cat "$SPAWNED_LOG")"
}

vr_ctl() {
	local n=$1; shift
	"$VRRPD" ctl -S "$T_TMP/$n.sock" "$@"
}

# vr_json NAME what [INST]: the JSON line of instance INST (or the first)
vr_json() {
	if [ -n "${3:-}" ]; then
		vr_ctl "$1" show "$2" json | grep -F "\"name\":\"$3\""
	else
		vr_ctl "$1" show "$2" json | head -1
	fi
}

vr_state() { vr_json "$1" instances "${2:-}" | sed -n 's/.*"state":"\([A-Z]*\)".*/\1/p'; }

# vr_stat NAME KEY [INST]: a counter of show stats json (drops: "rx_drop.ttl" -> "ttl")
vr_stat() { vr_json "$1" stats "${3:-}" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2; }

# vr_stat_is NAME KEY VALUE [INST]: the counter is VALUE (for wait_for: read anew each try)
vr_stat_is() { [ "$(vr_stat "$1" "$2" "${4:-}")" = "$3" ]; }
vr_is() { [ "$(vr_state "$1" "${3:-}")" = "$2" ]; }

has_vip() { nsx "$1" ip -o addr show | grep -q " ${2%/*}/"; }
no_vip() { ! has_vip "$@"; }

# vr_follow NAME SOCK: vrrpd NAME with instance VI_1 (VRID 51, priority 100,
# 192.0.2.100/24) tracking the hcheckd checks "db" (down: FAULT) and "web"
# (down: priority -20) over the control socket SOCK
vr_follow() {
	cat > "$T_TMP/$1.conf" <<EOC
global_defs {
    hcheckd_socket $2
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_check {
        db
        web weight -20
    }
}
EOC
	vr_start "$1" -f "$T_TMP/$1.conf"
}

# vr_inst NAME VRID [LINE...]: a vrrp_instance block on eth0 (priority 100,
# VRRPv3, 100 ms adverts, VIP 192.0.2.VRID/24) with each LINE added inside
vr_inst() {
	local l
	printf 'vrrp_instance %s {\n    interface eth0\n    virtual_router_id %s\n' "$1" "$2"
	printf '    priority 100\n    version 3\n    advert_int 0.1\n'
	printf '    virtual_ipaddress {\n        192.0.2.%s/24\n    }\n' "$2"
	for l in "${@:3}"; do printf '    %s\n' "$l"; done
	printf '}\n'
}

vr_lan() {
	local six=0 i=0 n
	[ "${1:-}" = -6 ] && { six=1; shift; }
	for n in "$@"; do ns_add "$n"; done
	bridge_add
	for n in "$@"; do
		i=$((i + 1))
		ns_link "$n"
		nsx "$n" ip addr add 192.0.2.$i/24 dev eth0
		[ $six = 1 ] && nsx "$n" ip addr add 2001:db8::$i/64 dev eth0 nodad
	done
	return 0
}
