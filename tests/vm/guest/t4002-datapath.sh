#!/bin/bash
# Guest side of t4002: real traffic through tables made only by ipvsctl.
#   NAT: ns cl1 192.0.2.10 -- director (VIP 192.0.2.100) -- bridge -- rs1/rs2 198.51.100.11/12
#   DR:  one bridge 203.0.113.0/24: ns cl2 .10, director .1 + VIP .100, rs3/rs4 .13/.14
#        holding the VIP on lo (arp_ignore/arp_announce), replying directly
# Each real server runs busybox httpd; with rr the requests alternate.
cd "$(dirname "$0")" && . ./tap.sh
C=ipvsctl
sysctl -qw net.ipv4.ip_forward=1
sysctl -qw net.ipv4.vs.conntrack=1 2>/dev/null
ipvsadm -C

httpd() {	# ns name
	mkdir -p "/tmp/www/$1"
	echo "hello from $1" >"/tmp/www/$1/index.html"
	ip netns exec "$1" busybox httpd -p 80 -h "/tmp/www/$1"
}
wait_httpd() {	# ns
	local t=0
	until ip netns exec "$1" timeout 2 busybox wget -qO- http://127.0.0.1/ >/dev/null 2>&1; do
		t=$((t + 1)); [ $t -lt 100 ] || return 1
		sleep 0.1
	done
}
requests() {	# client-ns vip n -> sequence of rsN
	local i=0 seq='' r
	while [ $i -lt "$3" ]; do
		i=$((i + 1))
		r=$(ip netns exec "$1" timeout 5 busybox wget -qO- "http://$2/") || r=FAILED
		seq="$seq $(echo "$r" | grep -o 'rs[0-9]' || echo FAILED)"
	done
	echo $seq
}

# --- NAT topology
ip netns add cl1
ip link add dir-c type veth peer name eth0 netns cl1
ip addr add 192.0.2.1/24 dev dir-c
ip addr add 192.0.2.100/32 dev dir-c
ip link set dir-c up
ip -n cl1 addr add 192.0.2.10/24 dev eth0
ip -n cl1 link set lo up; ip -n cl1 link set eth0 up
ip -n cl1 route add default via 192.0.2.1
ip link add br-rs type bridge
ip addr add 198.51.100.1/24 dev br-rs
ip link set br-rs up
for i in 1 2; do
	ip netns add rs$i
	ip link add rs$i-br type veth peer name eth0 netns rs$i
	ip link set rs$i-br master br-rs up
	ip -n rs$i addr add 198.51.100.1$i/24 dev eth0
	ip -n rs$i link set lo up; ip -n rs$i link set eth0 up
	ip -n rs$i route add default via 198.51.100.1
	httpd rs$i
done

# --- DR topology
ip link add br0 type bridge
ip addr add 203.0.113.1/24 dev br0
ip addr add 203.0.113.100/32 dev br0
ip link set br0 up
attach() {	# ns addr
	ip netns add "$1"
	ip link add "$1-br" type veth peer name eth0 netns "$1"
	ip link set "$1-br" master br0 up
	ip -n "$1" addr add "$2/24" dev eth0
	ip -n "$1" link set lo up; ip -n "$1" link set eth0 up
}
attach cl2 203.0.113.10
for i in 3 4; do
	attach rs$i 203.0.113.1$i
	ip netns exec rs$i sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2 \
		net.ipv4.conf.eth0.arp_ignore=1 net.ipv4.conf.eth0.arp_announce=2
	ip -n rs$i addr add 203.0.113.100/32 dev lo
	httpd rs$i
done

# --- the tables, by ipvsctl only
$C -A -t 192.0.2.100:80 -s rr; ok $? "ipvsctl -A NAT service"
$C -a -t 192.0.2.100:80 -r 198.51.100.11:80 -m -w 1; ok $? "ipvsctl -a rs1 -m"
$C -a -t 192.0.2.100:80 -r 198.51.100.12:80 -m -w 1; ok $? "ipvsctl -a rs2 -m"
$C -A -t 203.0.113.100:80 -s rr; ok $? "ipvsctl -A DR service"
$C -a -t 203.0.113.100:80 -r 203.0.113.13 -g; ok $? "ipvsctl -a rs3 -g"
$C -a -t 203.0.113.100:80 -r 203.0.113.14 -g; ok $? "ipvsctl -a rs4 -g"
for i in 1 2 3 4; do wait_httpd rs$i; ok $? "httpd in rs$i is up"; done

