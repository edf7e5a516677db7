#!/bin/bash
# vipctl add/del/list/has in a namespace, with `ip addr` as the referee.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl

ns_add a; bridge_add; ns_link a
ipa() { ip -n "$(ns a)" -o addr show dev eth0; }

check "add IPv4 with prefix" nsx a "$V" add 192.0.2.10/24 dev eth0
like "$(ipa)" "inet 192.0.2.10/24 brd 192.0.2.255 scope global eth0" "ip addr shows it with its broadcast"
out=$(nsx a "$V" -v add 192.0.2.10/24 dev eth0 2>&1); rc=$?
is "$rc" 0 "adding a present address succeeds"
like "$out" "192.0.2.10/24 is already on eth0" "and says so with -v"
is "$(ipa | grep -c 'inet 192.0.2.10/')" 1 "no duplicate entry"

check "add host address with label" nsx a "$V" add 192.0.2.11 dev eth0 label eth0:vip
like "$(ipa)" "inet 192.0.2.11/32 scope global eth0:vip" "label and /32"
check "add with scope link" nsx a "$V" add 192.0.2.12/32 dev eth0 scope link
like "$(ipa)" "inet 192.0.2.12/32 scope link" "scope link"
check "add with lifetimes" nsx a "$V" add 192.0.2.13/32 dev eth0 preferred_lft 100 valid_lft 200
like "$(ip -n "$(ns a)" addr show dev eth0 to 192.0.2.13)" "valid_lft [0-9]+sec preferred_lft [0-9]+sec" "lifetimes set"

check "add IPv6 nodad" nsx a "$V" add 2001:db8::10/64 dev eth0 nodad
like "$(ipa)" "inet6 2001:db8::10/64 scope global nodad" "ip addr shows IPv6 nodad"

# list: every address ip addr shows, in text and JSON
list=$(nsx a "$V" list dev eth0)
for a in 192.0.2.10/24 192.0.2.11/32 192.0.2.12/32 2001:db8::10/64; do
	like "$list" "^eth0 +$a scope" "list shows $a"
done
like "$list" "192.0.2.11/32 scope global label eth0:vip" "list shows the label"
is "$(nsx a "$V" list dev eth0 -4 | grep -c inet6)" 0 "list -4 shows no IPv6"
json=$(nsx a "$V" list -j dev eth0)
is "$(printf '%s\n' "$json" | wc -l)" "$(ipa | wc -l)" "JSON: one object per address, as many as ip addr has"
check "JSON parses" python3 -c '
import json, sys
objs = [json.loads(l) for l in sys.stdin.read().splitlines()]
v = [o for o in objs if o["local"] == "2001:db8::10"][0]
assert v["prefixlen"] == 64 and v["family"] == "inet6" and "nodad" in v["flags"], v
' <<<"$json"
like "$(nsx a "$V" list)" "^lo +127.0.0.1/8 scope host" "list without dev shows every interface"

# has
check_exit "has: present" 0 nsx a "$V" has 192.0.2.10
check_exit "has: present on dev" 0 nsx a "$V" has 192.0.2.10 dev eth0
check_exit "has: present with the right prefix" 0 nsx a "$V" has 192.0.2.10/24
check_exit "has: wrong prefix is absent" 1 nsx a "$V" has 192.0.2.10/32
check_exit "has: absent" 1 nsx a "$V" has 192.0.2.99
check_exit "has: on another interface is absent" 1 nsx a "$V" has 192.0.2.10 dev lo
check_exit "has: IPv6 present" 0 nsx a "$V" has 2001:db8::10
check_exit "has: no such interface is absent" 1 nsx a "$V" has 192.0.2.10 dev nosuch0

# del
check "del with prefix" nsx a "$V" del 192.0.2.10/24 dev eth0
unlike "$(ipa)" "192.0.2.10/" "ip addr no longer shows it"
out=$(nsx a "$V" -v del 192.0.2.10/24 dev eth0 2>&1); rc=$?
is "$rc" 0 "deleting an absent address succeeds"
like "$out" "192.0.2.10/24 is not on eth0" "and says so with -v"
check "del without prefix removes the /32" nsx a "$V" del 192.0.2.11 dev eth0
unlike "$(ipa)" "192.0.2.11/" "gone"
check_exit "del with the wrong prefix is refused" 1 nsx a "$V" del 192.0.2.12/24 dev eth0
like "$(ipa)" "192.0.2.12/32" "and the address stays"
check "del IPv6" nsx a "$V" del 2001:db8::10/64 dev eth0
unlike "$(ipa)" "2001:db8::10" "IPv6 gone"
done_testing
