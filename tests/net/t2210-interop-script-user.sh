#!/bin/bash
# Interop, configuration: `global_defs { script_user root }`, which keepalived
# configs with enable_script_security carry, must run the notify scripts as
# keepalived does (they once exited 126: initgroups() needed CAP_SETGID, which
# vrrpd had dropped).  Then a script_user other than root: the scripts run as
# that user, so vrrpd keeps CAP_SETUID/CAP_SETGID for the switch.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/keepalived.sh"
. "$(dirname "$0")/interop.sh"
ka_have || skip_all "keepalived not installed"
vr_built || skip_all "vrrpd not built"

ns_add a; ns_add b; bridge_add; ns_link a; ns_link b
nsx a ip addr add 192.0.2.1/24 dev eth0
nsx b ip addr add 192.0.2.2/24 dev eth0
for r in ra rb; do
	ka_conf $r --priority 100 --advert 0.1 --vip 192.0.2.100/24
	like "$(cat "$(ka_dir $r)/keepalived.conf")" "script_user root" "$r's config has script_user root"
done
ka_start b rb; _ok $? "keepalived with it starts"
vr_start ra a -f "$(ka_dir ra)/keepalived.conf"; _ok $? "vrrpd with it starts"
check "keepalived's notify script ran (MASTER or BACKUP)" wait_for 10 eval '[ "$(ka_state rb)" != INIT ]'
wait_for 10 eval '[ "$(ka_state ra)" != INIT ]'
check "vrrpd's notify script ran (as root)" wait_for 1 eval '[ "$(ka_state ra)" != INIT ]'
unlike "$(cat "$(vr_log ra)")" "exited with 126" "no notify script exited 126"

# script_user nobody: a world-readable script writing to a world-writable dir
chmod 711 "$T_TMP"
mkdir -m 755 "$T_TMP/su"; mkdir -m 1777 "$T_TMP/su/out"
printf '#!/bin/sh\necho "$(id -un) $3" >> %s/su/out/ran\n' "$T_TMP" >"$T_TMP/su/notify.sh"
chmod 755 "$T_TMP/su/notify.sh"
cat >"$T_TMP/su/vrrpd.conf" <<EOF
global_defs {
	script_user nobody
}
vrrp_instance VI_NOBODY {
	interface eth0
	virtual_router_id 62
	priority 100
	advert_int 0.1
	version 3
	virtual_ipaddress {
		192.0.2.162/24
	}
	notify $T_TMP/su/notify.sh
}
EOF
vr_start su a -f "$T_TMP/su/vrrpd.conf"; _ok $? "vrrpd with script_user nobody starts"
check "its notify script ran as nobody" wait_for 15 grep -q "^nobody MASTER" "$T_TMP/su/out/ran" || diag "$(tail -n 15 "$(vr_log su)"; cat "$T_TMP/su/out/ran" 2>&1)"
done_testing
