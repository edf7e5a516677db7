#!/bin/bash
# hcheckd's IPVS globals in the VM: lvs_sync_daemon without an instance runs
# the kernel's master and backup sync daemons for hcheckd's life (reloads,
# vrrpd's with an instance, stopped at exit), lvs_flush, lvs_flush_onstop
# [VS], `ipvsctl apply` refused on a table hcheckd drives; and
# common/lvssync's master/backup/stop (the unit common_lvssync_kernel).
. "$(dirname "$0")/lib.sh"
VM_EXTRA=(--add "$TOP/$BUILD/tests/unit/common_lvssync_kernel")
VM_ADD=$BIN/hcheckd vm_run guest/t3502-hcheckd-lvs.sh
