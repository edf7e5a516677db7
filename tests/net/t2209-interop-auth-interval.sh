#!/bin/bash
# Interop details: VRRPv2 simple-password authentication (same password: one
# master and a quiet log; a wrong one: keepalived complains and vrrpd drops
# keepalived's adverts), and VRRPv3 advert intervals that differ between the
# two (the backup learns the master's interval, RFC 5798 6.4.2, so a 100 ms
# master is replaced in well under the 3 s a 1 s backup would need alone).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
. "$(dirname "$0")/interop.sh"
ka_have || skip_all "keepalived not installed"
vr_built || skip_all "vrrpd not built"
VIP=192.0.2.100 A=192.0.2.1 B=192.0.2.2

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx a ip addr add $A/24 dev eth0
nsx b ip addr add $B/24 dev eth0
P=$T_TMP/w.pcap
capture_start sw br0 "$P" proto 112

# takeover_ms OLD NEW T: ms from OLD's last advert to NEW's first after T
# (OLD may still send one after T: T is taken before the signal)
takeover_ms() {
	local tl ta
	ta=$(pcap_lines "$P" proto 112 | awk -v t="$3" -v s=" $2 > " '$1 + 0 > t + 0 && index($0, s) && !/ prio 0,/ { print $1; exit }')
	tl=$(pcap_lines "$P" proto 112 | awk -v t="$ta" -v s=" $1 > " '$1 + 0 < t + 0 && index($0, s) && !/ prio 0,/ { x = $1 } END { print x }')
	[ -n "$tl" ] && [ -n "$ta" ] && awk -v a="$tl" -v b="$ta" 'BEGIN { printf "%d", (b - a) * 1000 }'
}
lt() { [ -n "$1" ] && [ "$1" -lt "$2" ]; }

# --- v2 PASS authentication ----------------------------------------------------
IO_ADV=1
auth=(--extra 'authentication {' --extra '	auth_type PASS' --extra '	auth_pass s3cret' --extra '}')
ka_conf rb --version 2 --priority 100 --advert 1 --vip $VIP/24 "${auth[@]}"
ka_start b rb; _ok $? "v2 auth: keepalived starts (priority 100, PASS s3cret)"
vr_start ra a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --version 2 --auth-pass s3cret
_ok $? "vrrpd starts (priority 200, same password)"
check "vrrpd is MASTER" vr_wait_state ra MASTER 15
check "keepalived is BACKUP" ka_wait_state rb BACKUP 15
check "only vrrpd advertises" one_advertiser "$P" $A
like "$(tcpdump -r "$P" -n -v src $A and proto 112 2>/dev/null | tail -n1)" 'VRRPv2, Advertisement, vrid 51, prio 200, authtype simple, intvl 1s, length 20, addrs: 192.0.2.100 auth "s3cret' \
	"vrrpd's v2 advert with the password, as tcpdump decodes it"
check "no complaints in keepalived's log" ka_complaints rb
vr_term ra
check "vrrpd stopped: keepalived MASTER" ka_wait_state rb MASTER 15
vr_start ra a -i eth0 --vrid 51 --priority 50 --vip $VIP/24 --version 2 --auth-pass s3cret
_ok $? "vrrpd restarts with priority 50"
check "vrrpd accepts keepalived's authenticated adverts: BACKUP" vr_wait_state ra BACKUP 15
check "and stays BACKUP (only keepalived advertises)" one_advertiser "$P" $B
vr_term ra
vr_start ra a -i eth0 --vrid 51 --priority 50 --vip $VIP/24 --version 2 --auth-pass wrong
_ok $? "vrrpd restarts with a wrong password"
check "vrrpd drops keepalived's adverts and becomes MASTER too" vr_wait_state ra MASTER 15
check "keepalived complains about the password" wait_for 5 grep -q 'invalid passwd' "$(ka_log rb)"
like "$(vr_ctl ra show stats json)" '"auth[a-z_]*":[1-9]' "vrrpd counts the authentication drops"
vr_term ra; ka_term rb

# --- v3: different advert intervals ------------------------------------------
IO_ADV=0.1
ka_conf ri --priority 100 --advert 1 --vip $VIP/24
ka_start b ri; _ok $? "intervals: keepalived backup configured at 1 s"
vr_start ra a -i eth0 --vrid 51 --priority 200 --vip $VIP/24 --version 3 --advert-ms 100
_ok $? "vrrpd master at 100 ms"
check "vrrpd is MASTER" vr_wait_state ra MASTER 15
check "keepalived is BACKUP" ka_wait_state ri BACKUP 15
check "keepalived learned vrrpd's interval" \
	wait_for 5 grep -q 'advertisement interval updated from 1000ms to 100ms by master' "$(ka_log ri)"
sleep 0.5
t=$(now_epoch); vr_kill9 ra
check "kill -9 vrrpd: keepalived MASTER" ka_wait_state ri MASTER 10
sleep 1
ms=$(takeover_ms $A $B "$t")
diag "keepalived took over ${ms:-?} ms after vrrpd's last advert (learned bound: 361 ms)"
check "in under 2.5 s (3.6 s with its own interval)" lt "$ms" 2500
check "no complaints in keepalived's log" ka_complaints ri
ka_term ri; nsx a ip addr del $VIP/24 dev eth0

ka_conf ri --priority 200 --advert 0.1 --vip $VIP/24
ka_start b ri; _ok $? "keepalived master at 100 ms"
vr_start ra a -i eth0 --vrid 51 --priority 100 --vip $VIP/24 --version 3 --advert-ms 1000
_ok $? "vrrpd backup configured at 1 s"
check "keepalived is MASTER" ka_wait_state ri MASTER 15
check "vrrpd is BACKUP" vr_wait_state ra BACKUP 15
sleep 1
t=$(now_epoch); ka_kill9 ri
check "kill -9 keepalived: vrrpd MASTER" vr_wait_state ra MASTER 10
sleep 1.5
ms=$(takeover_ms $B $A "$t")
diag "vrrpd took over ${ms:-?} ms after keepalived's last advert (learned bound: 361 ms)"
check "in under 2.5 s: vrrpd learned the 100 ms interval" lt "$ms" 2500
like "$(pcap_lines "$P" src $A and proto 112 | tail -n1)" "prio 100, intvl 100cs" \
	"as master vrrpd advertises its own 1 s interval"
vr_term ra
capture_stop
done_testing
