#!/bin/bash
# `ipvsctl apply` in the IPVS VM: the seeds' and Debian's sample
# keepalived.conf virtual_server blocks become the table (ipvsadm fed the
# printed changes builds the same one), applying twice changes nothing, one
# changed weight changes one entry, removals and config errors.
. "$(dirname "$0")/lib.sh"
vm_run guest/t4004-apply.sh
