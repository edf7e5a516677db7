#!/bin/bash
# The harness itself: namespaces on a bridge reach each other, spawn/cleanup work.
. "$(dirname "$0")/lib.sh"

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
check "a pings b across the bridge" nsx a ping -c1 -W2 192.0.2.2
check "namespace names carry the run's prefix" test -n "$(ip netns list | grep "^$PFX-a")"
spawn b sleep 300
pid=$SPAWNED_PID
check "spawned process runs" kill -0 "$pid"
stop_pid "$pid"
check_exit "stopped process is gone" 1 kill -0 "$pid"
done_testing
