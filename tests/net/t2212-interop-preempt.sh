#!/bin/bash
# Interop, preemption rules: nopreempt on either side (a higher-priority backup
# that must not take over a running master), and a healed split brain with
# different priorities (the master that hears a higher priority yields, the
# other answers the lower-priority advert and stays), both ways.  Adverts
# every 300 ms: "does not preempt" must survive a loaded machine, where a
# 361 ms stall (the 100 ms Master_Down_Interval) is not unheard of.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
. "$(dirname "$0")/interop.sh"
ka_have || skip_all "keepalived not installed"
vr_built || skip_all "vrrpd not built"
VIP=192.0.2.100 IO_ADV=0.3 P=$T_TMP/w.pcap

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
capture_start sw br0 "$P" proto 112
vr() { vr_start ra a -i eth0 --vrid 51 --vip $VIP/24 --advert-ms 300 --version 3 "$@"; }
isolate() { nsx sw bridge link set dev p-a-eth0 isolated "$1"; nsx sw bridge link set dev p-b-eth0 isolated "$1"; }
stays() {	# SECONDS DESC CMD...: CMD holds all along (sampled every 0.1 s)
	local n=$(( $1 * 10 )) d=$2 i; shift 2
	for i in $(seq $n); do "$@" || { _ok 1 "$d (failed after $i samples)"; return; }; sleep 0.1; done
	_ok 0 "$d"
}

# keepalived nopreempt (200) joins a running vrrpd master (100)
vr --priority 100; _ok $? "vrrpd (100) starts"
check "vrrpd MASTER" vr_wait_state ra MASTER 10
ka_conf rb --priority 200 --advert 0.3 --vip $VIP/24 --nopreempt
ka_start b rb; _ok $? "keepalived (200, nopreempt) starts"
check "keepalived BACKUP" ka_wait_state rb BACKUP 10
stays 2 "keepalived does not preempt; vrrpd stays MASTER" eval '[ "$(vr_state ra)" = MASTER ] && [ "$(ka_state rb)" = BACKUP ]'
check "only vrrpd advertises" one_advertiser "$P" 192.0.2.1
vr_term ra
check "SIGTERM vrrpd: keepalived MASTER" ka_wait_state rb MASTER 10

# vrrpd --nopreempt (200) joins a running keepalived master (100)
ka_term rb
ka_conf rb --priority 100 --advert 0.3 --vip $VIP/24
ka_start b rb; _ok $? "keepalived (100) starts"
check "keepalived MASTER" ka_wait_state rb MASTER 10
vr --priority 200 --nopreempt; _ok $? "vrrpd (200, --nopreempt) starts"
check "vrrpd BACKUP" vr_wait_state ra BACKUP 10
stays 2 "vrrpd does not preempt; keepalived stays MASTER" eval '[ "$(vr_state ra)" = BACKUP ] && [ "$(ka_state rb)" = MASTER ]'
check "only keepalived advertises" one_advertiser "$P" 192.0.2.2
vr_term ra; ka_term rb

# split brain heals: the higher priority stays master
heal() {	# VRRPD_PRIO KEEPALIVED_PRIO WINNER(a|b) SRC
	isolate on
	ka_conf rb --priority "$2" --advert 0.3 --vip $VIP/24
	ka_start b rb; _ok $? "heal: keepalived ($2) starts"
	vr --priority "$1"; _ok $? "vrrpd ($1) starts"
	check "split brain: both MASTER" eval 'vr_wait_state ra MASTER 10 && ka_wait_state rb MASTER 10'
	isolate off
	if [ "$3" = a ]; then
		check "healed: keepalived yields" ka_wait_state rb BACKUP 10
		check "vrrpd stays MASTER" vr_wait_state ra MASTER 1
	else
		check "healed: vrrpd yields" vr_wait_state ra BACKUP 10
		check "keepalived stays MASTER" ka_wait_state rb MASTER 1
	fi
	check "only the winner advertises" one_advertiser "$P" "$4"
	check "the VIP on $3 only" wait_for 5 eval "has $3 $VIP && hasnt $([ "$3" = a ] && echo b || echo a) $VIP"
	vr_term ra; ka_term rb
}
heal 150 100 a 192.0.2.1
heal 100 150 b 192.0.2.2
check "no complaints in keepalived's log" ka_complaints rb
capture_stop
done_testing
