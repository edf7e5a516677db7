#!/bin/bash
# State left by a crash is cleaned at start.  The master gets kill -9 and
# leaves its VIPs, excluded address, route, rule and VMAC behind; the backup
# takes over; the old master restarted with a lower priority is BACKUP and
# holds nothing of its previous run (as keepalived removes them at start),
# so exactly one node holds each VIP.  Also: kill -9 just after a
# transition to MASTER and a restart as master again; an address owner's
# own address is never removed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
VIP=192.0.2.100 VIP2=192.0.2.101

vr_lan a b
conf() {	# prio
	cat <<EOC
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    version 3
    priority $1
    advert_int 0.2
    virtual_ipaddress {
        $VIP/24
    }
    virtual_ipaddress_excluded {
        2001:db8::100/64
    }
    virtual_routes {
        198.51.100.0/24 via 192.0.2.254 dev eth0
    }
    virtual_rules {
        from $VIP/32 table 100 priority 1000
    }
}
vrrp_instance VI_2 {
    interface eth0
    virtual_router_id 52
    version 3
    priority $1
    advert_int 0.2
    use_vmac
    virtual_ipaddress {
        $VIP2/24
    }
}
EOC
}
conf 150 > "$T_TMP/hi.conf"; conf 50 > "$T_TMP/lo.conf"; conf 100 > "$T_TMP/b.conf"
holders() {	# ADDR: how many of a and b hold it
	local n=0
	has_vip a "$1" && n=$((n + 1))
	has_vip b "$1" && n=$((n + 1))
	echo $n
}
one_holder() { [ "$(holders $VIP)" = 1 ] && [ "$(holders $VIP2)" = 1 ]; }
a_route() { nsx a ip route show 198.51.100.0/24 | grep -q via; }
a_rule() { nsx a ip rule show | grep -q '^1000:'; }
a_evip() { nsx a ip -6 addr show dev eth0 | grep -q 2001:db8::100/64; }
vmac_index() { ip -n "$(ns a)" -o link show vrrp.52 2>/dev/null | cut -d: -f1; }

vr_start a -f "$T_TMP/hi.conf"
a_master() { vr_is a MASTER VI_1 && vr_is a MASTER VI_2; }
a_leftovers() { a_route && a_rule && a_evip; }
check "a MASTER of VI_1 and VI_2" wait_for 15 a_master
vr_start b -f "$T_TMP/b.conf"
check "b BACKUP" wait_for 15 vr_is b BACKUP VI_2
check "a holds route, rule, excluded address" a_leftovers
vmac1=$(vmac_index)
check "a's VMAC vrrp.52 holds $VIP2" sh -c "ip -n $(ns a) -o addr show dev vrrp.52 | grep -q $VIP2/24"

kill -KILL "${VR_PID[a]}"; wait "${VR_PID[a]}" 2>/dev/null
check "b takes over VI_1" wait_for 10 vr_is b MASTER VI_1
check "b takes over VI_2" wait_for 10 vr_is b MASTER VI_2
# control case: without the cleanup these would stay, and two nodes answer
check "control: after kill -9 a still holds $VIP (stale)" has_vip a $VIP
check "control: and $VIP2 on its VMAC" has_vip a $VIP2
check "control: and the route, rule and excluded address" a_leftovers
is "$(holders $VIP)" 2 "control: two holders of $VIP"

vr_start a -f "$T_TMP/lo.conf"
check "a restarted with priority 50 is BACKUP" wait_for 15 vr_is a BACKUP VI_1
check "VI_2 too" wait_for 5 vr_is a BACKUP VI_2
check "the stale VIP is gone from a" no_vip a $VIP
check "the stale VIP on the VMAC is gone" no_vip a $VIP2
check "the route is gone" sh -c "! ip -n $(ns a) route show 198.51.100.0/24 | grep -q ."
check "the rule is gone" sh -c "! ip -n $(ns a) rule show | grep -q '^1000:'"
check "the excluded address is gone" sh -c "! ip -n $(ns a) -6 addr show | grep -q 2001:db8::100"
vmac2=$(vmac_index)
check "the stale VMAC was removed and made anew" test -n "$vmac2" -a "$vmac2" != "$vmac1"
is "$(holders $VIP)/$(holders $VIP2)" 1/1 "exactly one holder of each VIP"
check "b still MASTER" vr_is b MASTER VI_1
like "$(cat "${VR_LOG[a]}")" "\[VI_1 vrid 51 eth0\] removed stale VIP $VIP/24 from eth0 \(left by a previous run\)" \
	"log: removed stale VIP"
