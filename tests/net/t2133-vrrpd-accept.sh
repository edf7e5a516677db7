#!/bin/bash
# accept / no_accept (Accept_Mode): with no_accept, or under vrrp_strict
# without accept, a master that does not own its VIP drops the traffic to
# it (nftables table "inet vrrpd", set vips4); with accept (the default
# outside strict mode) the VIP answers.  The table goes when vrrpd stops.
# vrrp_strict refuses authentication, preempt_delay and v2 accept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

command -v nft >/dev/null || skip_all "no nft(8)"
ns_add a; ns_add b; bridge_add
ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
conf() {	# global_defs-line instance-line
	cat <<EOC
global_defs {
    $1
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 55
    priority 150
    advert_int 1
    $2
    virtual_ipaddress {
        192.0.2.100/24
    }
}
EOC
}
pings() { nsx b ping -c 1 -W 2 192.0.2.100 >/dev/null 2>&1; }
in_set() { nsx a nft list set inet vrrpd vips4 2>/dev/null | grep -q 192.0.2.100; }
run() {	# desc global-line instance-line expect(answers|drops)
	conf "$2" "$3" > "$T_TMP/a.conf"
	vr_start a -f "$T_TMP/a.conf"
	check "$1: MASTER" wait_for 15 vr_is a MASTER
	check "$1: VIP present" wait_for 5 has_vip a 192.0.2.100
	if [ "$4" = answers ]; then
		check "$1: the VIP answers" wait_for 5 pings
		check "$1: not in the drop set" sh -c "! ip netns exec $(ns a) nft list set inet vrrpd vips4 2>/dev/null | grep -q 192.0.2.100"
	else
		check "$1: the VIP is in the drop set" in_set
		check "$1: the VIP does not answer" sh -c "! ip netns exec $(ns b) ping -c 2 -W 2 192.0.2.100"
		check "$1: the real address answers" nsx b ping -c 1 -W 2 192.0.2.1
	fi
	stop_pid "${VR_PID[a]}"
	check "$1: stopped: no vrrpd table left" sh -c "! ip netns exec $(ns a) nft list table inet vrrpd 2>/dev/null"
}
run "no_accept" "router_id t" "no_accept" drops
run "control: accept" "router_id t" "accept" answers
run "control: default" "router_id t" "" answers
run "vrrp_strict" "vrrp_strict" "" drops
run "vrrp_strict + version 3 + accept" "vrrp_strict" "version 3
    accept" answers
# vrrp_strict refuses what keepalived 2.2.7's -t refuses (it resets them)
for bad in "accept" "preempt_delay 5" "authentication {
        auth_type PASS
        auth_pass x
    }"; do
	conf vrrp_strict "$bad" > "$T_TMP/bad.conf"
	check_exit "vrrp_strict refuses ${bad%%$'\n'*}" 78 nsx a "$VRRPD" -t -f "$T_TMP/bad.conf"
	conf "router_id t" "$bad" > "$T_TMP/ok.conf"
	check "control: without vrrp_strict ${bad%%$'\n'*} passes" nsx a "$VRRPD" -t -f "$T_TMP/ok.conf"
done
done_testing
