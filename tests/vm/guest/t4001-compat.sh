#!/bin/bash
# Guest side of t4001: every option set with ipvsctl reads back identically
# with ipvsadm, and the other way round; every listing format is
# byte-identical to ipvsadm's; save/restore round trips.
cd "$(dirname "$0")" && . ./tap.sh
T=$(mktemp -d)
C=ipvsctl A=ipvsadm

# One command per line, in ipvsadm syntax; both tools run the same lines.
cat >"$T/cmds" <<'CMDS'
-A -t 192.0.2.1:80 -s rr
-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 1
-a -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 2 -x 1000 -y 500
-a -t 192.0.2.1:80 -r 198.51.100.3 -i -w 0
-A -t 192.0.2.2:80 -s wrr
-A -t 192.0.2.3:80 -s lc
-A -t 192.0.2.4:80 -s wlc
-A -t 192.0.2.5:80 -s lblc
-A -t 192.0.2.6:80 -s lblcr
-A -t 192.0.2.7:80 -s dh
-A -t 192.0.2.8:80 -s sh
-A -t 192.0.2.9:80 -s sed
-A -t 192.0.2.10:80 -s nq
-A -t 192.0.2.11:80 -s fo
-A -t 192.0.2.12:80 -s ovf
-A -t 192.0.2.13:80 -s mh
-A -t 192.0.2.20:443 -s sh -b sh-fallback,sh-port
-A -t 192.0.2.21:443 -s mh -b mh-fallback,mh-port
-A -t 192.0.2.22:443 -s rr -b flag-1,flag-3
-A -t 192.0.2.23:443 -s sh -b sh-port -p 60 -M 255.255.255.0
-A -u 192.0.2.30:53 -s wrr -o
-a -u 192.0.2.30:53 -r 198.51.100.30:53 -m -w 5
-a -u 192.0.2.30:53 -r 198.51.100.31:5353 -m -w 0
-A --sctp-service 192.0.2.31:3868 -s rr
-a --sctp-service 192.0.2.31:3868 -r 198.51.100.32:3868 -m
-A -t 192.0.2.40:443 -s rr -p 300 -M 255.255.255.0
-a -t 192.0.2.40:443 -r 198.51.100.40:443 -g
-A -t 192.0.2.41:0 -s wlc -p
-a -t 192.0.2.41:0 -r 198.51.100.41 -g
-A -u 192.0.2.42:5060 -s rr -p 60 --pe sip
-a -u 192.0.2.42:5060 -r 198.51.100.42:5060 -m
-A -u 192.0.2.43:5060 -s sh -b sh-port -p 60 -M 255.255.255.0 --pe sip -o
-A -t 192.0.2.44:80 -s rr -p 10 -M 24
-A -t 192.0.2.45:80 -s rr -M 255.255.0.0
-A -f 1 -s wlc
-a -f 1 -r 198.51.100.50 -g
-a -f 1 -r 198.51.100.51 -i -w 2
-a -f 1 -r 198.51.100.52:8080 -m -w 3
-A -f 2 -6 -s rr -p 120
-a -f 2 -6 -r 2001:db8:1::50 -g
-A -f 3 -6 -s rr -p 10 -M 64
-A -t [2001:db8::1]:80 -s rr
-a -t [2001:db8::1]:80 -r [2001:db8:1::1]:8080 -m
-a -t [2001:db8::1]:80 -r [2001:db8:1::2]:80 -g
-a -t [2001:db8::1]:80 -r 2001:db8:1::3 -i
-A -u [2001:db8::2]:53 -s sed -p 600 -M 64
-a -u [2001:db8::2]:53 -r [2001:db8:1::4]:53 -m
-A --sctp-service [2001:db8::3]:3868 -s nq
-a --sctp-service [2001:db8::3]:3868 -r [2001:db8:1::5]:3868 -m
-A -t 192.0.2.60:80 -s rr
-a -t 192.0.2.60:80 -r 203.0.113.60:80 -i --tun-type gue --tun-port 6080 --tun-nocsum
-a -t 192.0.2.60:80 -r 203.0.113.61:80 -i --tun-type gue --tun-port 6081 --tun-csum
-a -t 192.0.2.60:80 -r 203.0.113.62:80 -i --tun-type gue --tun-port 6082 --tun-remcsum
-a -t 192.0.2.60:80 -r 203.0.113.63:80 -i --tun-type gre --tun-csum
-a -t 192.0.2.60:80 -r 203.0.113.64:80 -i --tun-type gre --tun-nocsum
-a -t 192.0.2.60:80 -r 203.0.113.65:80 -i --tun-type ipip
-A -t [2001:db8::60]:80 -s rr
-a -t [2001:db8::60]:80 -r 203.0.113.66:80 -i
-A -t 192.0.2.70:http -s wlc
-a -t 192.0.2.70:http -r 127.0.0.1:http -w 70000
-a -t 192.0.2.70:80 -r 198.51.100.70
-A -t 192.0.2.71:80 -s rr -p 100 -M 255.255.0.0
-E -t 192.0.2.71:80 -s wrr
-A -t 192.0.2.72:80 -s rr
-E -t 192.0.2.72:80 -p 50
-a -t 192.0.2.72:80 -r 198.51.100.72:80 -m -w 5 -x 100 -y 50
-e -t 192.0.2.72:80 -r 198.51.100.72:80 -w 3
-a -t 192.0.2.72:80 -r 198.51.100.73:80 -m -w 5
-e -t 192.0.2.72:80 -r 198.51.100.73:80 -m -x 10
-a -t 192.0.2.72:80 -r 198.51.100.74:80 -m
-d -t 192.0.2.72:80 -r 198.51.100.74:80
-A -t 192.0.2.73:80 -s rr
-D -t 192.0.2.73:80
-A --tcp-service 192.0.2.74:80 --scheduler=rr --persistent 30 --netmask 255.255.255.128
-a --tcp-service 192.0.2.74:80 --real-server 198.51.100.75:80 --masquerading --weight 4 --u-threshold 9 --l-threshold 3
-A -t 192.0.2.75:80 -srr
-a -t 192.0.2.75:80 -r198.51.100.76 -w7
CMDS

