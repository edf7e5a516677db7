#!/bin/bash
# vrrpd lint: the nodes' keepalived.conf files against each other.  A
# consistent pair (the LVS-DR recipe's two nodes, seed 004's NFS pair) gives
# nothing and exit 0; each planted difference gives its finding with
# FILE:LINE on both sides and exit 1.
. "$(dirname "$0")/lib.sh"
V=$BIN/vrrpd
F=tests/fixtures/conf
D=$T_TMP

node() {	# FILE PRIORITY [LINE...]: one vrrp_instance VI_1, VRID 51
	local f=$1 p=$2; shift 2
	{
		echo "vrrp_instance VI_1 {"
		echo "    interface eth0"
		echo "    virtual_router_id 51"
		echo "    priority $p"
		echo "    advert_int 1"
		echo "    authentication {"
		echo "        auth_type PASS"
		echo "        auth_pass 1111"
		echo "    }"
		for l in "$@"; do echo "    $l"; done
		echo "    virtual_ipaddress {"
		echo "        ${VIPS:-192.0.2.100/24}"
		echo "    }"
		echo "}"
	} >"$f"
}
lint() { "$V" lint "$@" 2>"$D/err"; }

out=$(lint -i d1 contrib/lvs-dr/keepalived.conf -i d2 contrib/lvs-dr/keepalived.conf); rc=$?
is "$rc" 0 "the LVS-DR recipe's two nodes: consistent, exit 0"
like "$out" "2 files, 2 instances: 0 errors, 0 warnings" "and says so"
lint "$F/seed-004-nfs-master.conf" "$F/seed-004-nfs-backup.conf" >/dev/null
is $? 0 "seed 004's NFS pair: consistent"
node "$D/a" 150; node "$D/b" 100
lint "$D/a" "$D/b" >/dev/null; is $? 0 "two hand-written nodes: consistent"

finds() {	# check name a-file b-file: the finding names both sides' FILE:LINE
	local check=$1 name=$2 out rc
	out=$(lint "$D/$3" "$D/$4"); rc=$?
	is "$rc" 1 "$name: exit 1"
	like "$out" "^$D/$3:[0-9]+: (error|warning): VRID 51: .*\(${D//./\\.}/$4:[0-9]+\) \[$check\]" \
		"$name: reported with FILE:LINE on both sides"
}
VIPS=192.0.2.101/24 node "$D/b" 100
finds vips "different VIP sets" a b
node "$D/b" 100 "version 3"
finds version "VRRPv2 and v3 on one VRID" a b
node "$D/b" 100; sed -i 's/advert_int 1/advert_int 2/' "$D/b"
finds advert "advert intervals differ" a b
node "$D/b" 100; sed -i 's/auth_pass 1111/auth_pass 2222/' "$D/b"
finds auth "passwords differ" a b
node "$D/b" 150
out=$(lint "$D/a" "$D/b"); is $? 1 "equal priorities: exit 1"
like "$out" "warning: VRID 51: priority 150 here and on .*\[priority\]" "equal priorities: a warning naming both"
node "$D/a" 255; node "$D/b" 255
like "$(lint "$D/a" "$D/b")" "error: VRID 51: priority 255 here .*two address owners" "two address owners: an error"

# unicast: peers that do not list each other, and unicast mixed with multicast
node "$D/a" 150 "unicast_src_ip 192.0.2.1" "unicast_peer {" "    192.0.2.2" "}"
node "$D/b" 100 "unicast_src_ip 192.0.2.2" "unicast_peer {" "    192.0.2.1" "}"
lint "$D/a" "$D/b" >/dev/null; is $? 0 "unicast peers listing each other: consistent"
node "$D/b" 100 "unicast_src_ip 192.0.2.2" "unicast_peer {" "    192.0.2.9" "}"
out=$(lint "$D/a" "$D/b")
like "$out" "unicast_peer does not list 192.0.2.1, the unicast_src_ip here" "a peer list without us is found"
finds unicast "unicast peers not mutual" a b
node "$D/b" 100
finds unicast "unicast on one node, multicast on the other" a b

node "$D/a" 150 "state MASTER" "nopreempt"; node "$D/b" 100
out=$(lint "$D/a" "$D/b"); is $? 1 "nopreempt with state MASTER: exit 1"
like "$out" "$D/a:[0-9]+: warning: VRID 51: nopreempt with state MASTER.*\[nopreempt\]" "nopreempt with state MASTER: found"
node "$D/a" 150
sed 's/virtual_router_id 51/virtual_router_id 52/' "$D/b" >"$D/c"
out=$(lint "$D/a" "$D/c"); is $? 1 "a VRID on one node only: exit 1"
like "$out" "VRID 51: on no other node of these files.*\[alone\]" "a VRID alone: found"

# JSON
node "$D/b" 100; sed -i 's/advert_int 1/advert_int 3/' "$D/b"
check "-j: one JSON object per finding, both places" python3 -c '
import json, sys
objs = [json.loads(l) for l in sys.stdin if l.strip()]
assert len(objs) == 1, objs
o = objs[0]
assert o["check"] == "advert" and o["severity"] == "error" and o["vrid"] == 51, o
assert [a["line"] for a in o["at"]] == [5, 5], o
' < <(lint -j "$D/a" "$D/b")

# --local: a VIP without dev outside every subnet of its interface, on this node
ns_add n; ip -n "$(ns n)" link add eth0 type veth peer name eth1; ip -n "$(ns n)" link set eth0 up
nsx n ip addr add 192.0.2.1/24 dev eth0
node "$D/a" 150; node "$D/b" 100
out=$(nsx n "$V" lint --local "$D/a" "$D/b" 2>&1); is $? 0 "--local: a VIP in eth0's subnet: consistent"
VIPS=198.51.100.100/24 node "$D/a" 150; VIPS=198.51.100.100/24 node "$D/b" 100
out=$(nsx n "$V" lint --local "$D/a" "$D/b" 2>&1); rc=$?
is "$rc" 1 "--local: a VIP outside eth0's subnets: exit 1"
like "$out" "VIP 198.51.100.100 is in no subnet of eth0's addresses.*\[subnet\]" "--local: found"
VIPS="198.51.100.100/24 dev eth0" node "$D/a" 150; VIPS="198.51.100.100/24 dev eth0" node "$D/b" 100
out=$(nsx n "$V" lint --local "$D/a" "$D/b" 2>&1); is $? 0 "--local: with dev it is deliberate: nothing"
lint "$D/a" "$D/b" >/dev/null; is $? 0 "without --local the subnet is not checked"

# bad input
lint; is $? 64 "no file: usage, 64"
lint --bogus "$D/a"; is $? 64 "unknown option: 64"
printf 'vrrp_instance VI_1 {\n    priorty 5\n}\n' >"$D/bad"
lint "$D/a" "$D/bad"; is $? 78 "a file that does not load: 78"
like "$(cat "$D/err")" "$D/bad:2: .*priorty" "with its FILE:LINE"
done_testing
