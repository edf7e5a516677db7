#!/bin/bash
# The project stands alone: no tracked file refers to a directory outside
# the repository (the shared/ directory beside a developer's clone, or an
# absolute /work path), so a clone in an empty directory builds and tests.
# The control case: the same scan finds a planted reference.
set -u
cd "$(dirname "$0")/../.."
n=0 fail=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
pattern='\.\./shared\b|/work/(shared|main)\b'

scan() {	# files...: the matching lines
	grep -nE "$pattern" "$@" 2>/dev/null
}
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	mapfile -t files < <(git ls-files)
else
	mapfile -t files < <(find . -path ./build -prune -o -path ./build-san -prune -o \
		-path ./build-fuzz -prune -o -type f -print)
fi
# this file names the pattern itself
files=("${files[@]/tests\/misc\/t0010-self-contained.sh/}")
files=($(printf '%s\n' "${files[@]}" | grep -v '^$'))
hits=$(scan "${files[@]}")
[ -z "$hits" ]; t $? "no tracked file refers outside the repository (${#files[@]} files)"
[ -z "$hits" ] || printf '%s\n' "$hits" | head -n 20 | sed 's/^/# /'

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
echo 'IPVS_VM=$TOP/../shared/ipvs-vm/ipvs-vm' >"$tmp/planted.sh"
[ -n "$(scan "$tmp/planted.sh")" ]; t $? "the scan finds a planted ../shared reference (control)"

[ -x tests/vm/testvm ]; t $? "the project's own VM script is here and executable"
grep -q 'tests/vm/testvm' tests/vm/lib.sh; t $? "the VM tests boot tests/vm/testvm"
echo "1..$n"
exit $fail
