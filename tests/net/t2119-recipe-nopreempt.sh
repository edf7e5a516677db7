#!/bin/bash
# contrib/nopreempt/keepalived.conf (seed 001) as it is, on two nodes: the
# master (n1, 150) dies, n2 (100) takes over, n1 comes back and does NOT
# take the address back.  Control: the same file without nopreempt, where
# the returning n1 preempts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
R=$TOP/contrib/nopreempt/keepalived.conf
vr_lan n1 n2 obs
VIP=192.0.2.99

run() {		# conf label
	local conf=$1 what=$2
	vr_start n1 -f "$conf" --config-id n1
	check "$what: n1 (150) becomes master" wait_for 15 vr_is n1 MASTER
	vr_start n2 -f "$conf" --config-id n2
	check "$what: n2 (100) is backup" wait_for 10 vr_is n2 BACKUP
	stop_pid "${VR_PID[n1]}" KILL
	check "$what: n1 killed: n2 takes over" wait_for 15 vr_is n2 MASTER
	check "$what: the VIP is on n2" wait_for 5 has_vip n2 $VIP
	vr_start n1 -f "$conf" --config-id n1
	check "$what: n1 is back and running" wait_for 10 vr_is n1 BACKUP
}

vrrpd_ok() { nsx n1 "$VRRPD" -t -f "$R" --config-id "$1" >/dev/null; }
check "vrrpd -t accepts the recipe for n1" vrrpd_ok n1
check "and for n2" vrrpd_ok n2
out=$("$VRRPD" lint -i n1 "$R" -i n2 "$R"); is $? 0 "vrrpd lint: the two nodes agree"

run "$R" nopreempt
sleep 4		# more than Master_Down_Interval: a preemption would have happened
is "$(vr_state n1)/$(vr_state n2)" "BACKUP/MASTER" "nopreempt: n1 stays backup, n2 keeps the address"
check "nopreempt: the VIP stays on n2" has_vip n2 $VIP
no_vip n1 $VIP; is $? 0 "nopreempt: and is not on n1"
stop_pid "${VR_PID[n1]}"; stop_pid "${VR_PID[n2]}"
check "both stopped: the VIP is released" wait_for 10 no_vip n2 $VIP

# control: the same file without nopreempt
sed '/^ *nopreempt$/d' "$R" >"$T_TMP/preempt.conf"
run "$T_TMP/preempt.conf" control
check "control: without nopreempt n1 takes the address back" wait_for 15 vr_is n1 MASTER
check "control: the VIP moves back to n1" wait_for 5 has_vip n1 $VIP
done_testing
