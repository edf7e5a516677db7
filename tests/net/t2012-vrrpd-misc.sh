#!/bin/bash
# Command line errors and exit codes, a VIP deleted by someone else while
# master is put back, link down/up (FAULT), an address owner (255) goes
# master at once and keeps its address, and nothing is left behind on exit.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b c

check "--help exits 0" "$VRRPD" --help
like "$("$VRRPD" --help)" "--unicast-peer" "--help lists the flags"
check_exit "no arguments: usage (64)" 64 "$VRRPD"
check_exit "--vrid 300: usage (64)" 64 "$VRRPD" -i eth0 --vrid 300 --vip $VIP
check_exit "bad --vip: usage (64)" 64 "$VRRPD" -i eth0 --vrid 1 --vip 192.0.2.300
check_exit "missing --vip: usage (64)" 64 "$VRRPD" -i eth0 --vrid 1
check_exit "v2 with 100 ms: usage (64)" 64 "$VRRPD" -i eth0 --vrid 1 --vip $VIP --advert-ms 100
check_exit "mixed families: usage (64)" 64 "$VRRPD" -i eth0 --vrid 1 --vip $VIP --vip 2001:db8::1
check_exit "unknown flag: usage (64)" 64 "$VRRPD" --frobnicate
like "$("$VRRPD" -t -i eth0 --vrid 1 --vip $VIP 2>&1)" "configuration OK" "-t checks and says so"
check_exit "no such interface: 71" 71 nsx a "$VRRPD" -n -S "$T_TMP/x.sock" -i nosuch0 --vrid 1 --vip $VIP
check_exit "ctl without a daemon: 69" 69 "$VRRPD" ctl -S "$T_TMP/none.sock" status

# a VIP removed behind our back is put back
vr_start a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --vip 192.0.2.101/24 --version 3 --advert-ms 100
check "a MASTER" wait_for 10 vr_is a MASTER
check "both VIPs present" has_vip a 192.0.2.101
nsx a ip addr del 192.0.2.101/24 dev eth0
check "a puts 192.0.2.101 back" wait_for 5 has_vip a 192.0.2.101
is "$(vr_stat a vip_readded)" 1 "counted in vip_readded"

# link down while master: FAULT (the priority-0 advert cannot leave a down
# link), the backup takes over after Master_Down_Interval; link up: back.
vr_start b -i eth0 --vrid 51 --priority 100 --vip $VIP/24 --vip 192.0.2.101/24 --version 3 --advert-ms 100
check "b BACKUP" wait_for 10 vr_is b BACKUP
nsx a ip link set eth0 down
check "a FAULT on link down" wait_for 5 vr_is a FAULT
check "b takes over" wait_for 10 vr_is b MASTER
like "$(vr_json a instances)" '"fault":\["link"\]' "show instances says why"
nsx a ip link set eth0 up
check "a comes back and preempts" wait_for 10 vr_is a MASTER
check "b BACKUP again" wait_for 10 vr_is b BACKUP
stop_pid "${VR_PID[b]}"

# address owner
stop_pid "${VR_PID[a]}"
vr_start a -i eth0 --vrid 52 --priority 255 --vip 192.0.2.1/24 --version 3 --advert-ms 100
check "priority 255 (owner) is MASTER at once" wait_for 2 vr_is a MASTER
like "$(cat "${VR_LOG[a]}")" "INIT -> MASTER \(address owner\)" "logged as owner"
stop_pid "${VR_PID[a]}"
check "the owner's own address stays after exit" has_vip a 192.0.2.1

# systemd readiness: READY=1 on $NOTIFY_SOCKET once the instances started
python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1]); s.settimeout(20)
open(sys.argv[2], "w").write(s.recv(256).decode())
' "$T_TMP/notify.sock" "$T_TMP/notify.out" &
T_PIDS+=("$!")
wait_for 30 test -S "$T_TMP/notify.sock" || diag "the notify listener did not bind"
NOTIFY_SOCKET=$T_TMP/notify.sock vr_start a -i eth0 --vrid 54 --priority 200 --vip 192.0.2.111/24 --version 3 --advert-ms 100
check "sd_notify: READY=1 sent" wait_for 10 grep -q READY=1 "$T_TMP/notify.out"
stop_pid "${VR_PID[a]}"

# capabilities: only CAP_NET_ADMIN (12) and CAP_NET_RAW (13) remain
vr_start a -i eth0 --vrid 55 --priority 200 --vip 192.0.2.112/24 --version 3 --advert-ms 100
check "MASTER" wait_for 10 vr_is a MASTER
is "$(awk '/^CapEff/ { print $2 }' /proc/${VR_PID[a]}/status)" 0000000000003000 "effective capabilities: NET_ADMIN + NET_RAW only"
is "$(awk '/^CapBnd/ { print $2 }' /proc/${VR_PID[a]}/status)" 0000000000003000 "bounding set reduced too"
stop_pid "${VR_PID[a]}"

# without -n: detaches, the pidfile names the daemon
nsx a "$VRRPD" -S "$T_TMP/d.sock" -p "$T_TMP/d.pid" -i eth0 --vrid 56 --vip 192.0.2.113/24 \
	--version 3 --advert-ms 100 >"$T_TMP/d.out" 2>&1
is "$?" 0 "without -n the command returns at once, 0"
check "the detached daemon answers" wait_for 10 "$VRRPD" ctl -S "$T_TMP/d.sock" status
dpid=$(cat "$T_TMP/d.pid")
T_PIDS+=("$dpid")
check "its pidfile names a live process" kill -0 "$dpid"
is "$(cat "$T_TMP/d.out")" "" "nothing on the terminal (logs go to syslog)"
stop_pid "$dpid"
check "pidfile removed on exit" wait_for 5 test ! -e "$T_TMP/d.pid"
check_exit "without -n a start-up error still gives its exit code (71)" 71 \
	nsx a "$VRRPD" -S "$T_TMP/e.sock" -i nosuch0 --vrid 57 --vip 192.0.2.114/24

# nothing left behind by a clean exit
vr_start a -i eth0 --vrid 53 --priority 200 --vip 192.0.2.110/24 --version 3 --advert-ms 100 --use-vmac
check "a MASTER with VMAC" wait_for 10 vr_is a MASTER
before=$(nsx a ip -o addr show | grep -v 192.0.2.110 | awk '{print $2, $4}' | grep -v vrrp | sort)
stop_pid "${VR_PID[a]}"
check "no VMAC left" sh -c "! ip -n $(ns a) link show vrrp.53 2>/dev/null"
check "no VIP left" no_vip a 192.0.2.110
is "$(nsx a ip -o addr show | awk '{print $2, $4}' | sort)" "$before" "addresses as before"
check "no control socket left" test ! -e "$T_TMP/a.sock"
is "$(ip netns pids "$(ns a)" | wc -l)" 0 "no process left in a"
done_testing
