#!/bin/bash
# hcheckd keeps the fewest capabilities: CAP_NET_RAW for PING_CHECK,
# CAP_SETUID+CAP_SETGID only while a MISC_CHECK runs as another user; the
# script itself ends with none.  A reload that would need a user switch
# (or raw ICMP) the daemon can no longer make is refused with FILE:LINE, and
# the running configuration stays.
. "$(dirname "$0")/lib.sh"
H=$BIN/hcheckd
id nobody >/dev/null 2>&1 || skip_all "no user nobody"
NOBODY=$(id -u nobody)
ns_add c
# the script, run as nobody, writes where nobody may write
chmod 755 "$T_TMP"
mkdir -m 1777 "$T_TMP/out"
cat >"$T_TMP/caps.sh" <<'EOS'
#!/bin/sh
# MISC_CHECK: who am I, and with which capabilities ($$: this shell)
d=$(dirname "$0")/out
{ id -u; id -g; grep -E '^Cap(Eff|Prm|Inh|Amb)' /proc/$$/status; } >"$d/caps.$$"
mv "$d/caps.$$" "$d/caps.$(id -un)"
exit 0
EOS
chmod 755 "$T_TMP/caps.sh"
cd "$T_TMP" || bail tmp
SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
up() { "$H" ctl -S "$SOCK" show check "$1" | head -1 | grep -q "^$1 UP"; }
capline() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
# capability mask from numbers (CAP_SETGID 6, CAP_SETUID 7, CAP_NET_RAW 13)
mask() { local m=0 c; for c in "$@"; do m=$((m | (1 << c))); done; printf '%016x' $m; }

# --- a MISC_CHECK as nobody, a PING_CHECK ------------------------------------
cat >hc.conf <<EOF2
check asuser {
    delay_loop 0.3
    MISC_CHECK {
        misc_path "$T_TMP/caps.sh"
        user nobody
    }
}
check ping {
    delay_loop 0.3
    PING_CHECK {
        connect_ip 127.0.0.1
    }
}
EOF2
spawn c "$H" -n -d -f hc.conf -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
check "the script ran as nobody" wait_for 10 test -s out/caps.nobody
is "$(sed -n 1p out/caps.nobody)" "$NOBODY" "script: uid is nobody's"
is "$(awk '$1 == "CapEff:" {print $2}' out/caps.nobody)" 0000000000000000 "script: CapEff empty"
is "$(awk '$1 == "CapPrm:" {print $2}' out/caps.nobody)" 0000000000000000 "script: CapPrm empty"
is "$(awk '$1 == "CapAmb:" {print $2}' out/caps.nobody)" 0000000000000000 "script: CapAmb empty"
is "$(capline $HPID CapEff)" "$(mask 6 7 13)" "daemon CapEff: CAP_SETGID CAP_SETUID CAP_NET_RAW only"
is "$(capline $HPID CapPrm)" "$(mask 6 7 13)" "daemon CapPrm: the same"
check "asuser comes up" wait_for 10 up asuser
stop_pid $HPID

# --- user root (ours): no switch, no setuid rights ----------------------------
rm -f out/caps.*
cat >hc.conf <<EOF2
check asroot {
    delay_loop 0.3
    MISC_CHECK {
        misc_path "$T_TMP/caps.sh"
        user root
    }
}
EOF2
spawn c "$H" -n -d -f hc.conf -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
check "user root: the script ran" wait_for 10 test -s out/caps.root
is "$(sed -n 1p out/caps.root)" 0 "script: uid 0, no switch needed"
is "$(capline $HPID CapEff)" 0000000000000000 "daemon CapEff: none (no ICMP, no IPVS, no switch)"
is "$(awk '$1 == "CapEff:" {print $2}' out/caps.root)" 0000000000000000 "root script: CapEff empty too (bounding set reduced)"

# a reload that needs a user switch: refused, with the line of 'user'
cp hc.conf hc.conf.ok
cat >>hc.conf <<EOF2
check asnobody {
    MISC_CHECK {
        misc_path "$T_TMP/caps.sh"
        user nobody
    }
}
EOF2
out=$(ctl reload 2>&1); rc=$?
is "$rc" 1 "reload needing CAP_SETUID: refused (exit 1)"
like "$out" "hc.conf:11: 'user nobody': .*CAP_SETUID" "the error names FILE:LINE and the user"
like "$out" "restart" "and says a restart is needed"
like "$(grep 'reload failed' "$HLOG")" "keeping the running configuration: hc.conf:11:" "logged too"
out=$(ctl show checks)
like "$out" '^asroot ' "the running configuration stays"
unlike "$out" 'asnobody' "the new check was not taken"
rm -f out/caps.root
check "the old configuration still runs its script" wait_for 10 test -s out/caps.root
cp hc.conf.ok hc.conf
is "$(ctl reload >/dev/null 2>&1; echo $?)" 0 "a reload without the switch is accepted"

# PING_CHECK after CAP_NET_RAW was dropped: only with ping sockets (this new
# namespace's net.ipv4.ping_group_range is the kernel's "1 0": none)
cat >>hc.conf <<'EOF2'
check ping {
    delay_loop 0.3
    PING_CHECK {
        connect_ip 127.0.0.1
    }
}
EOF2
out=$(ctl reload 2>&1); rc=$?
is "$rc" 1 "reload adding a PING_CHECK, no CAP_NET_RAW, no ping sockets: refused"
like "$out" "hc.conf:10: 'PING_CHECK': PING_CHECK needs CAP_NET_RAW" "the error names FILE:LINE"
unlike "$(ctl show checks)" '^ping ' "the running configuration stays"
nsx c sysctl -qw net.ipv4.ping_group_range="0 0"
is "$(ctl reload >/dev/null 2>&1; echo $?)" 0 "with ping sockets for our group: accepted"
check "ping comes up through a ping socket" wait_for 10 up ping
stop_pid $HPID

# at start, without the capabilities: a clear refusal, not failing scripts
cat >hc.conf <<EOF2
check asnobody {
    MISC_CHECK {
        misc_path "$T_TMP/caps.sh"
        user nobody
    }
}
EOF2
# (setpriv, util-linux: root's exec gets the bounding set, now without them)
out=$(nsx c setpriv --bounding-set -setuid,-setgid -- "$H" -n -f hc.conf -S "$T_TMP/x.sock" 2>&1); rc=$?
is "$rc" 77 "start without CAP_SETUID: exit 77"
like "$out" "hc.conf:4: 'user nobody': .*CAP_SETUID" "naming FILE:LINE"
done_testing
