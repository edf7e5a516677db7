#!/bin/bash
# Real traffic through IPVS tables made only by ipvsctl, in the VM: LVS-NAT
# and LVS-DR (seed 002's recipe shrunk into namespaces) to two busybox httpd
# real servers each, round robin alternating; weight 0 quiesces; counters
# and connection entries read back as ipvsadm shows them.
. "$(dirname "$0")/lib.sh"
vm_run guest/t4002-datapath.sh
