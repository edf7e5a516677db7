#!/bin/bash
# The LVS-DR director pair of seed 002 end to end in the IPVS VM: two
# directors running vrrpd + hcheckd from one keepalived.conf, three real
# servers set up with vipctl rs-add, a client holding 20 connections through
# kill -9, failback and SIGTERM failovers; the control run without
# lvs_sync_daemon shows the connections break (guest/t4101-director-pair.sh).
. "$(dirname "$0")/lib.sh"
VM_EXTRA=(--add "$BIN/vrrpd" --add "$BIN/hcheckd" --add "$BIN/vipctl")
vm_run guest/t4101-director-pair.sh
