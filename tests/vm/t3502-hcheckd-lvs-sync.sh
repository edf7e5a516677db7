#!/bin/bash
# hcheckd's IPVS globals in the VM: lvs_sync_daemon without an instance runs
# the kernel's master and backup sync daemons for hcheckd's life (reloads,
# vrrpd's with an instance, stopped at exit), lvs_flush, lvs_flush_onstop
# [VS], and `ipvsctl apply` refused on a table hcheckd drives.
. "$(dirname "$0")/lib.sh"
VM_ADD=$BIN/hcheckd vm_run guest/t3502-hcheckd-lvs.sh
