#!/bin/bash
# Split brain heals by itself.  Adverts dropped both ways (nftables, VRRP
# only: ARP still passes) make two masters; when the drop ends, exactly one
# master is left within about an advert interval plus skew, and the survivor
# re-announces so that an observer's ARP cache points at it.  A master that
# probes its VIP (--conflict-probe) reports another host answering for it:
# the other master during the partition, and a third host with the VIP
# added by hand (counter, watch line, log line, notify_conflict script).
# Control: with nobody else holding the VIP, no report.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v nft >/dev/null || skip_all "nft (nftables) not installed"
VIP=192.0.2.100

vr_lan a b o x		# o observes, x is a third host
mac_a=$(mac a eth0) mac_b=$(mac b eth0) mac_x=$(mac x eth0)
cat > "$T_TMP/conflict.sh" <<EOS
#!/bin/sh
echo "\$@" >> "$T_TMP/conflict.out"
EOS
chmod 755 "$T_TMP/conflict.sh"
# probes every 8 s; every 2 s while a conflict lasts
args=(-i eth0 --vrid 51 --vip $VIP/24 --version 3 --advert-ms 500 --conflict-probe 8
      --notify-conflict "$T_TMP/conflict.sh")
vr_start a "${args[@]}" --priority 150
check "a MASTER" wait_for 10 vr_is a MASTER
vr_start b "${args[@]}" --priority 100
check "b BACKUP" wait_for 10 vr_is b BACKUP
spawn o "$VRRPD" ctl -S "$T_TMP/a.sock" watch
WATCH_LOG=$SPAWNED_LOG

# control case: one holder, probed twice, nothing to report
probed() { [ "$(vr_stat a conflict_probes)" -ge "$1" ]; }
check "control: a probes (8 s after becoming master)" wait_for 15 probed 1
check "control: and again 8 s later" wait_for 15 probed 2
sleep 1.2	# the second window closes
is "$(vr_stat a conflicts)" 0 "control: no conflict reported with one holder"
is "$(vr_stat b conflict_probes)" 0 "a backup does not probe"
check "control: no CONFLICT line" sh -c "! grep -q CONFLICT '$WATCH_LOG'"
check "control: the script did not run" test ! -e "$T_TMP/conflict.out"

# partition: VRRP dropped both ways, ARP still passes
drop112() {
	nsx "$1" nft -f - <<'NFT'
table inet t2020 {
	chain in { type filter hook input priority 0; ip protocol 112 drop; }
}
NFT
}
drop112 a || bail "nft in a"
drop112 b || bail "nft in b"
check "partition: b becomes MASTER too" wait_for 10 vr_is b MASTER
check "a is still MASTER" vr_is a MASTER
check "both hold the VIP" sh -c "ip -n $(ns a) -o addr | grep -q ' $VIP/' && ip -n $(ns b) -o addr | grep -q ' $VIP/'"
check "a's probes report b as another holder" wait_for 15 vr_stat_is a conflicts 1
check "b's report a" wait_for 15 vr_stat_is b conflicts 1
check "watch: INSTANCE \"vrid51\" CONFLICT $VIP $mac_b" wait_for 5 grep -q "^INSTANCE \"vrid51\" CONFLICT $VIP $mac_b\$" "$WATCH_LOG"
nsx o ping -c1 -W2 $VIP >/dev/null 2>&1	# the observer learns some holder
diag "observer during the partition: $(nsx o ip neigh show $VIP)"

