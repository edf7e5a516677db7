#!/bin/bash
# The project stands alone: no tracked file refers to a directory outside
# the repository (the steering directory beside a developer's clone, or an
# absolute /work path), so a clone in an empty directory builds and tests.
# This file spells the outside names in pieces, so that it does not name
# them itself and the scan needs no exception for it.
# The control case: the same scan finds a planted reference.
set -u
cd "$(dirname "$0")/../.."
n=0 fail=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
out=sha""red		# the outside directory's name, in pieces
pattern="\\.\\./$out\\b|/work/($out|main)\\b"

scan() {	# files...: the matching lines
	grep -nE "$pattern" "$@" 2>/dev/null
}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files)
else
	mapfile -t files < <(find . -path ./build -prune -o -path ./build-san -prune -o \
		-path ./build-fuzz -prune -o -type f -print)
fi
hits=$(scan "${files[@]}")
[ -z "$hits" ]; t $? "no tracked file refers outside the repository (${#files[@]} files)"
[ -z "$hits" ] || printf '%s\n' "$hits" | head -n 20 | sed 's/^/# /'

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'IPVS_VM=$TOP/../%s/ipvs-vm/ipvs-vm\n' "$out" >"$tmp/planted.sh"
[ -n "$(scan "$tmp/planted.sh")" ]; t $? "the scan finds a planted reference to the outside directory (control)"

[ -x tests/vm/testvm ]; t $? "the project's own VM script is here and executable"
grep -q 'tests/vm/testvm' tests/vm/lib.sh; t $? "the VM tests boot tests/vm/testvm"
echo "1..$n"
exit $fail
