# tests/vm/guest/lvs-pair.sh - the LVS-DR director pair of seed 002 inside
# the IPVS VM, for tests/vm/guest/t4101-director-pair.sh and
# bench/guest/director-failover.sh (sourced; bash).
#
#   pair_lan                 namespaces d1 d2 (directors, 192.0.2.1-2), rs1-3
#                            (real servers 192.0.2.11-13: busybox httpd on 80,
#                            socat echo on 7, VIPs .100 and .101 by vipctl
#                            rs-add) and cl (client, .50) on one bridge
#   mkconf NAME VIP VRID SYNC  contrib/lvs-dr/keepalived.conf for another VIP
#                            and VRID, without lvs_sync_daemon unless SYNC=1
#   start_dir D CONF         vrrpd + hcheckd in D (IMPL=keepalived: keepalived)
#   signal_dir SIG D         signal D's daemons and wait for them
#   load_start VIP / load_stop WHAT   a request every LOAD_MS ms from cl
#   client.sh / round TAG K  N long echo connections, one round of data each
PAIR_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
RECIPE=$PAIR_LIB/../../../contrib/lvs-dr/keepalived.conf
W=${W:-/tmp/dpair}
IMPL=${IMPL:-ha}
LOAD_MS=${LOAD_MS:-200}
rm -rf $W; mkdir -p $W
trap 'echo 1 > $W/done' EXIT

pair_lan() {
	local h i
	ip link add lan type bridge
	ip link set lan up
	for h in d1 d2 rs1 rs2 rs3 cl; do
		ip netns add $h
		ip link add $h-p type veth peer name eth0 netns $h
		ip link set $h-p master lan up
		ip -n $h link set lo up
		ip -n $h link set eth0 up
	done
	ip -n d1 addr add 192.0.2.1/24 dev eth0
	ip -n d2 addr add 192.0.2.2/24 dev eth0
	ip -n cl addr add 192.0.2.50/24 dev eth0
	for i in 1 2 3; do
		ip -n rs$i addr add 192.0.2.1$i/24 dev eth0
		ip netns exec rs$i vipctl rs-add 192.0.2.100
		ip netns exec rs$i vipctl rs-add 192.0.2.101
		mkdir -p $W/rs$i
		echo rs$i > $W/rs$i/index.html
		ip netns exec rs$i busybox httpd -p 80 -h $W/rs$i
		ip netns exec rs$i socat TCP-LISTEN:7,fork,reuseaddr EXEC:cat </dev/null >/dev/null 2>&1 &
	done
}

wait_until() {	# seconds cmd...
	local t=0 lim=$(($1 * 10)); shift
	until "$@"; do t=$((t + 1)); [ $t -lt $lim ] || return 1; sleep 0.1; done
}
holds() { ip -n "$1" -o addr show dev eth0 | grep -q " $2/"; }	# director VIP
rs_in() {	# director VIP:PORT RS: the real server is in that table
	ip netns exec "$1" ipvsadm -Ln -t "$2" 2>/dev/null | awk -v r="$3" '$1 == "->" && $2 == r { f = 1 } END { exit !f }'
}
table_full() {	# director VIP: all six real servers in
	local p r
	for p in 80 7; do for r in 11 12 13; do rs_in "$1" "$2:$p" "192.0.2.$r:$p" || return 1; done; done
}
sd() { ip netns exec "$1" ipvsadm -L --daemon; }

