# tests/misc/lib.sh - TAP helpers for the tests that need no namespaces
# (sourced).  The test runs from the top of the tree.
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
T_NUM=0
T_FAIL=0

diag() { printf '# %s\n' "$@"; }

ok() {
	T_NUM=$((T_NUM + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_NUM - $2"
	else
		echo "not ok $T_NUM - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
	return "$1"
}

check() {
	local d=$1 out rc
	shift
	out=$("$@" 2>&1); rc=$?
	[ $rc -eq 0 ] || { diag "command: $*" "exit $rc:"; printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'; }
	ok $rc "$d"
}

is() {
	[ "$1" = "$2" ]
	ok $? "$3" || diag "got:  '$1'" "want: '$2'"
}

done_testing() {
	echo "1..$T_NUM"
	[ "$T_FAIL" -eq 0 ]
	exit
}
