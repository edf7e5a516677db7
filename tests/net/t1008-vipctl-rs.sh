#!/bin/bash
# rs-add / rs-del: the real-server side of LVS-DR.  The VIP goes on lo as a
# host address and the real server stops answering ARP for it (the director
# must be the only one); rs-del undoes exactly what rs-add set.  The
# control case: the same VIP put on lo by plain `add` is answered.
. "$(dirname "$0")/lib.sh"
V=$BIN/vipctl

ns_add rs; ns_add cl; bridge_add; ns_link rs; ns_link cl
nsx rs ip addr add 192.0.2.11/24 dev eth0; nsx rs ip addr add 2001:db8::11/64 dev eth0 nodad
nsx cl ip addr add 192.0.2.2/24 dev eth0; nsx cl ip addr add 2001:db8::2/64 dev eth0 nodad
sc() { nsx rs cat "/proc/sys/net/ipv4/conf/$1/$2"; }
state() { nsx rs sh -c 'cat /run/vipctl/rs-$(stat -L -c %i /proc/self/ns/net).state 2>/dev/null'; }
probe() { nsx cl "$V" probe "$1" dev eth0 --timeout 600 >/dev/null; }

# the control case first: a VIP on lo without the ARP settings is answered
nsx rs "$V" add 192.0.2.100/32 dev lo
probe 192.0.2.100; is $? 1 "control: a VIP on lo with arp_ignore 0 is answered by the real server"
nsx rs "$V" del 192.0.2.100/32 dev lo

nsx rs sh -c 'echo 1 > /proc/sys/net/ipv4/conf/all/arp_announce'	# an admin's own value
check_exit "rs-add 192.0.2.100: exit 0" 0 nsx rs "$V" rs-add 192.0.2.100
like "$(nsx rs ip -o addr show dev lo)" "inet 192.0.2.100/32 " "the VIP is on lo as /32"
is "$(sc all arp_ignore)/$(sc all arp_announce)" "1/2" "all: arp_ignore 1, arp_announce 2"
is "$(sc lo arp_ignore)/$(sc lo arp_announce)" "1/2" "lo: arp_ignore 1, arp_announce 2 (as the LVS-DR recipe)"
probe 192.0.2.100; is $? 0 "nobody on the LAN hears the real server answer ARP for the VIP"
probe 192.0.2.11; is $? 1 "its own address is still answered"
like "$(state)" "sysctl /proc/sys/net/ipv4/conf/all/arp_announce 1 2" "the state file records the value before (1)"
check_exit "rs-add again: idempotent" 0 nsx rs "$V" rs-add 192.0.2.100/32
is "$(nsx rs ip -o -4 addr show dev lo | grep -c 192.0.2.100)" 1 "still one address"

check_exit "a second VIP, ARP settings on eth0 too" 0 nsx rs "$V" rs-add 192.0.2.101 arp eth0
is "$(sc eth0 arp_ignore)/$(sc eth0 arp_announce)" "1/2" "eth0: arp_ignore 1, arp_announce 2"
check_exit "rs-del of the first VIP" 0 nsx rs "$V" rs-del 192.0.2.100
unlike "$(nsx rs ip -o addr show dev lo)" "192.0.2.100/" "the first VIP is gone"
is "$(sc all arp_ignore)" 1 "the settings stay while a VIP needs them"
probe 192.0.2.101; is $? 0 "the second VIP is still not answered"
nsx rs sh -c 'echo 2 > /proc/sys/net/ipv4/conf/eth0/arp_ignore'	# changed since
check_exit "rs-del of the last VIP" 0 nsx rs "$V" rs-del 192.0.2.101
is "$(nsx rs ip -o -4 addr show dev lo | grep -c 192.0.2.10)" 0 "no VIP is left on lo"
is "$(sc all arp_ignore)/$(sc all arp_announce)" "0/1" "all: the values before rs-add are back (0 and the admin's 1)"
is "$(sc lo arp_ignore)/$(sc lo arp_announce)" "0/0" "lo: back to 0/0"
is "$(sc eth0 arp_ignore)" 2 "a value changed since rs-add is left as it is"
is "$(sc eth0 arp_announce)" 0 "eth0 arp_announce back to 0"
is "$(state)" "" "the state file is gone"

# IPv6: a /128 on lo, no knob needed: Linux answers NS only for the
# addresses of the interface it came in on
check_exit "rs-add 2001:db8::100: exit 0" 0 nsx rs "$V" rs-add 2001:db8::100
like "$(nsx rs ip -o addr show dev lo)" "inet6 2001:db8::100/128 .*nodad" "the VIP is on lo as /128, no DAD"
probe 2001:db8::100; is $? 0 "IPv6: the real server does not answer for the VIP"
is "$(sc all arp_ignore)" 0 "IPv6 sets no ARP knob"
check_exit "rs-del 2001:db8::100" 0 nsx rs "$V" rs-del 2001:db8::100
unlike "$(nsx rs ip -o addr show dev lo)" "2001:db8::100" "gone"

# bad input
check_exit "a /24 is refused: usage" 64 nsx rs "$V" rs-add 192.0.2.100/24
check_exit "an unknown interface: 71" 71 nsx rs "$V" rs-add 192.0.2.100 dev nosuch0
check_exit "an unknown arp interface: 71" 71 nsx rs "$V" rs-add 192.0.2.100 arp nosuch0
is "$(nsx rs ip -o -4 addr show dev lo | grep -c 192.0.2.100)" 0 "a failed rs-add leaves no VIP"
is "$(sc all arp_ignore)" 0 "and no ARP setting"
check_exit "rs-del of a VIP that is not there: idempotent" 0 nsx rs "$V" rs-del 192.0.2.199

# batch
printf 'rs-add 192.0.2.120\nrs-add 192.0.2.121\n' > "$T_TMP/b"
check_exit "rs-add in a batch" 0 nsx rs "$V" -b "$T_TMP/b"
is "$(nsx rs ip -o -4 addr show dev lo | grep -c '192.0.2.12[01]/32')" 2 "both VIPs on lo"
printf 'rs-del 192.0.2.120\nrs-del 192.0.2.121\n' > "$T_TMP/b"
nsx rs "$V" -b "$T_TMP/b"
is "$(sc all arp_ignore)" 0 "rs-del in a batch restores the settings"
done_testing
