#!/bin/bash
# ha_suspend in the VM: a virtual server's checkers rest while its address
# is not local (state and IPVS entries kept) and resume when it is added,
# against a virtual server without ha_suspend over the same real server.
. "$(dirname "$0")/lib.sh"
VM_ADD=$BIN/hcheckd vm_run guest/t3503-hcheckd-suspend.sh
