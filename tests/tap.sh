# tests/tap.sh - the TAP core every shell test shares (sourced by
# tests/net/lib.sh and tests/misc/lib.sh): numbered ok / not ok lines, a
# failure count, the plan at the end.
T_NUM=${T_NUM:-0}
T_FAIL=${T_FAIL:-0}

diag() { printf '# %s\n' "$*"; }

_ok() {		# status(0=ok) description
	T_NUM=$((T_NUM + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $T_NUM - $2"
	else
		echo "not ok $T_NUM - $2"
		T_FAIL=$((T_FAIL + 1))
	fi
	return "$1"
}

like() {		# got regex description: ok if a line of got matches (grep -E)
	printf '%s\n' "$1" | grep -qE -- "$2" || { diag "got: '$1'"; diag "wanted match: /$2/"; }
	printf '%s\n' "$1" | grep -qE -- "$2"
	_ok $? "$3"
}

done_testing() {
	echo "1..$T_NUM"
	[ "$T_FAIL" -eq 0 ]
	exit $?
}
