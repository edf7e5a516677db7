#!/bin/bash
# hcheckd without -n detaches only once everything is open (the ready pipe
# of common/daemonize.c, shared with vrrpd): a start that fails on IPVS or on
# its control socket or pidfile fails in the caller, with the reason on
# stderr and the exit code, and leaves no process, socket or pidfile; a good
# start returns 0 with the pidfile already written and the daemon already
# answering, and it is stopped by the pid from its pidfile.
. "$(dirname "$0")/lib.sh"
H=$BIN/hcheckd
ns_add c
cd "$T_TMP" || bail tmp
echo 0 >flag

# run hcheckd in c the way an init script does: no -n; stdout+stderr kept
start() { nsx c "$H" "$@" >"$T_TMP/out" 2>&1; }
nothing_left() { [ -z "$(ip netns pids "$(ns c)")" ]; }

# 1. IPVS this kernel does not have (the host kernel has no ip_vs)
cat >vs.conf <<EOF
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
EOF
if [ -e /proc/net/ip_vs ]; then
	_ok 0 "# SKIP this kernel has IPVS"
else
	start -f vs.conf -S "$T_TMP/vs.sock"
	is "$?" 71 "no IPVS: the caller gets 71"
	like "$(cat out)" "vs.conf:1: .*IPVS: this kernel has no IPVS" "no IPVS: the reason on stderr, FILE:LINE"
	check "no IPVS: no daemon left" nothing_left
	check "no IPVS: no control socket left" test ! -e "$T_TMP/vs.sock"
fi

# 2. a control socket that cannot be made
start --check "flag=file:$T_TMP/flag" -S /nonexistent/dir/x.sock
is "$?" 71 "unusable -S: the caller gets 71"
like "$(cat out)" "control socket /nonexistent/dir/x.sock: No such file or directory" \
	"unusable -S: the reason on stderr"
check "unusable -S: no daemon left" nothing_left

# 3. a pidfile that cannot be written: everything else opened, then undone
start --check "flag=file:$T_TMP/flag" -S "$T_TMP/p.sock" -p /nonexistent/dir/p.pid
is "$?" 71 "unwritable pidfile: the caller gets 71"
like "$(cat out)" "pidfile /nonexistent/dir/p.pid: No such file or directory" \
	"unwritable pidfile: the reason on stderr"
check "unwritable pidfile: no daemon left" nothing_left
check "unwritable pidfile: its control socket removed" test ! -e "$T_TMP/p.sock"

# 4. a good start: 0, and at that moment the pidfile and the socket are there
SOCK=$T_TMP/hc.sock
start --check "flag=file:$T_TMP/flag" --interval 200ms -S "$SOCK" -p "$T_TMP/hc.pid"
rc=$?
pid=$(cat "$T_TMP/hc.pid" 2>/dev/null)
answer=$(nsx c "$H" ctl -S "$SOCK" show checks 2>&1)
is "$rc" 0 "good start: the caller gets 0"
like "$pid" '^[0-9]+$' "good start: the pidfile is written when the caller returns"
[ -n "$pid" ] && T_PIDS+=("$pid")
like "$answer" '^flag ' "good start: the daemon answers when the caller returns"
is "$(cat out)" "" "good start: nothing on the terminal"
check "the pidfile names a live process" kill -0 "${pid:-none}"
is "$(ps -o sid= -p "${pid:-1}" | tr -d ' ')" "${pid:-none}" "it detached: its own session"
check "it checks on its own: flag UP" wait_for 10 \
	sh -c "'$H' ctl -S '$SOCK' show check flag | head -1 | grep -q '^flag UP'"
[ -n "$pid" ] && kill -TERM "$pid"
check "stopped by the pid from its pidfile" wait_for 10 nothing_left
check "pidfile removed at exit" test ! -e "$T_TMP/hc.pid"
check "control socket removed at exit" test ! -e "$SOCK"

done_testing
