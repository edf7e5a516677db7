#!/bin/bash
# Every class of malformed advert, injected from a raw socket in a third
# namespace, is dropped, counted under its reason in show stats, and leaves
# the master alone; valid ones with either v3 checksum form are processed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v python3 >/dev/null || skip_all "python3 not installed"
INJ=$TOP/tests/tools/vrrp-inject.py

ns_add a; ns_add b; ns_add x; bridge_add
for n in a b x; do ns_link $n; done
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx x ip addr add 192.0.2.9/24 dev eth0
inj() { nsx x python3 "$INJ" -i eth0 --src 192.0.2.9 "$@"; }

vr_start a -i eth0 --vrid 51 --priority 200 --vip 192.0.2.100/24 --version 3 --advert-ms 100
check "a MASTER (v3)" wait_for 10 vr_is a MASTER

inj --vrid 51 --kind ttl,version,type,length,checksum,interval --count 3
for k in ttl version type length checksum interval; do
	check "v3: 3 x $k dropped and counted" wait_for 5 vr_stat_is a $k 3
done
inj --vrid 51 --kind naddr --count 2
check "v3: address count beyond the message: counted as length" wait_for 5 vr_stat_is a length 5
inj --vrid 99 --count 2
vrid_drops_are() { [ "$(vr_json a stats '*' | grep -o '"vrid":[0-9]*' | cut -d: -f2)" = "$1" ]; }
check "no instance for VRID 99: counted in the daemon's drops" wait_for 5 vrid_drops_are 2
is "$(vr_stat a adverts_rx)" 0 "none of them reached the state machine"
is "$(vr_state a)" MASTER "a is still MASTER"

# valid adverts with a lower priority, both checksum forms: processed, and
# the master answers at once (RFC 9568)
g0=$(vr_stat a garp_sent)
inj --vrid 51 --prio 50
inj --vrid 51 --prio 50 --plain
check "pseudo-header form accepted" wait_for 5 vr_stat_is a rx_checksum_pseudo 1
check "plain form accepted (RFC 9568 / Cisco)" wait_for 5 vr_stat_is a rx_checksum_plain 1
like "$(vr_json a instances)" '"checksum_rx":"plain"' "show instances says which form arrived last"
is "$(vr_stat a lower_prio_rx)" 2 "lower priority answered"
check "and GARPs sent again each time (2 x 5)" test $(( $(vr_stat a garp_sent) - g0 )) -ge 10
inj --vrid 51 --prio 50 --addr 192.0.2.77
check "different address list: counted, still processed" wait_for 5 vr_stat_is a addr_list_mismatch 1
is "$(vr_stat a adverts_rx)" 3 "three processed"

# v2: authentication and interval
vr_start b -i eth0 --vrid 52 --priority 200 --vip 192.0.2.101/24 --auth-pass secret
check "b MASTER (v2, auth PASS)" wait_for 10 vr_is b MASTER
inj --vrid 52 --version 2 --pass wrong --prio 250
inj --vrid 52 --version 2 --prio 250
check "v2: wrong password and no auth dropped as auth" wait_for 5 vr_stat_is b auth 2
inj --vrid 52 --version 2 --pass secret --interval 2 --prio 250
check "v2: other interval dropped as interval" wait_for 5 vr_stat_is b interval 1
inj --vrid 52 --version 3 --prio 250
check "v3 advert to a v2 instance dropped as version" wait_for 5 vr_stat_is b version 1
is "$(vr_state b)" MASTER "b is still MASTER"
like "$(cat "${VR_LOG[b]}")" "dropped an advert from 192.0.2.9: auth" "first drop logged"
# 4 drops within seconds; one line per 10 s (two if this machine is slow)
check "later drops not logged within 10 s" test "$(grep -c 'dropped an advert' "${VR_LOG[b]}")" -le 2

# and a valid higher-priority advert does take over: the injector is right
inj --vrid 52 --version 2 --pass secret --prio 250
check "v2: valid higher priority advert makes b BACKUP" wait_for 5 vr_is b BACKUP
inj --vrid 51 --prio 250
check "v3: valid higher priority advert makes a BACKUP" wait_for 5 vr_is a BACKUP
check "a takes over again when the injector stays silent" wait_for 10 vr_is a MASTER
done_testing
