#!/bin/bash
# Guest side of t3502: hcheckd's IPVS globals in a real kernel.
# lvs_sync_daemon without an instance (master and backup for hcheckd's life,
# restarted on a changed reload, left to vrrpd with an instance, stopped at
# exit, a stale one replaced); lvs_flush at start; lvs_flush_onstop VS and
# full at exit; `ipvsctl apply` refused beside an hcheckd that drives the
# table (a real server down by its checks stays out), with --force and
# without hcheckd as control cases.
cd "$(dirname "$0")" && . ./tap.sh
W=/tmp/hc3502
mkdir -p $W
sysctl -qw net.ipv4.ip_forward=1
ipvsadm -C

# the sync daemons' interface: a veth pair with addresses (a master sends
# from the interface's IPv4 address)
ip link add sync0 type veth peer name sync1
ip addr add 203.0.113.1/24 dev sync0
ip addr add 203.0.113.2/24 dev sync1
ip link set sync0 up; ip link set sync1 up

. ./rs.sh
rs_add 1

conf() {	# global_defs lines -> $W/hc.conf
	{
		printf 'global_defs {\n%s\n}\n' "$1"
		cat <<EOF2
virtual_server 192.0.2.100 80 {
    delay_loop 0.3
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
EOF2
	} > $W/hc.conf
}
daemons() { ipvsadm -L --daemon 2>&1; }
has_daemons() {	# syncid: master and backup on sync0 with it
	daemons | grep -q "master sync daemon (mcast=sync0, syncid=$1," &&
	daemons | grep -q "backup sync daemon (mcast=sync0, syncid=$1,"
}
no_daemons() { [ -z "$(daemons)" ]; }
has_svc() { ipvsadm -Ln -t "$1:80" >/dev/null 2>&1; }
no_svc() { ! has_svc "$1"; }
has_rs1() { ipvsadm -Ln -t 192.0.2.100:80 2>/dev/null | grep -q '198.51.100.11:80'; }
no_rs1() { ! has_rs1; }
HPID=
start_hc() {
	rm -f $W/hc.sock
	hcheckd -n -d -f $W/hc.conf -S $W/hc.sock >>$W/hc.log 2>&1 &
	HPID=$!
	# the socket answers once everything is open (IPVS last, lvs_flush
	# included): an rs1 left in the table by the last step proves nothing
	wait_until 20 eval "hcheckd ctl -S $W/hc.sock show stats >/dev/null 2>&1" &&
		wait_until 20 has_rs1
}
stop_hc() { kill "$HPID"; wait "$HPID"; HPID=; }
reload() { hcheckd ctl -S $W/hc.sock reload >/dev/null; }

# --- common/lvssync's calls, as vrrpd will make them -------------------------
out=$(LVSSYNC_IF=sync0 CMOCKA_MESSAGE_OUTPUT=TAP common_lvssync_kernel 2>&1)
ok $? "lvssync master/backup/both/stop in the real kernel (unit common_lvssync_kernel)"
[ "$failed" -gt 0 ] && printf '%s\n' "$out" | sed 's/^/#   /'

# --- sync daemon: master and backup for hcheckd's life ------------------
ipvsadm -A -t 192.0.2.200:80 -s rr		# somebody else's service
conf "    lvs_sync_daemon sync0 id 7"
hcheckd -t -f $W/hc.conf >/dev/null 2>&1
ok $? "hcheckd -t accepts lvs_sync_daemon"
start_hc
ok $? "hcheckd drives the table"
wait_until 10 has_daemons 7
ok $? "lvs_sync_daemon without instance: master and backup sync daemons on sync0, syncid 7"
has_svc 192.0.2.200
ok $? "without lvs_flush another service stays (control for lvs_flush)"

# --- ipvsctl apply beside hcheckd -------------------------------------------
stop_httpd rs1
wait_until 20 no_rs1
ok $? "rs1's web server stops: hcheckd takes it out"
out=$(ipvsctl apply --hcheckd-sock $W/hc.sock --keep-others $W/hc.conf 2>&1); rc=$?
is "$rc" 1 "ipvsctl apply beside hcheckd: refused (exit 1)"
like "$out" "apply refused: hcheckd \($W/hc.sock\) keeps the real servers of 1 virtual server" "and says why"
no_rs1
ok $? "the real server down by its checks stays out"
ipvsctl apply --dry-run --hcheckd-sock $W/hc.sock --keep-others $W/hc.conf >$W/dry 2>&1
ok $? "--dry-run still shows the plan"
like "$(cat $W/dry)" '^-a -t 192.0.2.100:80 -r 198.51.100.11:80 -m -w 1' "the plan would put rs1 back"
ipvsctl apply --force --hcheckd-sock $W/hc.sock --keep-others $W/hc.conf >/dev/null 2>&1
ok $? "control: --force applies"
has_rs1
ok $? "control: and puts the down real server back, which the refusal prevents"
reload
wait_until 20 no_rs1
ok $? "hcheckd ctl reload puts hcheckd's view back"
start_httpd rs1
wait_until 20 has_rs1
ok $? "rs1 back up: in the table"

# --- reloads ------------------------------------------------------------------
conf "    lvs_sync_daemon sync0 id 8"
reload
wait_until 10 has_daemons 8
ok $? "reload with id 8: both daemons restarted with syncid 8"
conf "    lvs_sync_daemon sync0 VI_1"
reload
wait_until 10 no_daemons
ok $? "reload naming a vrrp_instance: the daemons are vrrpd's, hcheckd stops its own"
conf "    lvs_sync_daemon sync0 id 9 ttl 2 port 8850"
reload
wait_until 10 has_daemons 9
ok $? "reload without instance again: running"
like "$(daemons)" 'port=8850, ttl=2' "with the configured port and ttl"

# --- exit -------------------------------------------------------------------
stop_hc
no_daemons
ok $? "SIGTERM: hcheckd stops both sync daemons"
has_svc 192.0.2.100 && has_svc 192.0.2.200
ok $? "without lvs_flush_onstop the table stays (control for lvs_flush_onstop)"

# --- what common/lvssync relies on: the kernel's answers ---------------------
out=$(ipvsctl --stop-daemon master 2>&1)
like "$out" 'no such sync daemon running' "kernel: stopping a daemon that is not running is ESRCH (lvssync treats it as done)"
ipvsctl --start-daemon backup --mcast-interface sync0 --syncid 4 >/dev/null 2>&1
out=$(ipvsctl --start-daemon backup --mcast-interface sync0 --syncid 5 2>&1)
like "$out" 'sync daemon already running' "kernel: a second backup is EEXIST whatever its settings (lvssync compares and restarts)"
ipvsctl --stop-daemon backup >/dev/null 2>&1
no_daemons
ok $? "and it stops"

# --- a stale daemon (a crash) with other settings is replaced ----------------
ipvsadm --start-daemon master --mcast-interface sync0 --syncid 3
like "$(daemons)" 'master sync daemon \(mcast=sync0, syncid=3,' "a stale master with syncid 3"
# --- lvs_flush, lvs_flush_onstop VS ------------------------------------------
conf "    lvs_sync_daemon sync0 id 9
    lvs_flush
    lvs_flush_onstop VS"
start_hc
ok $? "hcheckd with lvs_flush and lvs_flush_onstop VS"
no_svc 192.0.2.200
ok $? "lvs_flush: the other service was flushed at start"
wait_until 10 has_daemons 9
ok $? "the stale master was replaced: master and backup with syncid 9"
ipvsadm -A -t 192.0.2.201:80 -s rr
reload
has_svc 192.0.2.201
ok $? "lvs_flush acts at start only, not on reload"
stop_hc
no_svc 192.0.2.100
ok $? "lvs_flush_onstop VS: hcheckd's virtual server deleted at exit"
has_svc 192.0.2.201
ok $? "and the other service kept"

# --- lvs_flush_on_stop: the whole table --------------------------------------
conf "    lvs_flush_on_stop"
start_hc
ok $? "hcheckd with lvs_flush_on_stop"
no_daemons
ok $? "no lvs_sync_daemon: no sync daemon"
stop_hc
is "$(ipvsadm -Sn)" "" "lvs_flush_on_stop: the whole table flushed at exit"

# --- apply without hcheckd: allowed -----------------------------------------
ipvsctl apply --hcheckd-sock $W/hc.sock $W/hc.conf >/dev/null 2>&1
ok $? "control: without hcheckd, apply goes ahead"
has_rs1
ok $? "and sets the table"

[ -n "$HPID" ] && kill "$HPID"
if [ "$failed" -gt 0 ]; then sed 's/^/# /' $W/hc.log | tail -40; ipvsadm -Ln | sed 's/^/# /'; fi
done_testing
