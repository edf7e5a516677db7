#!/bin/bash
# hcheckd -f: global_defs script_user runs MISC_CHECKs without a user and
# the notify scripts as that user (keepalived's and vrrpd's rule), and
# enable_script_security refuses a script others could change, with
# FILE:LINE (common/scriptsec, vrrpd's rules).  Control: without
# script_user both run as root.
. "$(dirname "$0")/lib.sh"
H=$BIN/hcheckd
id nobody >/dev/null 2>&1 || skip_all "no user nobody"
NOBODY=$(id -u nobody)
ns_add c
chmod 755 "$T_TMP"
mkdir -m 1777 "$T_TMP/out"
cat >"$T_TMP/who.sh" <<'EOS'
#!/bin/sh
# who.sh WHAT: record the uid WHAT ran as
id -u > "$(dirname "$0")/out/$1.$$" && mv "$(dirname "$0")/out/$1.$$" "$(dirname "$0")/out/$1"
exit 0
EOS
chmod 755 "$T_TMP/who.sh"
cd "$T_TMP" || bail tmp

conf() {	# conf FILE [GLOBAL-LINES...]
	local f=$1; shift
	{
		cat <<EOF
check m {
    MISC_CHECK {
        misc_path "$T_TMP/who.sh misc"
        misc_timeout 3
    }
    notify_up "$T_TMP/who.sh notify"
    delay_loop 0.3
}
EOF
		echo "global_defs {"
		for l in "$@"; do echo "    $l"; done
		echo "}"
	} > "$f"
}
conf user.conf "script_user nobody" enable_script_security
conf root.conf

out=$("$H" -t -f user.conf 2>&1); rc=$?
is "$rc" 0 "-t accepts script_user and enable_script_security with safe scripts"

run() {	# run CONF: the daemon until both scripts have run once
	rm -f out/misc out/notify
	SOCK=$T_TMP/$1.sock
	spawn c "$H" -n -f "$T_TMP/$1" -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
	wait_for 10 test -S "$SOCK" || bail "hcheckd: $(cat "$HLOG")"
	check "$1: MISC_CHECK ran" wait_for 15 test -s out/misc
	check "$1: notify_up ran" wait_for 15 test -s out/notify
	stop_pid "$HPID"
}
run user.conf
is "$(cat out/misc 2>/dev/null)" "$NOBODY" "script_user nobody: the MISC_CHECK ran as nobody"
is "$(cat out/notify 2>/dev/null)" "$NOBODY" "script_user nobody: notify_up ran as nobody"
run root.conf
is "$(cat out/misc 2>/dev/null)" 0 "control, no script_user: the MISC_CHECK ran as root"
is "$(cat out/notify 2>/dev/null)" 0 "control, no script_user: notify_up ran as root"

# a script anyone may change is refused with enable_script_security
chmod 777 who.sh
out=$("$H" -t -f user.conf 2>&1); rc=$?
is "$rc" 78 "-t: a world-writable script with enable_script_security: exit 78"
like "$out" "user.conf:6: notify_up '$T_TMP/who.sh notify' refused by enable_script_security: .*writable by everyone" "-t: FILE:LINE, the script and why"
spawn c "$H" -n -f "$T_TMP/user.conf" -S "$T_TMP/x.sock"; XPID=$SPAWNED_PID
wait "$XPID"; rc=$?
is "$rc" 78 "the daemon refuses to start with it too (78)"
out=$("$H" -t -f root.conf 2>&1); rc=$?
is "$rc" 0 "control: without enable_script_security the same script is accepted"
chmod 755 who.sh

done_testing
