#!/bin/bash
# Guest side of bench/hcheck-cpu.sh (runs as root inside ipvs-vm).
set -u
N=$1 SECS=$2 MODE=${3:-vm}
W=$(mktemp -d /tmp/hcb.XXXXXX)
ip link set lo up
ulimit -n 65536 2>/dev/null || ulimit -n 20000

addr() { echo "127.1.$(($1 / 250)).$(($1 % 250 + 1))"; }

# the target: one haproxy answering HTTP on :8080 (the TCP checks connect there too)
cat > $W/target.cfg <<EOF2
global
    maxconn 8000
defaults
    timeout connect 2s
    timeout client 5s
    timeout server 5s
frontend http
    mode http
    bind 0.0.0.0:8080
    http-request return status 200 content-type text/plain string "ok"
EOF2
haproxy -D -f $W/target.cfg -p $W/target.pid || exit 1
# haproxy -D leaves its parent's PID behind: the daemon is in the pidfile.
# End it, and whatever checker is still measured, however this script ends.
trap 'kill $(cat $W/target.pid 2>/dev/null) $(jobs -p) 2>/dev/null' EXIT
trap 'exit 1' INT TERM HUP

# one keepalived.conf for both hcheckd and keepalived -C (on the host, where
# there is no IPVS, hcheckd gets the same checks as named checks)
if [ "$MODE" = host ]; then
	{
		echo "global_defs {"
		echo "    hcheckd_max_inflight 20000"
		echo "}"
		for ((i = 0; i < N; i++)); do
			echo "check h$i {"
			echo "    address $(addr $i) 8080"
			echo "    HTTP_GET {"
			echo "        url {"
			echo "            path /"
			echo "            status_code 200"
			echo "        }"
			echo "        connect_timeout 2"
			echo "    }"
			echo "    delay_loop 1"
			echo "}"
			echo "check t$i {"
			echo "    address $(addr $i) 8080"
			echo "    TCP_CHECK {"
			echo "        connect_timeout 2"
			echo "    }"
			echo "    delay_loop 1"
			echo "}"
		done
	} > $W/lvs.conf
else {
	echo "global_defs {"
	echo "    hcheckd_max_inflight 20000"
	echo "}"
	echo "virtual_server 10.0.0.1 8080 {"
	echo "    delay_loop 1"
	echo "    lb_algo rr"
	echo "    lb_kind NAT"
	echo "    protocol TCP"
	for ((i = 0; i < N; i++)); do
		echo "    real_server $(addr $i) 8080 {"
		echo "        HTTP_GET {"
		echo "            url {"
		echo "                path /"
		echo "                status_code 200"
		echo "            }"
		echo "            connect_timeout 2"
		echo "        }"
		echo "    }"
	done
	echo "}"
	echo "virtual_server 10.0.0.1 8081 {"
	echo "    delay_loop 1"
	echo "    lb_algo rr"
	echo "    lb_kind NAT"
	echo "    protocol TCP"
	for ((i = 0; i < N; i++)); do
		echo "    real_server $(addr $i) 8080 {"
		echo "        TCP_CHECK {"
		echo "            connect_timeout 2"
		echo "        }"
		echo "    }"
	done
	echo "}"
} > $W/lvs.conf
fi
# haproxy's own checks over the same targets
{
	echo "global"
	echo "    maxconn 8000"
	echo "defaults"
	echo "    mode tcp"
	echo "    timeout connect 2s"
	echo "    timeout client 5s"
	echo "    timeout server 5s"
	echo "    default-server inter 1s fall 2 rise 1"
	echo "backend http_be"
	echo "    mode http"
	echo "    option httpchk GET /"
	for ((i = 0; i < N; i++)); do echo "    server h$i $(addr $i):8080 check"; done
	echo "backend tcp_be"
	echo "    mode tcp"
	for ((i = 0; i < N; i++)); do echo "    server t$i $(addr $i):8080 check"; done
	echo "listen placeholder"		# haproxy refuses to run without a listener
	echo "    bind 127.0.0.2:9"
	echo "    server none 127.0.0.2:10"
} > $W/checks.cfg

cpu() {		# sum of utime+stime (clock ticks) of the given pids
	local s=0 p f
	for p in "$@"; do
		[ -r /proc/$p/stat ] || continue
		f=$(sed 's/^.*) //' /proc/$p/stat)
		set -- $f
		s=$((s + ${12} + ${13}))
	done
	echo $s
}
busy() {	# every CPU's non-idle ticks (/proc/stat): checker, target and kernel
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
measure() {	# name pids...: CPU over SECS after 5 s of warm-up
	local name=$1; shift
	sleep 5
	local c0 c1 t0 t1 b0 b1
	c0=$(cpu "$@"); b0=$(busy); t0=$EPOCHREALTIME
	sleep "$SECS"
	c1=$(cpu "$@"); b1=$(busy); t1=$EPOCHREALTIME
	awk -v n="$name" -v c="$((c1 - c0))" -v s="$((b1 - b0))" -v hz=100 -v a="$t0" -v b="$t1" -v N="$N" \
		'BEGIN { cs = c / hz; ss = s / hz; el = b - a; checks = 2 * N * el;
		         printf "%-12s cpu %.2f s in %.1f s = %.1f%% of a core, %.1f us per check; whole system %.1f us per check\n",
		                n, cs, el, 100 * cs / el, 1e6 * cs / checks, 1e6 * ss / checks }'
}

echo "# $N HTTP + $N TCP targets, 1 s interval, ${SECS} s window, $(nproc) CPU ($MODE)"

hcheckd -n -f $W/lvs.conf -S $W/hc.sock >$W/hc.log 2>&1 &
HP=$!
measure hcheckd $HP
up=$(hcheckd ctl -S $W/hc.sock show checks | grep -c ' UP ')
echo "#   hcheckd: $up of $((2 * N)) real servers up"
hcheckd ctl -S $W/hc.sock show checks | grep -v ' UP ' | head -3 | sed 's/^/#   /'
hcheckd ctl -S $W/hc.sock show stats | grep shared | sed 's/^/#   /'

kill $HP; wait $HP 2>/dev/null
if [ "$MODE" = vm ]; then
ipvsadm -C
keepalived -C -n -f $W/lvs.conf -p $W/ka.pid -c $W/kac.pid >$W/ka.log 2>&1 &
KP=$!
sleep 2
KC=$(cat $W/kac.pid 2>/dev/null)
echo "#   keepalived pids $KP $KC: $(cat /proc/$KP/stat 2>/dev/null | cut -d' ' -f1-3) / $(cat /proc/$KC/stat 2>/dev/null | cut -d' ' -f1-3)"
measure keepalived $KP $KC
echo "#   keepalived: $(ipvsadm -Ln | grep -c -- '->') real servers in the table"
kill $KP; wait $KP 2>/dev/null
ipvsadm -C
fi

haproxy -f $W/checks.cfg -db >$W/hap.log 2>&1 &
PP=$!
measure haproxy $PP
kill $PP 2>/dev/null || { echo "# haproxy died:"; tail -5 $W/hap.log; }; wait $PP 2>/dev/null
kill "$(cat $W/target.pid)"
rm -rf "$W"
