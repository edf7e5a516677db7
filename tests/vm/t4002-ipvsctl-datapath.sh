#!/bin/bash
# Real traffic through IPVS tables made only by ipvsctl, in the VM: LVS-NAT
# and LVS-DR (seed 002's recipe shrunk into namespaces) to two busybox httpd
# real servers each, round robin alternating; weight 0 quiesces; counters
# and connection entries read back as ipvsadm shows them; ipvsctl --metrics
# of that table passes promtool (here, on the host: the guest has none).
. "$(dirname "$0")/lib.sh"
export METRICS_OUT=$TOP/$BUILD/t4002-metrics.txt
rm -f "$METRICS_OUT"
VM_EXTRA=(-e METRICS_OUT)
vm_run guest/t4002-datapath.sh | tee "$METRICS_OUT.tap"
rc=${PIPESTATUS[0]}
n=$(( $(grep -cE '^(ok|not ok) [0-9]+' "$METRICS_OUT.tap") + 1 ))
if command -v promtool >/dev/null && [ -s "$METRICS_OUT" ]; then
	out=$(promtool check metrics <"$METRICS_OUT" 2>&1)
	if [ $? -eq 0 ]; then echo "ok $n - promtool check metrics passes ipvsctl --metrics of a real table"
	else echo "not ok $n - promtool check metrics on ipvsctl --metrics"; printf '%s\n' "$out" | sed 's/^/# /'; rc=1; fi
else
	echo "not ok $n - no ipvsctl --metrics output from the guest, or no promtool"; rc=1
fi
exit $rc
