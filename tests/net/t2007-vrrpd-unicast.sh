#!/bin/bash
# Unicast mode: adverts go to the peers, not to 224.0.0.18; an advert from
# an address that is not a configured peer is dropped and counted, unless
# --accept-nonpeer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100

vr_lan a b c d
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 100)

capture_start d eth0 "$T_TMP/d.pcap" proto 112
vr_start a "${args[@]}" --priority 200 --unicast-peer 192.0.2.2
vr_start b "${args[@]}" --priority 100 --unicast-peer 192.0.2.1 --unicast-src 192.0.2.2
check "a MASTER" wait_for 10 vr_is a MASTER
check "b BACKUP" wait_for 10 vr_is b BACKUP
check "VIP on a" has_vip a $VIP
like "$(vr_json b instances)" '"master":"192.0.2.1".*"unicast":true' "b follows a over unicast"
sleep 0.5
capture_stop
# d sees the unicast frames only because the bridge floods unknown MACs at
# first; multicast must never appear
is "$(capture_show "$T_TMP/d.pcap" | grep -c '224.0.0.18')" 0 "no multicast advert on the wire"

# a non-peer (c, 192.0.2.3) with a higher priority sends to b
vr_start c "${args[@]}" --priority 250 --unicast-peer 192.0.2.2
check "c MASTER (hears nobody)" wait_for 10 vr_is c MASTER
sleep 0.5
check "b counts c's adverts as drop 'peer'" test "$(vr_stat b peer)" -gt 0
is "$(vr_state b)" BACKUP "b still BACKUP"
like "$(vr_json b instances)" '"master":"192.0.2.1"' "b still follows a"
like "$(cat "${VR_LOG[b]}")" "dropped an advert from 192.0.2.3: peer" "logged (rate-limited)"
is "$(grep -c 'dropped an advert' "${VR_LOG[b]}")" 1 "one log line, not a flood"

# with --accept-nonpeer, b listens to c too
stop_pid "${VR_PID[b]}"
vr_start b "${args[@]}" --priority 100 --unicast-peer 192.0.2.1 --accept-nonpeer
sleep 1
is "$(vr_stat b peer)" 0 "--accept-nonpeer: nothing dropped"
check "b hears c (250) as well" test "$(vr_stat b adverts_rx)" -gt 0
stop_pid "${VR_PID[c]}"; stop_pid "${VR_PID[a]}"
check "a gone: b takes over over unicast" wait_for 10 vr_is b MASTER
done_testing
