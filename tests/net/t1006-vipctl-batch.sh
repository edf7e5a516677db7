#!/bin/bash
# vipctl -b FILE: many commands on one socket; every failing line is reported
# with its line number and the rest still run.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl

ns_add a; bridge_add; ns_link a
cat >"$T_TMP/ok" <<'B'
# VIPs of the web tier
add 192.0.2.10/24 dev eth0
add 192.0.2.11 dev eth0 label eth0:web

add 2001:db8::10/64 dev eth0 nodad
add 192.0.2.10/24 dev eth0
del 192.0.2.11 dev eth0
B
check "a clean batch succeeds" nsx a "$V" -b "$T_TMP/ok"
ipa=$(ip -n "$(ns a)" -o addr show dev eth0)
like "$ipa" "inet 192.0.2.10/24" "first add done"
like "$ipa" "inet6 2001:db8::10/64" "IPv6 add done"
unlike "$ipa" "192.0.2.11/" "add then del in one batch leaves nothing"

awk 'BEGIN { for (i = 0; i < 300; i++) printf "add 198.51.%d.%d/32 dev eth0\n", 100 + int(i / 250), i % 250 + 1 }' >"$T_TMP/many"
check "300 adds from one batch" nsx a "$V" -b "$T_TMP/many"
is "$(ip -n "$(ns a)" -4 -o addr show dev eth0 | grep -c 198.51.10)" 300 "ip addr shows all 300"
check "the same batch again is a no-op" nsx a "$V" -b "$T_TMP/many"
is "$(ip -n "$(ns a)" -4 -o addr show dev eth0 | grep -c 198.51.10)" 300 "still 300, no duplicates"

cat >"$T_TMP/bad" <<'B'
add 192.0.2.20/24 dev eth0
add 192.0.2.21/33 dev eth0
add 192.0.2.22/24 dev eth9
add 192.0.2.23/24 dev eth0
B
out=$(nsx a "$V" -b "$T_TMP/bad" 2>&1); rc=$?
is "$rc" 64 "exit code of the first failing line (usage: 64)"
like "$out" "vipctl: bad:2: bad address '192.0.2.21/33': bad prefix length|/bad:2: bad address" "line 2 named"
like "$out" "unable to add 192.0.2.22/24 on eth9: No such device" "line 3's error"
like "$out" "bad:3: failed \(exit 71\)" "line 3 named"
ipa=$(ip -n "$(ns a)" -o addr show dev eth0)
like "$ipa" "192.0.2.23/24" "lines after the failures still ran"
like "$ipa" "192.0.2.20/24" "lines before them too"
check "batch from stdin" bash -c "echo 'add 192.0.2.30/32 dev eth0' | ip netns exec $(ns a) $V -b -"
like "$(ip -n "$(ns a)" -o addr show dev eth0)" "192.0.2.30/32" "stdin batch applied"
# a batch file that cannot be read runs nothing: a usage error, 64
out=$(nsx a "$V" -b "$T_TMP/missing" 2>&1); rc=$?
is "$rc" 64 "missing batch file: 64"
like "$out" "unable to read .*/missing: No such file or directory" "missing batch file: the reason"
out=$(nsx a "$V" -b "$T_TMP" 2>&1); rc=$?
is "$rc" 64 "a directory as batch file: 64, not a silent 0"
like "$out" "unable to read .*: Is a directory" "a directory as batch file: the reason"
done_testing