seq=$(requests cl1 192.0.2.100 4)
like "$seq" '^(rs1 rs2 rs1 rs2|rs2 rs1 rs2 rs1)$' "NAT: 4 requests alternate between rs1 and rs2 ($seq)"
seq=$(requests cl2 203.0.113.100 4)
like "$seq" '^(rs3 rs4 rs3 rs4|rs4 rs3 rs4 rs3)$' "DR: 4 requests alternate between rs3 and rs4 ($seq)"

# weight 0 quiesces a server: everything goes to the other one
$C -e -t 192.0.2.100:80 -r 198.51.100.11:80 -m -w 0; ok $? "ipvsctl -e weight 0"
seq=$(requests cl1 192.0.2.100 3)
is "$seq" "rs2 rs2 rs2" "NAT: weight 0 on rs1 sends every request to rs2"
$C -e -t 192.0.2.100:80 -r 198.51.100.11:80 -m -w 1

# counters and connections read back as ipvsadm shows them
sleep 2.2	# the estimator folds per-CPU counters every 2 s
for try in 1 2 3; do
	a=$(ipvsadm -Ln --stats); b=$($C -Ln --stats)
	[ "$a" = "$b" ] && break
	sleep 2.1
done
is "$b" "$a" "ipvsctl -Ln --stats = ipvsadm -Ln --stats after traffic"
like "$b" "TCP  192.0.2.100:80 +7 " "NAT service counted 7 connections"
# the same counters as Prometheus text (ipvsctl --metrics), kept for the
# host side's promtool check (METRICS_OUT is in the shared work tree)
m=$($C --metrics); ok $? "ipvsctl --metrics after traffic"
nat=$(ipvsadm -Ln --stats --exact -t 192.0.2.100:80 | awk 'NR == 3 { print $3 }')
is "$(printf '%s\n' "$m" | sed -n 's/^ipvs_service_connections_total{protocol="TCP",vip="192\.0\.2\.100:80"} //p')" "$nat" \
	"--metrics: the NAT service's connections_total is ipvsadm's ($nat)"
[ -n "${METRICS_OUT:-}" ] && printf '%s\n' "$m" >"$METRICS_OUT"
a=$(ipvsadm -Ln --stats --exact); b=$($C -Ln --stats --exact)
is "$b" "$a" "--stats --exact after traffic"
like "$($C -Ln -j)" '"address":"203.0.113.13","port":80,"forward":"route","weight":1,"u_threshold":0,"l_threshold":0,"active_conns":[0-9]+,"inactive_conns":[1-9]' "-j shows DR inactive connections"
strip() { sed -E 's/^([a-zA-Z]+ +)[0-9]+:[0-9]+ /\1XX:XX /'; }
a=$(ipvsadm -Lnc | strip | sort); b=$($C -Lnc | strip | sort)
is "$b" "$a" "ipvsctl -Lnc = ipvsadm -Lnc (expiry column aside)"
like "$b" "TCP +XX:XX +TIME_WAIT +192.0.2.10:[0-9]+ +192.0.2.100:80 +198.51.100.1[12]:80" "-Lnc shows the NAT connections"
a=$(ipvsadm -Lc | strip | sort); b=$($C -Lc | strip | sort)
is "$b" "$a" "ipvsctl -Lc = ipvsadm -Lc (names)"
like "$($C -Lnc -j)" '"protocol":"TCP","source":"192.0.2.10","sport":[0-9]+,"virtual":"192.0.2.100","vport":80' "-Lnc -j"
$C -Z -t 203.0.113.100:80; ok $? "ipvsctl -Z -t DR service"
like "$(ipvsadm -Ln --stats -t 203.0.113.100:80 | sed -n 3p)" "^TCP  203.0.113.100:80 +0 +0 +0 +0 +0$" "-Z -t zeroed the DR service's counters"
like "$(ipvsadm -Ln --stats -t 192.0.2.100:80 | sed -n 3p)" "^TCP  192.0.2.100:80 +7 " "and left the NAT service's alone"
$C -Z; ok $? "ipvsctl -Z after traffic"
like "$(ipvsadm -Ln --stats -t 192.0.2.100:80 | sed -n 3p)" "^TCP  192.0.2.100:80 +0 +0 +0 +0 +0$" "-Z zeroed every counter"
ipvsadm -C
done_testing
