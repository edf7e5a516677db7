#!/bin/bash
# One reading of one file: vrrpd -t, hcheckd -t and ipvsctl apply -t take
# the same @ID / @^ID lines for the same config id (vrrpd --config-id,
# hcheckd -i / --config-id, ipvsctl apply --config-id), reject the same
# typo at the top level or in global_defs with FILE:LINE and the word, and
# skip a block none of them owns that keepalived knows (SSL); @ID edge
# cases as keepalived 2.2.7 has them.
. "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# a file every reader owns a part of (interface lo: vrrpd -t checks it).
# For id "red": one virtual server, priority 150.  For any other id: two
# virtual servers, and line 4 has a typo in global_defs.
cat >"$tmp/k.conf" <<'EOC'
global_defs {
    router_id r1
@red    lvs_flush
@^red   router_idd r2
}
SSL {
    password secret
}
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 5
@red    priority 150
@^red   priority 100
    virtual_ipaddress {
        192.0.2.5/32
    }
}
virtual_server 192.0.2.10 80 {
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 192.0.2.11 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
@^red virtual_server 192.0.2.20 80 {
@^red     protocol TCP
@^red     real_server 192.0.2.21 80 {
@^red     }
@^red }
EOC
# the same without the typo, to count what each id gives
grep -v router_idd "$tmp/k.conf" >"$tmp/ok.conf"

run() {	# tool id file -> "exit output" of that reader
	local out rc
	case $1 in
	vrrpd) out=$("$BIN/vrrpd" -t --config-id "$2" -f "$3" 2>&1) ;;
	hcheckd) out=$("$BIN/hcheckd" -t -i "$2" -f "$3" 2>&1) ;;
	hcheckd-long) out=$("$BIN/hcheckd" -t --config-id "$2" -f "$3" 2>&1) ;;
	ipvsctl) out=$("$BIN/ipvsctl" apply -t --config-id "$2" "$3" 2>&1) ;;
	esac
	rc=$?
	echo "$rc $(printf '%s\n' "$out" | tail -n 1)"
}

for t in vrrpd hcheckd hcheckd-long ipvsctl; do
	out=$(run $t red "$tmp/k.conf")
	like "$out" "^0 " "$t: id red: @^red typo line not read, exit 0"
	out=$(run $t blue "$tmp/k.conf")
	like "$out" "^78 .*k.conf:4: unknown keyword 'router_idd' in global_defs" \
		"$t: id blue: the global_defs typo is 78 with FILE:LINE and the word"
done
# the ids select the same lines in each reader
like "$(run hcheckd red "$tmp/ok.conf")" "^0 .*1 virtual servers" "hcheckd: id red reads 1 virtual server"
like "$(run hcheckd blue "$tmp/ok.conf")" "^0 .*2 virtual servers" "hcheckd: id blue reads 2"
like "$(run ipvsctl red "$tmp/ok.conf")" "^0 .*1 virtual services" "ipvsctl apply: id red reads 1 virtual service"
like "$(run ipvsctl blue "$tmp/ok.conf")" "^0 .*2 virtual services" "ipvsctl apply: id blue reads 2"
# vrrpd: a typo on an @red line (line 12 of ok.conf, which lacks line 4)
sed 's/^@red    priority 150/@red    priority 150\n@red    prioritty 1/' "$tmp/ok.conf" >"$tmp/p.conf"
like "$(run vrrpd red "$tmp/p.conf")" "^78 .*p.conf:12: unknown keyword 'prioritty'" \
	"vrrpd: id red reads the @red lines (control: its typo is found)"
like "$(run vrrpd blue "$tmp/p.conf")" "^0 " "vrrpd: id blue does not"

# a typo at the top level: every reader, the same line
sed 's/^vrrp_instance VI_1/vrrp_instanse VI_1/' "$tmp/ok.conf" >"$tmp/top.conf"
for t in vrrpd hcheckd ipvsctl; do
	like "$(run $t red "$tmp/top.conf")" "^78 .*top.conf:8: unknown keyword 'vrrp_instanse' at top level" \
		"$t: a top-level typo is 78 with FILE:LINE"
done
# keepalived 2.2.7's edge cases (lib/parser.c, checked with keepalived -t
# -i red): "@^" with no id keeps its line, "@" with no id drops it, a line
# that a parameter turns into "@red ..." is selected after the expansion
printf '%s\n' 'global_defs {' '@ router_idd x' '@^ router_idd y' '}' >"$tmp/e1.conf"
printf '%s\n' '$V=@red' 'global_defs {' '$V router_idd z' '}' >"$tmp/e2.conf"
for t in vrrpd hcheckd ipvsctl; do
	like "$(run $t red "$tmp/e1.conf")" "^78 .*e1.conf:3: unknown keyword 'router_idd'" \
		"$t: '@^ WORD' is kept, '@ WORD' dropped (keepalived's rules)"
	like "$(run $t red "$tmp/e2.conf")" "^78 .*e2.conf:3: unknown keyword 'router_idd'" \
		"$t: a parameter that expands to '@red ...' counts for red"
	like "$(run $t blue "$tmp/e2.conf")" "^0 |no vrrp_instance" "$t: ... and not for blue"
done
# a config id nothing can match is a usage error
for c in "vrrpd -t -f $tmp/ok.conf --config-id" "hcheckd -t -f $tmp/ok.conf -i" \
	 "ipvsctl apply -t $tmp/ok.conf --config-id"; do
	set -- $c
	"$BIN/$1" "${@:2}" "a b" >/dev/null 2>&1
	is $? 64 "$1: a config id with a blank is 64"
done
done_testing
