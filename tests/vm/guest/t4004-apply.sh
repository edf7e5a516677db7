#!/bin/bash
# Guest side of t4004: `ipvsctl apply` of keepalived configs (the seeds' and
# Debian's samples' virtual_server blocks), with ipvsadm as the referee.
cd "$(dirname "$0")" && . ./tap.sh
FIX=../../fixtures/conf
T=$(mktemp -d)
C=ipvsctl

nfix=0
for f in "$FIX"/seed-*.conf "$FIX"/keepalived.conf.*; do
	grep -q '^[[:space:]]*virtual_server' "$f" || continue
	nfix=$((nfix + 1))
	b=${f##*/}
	ipvsadm -C
	$C apply "$f" >"$T/changes" 2>"$T/err"; rc=$?
	is "$rc" 0 "$b: apply exits 0"
	[ -s "$T/err" ] && sed 's/^/# /' "$T/err"
	like "$(head -1 "$T/changes")" '^-A ' "$b: starts by adding a service"
	# referee: ipvsadm fed the same changes makes the same table
	ipvsadm -Sn >"$T/ctl"
	ipvsadm -C
	ipvsadm -R <"$T/changes"
	ipvsadm -Sn >"$T/adm"
	same "$T/adm" "$T/ctl" "$b: ipvsadm -R of the printed changes gives the same table"
	# the table ipvsadm made is the one the file asks for
	out=$($C apply "$f" --dry-run 2>&1); rc=$?
	is "$rc:$out" "0:" "$b: a dry run after apply has nothing to do"
	out=$($C apply "$f" 2>&1); rc=$?
	is "$rc:$out" "0:" "$b: applying twice changes nothing"
	ipvsadm -Sn >"$T/again"
	same "$T/ctl" "$T/again" "$b: table unchanged by the second apply"
done
ok $([ $nfix -ge 10 ]; echo $?) "$nfix configs with virtual_server blocks applied"

# seed 002, LVS-DR: the table in ipvsadm's words
ipvsadm -C
$C apply "$FIX/seed-002-lvs-dr.conf" >/dev/null
is "$(ipvsadm -Sn)" "-A -t 192.0.2.100:80 -s rr
-a -t 192.0.2.100:80 -r 192.0.2.132:80 -g -w 1
-a -t 192.0.2.100:80 -r 192.0.2.133:80 -g -w 1" "seed 002 LVS-DR: the table ipvsadm shows"

# one weight changed in the file: exactly one entry changes
cp "$FIX/keepalived.conf.sample" "$T/k.conf"
ipvsadm -C
$C apply "$T/k.conf" >/dev/null
ipvsadm -Sn >"$T/before"
awk 'done == 0 && $1 == "weight" { $2 = $2 + 5; done = 1 } { print }' "$FIX/keepalived.conf.sample" >"$T/k.conf"
out=$($C apply "$T/k.conf" --dry-run)
is "$(printf '%s\n' "$out" | wc -l)" 1 "one weight changed: the dry run shows one change"
like "$out" '^-e -t .* -r .* -w [0-9]+' "one weight changed: it is an -e"
ipvsadm -Sn >"$T/mid"
same "$T/before" "$T/mid" "a dry run changes nothing"
$C apply "$T/k.conf" >/dev/null; ok $? "apply of the changed file"
ipvsadm -Sn >"$T/after"
is "$(diff -u "$T/before" "$T/after" | grep -c '^[-+]-[aA]')" 2 "exactly one line of ipvsadm -Sn differs"

# a real server removed, a service the file does not name deleted
$C apply "$FIX/seed-002-lvs-dr.conf" >/dev/null
awk '/^real_server 192.0.2.133/ { skip = 1; depth = 0 }
     skip { depth += split($0, a, "{") - split($0, b, "}"); if (depth <= 0) skip = 0; next }
     { print }' "$FIX/seed-002-lvs-dr.conf" >"$T/k2.conf"
$C -A -t 203.0.113.250:80 -s rr
out=$($C apply "$T/k2.conf")
like "$out" '^-D -t 203\.0\.113\.250:80$' "a service not in the file is deleted"
like "$out" '^-d -t 192.0.2.100:80 -r 192.0.2.133:80$' "the removed real server is deleted"
is "$(printf '%s\n' "$out" | wc -l)" 2 "and nothing else"
is "$($C apply "$T/k2.conf" --dry-run)" "" "then nothing to do"
# --keep-others: services the file does not name are left alone (kube-proxy's,
# another keepalived's, a hand-made one)
$C -A -t 203.0.113.250:80 -s rr
$C -a -t 203.0.113.250:80 -r 198.51.100.9:80 -m -w 3
$C -d -t 192.0.2.100:80 -r 192.0.2.132:80
out=$($C apply "$T/k2.conf" --keep-others)
is "$out" "-a -t 192.0.2.100:80 -r 192.0.2.132:80 -g -w 1" "--keep-others: the file's own service is put right"
like "$(ipvsadm -Sn)" "-a -t 203.0.113.250:80 -r 198.51.100.9:80 -m -w 3" "--keep-others: the other service and its real server stay"
is "$($C apply "$T/k2.conf" --keep-others --dry-run)" "" "--keep-others: then nothing to do"
is "$($C apply "$T/k2.conf" --dry-run)" "-D -t 203.0.113.250:80" "without it, the other service would be deleted"
$C -D -t 203.0.113.250:80

# global_defs lvs_timeouts: set when they differ, then left alone
ipvsadm --set 900 120 300
printf 'global_defs {\n lvs_timeouts tcp 7200 udp 250\n}\nvirtual_server 192.0.2.7 80 {\n}\n' >"$T/to.conf"
out=$($C apply "$T/to.conf" --dry-run | head -1)
is "$out" "--set 7200 0 250" "lvs_timeouts: the dry run shows --set (0: unchanged)"
$C apply "$T/to.conf" >/dev/null
is "$(ipvsadm -L --timeout)" "Timeout (tcp tcpfin udp): 7200 120 250" "lvs_timeouts reach the kernel"
is "$($C apply "$T/to.conf")" "" "lvs_timeouts: applying again changes nothing"

# configuration errors: 78, FILE:LINE, table unchanged
ipvsadm -Sn >"$T/before"
printf 'virtual_server 192.0.2.1 80 {\n  lb_algo rr\n  bogus_keyword 1\n}\n' >"$T/bad.conf"
err=$($C apply "$T/bad.conf" 2>&1); rc=$?
is "$rc" 78 "unknown keyword in virtual_server: exit 78"
like "$err" "bad.conf:3: .*bogus_keyword" "the message names file, line and word"
printf 'virtual_server 192.0.2.1 80 {\n real_server 198.51.100.1 80 {\n }\n}\nvirtual_server 192.0.2.1 80 {\n}\n' >"$T/dup.conf"
err=$($C apply "$T/dup.conf" 2>&1); rc=$?
is "$rc" 78 "a service defined twice: exit 78"
like "$err" "dup.conf:5: TCP 192.0.2.1:80 is already defined" "the message names the second definition"
err=$($C apply "$T/bad.conf" -t 2>&1); rc=$?
is "$rc" 78 "apply -t of a bad file: exit 78"
is "$($C apply "$FIX/seed-002-lvs-dr.conf" -t)" "$FIX/seed-002-lvs-dr.conf: 1 virtual services, configuration OK" "apply -t of a good file"
err=$($C apply "$T/nonexistent.conf" 2>&1); rc=$?
is "$rc" 78 "missing file: exit 78"
ipvsadm -Sn >"$T/after"
same "$T/before" "$T/after" "configuration errors leave the table alone"
rm -rf "$T"
done_testing
