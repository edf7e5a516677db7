#!/bin/bash
# Three routers: exactly one master at every step as the highest ones go.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b c
args=(-i eth0 --vrid 77 --vip $VIP/24 --version 3 --advert-ms 100)
vr_start a "${args[@]}" --priority 250
vr_start b "${args[@]}" --priority 150
vr_start c "${args[@]}" --priority 50
masters() { local m=""; for n in a b c; do [ "$(vr_state $n 2>/dev/null)" = MASTER ] && m="$m$n"; done; echo "$m"; }
check "a (250) MASTER" wait_for 10 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP
check "c BACKUP" wait_for 5 vr_is c BACKUP
sleep 0.5
is "$(masters)" a "exactly one master: a"
kill -KILL "${VR_PID[a]}"
check "b (150) takes over" wait_for 10 vr_is b MASTER
sleep 0.5
is "$(masters)" b "exactly one master: b"
like "$(vr_json c instances)" '"state":"BACKUP".*"master":"192.0.2.2"' "c still BACKUP and knows b is master"
stop_pid "${VR_PID[b]}"
check "c (50) takes over" wait_for 10 vr_is c MASTER
check "c holds the VIP" has_vip c $VIP
nsx a ip addr del $VIP/24 dev eth0 2>/dev/null   # a was killed -9: its VIP stayed
vr_start a "${args[@]}" --priority 250
check "a comes back and preempts c" wait_for 10 vr_is a MASTER
check "c back to BACKUP" wait_for 5 vr_is c BACKUP
sleep 0.5
is "$(masters)" a "exactly one master: a"
done_testing
