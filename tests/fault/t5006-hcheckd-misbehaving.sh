#!/bin/bash
# hcheckd against servers that turn hostile: slow-loris HTTP (a byte every
# 2 s), an endless chunked body, a TLS server whose handshake stalls, and
# garbage DNS replies, next to healthy HTTP, TCP and DNS checks.  The four
# targets answer well until the file 'misbehave' appears, so every check is
# UP first and the baseline (fds: the least of 40 samples over 2 s; VmRSS)
# is taken with all of them healthy.  Then, once they misbehave:
#   - each of the four goes DOWN within interval + fall x (timeout +
#     interval) + 3 s = 1 + 2 x (1 + 1) + 3 = 8 s;
#   - the healthy ones never leave UP (the watch stream has no DOWN for them);
#   - after 20 s of it and the targets healthy again, all seven are UP,
#     hcheckd's fds are back to the baseline and VmRSS within 2048 kB of it.
# Control: the healthy web server stopped does show as DOWN on the stream.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../net/hcheck/lib.sh"

hc_pair
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
	-subj /CN=192.0.2.2 >/dev/null 2>&1 || bail "openssl self-signed certificate"
spawn s "$PY" "$TG" http 192.0.2.2 80; WEB=$SPAWNED_PID; L1=$SPAWNED_LOG
spawn s "$PY" "$TG" slowloris 192.0.2.2 8081; L2=$SPAWNED_LOG
spawn s "$PY" "$TG" endless 192.0.2.2 8082; L3=$SPAWNED_LOG
spawn s "$PY" "$TG" stall 192.0.2.2 8443 cert.pem key.pem; L4=$SPAWNED_LOG
spawn s "$PY" "$TG" dnsgarbage 192.0.2.2 5300; L5=$SPAWNED_LOG
spawn s dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --listen-address=192.0.2.2 \
	--bind-interfaces --host-record=www.example.test,192.0.2.80 \
	--pid-file="$T_TMP/dnsmasq.pid" --user=root
for l in "$L1" "$L2" "$L3" "$L4" "$L5"; do
	wait_for 30 grep -q ready "$l" || bail "target: $(cat "$l")"
done
wait_for 10 bash -c "ip netns exec $(ns s) ss -lnu | grep -q '192.0.2.2:53 '" || bail "dnsmasq"

SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
GOOD="web tcp dns"
BAD="loris endless tlsstall dnsbad"
spawn c "$H" -n -S "$SOCK" --interval 1s --rise 1 --fall 2 \
	--check "web=http://192.0.2.2/ -t 1s" \
	--check "tcp=tcp://192.0.2.2:80 -t 1s" \
	--check "dns=dns://192.0.2.2/www.example.test?type=A -t 1s" \
	--check "loris=http://192.0.2.2:8081/ -t 1s" \
	--check "endless=http://192.0.2.2:8082/ -t 1s" \
	--check "tlsstall=https://192.0.2.2:8443/ -t 1s" \
	--check "dnsbad=dns://192.0.2.2:5300/www.example.test?type=A -t 1s"
HPID=$SPAWNED_PID
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start"
state() { ctl show check "$1" | head -1 | awk '{ print $2 }'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
all_up() { local n; for n in $GOOD $BAD; do is_state "$n" UP || return 1; done; }
check "all seven UP while the targets behave" wait_for 20 all_up
fd_floor() {	# the least fd count of 40 samples over 2 s
	local i n m=999999
	for i in $(seq 40); do
		n=$(fd_count "$HPID"); [ "$n" -lt "$m" ] && m=$n
		sleep 0.05
	done
	echo "$m"
}
spawn c "$H" ctl -S "$SOCK" watch; WLOG=$SPAWNED_LOG
wait_for 5 grep -q . "$WLOG"
nstart=$(wc -l <"$WLOG")
fd0=$(fd_floor) rss0=$(rss_kb "$HPID")	# the watch client's fd included
diag "baseline: $fd0 fds, VmRSS $rss0 kB"

touch misbehave
t0=$(date +%s%N)
declare -A TDOWN
pending=$BAD
end=$(( t0 + 30000000000 ))
while [ -n "$pending" ] && [ "$(date +%s%N)" -lt $end ]; do
	left=
	for n in $pending; do
		if is_state "$n" DOWN; then TDOWN[$n]=$(( ($(date +%s%N) - t0) / 1000000 ))
		else left="$left $n"; fi
	done
	pending=$left
	sleep 0.1
done
for n in $BAD; do
	diag "$n: $(ctl show check "$n" | head -1)"
	check "$n DOWN within 8000 ms (${TDOWN[$n]:-never} ms)" test "${TDOWN[$n]:-99999}" -le 8000
done
sleep 20
fd1=$(fd_floor) rss1=$(rss_kb "$HPID")
diag "after 20 s more of it: $fd1 fds, VmRSS $rss1 kB"
rm -f misbehave
check "the targets healthy again: all seven UP" wait_for 20 all_up
fd2=$(fd_floor) rss2=$(rss_kb "$HPID")
diag "healthy again: $fd2 fds, VmRSS $rss2 kB"
check "fds back to the baseline ($fd2 <= $fd0)" test "$fd2" -le "$fd0"
rss_within "VmRSS $rss2 kB <= $rss0 + 2048 kB" "$rss2" "$rss0" 2048
check "hcheckd alive and answering" ctl show checks
for n in $GOOD; do
	is "$(tail -n +$((nstart + 1)) "$WLOG" | grep -c "^CHECK \"$n\" DOWN")" 0 \
		"$n never left UP (no DOWN on the watch stream)"
done
diag "watch: $(tail -n +$((nstart + 1)) "$WLOG" | head -12 | tr '\n' '|')"

stop_pid "$WEB"
check "control: web DOWN once its server stops" wait_for 10 is_state web DOWN
check "control: ... and the watch stream says so" \
	wait_for 5 grep -q '^CHECK "web" DOWN' "$WLOG"
done_testing
