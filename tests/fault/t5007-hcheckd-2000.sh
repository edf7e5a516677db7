#!/bin/bash
# hcheckd with 2,000 checks (not the issue's 10,000: this machine is
# shared by five engineers on 2 cores), half of which start timing out:
# 1,000 TCP checks to ports 10001-11000 and 1,000 to ports 20001-21000 of
# 192.0.2.2 (each its own probe: hcheckd shares identical probes), all
# redirected by nftables in the server's namespace to one server that
# accepts and closes, all healthy until the second range is dropped.  Interval 2 s, timeout 1 s, fall 2, all starting UP
# (--no-alpha), the default cap of 1,000 probes in flight, nofile 4096
# soft and hard (a stated ceiling, whatever this shell has).  Then:
#   - all 1,000 go DOWN within interval + fall x (timeout + interval) +
#     4 s = 2 + 2 x 3 + 4 = 12 s;
#   - none of the healthy 1,000 ever leaves UP (the watch stream);
#   - 20 s later, the drop lifted, all 2,000 UP again, hcheckd's fds (the
#     least of 60 samples) within 2 of the baseline taken with all healthy,
#     VmRSS within 4096 kB of it, hcheckd answering.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/../net/hcheck/lib.sh"

hc_pair
spawn s "$PY" "$TG" accept 192.0.2.2 9000; L1=$SPAWNED_LOG
wait_for 30 grep -q ready "$L1" || bail "target 9000"
nsx s nft -f - <<'NFT' || bail "nft redirect"
table ip fl5007 {
	chain pre { type nat hook prerouting priority -100; tcp dport { 10001-11000, 20001-21000 } redirect to :9000; }
	chain in { type filter hook prerouting priority -200; }
}
NFT
N=1000
args=()
for i in $(seq -w 1 $N); do
	args+=(--check "ok$i=tcp://192.0.2.2:1$i -t 1s" --check "to$i=tcp://192.0.2.2:2$i -t 1s")
done
SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
spawn c bash -c 'ulimit -n 4096 && exec "$@"' hcheckd "$H" -n -S "$SOCK" \
	--interval 2s --rise 1 --fall 2 --no-alpha "${args[@]}"
HPID=$SPAWNED_PID
wait_for 20 test -S "$SOCK" || bail "hcheckd did not start"
# count PREFIX STATE: checks named PREFIX* in STATE
count() { ctl show checks | grep -cE "^$1[a-z]*[0-9]+ $2"; }
count_is() { [ "$(count "$1" "$2")" = "$3" ]; }
check "all 2,000 UP while both ports answer" wait_for 30 count_is '' UP $((2 * N))
spawn c "$H" ctl -S "$SOCK" watch; WLOG=$SPAWNED_LOG
wait_for 10 grep -q . "$WLOG"
sleep 2
nstart=$(wc -l <"$WLOG")
fd_floor() {
	local i n m=999999
	for i in $(seq 60); do
		n=$(fd_count "$HPID"); [ "$n" -lt "$m" ] && m=$n
		sleep 0.05
	done
	echo "$m"
}
fd0=$(fd_floor) rss0=$(rss_kb "$HPID")
diag "baseline (all healthy, watch client connected): $fd0 fds, VmRSS $rss0 kB"

nsx s nft add rule ip fl5007 in tcp dport 20001-21000 drop || bail "nft drop rule"
t0=$(date +%s%N)
check "the 1,000 on ports 20001-21000 all DOWN" wait_for 40 count_is to DOWN $N
t1=$(( ($(date +%s%N) - t0) / 1000000 ))
check "... within 12000 ms ($t1 ms, seen by polling)" test "$t1" -le 12000
diag "$(ctl show checks | grep -m2 "^to")"
fdmax=0
for i in $(seq 20); do
	n=$(fd_count "$HPID"); [ "$n" -gt "$fdmax" ] && fdmax=$n
	sleep 1
done
diag "most fds seen in 20 s of timeouts: $fdmax; VmRSS $(rss_kb "$HPID") kB"
is "$(count ok UP)" $N "the 1,000 healthy still UP"
nsx s nft flush chain ip fl5007 in
check "the drop lifted: all 2,000 UP" wait_for 30 count_is '' UP $((2 * N))
fd2=$(fd_floor) rss2=$(rss_kb "$HPID")
diag "healthy again: $fd2 fds, VmRSS $rss2 kB"
check "fds back to the baseline ($fd2 <= $fd0 + 2)" test "$fd2" -le $((fd0 + 2))
rss_within "VmRSS $rss2 kB <= $rss0 + 4096 kB" "$rss2" "$rss0" 4096
check "hcheckd alive and answering" ctl show checks
is "$(tail -n +$((nstart + 1)) "$WLOG" | grep -c '^CHECK "ok[0-9]*" DOWN')" 0 \
	"no healthy check ever DOWN on the watch stream"
is "$(tail -n +$((nstart + 1)) "$WLOG" | grep -c '^CHECK "to[0-9]*" DOWN')" $N \
	"control: the stream has the 1,000 DOWN lines of the others"
done_testing
