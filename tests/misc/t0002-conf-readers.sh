#!/bin/bash
# The three readers of keepalived.conf (vrrpd -t, hcheckd -t, ipvsctl
# apply -t) share common/conf_lex and give one verdict: a NUL byte is an
# error at its line, a plain include of a missing file is an error, a
# pattern that matches nothing is a warning (keepalived's behaviour).
set -u
cd "$(dirname "$0")/../.."
BIN=${BIN:-$PWD/${BUILD:-build}/bin}
n=0 fail=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one file every reader owns a part of (interface lo: vrrpd -t checks it)
body() {
	cat <<'EOC'
vrrp_instance VI_1 {
    interface lo
    virtual_router_id 5
    priority 150
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
EOC
}
body >"$tmp/ok.conf"
# line 4: "priority 150" behind a NUL byte
body | sed '4s/^    priority 150/    nopreempt\x00 priority 150/' >"$tmp/nul.conf"
{ echo "include $tmp/nosuch.conf"; body; } >"$tmp/missing.conf"
{ echo "include $tmp/nosuch*.conf"; body; } >"$tmp/glob.conf"

# verdict FILE: one line per reader, "exit-code first-line-of-stderr"
for r in "vrrpd -t -f" "hcheckd -t -f" "ipvsctl apply -t"; do
	set -- $r
	out=$("$BIN/$1" "${@:2}" "$tmp/ok.conf" 2>&1); rc=$?
	t $rc "$1: the control file is OK"
	[ $rc -eq 0 ] || echo "# $out"
	out=$("$BIN/$1" "${@:2}" "$tmp/nul.conf" 2>&1); rc=$?
	[ $rc -eq 78 ] && printf '%s' "$out" | grep -q "nul.conf:4: NUL byte in the line"
	t $? "$1: a NUL byte is 78 with FILE:LINE"
	[ $rc -eq 78 ] || echo "# exit $rc: $out"
	out=$("$BIN/$1" "${@:2}" "$tmp/missing.conf" 2>&1); rc=$?
	[ $rc -eq 78 ] && printf '%s' "$out" | grep -q "missing.conf:1: include '.*nosuch.conf': No such file"
	t $? "$1: include of a missing file is 78 with FILE:LINE"
	[ $rc -eq 78 ] || echo "# exit $rc: $out"
	out=$("$BIN/$1" "${@:2}" "$tmp/glob.conf" 2>&1); rc=$?
	[ $rc -eq 0 ] && printf '%s' "$out" | grep -q "glob.conf:1: include '.*nosuch\*.conf' matches no file"
	t $? "$1: a pattern that matches nothing warns, exit 0"
	[ $rc -eq 0 ] || echo "# exit $rc: $out"
done
echo "1..$n"
exit $fail
