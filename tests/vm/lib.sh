# tests/vm/lib.sh - host side of the IPVS tests: boot tests/vm/testvm with a
# guest script from tests/vm/guest/ and pass its TAP output through.
#
#   . "$(dirname "$0")/lib.sh"
#   vm_run guest/t4001-compat.sh [ARGS...]
#
# The repository top is shared into the guest at the same path; ipvsctl is
# copied in with its libraries (--add), ipvsadm is in the guest image.  The
# first run on a machine downloads Debian's kernel package and builds the
# base image (testvm --prepare, about 10 s and a 70 MB download), outside
# the guest's own time limit.
set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
BIN=${BIN:-$TOP/$BUILD/bin}
TESTVM=$TOP/tests/vm/testvm
VM_EXTRA=()		# more testvm options (--add ...) for a test
# VM_ADD=BIN: one more host binary for the guest (hcheckd's tests)

vm_bail() {		# reason: the test's one failure, in TAP
	echo "not ok 1 - $1"
	echo "1..1"
	return 1
}

vm_run() {
	local script=$1 out
	shift
	[ -x "$BIN/ipvsctl" ] || { vm_bail "$BIN/ipvsctl not built"; return 1; }
	cd "$TOP" || return 1
	if ! out=$(timeout 900 "$TESTVM" --prepare 2>&1); then
		vm_bail "testvm --prepare failed: $(printf '%s' "$out" | tail -n 3 | tr '\n' ' ')"
		return 1
	fi
	timeout 900 "$TESTVM" -q --timeout 800 --add "$BIN/ipvsctl" ${VM_EXTRA[@]+"${VM_EXTRA[@]}"} \
		${VM_ADD:+--add "$VM_ADD"} -- "tests/vm/$script" "$@" | tr -d '\r'
	return "${PIPESTATUS[0]}"
}
