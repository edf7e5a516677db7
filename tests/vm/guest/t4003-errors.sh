#!/bin/bash
# Guest side of t4003: bad input gets the right exit code (DESIGN.md: 64
# usage, 71 kernel refused, 77 privilege) and a clear message, and leaves the
# table as it was.
cd "$(dirname "$0")" && . ./tap.sh
T=$(mktemp -d)
C=ipvsctl
ipvsadm -C
ipvsadm -A -t 192.0.2.1:80 -s rr
ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m
ipvsadm -A -f 7 -s wlc
ipvsadm -Sn >"$T/before"

# expect CODE REGEX ARGS...: exit code, stderr matches, table unchanged
expect() {
	local code=$1 re=$2 rc err
	shift 2
	err=$($C "$@" 2>&1 >/dev/null); rc=$?
	is "$rc" "$code" "ipvsctl $* exits $code"
	like "$err" "$re" "ipvsctl $*: message"
	ipvsadm -Sn >"$T/after"
	same "$T/before" "$T/after" "ipvsctl $*: table unchanged"
}

# usage errors: 64
expect 64 "bad service address '192.0.2.300:80'" -A -t 192.0.2.300:80
expect 64 "bad service address" -A -t [2001:db8::1] -s rr
expect 64 "bad real server address '198.51.100.256'" -a -t 192.0.2.1:80 -r 198.51.100.256
expect 64 "unknown option '--bogus'" -A -t 192.0.2.2:80 --bogus
expect 64 "no command given" -t 192.0.2.2:80
expect 64 "only one command at a time" -A -D -t 192.0.2.2:80
expect 64 "option -r is not allowed with -A|option --real-server is not allowed with -A" -A -t 192.0.2.2:80 -r 198.51.100.9
expect 64 "option --scheduler is not allowed with -D" -D -t 192.0.2.1:80 -s rr
expect 64 "more than one service" -A -t 192.0.2.2:80 -u 192.0.2.2:80
expect 64 "port 0 .* persistent" -A -t 192.0.2.2:0 -s rr
expect 64 "bad persistence timeout '0'" -A -t 192.0.2.2:80 -p 0
expect 64 "scheduler flag 'sh-port' needs scheduler sh" -A -t 192.0.2.2:80 -s rr -b sh-port
expect 64 "unknown scheduler flag 'fast'" -A -t 192.0.2.2:80 -s sh -b fast
expect 64 "gue needs --tun-port" -a -t 192.0.2.1:80 -r 198.51.100.9 -i --tun-type gue
expect 64 "tunnel options need -i" -a -t 192.0.2.1:80 -r 198.51.100.9 --tun-type gre
expect 64 "not for --tun-type gre" -a -t 192.0.2.1:80 -r 198.51.100.9 -i --tun-type gre --tun-remcsum
expect 64 "bad weight '-1'" -a -t 192.0.2.1:80 -r 198.51.100.9 -w -1
expect 64 "needs a real server" -a -t 192.0.2.1:80
expect 64 "needs a service" -a -r 198.51.100.9
expect 64 "--set needs three timeouts" --set 10 20
expect 64 "master or backup" --start-daemon primary --mcast-interface lo
expect 64 "bad firewall mark '0'" -A -f 0
expect 64 "bad IPv6 netmask '129'" -A -f 8 -6 -p 10 -M 129