fmts=(-Ln -L -l "-Ln --stats" "-Ln --rate" "-Ln --stats --exact" "-Ln --rate --exact"
	"-Ln --thresholds" "-Ln --persistent-conn" "-Ln --tun-info" "-Ln --sort"
	"-Ln -t 192.0.2.1:80" "-L -t 192.0.2.70:80" "-Ln -f 1" "-Ln -f 2 -6"
	"-Ln -u [2001:db8::2]:53" "-Ln --stats -t 192.0.2.60:80" "-Ln --nosort" -Sn -S
	"-L --timeout" "-Lnc" "-Lnc --persistent-conn")

run_all() {	# tool -> number of failed commands
	local tool=$1 bad=0
	$tool -C
	while read -r line; do
		# shellcheck disable=SC2086
		$tool $line || { echo "# $tool $line: failed"; bad=$((bad + 1)); }
	done <"$T/cmds"
	echo "$bad" >"$T/bad.$tool"
}
snapshot() {	# tool dir: every listing of the current table by tool
	local i=0 f
	mkdir -p "$2"
	for f in "${fmts[@]}"; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		$1 $f >"$2/$i" 2>&1
		echo "rc=$?" >>"$2/$i"
	done
}

# 1. the table made by ipvsadm, listed by both
run_all $A
is "$(cat "$T/bad.$A")" 0 "ipvsadm accepts all $(wc -l <"$T/cmds") reference commands"
snapshot $A "$T/ref"
snapshot $C "$T/ctl-on-adm"
i=0
for f in "${fmts[@]}"; do
	i=$((i + 1))
	same "$T/ref/$i" "$T/ctl-on-adm/$i" "table made by ipvsadm: 'ipvsctl $f' = 'ipvsadm $f'"
done

# 2. the same commands through ipvsctl, read back by ipvsadm and ipvsctl
run_all $C
is "$(cat "$T/bad.$C")" 0 "ipvsctl accepts every ipvsadm command line"
snapshot $A "$T/adm-on-ctl"
i=0
for f in "${fmts[@]}"; do
	i=$((i + 1))
	same "$T/ref/$i" "$T/adm-on-ctl/$i" "table made by ipvsctl: 'ipvsadm $f' as for ipvsadm's table"
done

