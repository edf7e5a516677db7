#!/bin/bash
# bench/ipvs-restore.sh [SERVICES] [DESTS] - ipvsctl vs ipvsadm on a large
# IPVS table, in the same tests/vm/testvm guest run: restore SERVICES x DESTS
# (default 1000 x 5 = 6000 lines), save it (-Sn), list it (-Ln), clear it,
# and SERVICES/20 separate -A processes.  Prints seconds (best of 3, the
# tools taking turns) and the ratio ipvsadm/ipvsctl (>1: ipvsctl is faster).
# The guest is QEMU TCG: compare the two tools, not these numbers with bare
# metal.  Not part of `make check`.
set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=$TOP/${BUILD:-build}/bin
cd "$TOP" || exit 1
exec "$TOP/tests/vm/testvm" -q --timeout 900 --add "$BIN/ipvsctl" \
	-- bench/guest/ipvs-restore.sh "${1:-1000}" "${2:-5}"
