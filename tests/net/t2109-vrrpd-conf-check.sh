#!/bin/bash
# vrrpd -t on every seed config and every Debian vrrp sample (interface
# names exist in the namespace; script paths point at stubs): each passes,
# or fails with a "not supported" message whose keyword vrrpd.conf(5)
# lists.  Then configs with each kind of mistake fail with exit 78 and the
# right FILE:LINE.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

FIX=$TOP/tests/fixtures/conf
MAN=$TOP/man/vrrpd.conf.5
ns_add a; bridge_add
for i in eth0 eth1 eth2 eth3; do ns_link a $i; done
nsx a ip link set lo up

mkdir -p "$T_TMP/scripts"
for s in chk_haproxy.sh check_nfs.sh notify.sh check_nginx.sh; do
	printf '#!/bin/sh\nexit 0\n' > "$T_TMP/scripts/$s"; chmod 755 "$T_TMP/scripts/$s"
done
chmod 755 "$T_TMP" "$T_TMP/scripts"

adapt() {	# file -> adapted copy on stdout
	sed -e "s|/etc/keepalived/|$T_TMP/scripts/|g" \
	    -e "s|/usr/local/bin/|$T_TMP/scripts/|g" \
	    -e 's/script_user keepalived_script/script_user root/' "$1"
}

# expected outcome per file: ok, or the word of the error
expect() {
	case "$(basename "$1")" in
	seed-001-*) echo "unknown keyword 'protocol'" ;;	# not a keepalived keyword either
	seed-002-lvs-nat.conf) echo "authentication is not allowed under vrrp_strict" ;;	# and an undefined vrrp_script
	seed-003-haproxy.conf) echo "unknown keyword 'script" ;;	# the article's typo
	keepalived.conf.vrrp.localcheck) echo "shell syntax in a script line is not supported" ;;
	keepalived.conf.vrrp.rules) echo "'192.168.100./24': not an IPv4 or IPv6 address" ;;	# the sample's typo
	keepalived.conf.track_interface) echo "interface eth0.1 does not exist" ;;	# a VLAN not made here
	*) echo ok ;;
	esac
}

for f in "$FIX"/seed-*.conf "$FIX"/keepalived.conf.vrrp* "$FIX"/keepalived.conf.track_interface \
	 "$FIX"/keepalived.conf.sample; do
	b=$(basename "$f")
	adapt "$f" > "$T_TMP/$b"
	out=$(nsx a "$VRRPD" -t -f "$T_TMP/$b" 2>&1); rc=$?
	want=$(expect "$f")
	if [ "$rc" = 0 ]; then
		is "ok" "$want" "$b: vrrpd -t passes"
	elif kw=$(printf '%s\n' "$out" | grep -o "'[a-z_0-9]*' is not supported" | head -1) && [ -n "$kw" ]; then
		kw=${kw#\'}; kw=${kw%%\'*}
		is "$rc" 78 "$b: refused with exit 78 ($kw not supported)"
		check "$b: vrrpd.conf(5) lists $kw" grep -q "^\.It Ic $kw\$\|Ic $kw\b" "$MAN"
	else
		is "$rc" 78 "$b: exit 78"
		like "$out" "$b:[0-9]+: .*$want" "$b: error names file:line ($want)"
	fi
done

# --- mistakes -------------------------------------------------------------
base() {
	cat <<EOC
vrrp_script chk {
    script "/bin/true"
}
vrrp_instance VI_1 {
    interface eth0
    virtual_router_id 51
    priority 100
    virtual_ipaddress {
        192.0.2.100/24
    }
    track_script {
        chk
    }
}
EOC
}
mistake() {	# description line-regex sed-expression
	base | sed -e "$3" > "$T_TMP/m.conf"
	out=$(nsx a "$VRRPD" -t -f "$T_TMP/m.conf" 2>&1); rc=$?
	is "$rc" 78 "$1: exit 78"
	like "$out" "m.conf:$2" "$1: names file:line ($2)"
}
base > "$T_TMP/good.conf"
check "the base config passes" nsx a "$VRRPD" -t -f "$T_TMP/good.conf"
mistake "misspelt keyword" "7: unknown keyword 'priorty'" 's/priority 100/priorty 100/'
mistake "value out of range" "7: .*300" 's/priority 100/priority 300/'
mistake "undefined vrrp_script" "12: vrrp_script 'chk2' is not defined" 's/^        chk$/        chk2/'
mistake "missing interface" "5: interface eth9 does not exist" 's/interface eth0/interface eth9/'
mistake "script not executable" "1: vrrp_script chk: '/etc/passwd' refused" 's|/bin/true|/etc/passwd|'
mistake "script not found" "1: vrrp_script chk: '/no/such' refused: not found" 's|/bin/true|/no/such|'
mistake "bad address" "9: .*192.0.2.300" 's|192.0.2.100/24|192.0.2.300/24|'
mistake "unsupported keyword" "7: 'track_bfd' is not supported" 's/priority 100/track_bfd { b }/'
mistake "unbalanced brace" "[0-9]+:" '$d'
mistake "bad weight" "12: .*weight" 's/^        chk$/        chk weight 999/'
mistake "lvs_sync_daemon: unknown option" "5: unknown lvs_sync_daemon option 'bogus'" \
	's/^vrrp_instance VI_1 {$/global_defs {\n    lvs_sync_daemon eth1 VI_1 bogus 1\n}\n&/'
mistake "lvs_sync_daemon: no such instance" "5: lvs_sync_daemon: no vrrp_instance named 'VI_9'" \
	's/^vrrp_instance VI_1 {$/global_defs {\n    lvs_sync_daemon eth1 VI_9\n}\n&/'
mistake "lvs_sync_daemon twice" "8: 'lvs_sync_daemon_interface': the sync daemon is already configured at .*m.conf:5" \
	's/^vrrp_instance VI_1 {$/global_defs {\n    lvs_sync_daemon eth1 VI_1\n}\n&\n    lvs_sync_daemon_interface eth1/'
# @ID lines and --config-id (keepalived -i)
base | sed 's/^    priority 100$/@high    priority 300\n@low    priority 50/' > "$T_TMP/id.conf"
out=$(nsx a "$VRRPD" -t -f "$T_TMP/id.conf" --config-id high 2>&1); rc=$?
is "$rc" 78 "--config-id high selects the @high line"
like "$out" "id.conf:7: .*300" "and its error names file:line"
check "--config-id low selects the @low line" nsx a "$VRRPD" -t -f "$T_TMP/id.conf" --config-id low

# enable_script_security: a script in a directory anyone can write
mkdir -p "$T_TMP/open"; chmod 777 "$T_TMP/open"
cp "$T_TMP/scripts/notify.sh" "$T_TMP/open/chk.sh"
{ printf 'global_defs {\n    enable_script_security\n}\n'; base | sed "s|/bin/true|$T_TMP/open/chk.sh|"; } > "$T_TMP/sec.conf"
out=$(nsx a "$VRRPD" -t -f "$T_TMP/sec.conf" 2>&1); rc=$?
is "$rc" 78 "enable_script_security: unsafe script refused"
like "$out" "sec.conf:4: vrrp_script chk: .* refused: $T_TMP/open is writable by everyone" "and says why"
sed -i '/enable_script_security/d' "$T_TMP/sec.conf"
check "without enable_script_security it is accepted" nsx a "$VRRPD" -t -f "$T_TMP/sec.conf"
done_testing
