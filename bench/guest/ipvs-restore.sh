#!/bin/bash
# Guest side of bench/ipvs-restore.sh (see there).
set -u
S=${1:-1000} D=${2:-5}
gen() {
	local i j v
	for ((i = 0; i < S; i++)); do
		v="192.0.2.$((i % 250 + 1)):$((80 + i / 250))"
		echo "-A -t $v -s wlc"
		for ((j = 1; j <= D; j++)); do
			echo "-a -t $v -r 198.51.100.$((i % 250 + 1)):$((8000 + j)) -m -w $j"
		done
	done
}
gen >/tmp/rules
now() { echo "$EPOCHREALTIME"; }
t() {	# command... -> seconds
	local t0 t1
	t0=$(now); "$@" >/dev/null 2>&1 </tmp/in; t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
min() { printf '%s\n' "$@" | sort -n | head -1; }
separate() {	# tool: S/20 processes
	local i
	for ((i = 0; i < S / 20; i++)); do "$1" -A -t "203.0.113.$((i % 250 + 1)):$((80 + i / 250))" -s rr; done
}
# The machine is shared and the guest emulated: the two tools take turns
# for every operation and repetition, and the best of 3 counts.
declare -A runs r
for k in 1 2 3; do
	for op in R Sn Ln C sep; do
		for tool in ipvsadm ipvsctl; do
			$tool -C; cp /tmp/rules /tmp/in
			[ $op != R ] && [ $op != sep ] && ipvsctl -R </tmp/rules
			case $op in
			R) x=$(t $tool -R) ;;
			Sn) x=$(t $tool -Sn) ;;
			Ln) x=$(t $tool -Ln) ;;
			C) x=$(t $tool -C) ;;
			sep) x=$(t separate $tool) ;;
			esac
			runs[$tool.$op]="${runs[$tool.$op]:-} $x"
		done
	done
done
for key in "${!runs[@]}"; do
	# shellcheck disable=SC2086
	r[$key]=$(min ${runs[$key]})
done
# the two tools' tables are the same
ipvsadm -C; ipvsadm -R </tmp/rules; ipvsadm -Sn >/tmp/a
ipvsctl -C; ipvsctl -R </tmp/rules; ipvsadm -Sn >/tmp/b
cmp -s /tmp/a /tmp/b && same=yes || same=NO
echo "IPVS table: $S services x $D real servers ($(wc -l </tmp/rules) lines); same -Sn after either -R: $same"
printf '| %-28s | %9s | %9s | %7s |\n' "operation (guest, QEMU TCG)" "ipvsadm" "ipvsctl" "ratio"
printf '|%s|%s|%s|%s|\n' "------------------------------" "-----------" "-----------" "---------"
for op in R Sn Ln C sep; do
	case $op in
	R) name="-R of $(wc -l </tmp/rules) lines" ;;
	Sn) name="-Sn" ;;
	Ln) name="-Ln" ;;
	C) name="-C" ;;
	sep) name="$((S / 20)) separate -A processes" ;;
	esac
	printf '| %-28s | %8ss | %8ss | %6sx |\n' "$name" "${r[ipvsadm.$op]}" "${r[ipvsctl.$op]}" \
		"$(awk -v a="${r[ipvsadm.$op]}" -v b="${r[ipvsctl.$op]}" 'BEGIN { printf "%.1f", (b > 0) ? a / b : 0 }')"
done
