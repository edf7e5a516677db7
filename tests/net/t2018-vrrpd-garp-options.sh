#!/bin/bash
# keepalived's GARP options, counted in a capture on the master itself:
#   garp_lower_prio_repeat / garp_lower_prio_delay: a master that hears a
#     lower priority sends that many rounds at once and again after the delay
#     (repeat 0: none), also after a reload that changes them;
#   garp_interval / gna_interval: gratuitous ARPs / NAs spaced by at least
#     the interval (only lower bounds are checked: a timer never fires early).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v python3 >/dev/null || skip_all "python3 not installed"
INJ=$TOP/tests/tools/vrrp-inject.py
VIP=192.0.2.100

ns_add a; ns_add x; bridge_add
ns_link a; ns_link x
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx x ip addr add 192.0.2.9/24 dev eth0
inj() { nsx x python3 "$INJ" -i eth0 --src 192.0.2.9 "$@"; }

conf() {	# lower_prio_repeat lower_prio_delay
	cat <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 200
    version 3
    advert_int 0.5
    garp_master_repeat 3
    garp_master_delay 0
    garp_lower_prio_repeat $1
    garp_lower_prio_delay $2
    virtual_ipaddress {
        $VIP/24
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 200
    version 3
    advert_int 0.5
    garp_master_repeat 3
    garp_master_delay 0
    garp_interval 0.2
    virtual_ipaddress {
        192.0.2.120/24
        192.0.2.121/24
    }
}
vrrp_instance VI_6 {
    interface eth0
    virtual_router_id 53
    priority 200
    version 3
    advert_int 0.5
    garp_master_repeat 3
    garp_master_delay 0
    gna_interval 0.3
    virtual_ipaddress {
        fe80::53/64
        2001:db8::53/64
    }
}
EOC
}
P="$T_TMP/a.pcap"
garps() { capture_show "$P" arp | grep -c "who-has $1 .*tell $1,"; }
count_is() { [ "$(garps "$1")" = "$2" ]; }
# first to last frame matching REGEX, in ms
spread_ms() { tcpdump -r "$P" -n -tt "${@:2}" 2>/dev/null | grep -E "$1" |
	awk 'NR == 1 { f = $1 } { l = $1 } END { printf "%d", (l - f) * 1000 }'; }

conf 2 2 > "$T_TMP/a.conf"
capture_start a eth0 "$P" arp or icmp6
vr_start a -f "$T_TMP/a.conf"
for i in VI_1 VI_2 VI_6; do check "$i MASTER" wait_for 15 vr_is a MASTER $i; done
check "VI_1: 3 GARPs on becoming master" wait_for 10 count_is $VIP 3

# one lower-priority advert: 2 rounds at once, 2 more after 2 s
inj --vrid 51 --prio 50 --addr $VIP
check "lower priority heard" wait_for 5 vr_stat_is a lower_prio_rx 1 VI_1
check "VI_1: 2 at once and 2 after garp_lower_prio_delay (3 + 4)" wait_for 10 count_is $VIP 7
sleep 3
is "$(garps $VIP)" 7 "VI_1: no more after that"

# reload: repeat 0 means none, the delay alone does nothing
conf 0 1 > "$T_TMP/a.conf"
vr_ctl a reload >/dev/null
inj --vrid 51 --prio 50 --addr $VIP
check "lower priority heard again" wait_for 5 vr_stat_is a lower_prio_rx 2 VI_1
sleep 3
is "$(garps $VIP)" 7 "VI_1: garp_lower_prio_repeat 0: no GARP"
is "$(vr_state a VI_1)" MASTER "VI_1 still MASTER"

# VI_2: 3 rounds of 2 VIPs, 0.2 s between GARPs: 6 GARPs over >= 1 s
check "VI_2: 3 GARPs for each VIP" sh -c "[ $(garps 192.0.2.120) = 3 ] && [ $(garps 192.0.2.121) = 3 ]"
ms=$(spread_ms 'who-has 192\.0\.2\.12[01] .*tell 192\.0\.2\.12[01],' arp)
diag "VI_2: first to last GARP $ms ms (garp_interval 0.2 s, 6 GARPs)"
check "VI_2: spaced by garp_interval (>= 900 ms for 5 gaps)" test "$ms" -ge 900
# VI_6: 3 rounds of 2 VIPs, 0.3 s between NAs: 6 NAs over >= 1.5 s
capture_stop
nas=$(capture_show "$P" icmp6 | grep -c 'neighbor advertisement, .*tgt is \(fe80::53\|2001:db8::53\),')
is "$nas" 6 "VI_6: 3 unsolicited NAs for each VIP"
ms=$(spread_ms 'tgt is (fe80::53|2001:db8::53),' icmp6)
diag "VI_6: first to last NA $ms ms (gna_interval 0.3 s, 6 NAs)"
check "VI_6: spaced by gna_interval (>= 1400 ms for 5 gaps)" test "$ms" -ge 1400
is "$(vr_stat a garp_errors VI_6)" 0 "VI_6: no NA failed"
done_testing