# the kernel refuses: 71, with the errno said in words
expect 71 "unable to add service TCP 192.0.2.2:80: no such scheduler" -A -t 192.0.2.2:80 -s bogus
expect 71 "unable to add service TCP 192.0.2.1:80: service already exists" -A -t 192.0.2.1:80 -s rr
expect 71 "unable to delete service TCP 192.0.2.99:80: no such service" -D -t 192.0.2.99:80
expect 71 "unable to edit service TCP 192.0.2.99:80: no such service" -E -t 192.0.2.99:80 -s rr
expect 71 "unable to add real server 198.51.100.9:80 to TCP 192.0.2.99:80: no such service" -a -t 192.0.2.99:80 -r 198.51.100.9
expect 71 "destination already exists" -a -t 192.0.2.1:80 -r 198.51.100.1:80 -m
expect 71 "unable to delete real server 198.51.100.9:80 from TCP 192.0.2.1:80: no such destination" -d -t 192.0.2.1:80 -r 198.51.100.9
expect 71 "no such destination" -e -t 192.0.2.1:80 -r 198.51.100.9 -w 3
expect 71 "lower threshold at most the upper" -a -t 192.0.2.1:80 -r 198.51.100.9 -x 10 -y 20
expect 71 "no such service TCP 192.0.2.99:80" -L -n -t 192.0.2.99:80
expect 71 "unable to zero the counters of TCP 192.0.2.99:80: no such service" -Z -t 192.0.2.99:80
expect 71 "unable to stop the master sync daemon: no such sync daemon running" --stop-daemon master
expect 71 "unable to start the master sync daemon: no such multicast interface" --start-daemon master --mcast-interface nosuch0
expect 71 "invalid destination" -a -t 192.0.2.1:80 -r 2001:db8::9 -m
expect 71 "service already exists" -A -f 7

# no privilege: 77 (CAP_NET_ADMIN is checked in the initial user namespace)
err=$(unshare -U ipvsctl -Ln 2>&1); rc=$?
is "$rc" 77 "without CAP_NET_ADMIN: exit 77"
like "$err" "permission denied" "without CAP_NET_ADMIN: message"

# malformed restore: every bad line named, nothing applied
cat >"$T/bad" <<'R'
-A -t 192.0.2.10:80 -s rr
-A -t 192.0.2.300:80 -s rr
# a comment line is fine

-a -t 192.0.2.10:80 -r 198.51.100.10 -x
-a -t 192.0.2.10:80 -r 198.51.100.11 -g
-L -n
-X
R
err=$($C -R <"$T/bad" 2>&1); rc=$?
is "$rc" 64 "restore with malformed lines exits 64"
like "$err" "stdin:2: bad service address '192.0.2.300:80'" "restore names line 2"
like "$err" "stdin:5: -x needs a value" "restore names line 5"
like "$err" "stdin:7: -L is not allowed in restore input" "restore names line 7"
like "$err" "stdin:8: unknown option '-X'" "restore names line 8"
like "$err" "4 bad lines, nothing changed" "restore says nothing changed"
ipvsadm -Sn >"$T/after"; same "$T/before" "$T/after" "malformed restore: table unchanged"

# restore with lines the kernel refuses: all reported, the rest applied
cat >"$T/mixed" <<'R'
-A -t 192.0.2.20:80 -s rr
-A -t 192.0.2.1:80 -s rr
-a -t 192.0.2.20:80 -r 198.51.100.20 -m
-a -t 192.0.2.98:80 -r 198.51.100.21 -m
-A -t 192.0.2.21:80 -s nosuchsched
-a -t 192.0.2.20:80 -r 198.51.100.22 -m
R
err=$($C -R <"$T/mixed" 2>&1); rc=$?
is "$rc" 71 "restore with refused lines exits 71"
like "$err" "stdin:2: unable to add service TCP 192.0.2.1:80: service already exists" "refused line 2 reported"
like "$err" "stdin:4: unable to add real server 198.51.100.21:80 to TCP 192.0.2.98:80: no such service" "refused line 4 reported"
like "$err" "stdin:5: unable to add service TCP 192.0.2.21:80: no such scheduler" "refused line 5 reported"
is "$(printf '%s\n' "$err" | wc -l)" 3 "exactly three lines reported"
is "$(ipvsadm -Sn | grep -c '192.0.2.20:80')" 3 "the good lines were applied (service and two servers)"

# IPv4 real server behind an IPv6 service: only tunnelling, as the kernel says
$C -A -t [2001:db8::5]:80 -s rr
$C -a -t [2001:db8::5]:80 -r 203.0.113.5:80 -i; ok $? "IPv4 tunnel real server in an IPv6 service"
$C -a -t [2001:db8::5]:80 -r 203.0.113.6:80 -m 2>/dev/null; is "$?" 71 "IPv4 NAT real server in an IPv6 service is refused"
rm -rf "$T"
done_testing
