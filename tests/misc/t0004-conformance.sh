#!/bin/bash
# The conformance table: scripts/conformance.sh runs keepalived -t and our
# three readers on Debian's samples and the seed configs (in a namespace of
# its own); every difference from keepalived must be listed with its reason
# in tests/misc/conformance.reasons.  A listed difference that has gone
# away and a README table that is not the one generated are reported.
. "$(dirname "$0")/lib.sh"

skip() { echo "1..0 # SKIP $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root (network namespace, keepalived -t)"
command -v keepalived >/dev/null || skip "keepalived is not installed"
ls tests/fixtures/conf/keepalived.conf.* >/dev/null 2>&1 || skip "no samples: scripts/fixtures.sh"

reasons=tests/misc/conformance.reasons
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

scripts/conformance.sh --diff >"$tmp/diff" 2>"$tmp/err"
check "scripts/conformance.sh --diff runs" [ $? -eq 0 ]
[ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"
n=$(wc -l <"$tmp/diff")
ok $([ "$n" -gt 0 ]; echo $?) "the script finds differences to check ($n)"
sed -n 's/^\([^#][^|]*[^ |]\) *|.*/\1/p' "$reasons" | sort >"$tmp/listed"
sort "$tmp/diff" >"$tmp/found"
comm -23 "$tmp/found" "$tmp/listed" >"$tmp/new"
while read -r d; do diag "not in $reasons: $d"; done <"$tmp/new"
ok $([ ! -s "$tmp/new" ]; echo $?) "every difference from keepalived -t has a reason"
# control: the check above can fail (a difference made up by dropping a line)
sed 1d "$tmp/listed" | comm -23 "$tmp/found" - | grep -q .
ok $? "control: a difference without its reason is found"
comm -13 "$tmp/found" "$tmp/listed" | while read -r d; do
	diag "listed but no longer a difference: $d"
done
# README: the table between the markers is the generated one (reported only:
# the samples come with the installed keepalived package)
scripts/conformance.sh >"$tmp/table" 2>/dev/null
sed -n '/<!-- conformance begin -->/,/<!-- conformance end -->/p' README.md | grep '^|' >"$tmp/readme"
cmp -s "$tmp/table" "$tmp/readme" || diag "README.md's table differs from scripts/conformance.sh's (scripts/conformance.sh --readme)"
done_testing
