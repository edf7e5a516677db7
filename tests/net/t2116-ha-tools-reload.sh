#!/bin/bash
# contrib/ha-tools.service: one keepalived.conf for vrrpd and hcheckd, and
# `systemctl reload ha-tools` takes a new file in both or in neither.  No
# systemd runs here, so the test renders the unit for this build, takes its
# ExecReload= lines and runs them as systemd does: in order, stopping at the
# first that fails.  The control case: reloading each daemon on its own
# (vrrpd.service's reload) leaves vrrpd on a file hcheckd refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
HC=$BIN/hcheckd
F=$T_TMP/keepalived.conf

# the unit's reload lines, with this test's file and sockets
sed -n 's/^ExecReload=//p' contrib/ha-tools.service.in |
	sed -e "s|@SBINDIR@|$BIN|g" -e "s|/etc/keepalived/keepalived.conf|$F|g" \
	    -e "s|/run/vrrpd.sock|$T_TMP/a.sock|g" -e "s|/run/hcheckd.sock|$T_TMP/hc.sock|g" \
	    -e "s|/etc/default/|$T_TMP/default-|g" >"$T_TMP/reload-lines"
is "$(wc -l <"$T_TMP/reload-lines")" 4 "the unit reloads in four steps (check both, reload both)"
unit_reload() {		# systemd's way: each line in turn, the first failure ends it
	local line
	while IFS= read -r line; do
		nsx a sh -c "$line" >>"$T_TMP/reload.out" 2>&1 || return 1
	done <"$T_TMP/reload-lines"
}
conf() {		# PRIORITY CHECKS [EXTRA-CHECK-LINE] [EXTRA-VRRP-LINE]
	{
		printf 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n'
		printf '  priority %s\n  advert_int 1\n  %s\n  virtual_ipaddress {\n    192.0.2.100/24\n  }\n}\n' "$1" "${4:-}"
		for i in $(seq "$2"); do
			printf 'check c%s {\n  address 192.0.2.200 80\n  TCP_CHECK {\n    connect_timeout 1\n  }\n  delay_loop 5\n  %s\n}\n' "$i" "${3:-}"
		done
	} >"$F"
}
prio() { vr_json a instances | grep -o '"base_priority":[0-9]*\|"priority":[0-9]*' | head -1 | cut -d: -f2; }
nchecks() { "$HC" ctl -S "$T_TMP/hc.sock" show checks | grep -c '^c[0-9]'; }

vr_lan a
conf 100 1
vr_start a -f "$F"
spawn a "$HC" -n -f "$F" -S "$T_TMP/hc.sock"
wait_for 10 test -S "$T_TMP/hc.sock" || diag "hcheckd did not start: $(cat "$SPAWNED_LOG")"
is "$(prio)" 100 "vrrpd runs the file: priority 100"
is "$(nchecks)" 1 "hcheckd runs the file: one check"

conf 120 2
unit_reload; is $? 0 "a good file: the unit's reload succeeds"
is "$(prio)" 120 "vrrpd took it (priority 120)"
is "$(nchecks)" 2 "hcheckd took it (two checks)"

conf 130 3 'no_such_keyword 1'
unit_reload; is $? 1 "a file hcheckd refuses: the unit's reload fails"
like "$(cat "$T_TMP/reload.out")" "keepalived.conf:[0-9]+: .*no_such_keyword" "with hcheckd's FILE:LINE reason"
is "$(prio)" 120 "vrrpd was not reloaded (still 120)"
is "$(nchecks)" 2 "hcheckd still runs the old file"

conf 140 3 '' 'priorty 5'
: >"$T_TMP/reload.out"
unit_reload; is $? 1 "a file vrrpd refuses: the unit's reload fails"
like "$(cat "$T_TMP/reload.out")" "keepalived.conf:[0-9]+: .*priorty" "with vrrpd's FILE:LINE reason"
is "$(prio)/$(nchecks)" "120/2" "neither daemon took it"

# control: each daemon's own reload, as vrrpd.service alone would do it
conf 150 3 'no_such_keyword 1'
vr_ctl a reload >/dev/null 2>&1
"$HC" ctl -S "$T_TMP/hc.sock" reload >/dev/null 2>&1
is "$(prio)/$(nchecks)" "150/2" "control: reloaded one by one, vrrpd runs a file hcheckd refused"
done_testing
