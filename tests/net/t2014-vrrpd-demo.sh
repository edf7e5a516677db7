#!/bin/bash
# make demo (contrib/demo.sh) runs, fails over, and cleans up after itself.
. "$(dirname "$0")/lib.sh"
before=$(ip netns list | grep -c '^demo' || true)
tmps=$(ls -d /tmp/vrrpd-demo.* 2>/dev/null | wc -l)
out=$(BUILD=$BUILD "$TOP/contrib/demo.sh" 2>&1); rc=$?
[ $rc -eq 0 ] || diag "$out"
is "$rc" 0 "contrib/demo.sh exits 0"
like "$out" "r2 is MASTER after about [0-9]+ ms" "it narrates the takeover"
like "$out" "Done: the VIP moved from r1 to r2 and the client's pings resumed" "pings resumed"
is "$(ip netns list | grep -c '^demo' || true)" "$before" "no namespace left behind"
is "$(ls -d /tmp/vrrpd-demo.* 2>/dev/null | wc -l)" "$tmps" "no temporary directory left"
done_testing
