#!/bin/bash
# Inner side of bench/hcheck-cpu.sh: runs as root inside tests/vm/testvm (MODE vm)
# or inside a fresh network namespace on this machine (MODE host).
#   hcheck-cpu.sh N [SECONDS] MODE [STANDIN.so]
# Prints one line per checker, and appends a markdown row per checker to the
# file $ROWS when it is set.  The checks counted are the TCP connections
# the checker opened in the window (ActiveOpens of this network namespace,
# where nothing else connects), so a checker that falls behind its 1 s
# interval is charged for the checks it really made.  (Not the target's
# PassiveOpens: haproxy's TCP checks reset after the SYN-ACK without ever
# completing the handshake, so the target never counts them.)
set -u
N=$1 SECS=${2:-} MODE=${3:-vm} STANDIN=${4:-}
[ -n "$SECS" ] || SECS=$((20 + N / 250))	# 24 s at N=1,000, 60 s at 10,000
W=$(mktemp -d /tmp/hcb.XXXXXX)
ip link set lo up
ulimit -n 65536 2>/dev/null || ulimit -n 20000
ROWS=${ROWS:-/dev/null}

# targets: one haproxy answering HTTP on :8080 of 127.1.0.0/16 (lo); the
# TCP checks connect there too.  N targets are 127.1.(i/250).(i%250+1).
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
trap 'kill $(cat $W/target.pid 2>/dev/null) $(jobs -p) 2>/dev/null; rm -rf $W' EXIT
trap 'exit 1' INT TERM HUP

# keepalived.conf virtual servers: N HTTP_GET on :8080, N TCP_CHECK on :8081
awk -v N="$N" 'BEGIN {
	print "global_defs {\n    hcheckd_max_inflight 20000\n}"
	for (v = 0; v < 2; v++) {
		printf "virtual_server 10.0.0.1 %d {\n    delay_loop 1\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n", 8080 + v
		for (i = 0; i < N; i++) {
			printf "    real_server 127.1.%d.%d 8080 {\n", int(i / 250), i % 250 + 1
			if (v == 0)
				print "        HTTP_GET {\n            url {\n                path /\n                status_code 200\n            }\n            connect_timeout 2\n        }"
			else
				print "        TCP_CHECK {\n            connect_timeout 2\n        }"
			print "    }"
		}
		print "}"
	}
}' > $W/lvs.conf
# the same checks as hcheckd's named checks (no IPVS on the host)
awk -v N="$N" 'BEGIN {
	print "global_defs {\n    hcheckd_max_inflight 20000\n}"
	for (i = 0; i < N; i++) {
		a = sprintf("127.1.%d.%d", int(i / 250), i % 250 + 1)
		printf "check h%d {\n    address %s 8080\n    HTTP_GET {\n        url {\n            path /\n            status_code 200\n        }\n        connect_timeout 2\n    }\n    delay_loop 1\n}\n", i, a
		printf "check t%d {\n    address %s 8080\n    TCP_CHECK {\n        connect_timeout 2\n    }\n    delay_loop 1\n}\n", i, a
	}
}' > $W/named.conf
# haproxy's own checks over the same targets.  haproxy wants a file
# descriptor per checked server besides 2 x maxconn, and this machine's hard
# limit is 20000 (no CAP_SYS_RESOURCE), so above 7,500 servers of each kind
# the checks are split over several haproxy processes (their CPU is summed).
HPARTS=$(( (2 * N + 14999) / 15000 ))
for ((k = 0; k < HPARTS; k++)); do
	awk -v N="$N" -v K="$HPARTS" -v k="$k" 'BEGIN {
	print "global\n    maxconn 1000\ndefaults\n    mode tcp\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s"
	print "    default-server inter 1s fall 2 rise 1"
	print "backend http_be\n    mode http\n    option httpchk GET /"
	for (i = k; i < N; i += K) printf "    server h%d 127.1.%d.%d:8080 check\n", i, int(i / 250), i % 250 + 1
	print "backend tcp_be\n    mode tcp"
	for (i = k; i < N; i += K) printf "    server t%d 127.1.%d.%d:8080 check\n", i, int(i / 250), i % 250 + 1
	printf "listen placeholder\n    bind 127.0.0.2:%d\n    server none 127.0.0.2:1\n", 10 + k	# haproxy needs a listener
}' > $W/checks$k.cfg
done

