#!/bin/bash
# The layering of docs/DESIGN.md and issue 16's shape rules, as a ratchet:
# scripts/layering.py finds include loops between the modules of a program,
# programs including each other's headers, files over 700 lines and
# functions over 120; tests/misc/layering.known lists today's debt, and any
# finding not in it fails.  The control: a planted include loop is found.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || { echo "1..0 # SKIP no python3"; exit 0; }
out=$(python3 scripts/layering.py --known tests/misc/layering.known); rc=$?
is "$rc" 0 "no layering finding beyond the known debt"
[ $rc -eq 0 ] || printf '%s\n' "$out" | grep -v '^known' | sed 's/^/# /'
diag "$(printf '%s\n' "$out" | tail -n 1)"
! printf '%s\n' "$out" | grep -q '^known include:'
ok $? "no program includes another program's headers, common/ none"

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{common,vrrpd,hcheckd,vipctl,ipvsctl}
printf '#include "vrrpd/b.h"\n' >"$tmp/vrrpd/a.c"
printf '#include "vrrpd/a.h"\n' >"$tmp/vrrpd/b.c"
printf '#include "hcheckd/x.h"\n' >"$tmp/vipctl/y.c"
out=$(python3 scripts/layering.py --top "$tmp"); rc=$?
is "$rc" 1 "control: a planted tree with findings fails"
like "$out" "cycles: vrrpd/: a <-> b" "control: the include loop a <-> b is found"
like "$out" "include: vipctl/y.c: includes hcheckd/x.h" "control: vipctl including hcheckd's header is found"
done_testing
