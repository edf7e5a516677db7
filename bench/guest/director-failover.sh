#!/bin/bash
# Inner side of bench/director-failover.sh, as root in tests/vm/testvm:
# the LVS-DR director pair of contrib/lvs-dr/keepalived.conf (the same file
# for both implementations), once with vrrpd + hcheckd and once with
# keepalived 2.2.7 on each director, through three failovers of the master:
#   kill9  kill -9 of the master's daemons (its VIP and IPVS stay: the
#          kernel still forwards until the backup announces the VIP)
#   dead   the same and its LAN link down at once: a director that dies
#   term   SIGTERM: a clean stop, priority 0
# Measured from the client: requests every 50 ms (1 s timeout each), the
# failed ones and the longest gap between two answers; 20 long connections
# and how many still echo after the failover; the time until the backup
# holds the VIP (polled every 0.1 s).  Appends a row per run to $ROWS.
#   director-failover.sh [REPS]
cd "$(dirname "$0")" || exit 1
REPS=${1:-3}
ROWS=${ROWS:-/dev/null}
W=/tmp/dfo LOAD_MS=50
. ../../tests/vm/guest/lvs-pair.sh
pair_lan
mkconf pair 192.0.2.100 51 1
VIP=192.0.2.100

teardown() {
	signal_dir TERM d2
	ip -n d1 link set eth0 up
	for d in d1 d2; do
		ip -n $d addr del $VIP/24 dev eth0 2>/dev/null
		ip netns exec $d ipvsadm -C
		ip netns exec $d ipvsadm --stop-daemon master 2>/dev/null
		ip netns exec $d ipvsadm --stop-daemon backup 2>/dev/null
	done
}

run_one() {	# impl scenario rep
	local tag=$1-$2-$3 t0 t1 alive
	IMPL=$1
	start_dir d1 $W/pair.conf
	start_dir d2 $W/pair.conf
	if ! wait_until 60 holds d1 $VIP || ! wait_until 60 table_full d1 $VIP ||
	   ! wait_until 60 table_full d2 $VIP ||
	   ! wait_until 30 eval 'sd d1 | grep -q "^master" && sd d2 | grep -q "^backup"'; then
		echo "# $tag: the pair did not come up"; signal_dir TERM d1; teardown; return
	fi
	rm -f $W/done
	ip netns exec cl bash $W/client.sh $W $VIP 20 $tag &
	local cpid=$!
	[ "$(round $tag 1)" = 20 ] || echo "# $tag: not all 20 connections opened"
	sleep 3		# the sync daemon has sent them
	load_start $VIP
	sleep 2
	t0=$EPOCHREALTIME
	case $2 in
	kill9) signal_dir 9 d1 ;;
	dead) signal_dir 9 d1; ip -n d1 link set eth0 down ;;
	term) signal_dir TERM d1 ;;
	esac
	wait_until 60 holds d2 $VIP
	t1=$EPOCHREALTIME
	sleep 3
	load_stop "$tag" >/dev/null
	alive=$(round $tag 2)
	touch $W/done; wait $cpid
	printf '%s %s %s %s %s %s %s %.2f\n' $1 $2 $3 $LOAD_FAIL $LOAD_ALL $LOAD_GAP "${alive:-0}" \
		"$(awk -v a=$t0 -v b=$t1 'BEGIN { print b - a }')" | tee -a $ROWS
	teardown
}

echo "# impl scenario rep failed asked longest-gap-s connections-alive-of-20 vip-moved-s"
for rep in $(seq $REPS); do
	for scen in kill9 dead term; do
		for impl in ha keepalived; do run_one $impl $scen $rep; done
	done
done
exit 0
