#!/bin/bash
# bench/hcheck-cpu.sh - CPU per health check: hcheckd vs keepalived's checker
# (keepalived -C) vs haproxy's own checks, on the same N TCP + N HTTP targets
# at a 1 s interval, in the same run.
#
#   bench/hcheck-cpu.sh [N] [SECONDS]        (default 1000 targets of each, 20 s)
#   bench/hcheck-cpu.sh --host [N] [SECONDS] hcheckd and haproxy only, on this
#                                            machine's CPU, in a network namespace
#
# keepalived's checker needs IPVS, which the build machine lacks, so all
# three run inside ../shared/ipvs-vm (QEMU TCG: an emulated CPU, several
# times slower than bare metal - compare the ratios, not the absolute
# numbers).  The targets (an HTTP responder and a TCP listener, one haproxy
# serving 127.1.0.0/16 on lo) are not counted; each checker's CPU time is
# read from /proc/PID/stat (all of keepalived's processes) over the window.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
if [ "${1:-}" = --host ]; then
	shift
	N=${1:-1000} SECS=${2:-20}
	cd "$TOP"
	[ -x build/bin/hcheckd ] || make -j2 >/dev/null
	NS=hcbench$$
	ip netns add $NS
	trap 'ip netns pids $NS | xargs -r kill 2>/dev/null; sleep 0.5; ip netns del $NS' EXIT
	trap 'exit 1' INT TERM HUP	# so that the EXIT trap runs on a signal too
	PATH=$TOP/build/bin:$PATH ip netns exec $NS bash bench/hcheck-cpu-guest.sh "$N" "$SECS" host
	exit
fi
N=${1:-1000} SECS=${2:-20}
VM=${IPVS_VM:-$TOP/../shared/ipvs-vm/ipvs-vm}
cd "$TOP"
[ -x build/bin/hcheckd ] || make -j2 >/dev/null
exec timeout 1800 "$VM" -q --timeout 1500 --mem 1024 --add build/bin/hcheckd \
	--add /usr/sbin/keepalived --add /usr/sbin/haproxy -- bench/hcheck-cpu-guest.sh "$N" "$SECS"
