# tests/vm/guest/tap.sh - TAP helpers for the guest side (dash-compatible).
n=0 failed=0
ok() {		# status name
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
is() {		# got expected name
	if [ "$1" = "$2" ]; then ok 0 "$3"; else
		ok 1 "$3"; echo "#   got:      '$1'"; echo "#   expected: '$2'"; fi
}
same() {	# file1 file2 name: identical files, diff shown otherwise
	if cmp -s "$1" "$2"; then ok 0 "$3"; else
		ok 1 "$3"; diff -u "$1" "$2" | head -40 | sed 's/^/# /'; fi
}
like() {	# text regex name
	if printf '%s\n' "$1" | grep -qE -- "$2"; then ok 0 "$3"; else
		ok 1 "$3"; printf '%s\n' "$1" | head -5 | sed 's/^/#   got: /'; echo "#   expected /$2/"; fi
}
done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