like "$(cat "${VR_LOG[a]}")" "\[VI_2 vrid 52 eth0\] removed stale VMAC vrrp.52" "log: removed stale VMAC"
like "$(cat "${VR_LOG[a]}")" "\[VI_1\] removed stale route 198.51.100.0/24" "log: removed stale route"
is "$(vr_stat a stale_removed VI_1)" 4 "VI_1 counts 4 removed (VIP, excluded address, route, rule)"
is "$(vr_stat a stale_removed VI_2)" 1 "VI_2 counts 1 (the VMAC, with its VIP)"
is "$(vr_stat b stale_removed VI_1)" 0 "b found nothing to remove"

# kill -9 just after a transition to MASTER: a preempts b, dies at once
stop_pid "${VR_PID[a]}"
vr_start a -f "$T_TMP/hi.conf"
check "a preempts" wait_for 15 vr_is a MASTER VI_1
kill -KILL "${VR_PID[a]}"; wait "${VR_PID[a]}" 2>/dev/null
check "b MASTER again" wait_for 10 vr_is b MASTER VI_1
check "b MASTER of VI_2" wait_for 10 vr_is b MASTER VI_2
# restart as master again: stale state removed, then a takes over properly
vr_start a -f "$T_TMP/hi.conf"
check "a restarted with priority 150 is MASTER" wait_for 15 vr_is a MASTER VI_1
check "VI_2 too" wait_for 15 vr_is a MASTER VI_2
check "b back to BACKUP" wait_for 10 vr_is b BACKUP VI_2
check "exactly one holder of each VIP (a)" wait_for 5 one_holder
a_holds() { has_vip a $VIP && has_vip a $VIP2; }
check "a holds both" a_holds
check "a holds the route again" a_route
like "$(cat "${VR_LOG[a]}")" "removed stale VIP $VIP/24" "it removed the stale VIP before starting"
stop_pid "${VR_PID[a]}"
check "a stopped: b MASTER" wait_for 10 vr_is b MASTER VI_2
check "exactly one holder of each VIP (b)" wait_for 5 one_holder
check "a left nothing" sh -c "! ip -n $(ns a) -o addr show | grep -qE '$VIP/|$VIP2/|2001:db8::100' && ! ip -n $(ns a) link show vrrp.52 2>/dev/null"
stop_pid "${VR_PID[b]}"

# an address owner's VIP is its own address: never removed at start
cat > "$T_TMP/owner.conf" <<EOC
vrrp_instance OWN {
    interface eth0
    virtual_router_id 53
    priority 255
    advert_int 1
    virtual_ipaddress {
        192.0.2.1/24
    }
}
EOC
vr_start a -f "$T_TMP/owner.conf"
check "the owner is MASTER" wait_for 10 vr_is a MASTER
kill -KILL "${VR_PID[a]}"; wait "${VR_PID[a]}" 2>/dev/null
vr_start a -f "$T_TMP/owner.conf"
check "restarted owner MASTER" wait_for 10 vr_is a MASTER
check "its own address 192.0.2.1 is still there" has_vip a 192.0.2.1
is "$(vr_stat a stale_removed)" 0 "nothing counted as stale for the owner"
unlike "$(cat "${VR_LOG[a]}")" "removed stale" "and nothing logged"

# an instance added by a reload is cleaned the same way (here a VIP left
# by hand stands for a previous run's)
nsx a ip addr add $VIP/24 dev eth0
{ cat "$T_TMP/owner.conf"; conf 50 | sed -n '/VI_1/,/^}/p'; } > "$T_TMP/owner2.conf"
cp "$T_TMP/owner2.conf" "$T_TMP/owner.conf"
check "reload adds VI_1" vr_ctl a reload
is "$(vr_stat a stale_removed VI_1)" 1 "the new instance removed the stale VIP"
is "$(vr_stat a stale_removed OWN)" 0 "the owner, kept, removed nothing"
like "$(cat "${VR_LOG[a]}")" "\[VI_1 vrid 51 eth0\] removed stale VIP $VIP/24" "and logged it"
check "the owner's address is still there" has_vip a 192.0.2.1
stop_pid "${VR_PID[a]}"
check "after a clean stop the owner's address stays" has_vip a 192.0.2.1
done_testing