mkconf() {
	sed -e "s/192\.0\.2\.100/$2/g" -e "s/virtual_router_id 51/virtual_router_id $3/" \
	    -e "s/ id 51\$/ id $3/" $RECIPE >$W/$1.conf
	[ "$4" = 1 ] || sed -i '/lvs_sync_daemon/d' $W/$1.conf
}
start_dir() {	# director conf
	if [ "$IMPL" = keepalived ]; then
		# keepalived's parent, VRRP and checker processes; -i as vrrpd's --config-id
		ip netns exec "$1" keepalived -n -D -f "$2" -i "$1" -p $W/$1-ka.pid \
			-r $W/$1-ka-vrrp.pid -c $W/$1-ka-chk.pid >>$W/$1-ka.log 2>&1 &
		echo $! >$W/$1-main.pid
		return
	fi
	ip netns exec "$1" vrrpd -n -f "$2" --config-id "$1" -S $W/$1-vrrpd.sock \
		>>$W/$1-vrrpd.log 2>&1 &
	echo $! >$W/$1-main.pid
	ip netns exec "$1" hcheckd -n -f "$2" -S $W/$1-hc.sock >>$W/$1-hc.log 2>&1 &
	echo $! >>$W/$1-main.pid
}
signal_dir() {	# signal director: its daemons (keepalived: all three processes)
	local p pids
	pids=$(cat $W/$2-main.pid)
	if [ "$IMPL" = keepalived ] && [ "$1" = 9 ]; then
		# children first: they ask for SIGTERM when their parent dies
		# (PR_SET_PDEATHSIG) and would clean up as on a clean stop
		pids="$(cat $W/$2-ka-vrrp.pid $W/$2-ka-chk.pid 2>/dev/null) $pids"
	fi
	for p in $pids; do kill -"$1" "$p" 2>/dev/null; done
	for p in $(cat $W/$2-main.pid); do wait "$p" 2>/dev/null; done
	# keepalived's children, if the parent went first
	for p in $pids; do while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; done
}

# the client's long connections: one bash holding N sockets; round K: each
# connection sends "rK-c" and must read it back within 3 s
cat >$W/client.sh <<'CLIENT'
trap '' PIPE
W=$1 VIP=$2 N=$3 TAG=$4
for c in $(seq $N); do exec {fd}<>/dev/tcp/$VIP/7 && fds[$c]=$fd; done
k=1
while :; do
	while [ ! -e $W/$TAG.round.$k ] && [ ! -e $W/done ]; do sleep 0.1; done
	[ -e $W/done ] && exit 0
	ok=0
	for c in $(seq $N); do
		[ -n "${fds[$c]:-}" ] || continue
		echo "r$k-$c" >&${fds[$c]} 2>/dev/null
		if read -t 3 l <&${fds[$c]} && [ "$l" = "r$k-$c" ]; then ok=$((ok + 1)); fi
	done
	echo $ok >$W/$TAG.result.$k.tmp && mv $W/$TAG.result.$k.tmp $W/$TAG.result.$k
	k=$((k + 1))
done
CLIENT
round() {	# tag K: the number of connections that answered round K
	touch $W/$1.round.$2
	wait_until 120 test -e $W/$1.result.$2 && cat $W/$1.result.$2
}

# new requests during a failover: one every LOAD_MS ms, each line
# "EPOCHREALTIME ok|fail"
load_start() {
	rm -f $W/load.stop $W/load.out
	ip netns exec cl bash -c "while [ ! -e $W/load.stop ]; do
		if timeout 1 busybox wget -q -O /dev/null http://$1/ 2>/dev/null; then r=ok; else r=fail; fi
		echo \"\$EPOCHREALTIME \$r\"; sleep $(awk "BEGIN { print $LOAD_MS / 1000 }"); done" >$W/load.out &
	LOADPID=$!
}
load_stop() {	# what: leaves LOAD_FAIL, LOAD_ALL, LOAD_GAP (longest s between answers)
	touch $W/load.stop
	wait $LOADPID
	LOAD_ALL=$(wc -l <$W/load.out)
	LOAD_FAIL=$(grep -c fail $W/load.out)
	LOAD_GAP=$(awk '$2 == "ok" { if (p && $1 - p > g) g = $1 - p; p = $1 } END { printf "%.2f", g }' $W/load.out)
	echo "# new requests during $1: $LOAD_FAIL failed of $LOAD_ALL, longest gap between answers $LOAD_GAP s"
	echo "$1: $LOAD_FAIL failed of $LOAD_ALL, longest gap $LOAD_GAP s" >>$W/summary
}
