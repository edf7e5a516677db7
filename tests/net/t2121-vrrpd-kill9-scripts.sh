#!/bin/bash
# A notify script still running when vrrpd is killed with -9 (a crash, an
# OOM kill) does not outlive it: it gets SIGTERM at the daemon's death, as
# keepalived's scripts do (the soak benchmark found 76 such scripts left
# after 45 minutes of kill -9 restarts).  The control: the same script
# still runs while vrrpd lives.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
vr_lan a
printf '#!/bin/sh\nexec sleep 3600\n' >"$T_TMP/hang"
chmod +x "$T_TMP/hang"

vr_start a -i eth0 --vrid 61 --priority 150 --vip 192.0.2.161/24 --advert-ms 1000 \
	--notify-master "$T_TMP/hang"
check "vrrpd becomes master" wait_for 15 vr_is a MASTER
# the script execs sleep: find the sleep whose parent is vrrpd
spid=
for i in $(seq 100); do
	spid=$(pgrep -P "${VR_PID[a]}" -x sleep | head -1)
	[ -n "$spid" ] && break
	# vr_start's PID is ip netns exec, which execs vrrpd: the same PID
	sleep 0.1
done
[ -n "$spid" ]; _ok $? "its notify_master script hangs, running (pid ${spid:-none})"
sleep 1
kill -0 "${spid:-0}" 2>/dev/null; _ok $? "control: the script runs while vrrpd lives"
stop_pid "${VR_PID[a]}" KILL
check "kill -9 of vrrpd: the script is gone within 5 s" wait_for 5 sh -c "! kill -0 ${spid:-0} 2>/dev/null"
[ -n "$spid" ] && kill -KILL "$spid" 2>/dev/null
done_testing
