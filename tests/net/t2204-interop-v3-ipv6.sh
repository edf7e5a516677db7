#!/bin/bash
# Interop: vrrpd and keepalived (Debian's) in one VRID, VRRP3 IPv6, 0.1 s adverts, in both roles:
# election, kill -9 and SIGTERM of the master, preemption back; exactly one
# master (by state and on the wire), the VIP on the right side, and no complaint
# about our packets in keepalived's log.  (tests/net/interop.sh)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
. "$(dirname "$0")/interop.sh"
ka_have || skip_all "keepalived not installed"
vr_built || skip_all "vrrpd not built"
IO_VER=3 IO_FAM=6 IO_ADV=0.1 IO_UNICAST=0 IO_WAIT=10
interop_roles
done_testing
