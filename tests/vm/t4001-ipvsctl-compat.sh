#!/bin/bash
# ipvsctl against ipvsadm in the IPVS VM: every option set by one tool reads
# back identically with the other (-Sn, -S, every -L format), save/restore
# round trips across the two, timeouts, zero, sync daemons, JSON.
. "$(dirname "$0")/lib.sh"
vm_run guest/t4001-compat.sh
