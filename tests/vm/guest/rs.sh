# tests/vm/guest/rs.sh - the real-server side of the hcheckd guest tests:
# a bridge br-rs (198.51.100.1/24 on the director) and namespaces rsN at
# 198.51.100.1N running busybox httpd from $W/rsN.  Needs W set.
#
#   . ./rs.sh; rs_add 1 2; stop_httpd rs1; start_httpd rs1
#   wait_until SECONDS CMD...   poll CMD every 0.1 s until it succeeds
ip link add br-rs type bridge
ip addr add 198.51.100.1/24 dev br-rs
ip link set br-rs up
start_httpd() { ip netns exec "$1" busybox httpd -p 80 -h "$W/$1"; }
stop_httpd() { for p in $(ip netns pids "$1"); do kill "$p"; done; }
rs_add() {	# N...: namespaces rsN with their web servers running
	local i
	for i in "$@"; do
		ip netns add rs$i
		ip link add rs$i-br type veth peer name eth0 netns rs$i
		ip link set rs$i-br master br-rs up
		ip -n rs$i addr add 198.51.100.1$i/24 dev eth0
		ip -n rs$i link set lo up; ip -n rs$i link set eth0 up
		mkdir -p $W/rs$i && echo "hello from rs$i" > $W/rs$i/index.html
		start_httpd rs$i
	done
}
wait_until() {	# seconds cmd...
	local t=0 lim=$(($1 * 10)); shift
	until "$@"; do t=$((t + 1)); [ $t -lt $lim ] || return 1; sleep 0.1; done
}
