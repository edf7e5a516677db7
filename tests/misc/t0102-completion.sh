#!/bin/bash
# contrib/completion/*: sourced into bash, each completes verbs, flags and
# ctl verbs from COMP_WORDS, and instance and check names from the running
# daemon (a real vrrpd in a namespace of its own, a real hcheckd, and a fake
# hcheckd for names with ':' in them, which bash splits words at).
. "$(dirname "$0")/lib.sh"
tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export PATH=$BIN:$PATH
for f in contrib/completion/*; do . "$f"; done

# comp WORD... : what completing the last WORD offers, sorted, one line
comp() {
	local fn=_$1
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$fn" 2>/dev/null
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
}

for p in vrrpd hcheckd vipctl ipvsctl; do
	complete -p "$p" 2>/dev/null | grep -q "_$p $p\$"; ok $? "$p: complete -F _$p is registered"
done

is "$(comp vrrpd c)" "ctl" "vrrpd c -> ctl"
is "$(comp vrrpd --vr)" "--vrid --vrrp-version" "vrrpd --vr -> --vrid --vrrp-version"
is "$(comp vrrpd -i eth0 --version '')" "2 3" "vrrpd --version <TAB> -> 2 3"
is "$(comp vrrpd -l '')" "stderr syslog" "vrrpd -l <TAB> -> stderr syslog"
is "$(comp vrrpd ctl '')" "-S is-master reload show status watch" "vrrpd ctl <TAB> -> the verbs"
is "$(comp vrrpd ctl show '')" "instances stats trackers" "vrrpd ctl show <TAB>"
is "$(comp vrrpd ctl show stats '')" "json" "vrrpd ctl show stats <TAB> -> json"
is "$(comp vrrpd ctl -S /nonexistent/vrrpd.sock is-master '')" "" \
	"vrrpd ctl is-master <TAB> with no daemon: nothing, no error"

is "$(comp hcheckd '')" "check ctl genhash" "hcheckd <TAB> -> check ctl genhash"
is "$(comp hcheckd --max-)" "--max-inflight --max-scripts --max-tls" "hcheckd --max-<TAB>"
is "$(comp hcheckd ctl show '')" "check checks stats" "hcheckd ctl show <TAB>"
is "$(comp hcheckd check -o '')" "agent json nagios" "hcheckd check -o <TAB>"
is "$(comp hcheckd check http)" "http:// https://" "hcheckd check http<TAB> -> URL schemes"

is "$(comp vipctl '')" "--batch --help --version -V -b -h -j -v add del garp has list move probe rs-add rs-del" \
	"vipctl <TAB> -> verbs and flags"
is "$(comp vipctl add 192.0.2.1/24 '')" "--garp --garp-interval --help dev label nodad noprefixroute preferred_lft scope valid_lft" \
	"vipctl add ADDR <TAB> -> add's keywords"
is "$(comp vipctl rs-add 192.0.2.100 '')" "--help arp dev" "vipctl rs-add ADDR <TAB> -> arp dev"
like_lo=$(comp vipctl del 192.0.2.1 dev l)
[[ " $like_lo " == *" lo "* ]]; ok $? "vipctl ... dev l<TAB> offers lo (interfaces)"

is "$(comp ipvsctl -s w)" "wlc wrr" "ipvsctl -s w<TAB> -> schedulers"
is "$(comp ipvsctl --tcp)" "--tcp-service" "ipvsctl --tcp<TAB>"
is "$(comp ipvsctl apply x.conf '')" "--dry-run --keep-others -t" "ipvsctl apply FILE <TAB>"

# check names from a real hcheckd
sock=$tmp/hc.sock
hcheckd -n -S "$sock" --check 'web=tcp://127.0.0.1:9' --check 'db-1=tcp://127.0.0.1:9' \
	>"$tmp/hc.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
is "$(comp hcheckd ctl -S "$sock" disable '')" "db-1 web" "hcheckd ctl disable <TAB> -> names from the daemon"
is "$(comp hcheckd ctl -S "$sock" show check w)" "web" "hcheckd ctl show check w<TAB> -> web"
is "$(comp hcheckd ctl -S "$sock" show check web '')" "json" "hcheckd ctl show check NAME <TAB> -> json"

# names with ':' (VIP:PORT/RIP:PORT): bash has split the word at each ':'
hcheckd() {
	printf '{"name":"192.0.2.100:80/192.0.2.11:80","state":"UP"}\n'
	printf '{"name":"192.0.2.100:80/192.0.2.12:80","state":"UP"}\n'
}
COMP_WORDS=(hcheckd ctl enable 192.0.2.100 : 80/192.0.2.1)
COMP_CWORD=5 COMP_LINE="hcheckd ctl enable 192.0.2.100:80/192.0.2.1" COMP_POINT=${#COMP_LINE}
COMPREPLY=(); _hcheckd
is "$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')" "80/192.0.2.11:80 80/192.0.2.12:80 " \
	"a name with ':' completes after the last ':' bash split at"
COMP_WORDS=(hcheckd ctl enable 192.0.2.100 :)
COMP_CWORD=4 COMP_LINE="hcheckd ctl enable 192.0.2.100:" COMP_POINT=${#COMP_LINE}
COMPREPLY=(); _hcheckd
is "$(printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ')" "80/192.0.2.11:80 80/192.0.2.12:80 " \
	"... and right after a ':'"
unset -f hcheckd

# instance names from a real vrrpd, in a network namespace of its own
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null; then
	out=$(timeout 60 unshare -n bash -c '
		set -u
		ip link set lo up
		ip link add eth0 type veth peer name eth1 && ip link set eth0 up && ip link set eth1 up
		ip addr add 192.0.2.1/24 dev eth0
		vrrpd -n -S "$1/vr.sock" -i eth0 --vrid 51 --name VI_web --vip 192.0.2.100/24 \
			>"$1/vr.log" 2>&1 &
		pid=$!
		for _ in $(seq 100); do [ -S "$1/vr.sock" ] && break; sleep 0.1; done
		. contrib/completion/vrrpd
		COMP_WORDS=(vrrpd ctl -S "$1/vr.sock" is-master "")
		COMP_CWORD=5 COMP_LINE="${COMP_WORDS[*]}" COMP_POINT=${#COMP_LINE}
		_vrrpd
		echo "${COMPREPLY[*]}"
		kill $pid; wait $pid' _ "$tmp")
	is "$out" "VI_web" "vrrpd ctl is-master <TAB> -> instance names from the daemon"
else
	echo "ok $((T_NUM += 1)) # SKIP vrrpd instance names need root for a namespace"
fi
done_testing
