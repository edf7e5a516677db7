#!/bin/bash
# Guest side of t4101: the LVS-DR director pair of seed 002, end to end.
# Two directors (d1, d2) run vrrpd and hcheckd from ONE keepalived.conf
# (contrib/lvs-dr/keepalived.conf, the recipe: VRRP, DR, rr, HTTP_GET and
# TCP_CHECK, lvs_sync_daemon); three real servers hold the VIP through `vipctl rs-add`
# and serve HTTP (busybox httpd) and echo (socat); one client.  Shown:
#   a. requests spread over the three real servers;
#   b. a stopped web server leaves both directors' tables and comes back;
#   c. kill -9 of the master's daemons while the client holds 20 TCP
#      connections: every one still carries data both ways afterwards
#      (connection sync), and the control run without lvs_sync_daemon on
#      another VIP shows them broken;
#   d. the old master comes back and preempts: the connections live on;
#   e. SIGTERM of the master: priority-0 handover, the same check;
#   f. new requests during each failover: how many failed (printed);
#   g. reloads that change or drop lvs_sync_daemon restart or stop it.
cd "$(dirname "$0")" && . ./tap.sh
. ./lvs-pair.sh
pair_lan
is "$(ip netns exec rs1 cat /proc/sys/net/ipv4/conf/all/arp_ignore)" 1 "real servers: vipctl rs-add set arp_ignore"

# === control: no lvs_sync_daemon, VIP 192.0.2.101 ==========================
mkconf ctl 192.0.2.101 61 0
start_dir d1 $W/ctl.conf
start_dir d2 $W/ctl.conf
wait_until 60 holds d1 192.0.2.101
ok $? "control: d1 is master of 192.0.2.101"
wait_until 60 table_full d1 192.0.2.101 && wait_until 60 table_full d2 192.0.2.101
ok $? "control: both directors' hcheckd filled the tables"
ip netns exec cl bash $W/client.sh $W 192.0.2.101 20 ctl &
CPID=$!
is "$(round ctl 1)" 20 "control: 20 connections through d1"
signal_dir 9 d1
wait_until 60 holds d2 192.0.2.101
ok $? "control: d2 takes the VIP after kill -9 of d1's daemons"
got=$(round ctl 2)
echo "# control: $got of 20 connections answered after the failover without sync"
[ "${got:-0}" -lt 20 ]
ok $? "control: without lvs_sync_daemon the connections break ($got of 20 answered)"
touch $W/done; wait $CPID; rm -f $W/done
signal_dir TERM d2
ip -n d1 addr del 192.0.2.101/24 dev eth0 2>/dev/null	# left by the kill -9
for d in d1 d2; do ip netns exec $d ipvsadm -C; done

# === the pair with lvs_sync_daemon, VIP 192.0.2.100 =========================
mkconf pair 192.0.2.100 51 1
cmp -s $RECIPE $W/pair.conf
ok $? "the pair runs contrib/lvs-dr/keepalived.conf unchanged"
ip netns exec d1 vrrpd -t -f $W/pair.conf --config-id d1 >$W/t.out 2>&1
ok $? "vrrpd -t accepts it"
[ -s $W/t.out ] && grep -qv 'configuration OK' $W/t.out && sed 's/^/# /' $W/t.out
ip netns exec d1 hcheckd -t -f $W/pair.conf >$W/t.out 2>&1
ok $? "hcheckd -t accepts it"
start_dir d1 $W/pair.conf
start_dir d2 $W/pair.conf
wait_until 60 holds d1 192.0.2.100
ok $? "d1 is master of 192.0.2.100"
holds d2 192.0.2.100
ok $((!$?)) "d2 does not hold the VIP"
wait_until 60 table_full d1 192.0.2.100 && wait_until 60 table_full d2 192.0.2.100
ok $? "both directors' tables hold the three real servers (HTTP and echo)"
wait_until 30 eval 'sd d1 | grep -q "^master sync daemon (mcast=eth0, syncid=51"'
ok $? "d1 (MASTER) runs the master sync daemon, syncid 51" || sd d1 | sed 's/^/# /'
wait_until 30 eval 'sd d2 | grep -q "^backup sync daemon (mcast=eth0, syncid=51"'
ok $? "d2 (BACKUP) runs the backup sync daemon" || sd d2 | sed 's/^/# /'

# a. spread
for k in $(seq 30); do
	ip netns exec cl timeout 3 busybox wget -q -O - http://192.0.2.100/ 2>/dev/null
