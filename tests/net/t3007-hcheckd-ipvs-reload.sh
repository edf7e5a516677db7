#!/bin/bash
# virtual_server blocks and a daemon without IPVS control.  At start,
# virtual servers need the kernel's IPVS and CAP_NET_ADMIN, or hcheckd
# exits naming the first virtual_server.  A daemon started without any
# dropped CAP_NET_ADMIN: a reload that adds virtual servers is refused
# (FILE:LINE of the first, "restart"), and the running configuration stays.
# (The VM test t3501 reloads a daemon that drives IPVS.)
. "$(dirname "$0")/lib.sh"
H=$BIN/hcheckd
ns_add c
cd "$T_TMP" || bail tmp
SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
echo 0 >flag

cat >vs.conf <<'EOF2'
# virtual servers only
virtual_server 192.0.2.100 80 {
    lb_algo rr
    real_server 198.51.100.11 80 {
        TCP_CHECK { connect_timeout 1 }
    }
}
EOF2
check "-t accepts the virtual servers" nsx c "$H" -t -f vs.conf
if ! grep -qsw ip_vs /proc/modules && ! modinfo ip_vs >/dev/null 2>&1; then
	out=$(nsx c timeout 20 "$H" -n -f vs.conf -S "$T_TMP/x.sock" 2>&1); rc=$?
	is "$rc" 71 "no IPVS in this kernel: exit 71"
	like "$out" "vs.conf:2: 'virtual_server 192.0.2.100 80': IPVS: this kernel has no IPVS" \
		"the error names the first virtual_server"
	check "nothing left listening" test ! -S "$T_TMP/x.sock"
else
	diag "this kernel has IPVS: the no-IPVS start is not tested here"
fi
out=$(nsx c setpriv --bounding-set -net_admin -- timeout 20 "$H" -n -f vs.conf -S "$T_TMP/x.sock" 2>&1); rc=$?
check "without CAP_NET_ADMIN (or IPVS): it does not start" test "$rc" = 77 -o "$rc" = 71
like "$out" "vs.conf:2: 'virtual_server 192.0.2.100 80': " "and says where"

# started without virtual servers
cat >hc.conf <<EOF2
check flag {
    delay_loop 0.3
    FILE_CHECK { file $T_TMP/flag }
}
EOF2
spawn c "$H" -n -d -f hc.conf -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
check "flag comes up" wait_for 10 sh -c "'$H' ctl -S '$SOCK' show check flag | head -1 | grep -q '^flag UP'"
is "$(awk '$1 == "CapEff:" {print $2}' /proc/$HPID/status)" 0000000000000000 \
	"no virtual servers: CAP_NET_ADMIN dropped"
cp hc.conf hc.conf.ok
cat >>hc.conf <<'EOF2'
check other {
    FILE_CHECK { file /nonexistent }
}
virtual_server_group web {
    192.0.2.100 80
}
virtual_server group web {
    lb_algo rr
    real_server 198.51.100.11 80 {
        TCP_CHECK { connect_timeout 1 }
    }
}
EOF2
out=$(ctl reload 2>&1); rc=$?
is "$rc" 1 "reload adding a virtual server: refused (exit 1)"
like "$out" "hc.conf:11: 'virtual_server group web': hcheckd has no IPVS control" "the error names FILE:LINE of the first virtual_server"
like "$out" "restart hcheckd" "and says a restart is needed"
like "$(grep 'reload failed' "$HLOG")" "keeping the running configuration: hc.conf:11:" "logged"
out=$(ctl show checks)
like "$out" '^flag UP' "the running configuration stays"
unlike "$out" 'other|198.51.100.11' "nothing of the new file was taken"
cp hc.conf.ok hc.conf
echo "check other { FILE_CHECK { file $T_TMP/flag } }" >>hc.conf
is "$(ctl reload >/dev/null 2>&1; echo $?)" 0 "a reload without virtual servers is accepted"
check "and applied" wait_for 10 sh -c "'$H' ctl -S '$SOCK' show checks | grep -q '^other UP'"
done_testing
