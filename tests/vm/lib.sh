# tests/vm/lib.sh - host side of the IPVS tests: boot ../shared/ipvs-vm with a
# guest script from tests/vm/guest/ and pass its TAP output through.
#
#   . "$(dirname "$0")/lib.sh"
#   vm_run guest/t4001-compat.sh [ARGS...]
#
# The repository top is shared into the guest at the same path; ipvsctl is
# copied in with its libraries (--add), ipvsadm is in the guest image.  The
# first run on a fresh machine downloads and prepares the kernel (ipvs-vm
# --prepare), hence the generous time limits.
set -u
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
BUILD=${BUILD:-build}
BIN=${BIN:-$TOP/$BUILD/bin}
IPVS_VM=${IPVS_VM:-$TOP/../shared/ipvs-vm/ipvs-vm}
VM_EXTRA=()		# more ipvs-vm options (--add ...) for a test
# VM_ADD=BIN: one more host binary for the guest (hcheckd's tests)

vm_run() {
	local script=$1 rc
	shift
	if [ ! -x "$IPVS_VM" ]; then
		echo "not ok 1 - ipvs-vm not found at $IPVS_VM"
		echo "1..1"
		return 1
	fi
	if [ ! -x "$BIN/ipvsctl" ]; then
		echo "not ok 1 - $BIN/ipvsctl not built"
		echo "1..1"
		return 1
	fi
	cd "$TOP" || return 1
	# first run: fetch the kernel and build the image, outside the guest timeout
	local cache=${IPVS_VM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ipvs-vm}
	if [ ! -e "$cache/kernel/current" ] || ! ls "$cache"/base/*.cpio >/dev/null 2>&1; then
		timeout 900 "$IPVS_VM" --prepare >/dev/null 2>&1 ||
			{ echo "not ok 1 - ipvs-vm --prepare failed"; echo "1..1"; return 1; }
	fi
	timeout 900 "$IPVS_VM" -q --timeout 800 --add "$BIN/ipvsctl" "${VM_EXTRA[@]}" ${VM_ADD:+--add "$VM_ADD"} \
		-- "tests/vm/$script" "$@" | tr -d '\r'
	rc=${PIPESTATUS[0]}
	return "$rc"
}
