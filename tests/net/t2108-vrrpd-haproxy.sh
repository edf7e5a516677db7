#!/bin/bash
# The seeds' recipe, contrib/haproxy-pair/ (its keepalived.conf and
# haproxy.cfg as they are), with a real haproxy (Debian's package) as the
# tracked service: vrrp_script checks the local haproxy (here with hcheckd's
# one-shot check, exit 0 when its port answers), weight -5, fall 2, rise 1;
# the master at 101 falls to 96 when its haproxy dies and the backup (100)
# takes the VIP; clients keep reaching haproxy through the VIP.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v haproxy >/dev/null || skip_all "haproxy not installed"

ns_add a; ns_add b; ns_add c; bridge_add
ns_link a; ns_link b; ns_link c
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx c ip addr add 192.0.2.3/24 dev eth0
for n in a b; do
	nsx $n ip link set lo up
	nsx $n sysctl -qw net.ipv4.ip_nonlocal_bind=1
	# the recipe's two files, the check pointed at this build's hcheckd
	cp "$TOP/contrib/haproxy-pair/haproxy.cfg" "$T_TMP/$n.haproxy.cfg"
	sed "s|/usr/sbin/hcheckd|$BIN/hcheckd|" "$TOP/contrib/haproxy-pair/keepalived.conf" >"$T_TMP/$n.conf"
	spawn $n haproxy -db -f "$T_TMP/$n.haproxy.cfg"
	eval "HAP_$n=\$SPAWNED_PID"
	vr_start $n -f "$T_TMP/$n.conf" --config-id $n
done
check "a (101) MASTER" wait_for 15 vr_is a MASTER
check "b (100) BACKUP" wait_for 5 vr_is b BACKUP
check "client reaches haproxy on a through the VIP" wait_for 10 sh -c \
	"ip netns exec $(ns c) $BIN/hcheckd check http://192.0.2.100/ >/dev/null"
like "$(nsx a "$BIN/hcheckd" check http://127.0.0.1:8080/ 2>&1)" "OK" "haproxy answers on a"

stop_pid "$HAP_a"
check "a's haproxy dead: b takes over" wait_for 15 vr_is b MASTER
like "$(vr_ctl a show instances)" "BACKUP prio 96 base 101" "a at 101 - 5"
check "VIP on b" wait_for 5 has_vip b 192.0.2.100
check "client reaches haproxy on b" wait_for 10 sh -c \
	"ip netns exec $(ns c) $BIN/hcheckd check http://192.0.2.100/ >/dev/null"

spawn a haproxy -db -f "$T_TMP/a.haproxy.cfg"
check "a's haproxy back (rise 1): a preempts" wait_for 15 vr_is a MASTER
check "VIP back on a" wait_for 5 has_vip a 192.0.2.100
done_testing
