#!/bin/bash
# hcheckd keeps IPVS real servers in step with their checks, in the VM:
# a real server whose web server stops leaves the table (or goes to weight
# 0 with inhibit_on_failure) and comes back; quorum loss brings in the
# sorry server; disable takes a real server out.
. "$(dirname "$0")/lib.sh"
VM_ADD=$BIN/hcheckd vm_run guest/t3501-hcheckd.sh
