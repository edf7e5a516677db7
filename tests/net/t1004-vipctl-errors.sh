#!/bin/bash
# Every kind of bad input: the DESIGN.md exit code, a message naming the
# address, interface and reason, and nothing changed (ip addr before == after).
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl

ns_add a; bridge_add; ns_link a; ns_link a eth1
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx a sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1
snap() { ip -n "$(ns a)" -o addr show; }
before=$(snap)

# expect CODE REGEX DESC CMD...
expect() {
	local code=$1 re=$2 d=$3; shift 3
	local out rc
	out=$(nsx a "$@" 2>&1); rc=$?
	is "$rc" "$code" "$d: exit $code"
	like "$out" "$re" "$d: message"
}

expect 64 "vipctl: bad address '192.0.2.10/33': bad prefix length" "bad IPv4 prefix" \
	"$V" add 192.0.2.10/33 dev eth0
expect 64 "bad address '2001:db8::1/129'" "bad IPv6 prefix" "$V" add 2001:db8::1/129 dev eth0
expect 64 "bad address '192.0.2.300'" "bad address" "$V" add 192.0.2.300 dev eth0
expect 64 "unknown verb 'ad'" "unknown verb" "$V" ad 192.0.2.10 dev eth0
expect 64 "add needs 'dev IF'" "missing dev" "$V" add 192.0.2.10
expect 64 "usage: vipctl" "no verb prints usage" "$V"
expect 71 "vipctl: unable to add 192.0.2.10/24 on eth9: No such device" "unknown interface (add)" \
	"$V" add 192.0.2.10/24 dev eth9
expect 71 "unable to delete 192.0.2.1 on eth9: No such device" "unknown interface (del)" \
	"$V" del 192.0.2.1 dev eth9
expect 71 "unable to announce 192.0.2.1 on eth9: No such device" "unknown interface (garp)" \
	"$V" garp 192.0.2.1 dev eth9
expect 71 "unable to add 2001:db8::10/64 on eth1: IPv6 is disabled on eth1" "IPv6 on an interface without IPv6" \
	"$V" add 2001:db8::10/64 dev eth1
expect 77 "vipctl: add needs CAP_NET_ADMIN" "no privilege (add as nobody)" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$V" add 192.0.2.10/24 dev eth0
expect 77 "vipctl: del needs CAP_NET_ADMIN" "no privilege (del as nobody)" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$V" del 192.0.2.1/24 dev eth0
expect 77 "vipctl: garp needs CAP_NET_RAW" "no privilege (garp as nobody)" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$V" garp 192.0.2.1 dev eth0
expect 77 "vipctl: add needs CAP_NET_ADMIN" "root without CAP_NET_ADMIN" \
	setpriv --bounding-set=-net_admin --inh-caps=-net_admin "$V" add 192.0.2.10/24 dev eth0
expect 0 "^eth0 +192.0.2.1/24" "list needs no privilege" \
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$V" list dev eth0
expect 1 "it is there already as /24" "add with another prefix than the present one" \
	"$V" add 192.0.2.1/25 dev eth0
is "$(snap)" "$before" "nothing changed by any of the above"
done_testing
