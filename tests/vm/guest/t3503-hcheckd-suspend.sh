#!/bin/bash
# Guest side of t3503: ha_suspend.  Two virtual servers over the same real
# server with the same check: 192.0.2.100 with ha_suspend, 192.0.2.101
# without (the control case).  While 192.0.2.100 is not a local address its
# checker rests (no runs, state and IPVS entry kept); when the address is
# added its checks resume and its real servers follow their health again;
# when it is removed they rest again.
cd "$(dirname "$0")" && . ./tap.sh
W=/tmp/hc3503
mkdir -p $W
sysctl -qw net.ipv4.ip_forward=1
ipvsadm -C

. ./rs.sh
rs_add 1
ip link add vip0 type dummy
ip link set vip0 up

for v in 100 101; do
	cat <<EOF2
virtual_server 192.0.2.$v 80 {
    delay_loop 0.3
    lb_algo rr
    lb_kind NAT
    protocol TCP
    $([ $v = 100 ] && echo ha_suspend)
    real_server 198.51.100.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
EOF2
done > $W/hc.conf
has_rs1() { ipvsadm -Ln -t "192.0.2.$1:80" 2>/dev/null | grep -q '198.51.100.11:80'; }
no_rs1() { ! has_rs1 "$1"; }
ctl() { hcheckd ctl -S $W/hc.sock "$@"; }
runs() {	# runs of the real server's checker under 192.0.2.$1
	ctl show check "192.0.2.$1:80/198.51.100.11:80" json | grep -o '"runs":[0-9]*' | cut -d: -f2
}

hcheckd -n -d -f $W/hc.conf -S $W/hc.sock >$W/hc.log 2>&1 &
HPID=$!
wait_until 20 has_rs1 100 && wait_until 20 has_rs1 101
ok $? "both virtual servers have rs1 (no alpha: up until checked)"
suspended() { ctl show checks | grep -q "^192.0.2.$1:80/.*(suspended: ha_suspend)\$"; }
suspended 100
ok $? "192.0.2.100 is not local: its checker is suspended"
! suspended 101
ok $? "the control's is not"
r0=$(runs 100); sleep 1.5; r1=$(runs 100)
is "$r1" "$r0" "suspended: no checker runs in 1.5 s (delay_loop 0.3)"
wait_until 10 test "$(runs 101)" -gt 0
ok $? "the control's checker runs"

stop_httpd rs1
wait_until 20 no_rs1 101
ok $? "rs1's web server stops: the control virtual server drops rs1"
sleep 1
has_rs1 100
ok $? "the suspended one keeps rs1 (its state is frozen)"

ip addr add 192.0.2.100/32 dev vip0
wait_until 20 no_rs1 100
ok $? "192.0.2.100 added: checks resume and rs1 leaves the table"
! suspended 100
ok $? "no longer suspended"
start_httpd rs1
wait_until 20 has_rs1 100 && wait_until 20 has_rs1 101
ok $? "rs1 back up: in both virtual servers"

ip addr del 192.0.2.100/32 dev vip0
wait_until 10 suspended 100
ok $? "192.0.2.100 removed: suspended again"
stop_httpd rs1
wait_until 20 no_rs1 101
ok $? "rs1 down: the control drops it"
sleep 1
has_rs1 100
ok $? "the suspended virtual server keeps it"
grep -q '\[192.0.2.100:80\] ha_suspend: address local: the checkers of its 1 real servers resume' $W/hc.log
ok $? "hcheckd logged the resumption"

kill $HPID; wait $HPID
if [ "$failed" -gt 0 ]; then sed 's/^/# /' $W/hc.log | tail -40; ipvsadm -Ln | sed 's/^/# /'; fi
done_testing
