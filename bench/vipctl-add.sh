#!/bin/bash
# bench/vipctl-add.sh [N] - add N addresses (default 1000) in one namespace:
# vipctl vs iproute2, one process per address and one batch file, in the same
# run.  Prints milliseconds (median of 3) and the ratios ip/vipctl (>1: vipctl
# is faster).  Not part of `make check`.
set -u
N=${1:-1000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
V=$TOP/${BUILD:-build}/bin/vipctl
NS=bench-vip-$$
ip netns add $NS || exit 1
trap 'ip netns del $NS' EXIT
ip -n $NS link add d0 type veth peer name d1
ip -n $NS link set d0 up; ip -n $NS link set d1 up

addrs() { for i in $(seq 0 $((N - 1))); do echo "198.51.$((100 + i / 250)).$((i % 250 + 1))/32"; done; }
addrs | sed 's|^|add |; s|$| dev d0|' >/tmp/$NS.vip
addrs | sed 's|^|addr add |; s|$| dev d0|' >/tmp/$NS.ip

ms() { local t0=$(date +%s%N); "$@" >/dev/null 2>&1; echo $(( ($(date +%s%N) - t0) / 1000000 )); }
flush() { ip -n $NS addr flush dev d0; }
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
each_vip() { while read -r a; do ip netns exec $NS "$V" add "$a" dev d0; done < <(addrs); }
each_ip() { while read -r a; do ip netns exec $NS ip addr add "$a" dev d0; done < <(addrs); }

declare -A r
for what in each_vip each_ip batch_vip batch_ip; do
	runs=()
	for k in 1 2 3; do
		flush
		case $what in
		each_vip) runs+=("$(ms each_vip)") ;;
		each_ip) runs+=("$(ms each_ip)") ;;
		batch_vip) runs+=("$(ms ip netns exec $NS "$V" -b /tmp/$NS.vip)") ;;
		batch_ip) runs+=("$(ms ip -n $NS -batch /tmp/$NS.ip)") ;;
		esac
		got=$(ip -n $NS -4 -o addr show dev d0 | wc -l)
		[ "$got" -eq "$N" ] || echo "warning: $what left $got addresses, not $N" >&2
	done
	r[$what]=$(median "${runs[@]}")
done
rm -f /tmp/$NS.vip /tmp/$NS.ip
printf '%-36s %8s %8s %s\n' "add $N addresses" vipctl ip "ip/vipctl"
printf '%-36s %8s %8s %.2f\n' "one process per address (ms)" "${r[each_vip]}" "${r[each_ip]}" \
	"$(awk -v a="${r[each_ip]}" -v b="${r[each_vip]}" 'BEGIN { print a / b }')"
printf '%-36s %8s %8s %.2f\n' "one batch file (ms)" "${r[batch_vip]}" "${r[batch_ip]}" \
	"$(awk -v a="${r[batch_ip]}" -v b="${r[batch_vip]}" 'BEGIN { print a / (b ? b : 1) }')"
