#!/bin/bash
# vrrp_script with weight 0: FAULT after exactly `fall` failures, back after
# exactly `rise` successes (the check script records the instance's state
# at each of its runs); a hanging script is killed with its process group
# at its timeout and counts as a failure; an address owner waits for its
# script's first result instead of taking the VIP for a moment.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
SOCK=$T_TMP/a.sock
cat > "$T_TMP/chk.sh" <<EOS
#!/bin/sh
s=\$($VRRPD ctl -S $SOCK show instances | awk '\$1 == "VI_1" { print \$6 }')
if [ -e $T_TMP/flag ]; then echo "ok \$s" >> $T_TMP/runs; exit 0; fi
echo "fail \$s" >> $T_TMP/runs; exit 1
EOS
chmod 755 "$T_TMP/chk.sh" "$T_TMP"
cat > "$T_TMP/a.conf" <<EOC
vrrp_script chk {
    script "$T_TMP/chk.sh"
    interval 0.3
    timeout 5
    fall 3
    rise 2
}
vrrp_script chk_hang {
    script "/bin/sh -c 'sleep 100 & sleep 100'"
    interval 30
    timeout 1
    weight -10
}
vrrp_script chk_slow {
    script "/bin/sh -c 'sleep 1; exit 1'"
    interval 5
    timeout 3
}
vrrp_instance VI_3 {
    interface eth0
    virtual_router_id 53
    priority 255
    advert_int 1
    virtual_ipaddress {
        192.0.2.103/24
    }
    track_script {
        chk_slow
    }
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_script {
        chk
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    priority 100
    advert_int 1
    virtual_ipaddress {
        192.0.2.102/24
    }
    track_script {
        chk_hang
    }
}
EOC
touch "$T_TMP/flag"
vr_start a -f "$T_TMP/a.conf"
check "VI_1 MASTER alone" wait_for 15 vr_is a MASTER VI_1
# an owner waits for its script's first result: straight to FAULT, never MASTER
check "owner VI_3 in FAULT" wait_for 10 vr_is a FAULT VI_3
unlike "$(grep 'VI_3' "${VR_LOG[a]}")" "-> MASTER" "the owner never took its VIP"

# fall 3
: > "$T_TMP/runs"
rm -f "$T_TMP/flag"
check "VI_1 goes to FAULT" wait_for 10 vr_is a FAULT VI_1
sleep 1
is "$(grep -c '^fail MASTER' "$T_TMP/runs")" 3 "exactly 3 failures seen as MASTER (fall 3)"
check "VIP released in FAULT" no_vip a 192.0.2.100
# rise 2
: > "$T_TMP/runs"
touch "$T_TMP/flag"
check "VI_1 leaves FAULT" wait_for 10 sh -c "! $VRRPD ctl -S $SOCK show instances | grep -q '^VI_1 .* FAULT '"
sleep 1
is "$(grep -c '^ok FAULT' "$T_TMP/runs")" 2 "exactly 2 successes seen in FAULT (rise 2)"
check "VI_1 MASTER again" wait_for 10 vr_is a MASTER VI_1

# the hanging script: killed at 1 s with its children, a failure (weight -10)
check "chk_hang timed out" wait_for 10 sh -c "$VRRPD ctl -S $SOCK show trackers | grep -q 'script chk_hang DOWN .* timeouts 1'"
sleep 1.5
pids=$(ip netns pids "$(ns a)" | tr '\n' ',' | sed 's/,$//')
unlike "$(ps -o comm= -p "${pids:-1}")" "^sleep" "no sleep left: the process group was killed"
like "$(vr_ctl a show instances | grep '^VI_2')" "prio 90 base 100" "VI_2 runs at 100 - 10"
done_testing
