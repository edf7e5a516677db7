#!/bin/bash
# ipvsctl under valgrind in the IPVS VM (request buffers fully initialised,
# no leaks).  Valgrind under QEMU TCG takes minutes, so this runs only with
# IPVS_VALGRIND=1 (make check stays short); otherwise it is skipped.
. "$(dirname "$0")/lib.sh"
if [ -z "${IPVS_VALGRIND:-}" ]; then
	echo "ok 1 - ipvsctl under valgrind # SKIP set IPVS_VALGRIND=1 (several minutes)"
	echo "1..1"
	exit 0
fi
id=$(readelf -n "$(readlink -f /lib64/ld-linux-x86-64.so.2)" | awk '/Build ID/ { print $3 }')
VM_EXTRA=(--add /usr/bin/valgrind.bin --add /usr/libexec/valgrind
	--add "/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug")
vm_run guest/t4005-valgrind.sh