done >$W/spread
is "$(sort -u $W/spread | tr '\n' ' ')" "rs1 rs2 rs3 " "a. 30 requests reach all three real servers"
is "$(wc -l <$W/spread)" 30 "a. and every one is answered"

# b. a web server stops: out of both tables within delay_loop x (retry+1)
#    plus a generous margin; back after it recovers
for p in $(ip netns pids rs2); do
	[ "$(cat /proc/$p/comm)" = busybox ] && kill $p
done
wait_until 30 eval '! rs_in d1 192.0.2.100:80 192.0.2.12:80 && ! rs_in d2 192.0.2.100:80 192.0.2.12:80'
ok $? "b. rs2's httpd stopped: rs2 leaves both directors' HTTP tables"
rs_in d1 192.0.2.100:7 192.0.2.12:7
ok $? "b. its echo service stays (TCP_CHECK still passes)"
ip netns exec rs2 busybox httpd -p 80 -h $W/rs2
wait_until 30 eval 'rs_in d1 192.0.2.100:80 192.0.2.12:80 && rs_in d2 192.0.2.100:80 192.0.2.12:80'
ok $? "b. rs2 back in both tables after its httpd restarts"

# c. kill -9 of the master's daemons, 20 connections open
ip netns exec cl bash $W/client.sh $W 192.0.2.100 20 pair &
CPID=$!
is "$(round pair 1)" 20 "c. 20 echo connections through d1"
sleep 3		# the sync daemon sends every second or so
load_start 192.0.2.100
signal_dir 9 d1
wait_until 60 holds d2 192.0.2.100
ok $? "c. d2 takes the VIP after kill -9 of d1's vrrpd and hcheckd"
wait_until 30 eval 'sd d2 | grep -q "^master sync daemon"'
ok $? "c. d2 (now MASTER) runs the master sync daemon"
is "$(round pair 2)" 20 "c. every connection still carries data both ways after the failover"
sleep 2
load_stop "kill -9 of the master"

# d. the old master comes back and preempts (priority 150 against 100)
start_dir d1 $W/pair.conf
wait_until 60 eval 'holds d1 192.0.2.100 && ! holds d2 192.0.2.100'
ok $? "d. d1 back: it preempts, and only d1 holds the VIP"
wait_until 30 eval 'sd d1 | grep -q "^master sync daemon" && sd d2 | grep -q "^backup sync daemon"'
ok $? "d. sync daemons follow: master on d1, backup on d2"
is "$(round pair 3)" 20 "d. the 20 connections still carry data after the failback"

# e. SIGTERM of the master: priority 0, d2 takes over at once
sleep 3
load_start 192.0.2.100
signal_dir TERM d1
wait_until 30 holds d2 192.0.2.100
ok $? "e. SIGTERM of d1: d2 takes the VIP"
holds d1 192.0.2.100
ok $((!$?)) "e. d1 released the VIP on its way out"
is "$(sd d1)" "" "e. d1 stopped its sync daemon at exit"
is "$(round pair 4)" 20 "e. the 20 connections still carry data after the handover"
sleep 2
load_stop "SIGTERM of the master"

# g. a reload that changes the sync settings restarts the daemon with
#    them; one without lvs_sync_daemon stops it (d2 is master now)
sed -i 's/ id 51$/ id 52/' $W/pair.conf
ip netns exec d2 vrrpd ctl -S $W/d2-vrrpd.sock reload >/dev/null
wait_until 30 eval 'sd d2 | grep -q "^master sync daemon (mcast=eth0, syncid=52"'
ok $? "g. reload with id 52: d2's master sync daemon restarted with syncid 52" || sd d2 | sed 's/^/# /'
sed -i '/lvs_sync_daemon/d' $W/pair.conf
ip netns exec d2 vrrpd ctl -S $W/d2-vrrpd.sock reload >/dev/null
wait_until 30 eval '[ -z "$(sd d2)" ]'
ok $? "g. reload without lvs_sync_daemon: the sync daemon is stopped"
holds d2 192.0.2.100
ok $? "g. and d2 is still master through both reloads"

# f. printed above and here, for the benchmark's reader
sed 's/^/# f. /' $W/summary
touch $W/done
wait $CPID
signal_dir TERM d2
if [ "$failed" -gt 0 ]; then
	for f in $W/*.log; do echo "# --- $f"; tail -n 25 $f | sed 's/^/# /'; done
fi
done_testing