# 3. save/restore round trips, across the two tools
$C -Sn >"$T/s1"
$C -C && $C -R <"$T/s1"; ok $? "ipvsctl -R of ipvsctl -Sn"
$C -Sn >"$T/s2"; same "$T/s1" "$T/s2" "ipvsctl -Sn | ipvsctl -R | ipvsctl -Sn is identical"
$C -S >"$T/s3"
$C -C && $C -R <"$T/s3"; ok $? "ipvsctl -R of ipvsctl -S (names)"
$C -Sn >"$T/s4"; same "$T/s1" "$T/s4" "ipvsctl -S | ipvsctl -R keeps the table"
$A -C && $A -R <"$T/s1"; ok $? "ipvsadm -R of ipvsctl -Sn"
$A -Sn >"$T/s5"; same "$T/s1" "$T/s5" "ipvsctl -Sn | ipvsadm -R | ipvsadm -Sn is identical"
$C -C && $C -R <"$T/s5"; ok $? "ipvsctl -R of ipvsadm -Sn"
$A -Sn >"$T/s6"; same "$T/s1" "$T/s6" "ipvsadm -Sn | ipvsctl -R | ipvsadm -Sn is identical"
$C -Ln --tun-info >"$T/t1"; $A -Ln --tun-info >"$T/t2"
same "$T/t2" "$T/t1" "tunnel settings survive the round trip"

# 4. timeouts, zero, sync daemon
$C --set 900 120 300; ok $? "ipvsctl --set 900 120 300"
is "$($A -L --timeout)" "Timeout (tcp tcpfin udp): 900 120 300" "ipvsadm reads the timeouts back"
$C --set 0 30 0; is "$($A -L --timeout)" "Timeout (tcp tcpfin udp): 900 30 300" "--set 0 leaves a timeout alone"
is "$($C -L --timeout -j)" '{"tcp":900,"tcp_fin":30,"udp":300}' "--timeout -j"
$C -Z; ok $? "ipvsctl -Z"
$C -Z -t 192.0.2.1:80; ok $? "ipvsctl -Z -t SERVICE"
ip link add sync0 type dummy && ip link set sync0 up multicast on
$C -D -t [2001:db8::60]:80 && $C -d -t [2001:db8::1]:80 -r 2001:db8:1::3
$C --start-daemon master --mcast-interface sync0 --syncid 7; ok $? "ipvsctl --start-daemon master"
$C --start-daemon backup --mcast-interface sync0 --syncid 9 --sync-maxlen 1000 --mcast-group 224.0.0.82 --mcast-port 8849 --mcast-ttl 2
ok $? "ipvsctl --start-daemon backup with every daemon option"
$A -L --daemon >"$T/d1"; $C -L --daemon >"$T/d2"
same "$T/d1" "$T/d2" "ipvsctl -L --daemon = ipvsadm -L --daemon"
like "$(cat "$T/d2")" "backup sync daemon \(mcast=sync0, syncid=9, maxlen=[0-9]+, group=224.0.0.82, port=8849, ttl=2\)" "daemon options reach the kernel"
like "$($C -L --daemon -j)" '"state":"master"' "--daemon -j"
$C --stop-daemon master; ok $? "ipvsctl --stop-daemon master"
$C --stop-daemon backup; ok $? "ipvsctl --stop-daemon backup"
is "$($A -L --daemon)" "" "no daemon left"
$A --start-daemon master --mcast-interface sync0 --syncid 3
$C -Ln --daemon >"$T/d3"; $A -Ln --daemon >"$T/d4"
same "$T/d4" "$T/d3" "daemon started by ipvsadm, listed by ipvsctl"
$A --stop-daemon master

# 5. JSON (thresholds are not in -S output: set them again)
$C -e -t 192.0.2.1:80 -r 198.51.100.2:80 -g -w 2 -x 1000 -y 500
j=$($C -Ln -j)
like "$j" '^\{"version":"1\.2\.1","conn_tab_size":4096,"services":\[' "-Ln -j starts with version and services"
like "$j" '"protocol":"tcp","address":"192.0.2.1","port":80,"scheduler":"rr"' "-j service fields"
like "$j" '"address":"198.51.100.2","port":80,"forward":"route","weight":2,"u_threshold":1000,"l_threshold":500' "-j dest fields"
like "$j" '"tunnel":\{"type":"gue","port":6080,"csum":"nocsum"\}' "-j tunnel fields"
like "$($C -L -j -t 192.0.2.1:80 --stats)" '"stats":\{"conns":0,' "-j stats"
if command -v python3 >/dev/null; then
	printf '%s' "$j" | python3 -m json.tool >/dev/null; ok $? "-j output is valid JSON"
fi
$C -C
like "$($C -Ln -j)" '"services":\[\]\}$' "-j of an empty table"
rm -rf "$T"
done_testing
