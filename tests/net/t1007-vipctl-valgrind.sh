#!/bin/bash
# Every vipctl verb under valgrind: no invalid access, no uninitialised bytes
# sent to the kernel, no leak.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl
command -v valgrind >/dev/null || skip_all "valgrind not installed"
case "${SAN:-}" in 1) skip_all "sanitizer build: valgrind does not run ASan binaries" ;; esac

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx b ip addr add 192.0.2.2/24 dev eth0
nsx b ip addr add 2001:db8::2/64 dev eth0 nodad
vg() { nsx a valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 "$V" "$@" >/dev/null 2>"$T_TMP/vg"; }
run() {		# expected-exit verb...
	local want=$1; shift
	vg "$@"; local rc=$?
	[ $rc -eq "$want" ] || diag "$(cat "$T_TMP/vg")"
	is "$rc" "$want" "valgrind clean: vipctl $*"
}
printf 'add 192.0.2.20/24 dev eth0\nadd 192.0.2.21/33 dev eth0\ndel 192.0.2.20/24 dev eth0\n' >"$T_TMP/batch"
run 0 add 192.0.2.10/24 dev eth0 label eth0:v --garp 2
run 0 add 2001:db8::10/64 dev eth0 nodad --garp 1
run 0 list -j
run 0 list dev eth0
run 0 has 192.0.2.10
run 1 has 192.0.2.99 dev eth0
run 0 garp 192.0.2.10 dev eth0 --count 1
run 1 probe 192.0.2.2 dev eth0 --timeout 300
run 1 probe 2001:db8::2 dev eth0 --timeout 300 -j
run 0 move 192.0.2.10 dev eth0 to lo --garp 0
run 0 del 192.0.2.10 dev lo
run 71 add 192.0.2.1/24 dev nosuch0
run 64 add 192.0.2.1/33 dev eth0
run 64 -b "$T_TMP/batch"
done_testing