cpu() {		# utime+stime (clock ticks) of the given pids and their threads
	local s=0 p f
	for p in "$@"; do
		[ -r /proc/$p/stat ] || continue
		f=$(sed 's/^.*) //' /proc/$p/stat)
		set -- $f
		s=$((s + ${12} + ${13}))
	done
	echo $s
}
rss() {		# VmRSS in kB, summed over the given pids
	local s=0 p r
	for p in "$@"; do
		r=$(awk '/^VmRSS/ { print $2 }' /proc/$p/status 2>/dev/null)
		s=$((s + ${r:-0}))
	done
	echo $s
}
busy() {	# every CPU's non-idle ticks: checker, target and kernel
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
opens() {	# connections opened in this namespace (by the checker)
	awk '$1 == "Tcp:" && !h { for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next }
	     $1 == "Tcp:" { print $c["ActiveOpens"] }' /proc/net/snmp
}
# measure NAME WARMUP PIDS...: CPU over SECS once WARMUP s have passed
measure() {
	local name=$1 warm=$2; shift 2
	sleep "$warm"
	local c0 c1 t0 t1 b0 b1 o0 o1
	c0=$(cpu "$@"); b0=$(busy); o0=$(opens); t0=$EPOCHREALTIME
	sleep "$SECS"
	c1=$(cpu "$@"); b1=$(busy); o1=$(opens); t1=$EPOCHREALTIME
	W0=$t0 W1=$t1
	awk -v n="$name" -v c="$((c1 - c0))" -v s="$((b1 - b0))" -v o="$((o1 - o0))" \
	    -v hz="$(getconf CLK_TCK 2>/dev/null || echo 100)" -v a="$t0" -v b="$t1" -v N="$N" -v r="$(rss "$@")" \
	    -v mode="$MODE" -v rows="$ROWS" '
	BEGIN { cs = c / hz; ss = s / hz; el = b - a; want = 2 * N * el; if (o < 1) o = 1
		printf "%-10s cpu %.2f s in %.1f s (%.0f%% of a core); %d checks = %.0f%% of the %d/s asked; %.1f us per check, whole system %.1f us; RSS %.1f MB\n",
		       n, cs, el, 100 * cs / el, o, 100 * o / want, 2 * N, 1e6 * cs / o, 1e6 * ss / o, r / 1024
		printf "| %s | %d | %s | %.0f%% | %.1f | %.1f | %.1f |\n",
		       mode, N, n, 100 * o / want, 1e6 * cs / o, 1e6 * ss / o, r / 1024 >> rows }'
}
# warm-up: first runs are spread over the interval, and 20,000 real servers
# take keepalived a while to set up
WARM=$((5 + N / 1000))

echo "# $N HTTP + $N TCP targets, 1 s interval, ${SECS} s window, $(nproc) CPU ($MODE), load $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "$MODE" = vm ]; then
	hcheckd -n -f $W/lvs.conf -S $W/hc.sock >$W/hc.log 2>&1 &
else
	hcheckd -n -f $W/named.conf -S $W/hc.sock >$W/hc.log 2>&1 &
fi
HP=$!
measure hcheckd $WARM $HP
echo "#   hcheckd: $(hcheckd ctl -S $W/hc.sock show checks | grep -c ' UP ') of $((2 * N)) up; $(grep -c -- '-> DOWN' $W/hc.log) went down"
grep -- '-> DOWN' $W/hc.log | head -3 | sed 's/^/#   hcheckd: /'
kill $HP; wait $HP 2>/dev/null

[ "$MODE" = vm ] && ipvsadm -C
rm -f $W/standin.log
if [ "$MODE" = vm ]; then
	keepalived -C -n -l -f $W/lvs.conf -p $W/ka.pid -c $W/kac.pid >$W/ka.log 2>&1 &
else
	LD_PRELOAD=$STANDIN IPVS_STANDIN_LOG=$W/standin.log \
		keepalived -C -n -l -f $W/lvs.conf -p $W/ka.pid -c $W/kac.pid >$W/ka.log 2>&1 &
fi
KP=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -s $W/kac.pid ] && break; sleep 1; done
KC=$(cat $W/kac.pid 2>/dev/null)
measure keepalived $WARM $KP $KC
if [ "$MODE" = vm ]; then
	echo "#   keepalived: $(grep -c 'Removing service' $W/ka.log) went down; $(ipvsadm -Ln | grep -c '^  -> [0-9]') of $((2 * N)) real servers in the table"
else
	echo "#   keepalived: $(grep -c 'Removing service' $W/ka.log) went down; IPVS calls in the window: $(awk -v a="$W0" -v b="$W1" '$1 >= a && $1 <= b' $W/standin.log | wc -l) (stand-in; $(wc -l < $W/standin.log) in all)"
fi
grep -i 'error\|fail\|timeout' $W/ka.log | head -3 | sed 's/^/#   keepalived: /'
kill $KP; wait $KP 2>/dev/null
[ "$MODE" = vm ] && ipvsadm -C

PP=
for ((k = 0; k < HPARTS; k++)); do
	haproxy -f $W/checks$k.cfg -db >$W/hap$k.log 2>&1 &
	PP="$PP $!"
done
measure haproxy $WARM $PP
for p in $PP; do
	kill $p 2>/dev/null || { echo "# haproxy $p died:"; tail -3 $W/hap*.log; }
done
wait $PP 2>/dev/null
echo "#   haproxy: $(cat $W/hap*.log | grep -c 'is DOWN') went down; $HPARTS process(es)"
exit 0
