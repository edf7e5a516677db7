# tests/misc/lib.sh - helpers for the tests that need no namespaces
# (sourced).  The test runs from the top of the tree.  TAP from tests/tap.sh:
#
#   ok STATUS DESC          ok if STATUS is 0
#   check DESC CMD...       ok if CMD exits 0 (its output goes to the log)
#   is GOT WANT DESC        ok if the strings are equal
#   done_testing            the plan; the exit status
set -u
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
TOP=$PWD
BUILD=${BUILD:-build}
BIN=${BIN:-$TOP/$BUILD/bin}
HA_VERSION=$(sed -n '1s/^[^(]*(\([^)]*\)).*/\1/p' debian/changelog)
. tests/tap.sh

ok() { _ok "$@"; }

check() {
	local d=$1 out rc
	shift
	out=$("$@" 2>&1); rc=$?
	[ $rc -eq 0 ] || { diag "command: $*"; diag "exit $rc:"; printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'; }
	_ok $rc "$d"
}

is() {
	[ "$1" = "$2" ]
	_ok $? "$3" || { diag "got:  '$1'"; diag "want: '$2'"; }
}
