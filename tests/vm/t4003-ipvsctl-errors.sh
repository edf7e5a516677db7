#!/bin/bash
# ipvsctl bad input in the IPVS VM: usage errors (64), kernel refusals (71)
# with the errno in words, missing privilege (77), malformed and refused
# restore lines reported with their numbers; the table is left unchanged.
. "$(dirname "$0")/lib.sh"
vm_run guest/t4003-errors.sh