# heal
capture_start o eth0 "$T_TMP/o.pcap" arp
nsx a nft delete table inet t2020
nsx b nft delete table inet t2020
t0=$(date +%s%N)
check "heal: b yields" wait_for 10 vr_is b BACKUP
t1=$(date +%s%N)
ms=$(( (t1 - t0) / 1000000 ))
diag "one master again after $ms ms (advert 500 ms, skew of 100: 305 ms)"
check "within 3 s (one interval plus skew is 805 ms; polled, busy machine)" test "$ms" -le 3000
check "a stayed MASTER" vr_is a MASTER
check "exactly one holder: b dropped the VIP" no_vip b $VIP
# either a heard b's advert first (lower priority: answered and re-announced
# at once), or b yielded first and a re-announces when its next probe finds
# b gone ("conflict over"): 2 s apart during a conflict, not 8
diag "a heard $(vr_stat a lower_prio_rx) lower-priority advert(s) after the heal"
check "the observer's ARP cache points at a" wait_for 8 sh -c "ip -n $(ns o) neigh show $VIP | grep -q 'lladdr $mac_a'"
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
diag "observer's cache at a $ms ms after the heal"
check "within 5 s (a probe round 2 s apart and its 1 s window; polled)" test "$ms" -le 5000
capture_stop
garps_a=$(capture_show "$T_TMP/o.pcap" arp | grep -i "^[^ ]* $mac_a " | grep -c "who-has $VIP .*tell $VIP,")
check "a re-announced after the heal ($garps_a GARPs from a seen by o)" test "$garps_a" -ge 1
check "o reaches the VIP" nsx o ping -c1 -W2 $VIP
sleep 2.5
is "$(vr_stat a conflicts)" 1 "after the heal no new conflict (b holds nothing)"
like "$(cat "${VR_LOG[a]}")" "conflict over: nobody else answers for $VIP" "a logs the end of the conflict"

# a third host with the VIP configured by hand
nsx x ip addr add $VIP/24 dev eth0
check "x answering for the VIP is reported" wait_for 15 vr_stat_is a conflicts 2
check "watch line names x's MAC" wait_for 5 grep -q "^INSTANCE \"vrid51\" CONFLICT $VIP $mac_x\$" "$WATCH_LOG"
like "$(cat "${VR_LOG[a]}")" "\[vrid51 vrid 51 eth0\] conflict: $VIP is also answered by $mac_x" "log line"
check "notify_conflict ran with the event's words" wait_for 5 grep -q "^INSTANCE vrid51 CONFLICT $VIP $mac_x\$" "$T_TMP/conflict.out"
sleep 4.5	# two more rounds, 2 s apart
is "$(vr_stat a conflicts)" 2 "reported once while it lasts"
is "$(grep -c "CONFLICT $VIP $mac_x" "$WATCH_LOG")" 1 "one watch line for it"
check "a is still MASTER (reported, not acted on)" vr_is a MASTER
nsx x ip addr del $VIP/24 dev eth0
check "x gone: conflict over" wait_for 5 sh -c "grep -c 'conflict over' '${VR_LOG[a]}' | grep -qx 2"

# IPv6: the DAD probe, answered by x's neighbour advertisement (and the
# VMAC case below)
stop_pid "${VR_PID[b]}"
stop_pid "${VR_PID[a]}"
vr_start a -i eth0 --vrid 61 --vip 2001:db8::100/64 --advert-ms 500 --conflict-probe 1 \
	--name V6
check "IPv6 instance MASTER" wait_for 10 vr_is a MASTER
sleep 2.5
is "$(vr_stat a conflicts)" 0 "IPv6 control: no conflict with one holder"
nsx x ip addr add 2001:db8::100/64 dev eth0 nodad
check "x answering for 2001:db8::100 is reported" wait_for 10 vr_stat_is a conflicts 1
like "$(cat "${VR_LOG[a]}")" "\[V6 vrid 61 eth0\] conflict: 2001:db8::100 is also answered by $mac_x" \
	"log line names x's MAC"

# with a VMAC the probes leave from it and the answers come back on it
stop_pid "${VR_PID[a]}"
nsx x ip addr add $VIP/24 dev eth0
vr_start a -i eth0 --vrid 71 --vip $VIP/24 --version 3 --advert-ms 500 --conflict-probe 1 \
	--use-vmac --name VM
check "VMAC instance MASTER" wait_for 10 vr_is a MASTER
check "x (holding $VIP all along) is reported" wait_for 10 vr_stat_is a conflicts 1
like "$(cat "${VR_LOG[a]}")" "\[VM vrid 71 eth0\] conflict: $VIP is also answered by $mac_x" \
	"log line names x's MAC"
done_testing
