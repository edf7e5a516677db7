#!/bin/bash
# Per-check haproxy agent listeners and their address: `agent_port PORT`
# listens on the global hcheckd_agent's address (all addresses without
# one), `agent_port ADDR PORT` on ADDR only, `agent_port * PORT` on all.
# Checked with ss and with real connections; a reload moves a listener.
. "$(dirname "$0")/lib.sh"
H=$BIN/hcheckd
ns_add c; bridge_add; ns_link c
nsx c ip addr add 192.0.2.1/24 dev eth0
cd "$T_TMP" || bail tmp
SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
echo 0 >flag
# ask ADDR PORT: the agent's one-line reply (empty when refused)
ask() { nsx c socat -T 5 - "TCP:$1:$2,connect-timeout=5" </dev/null 2>/dev/null; }
listening() { nsx c ss -Hltn "sport = :$1" | awk '{print $4}' | sort | tr '\n' ' '; }

cat >bad.conf <<'EOF2'
check a {
    FILE_CHECK { file /f }
    agent_port 192.0.2.999 9001
}
EOF2
out=$(nsx c "$H" -t -f bad.conf 2>&1); rc=$?
is "$rc" 78 "a bad agent address: exit 78"
like "$out" "bad.conf:3: bad agent address '192.0.2.999'" "names FILE:LINE and the word"

cat >hc.conf <<EOF2
global_defs {
    hcheckd_agent 192.0.2.1:5555
}
check dflt {
    delay_loop 0.3
    agent_port 5601
    FILE_CHECK { file $T_TMP/flag }
}
check lo {
    delay_loop 0.3
    agent_port 127.0.0.1 5602
    FILE_CHECK { file $T_TMP/flag }
}
check all {
    delay_loop 0.3
    agent_port * 5603
    FILE_CHECK { file $T_TMP/flag }
}
EOF2
spawn c "$H" -n -d -f hc.conf -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
for n in dflt lo all; do
	check "$n comes up" wait_for 10 sh -c "'$H' ctl -S '$SOCK' show check $n | head -1 | grep -q '^$n UP'"
done
is "$(listening 5555)" "192.0.2.1:5555 " "global listener on its address"
is "$(listening 5601)" "192.0.2.1:5601 " "agent_port PORT: on hcheckd_agent's address only"
is "$(listening 5602)" "127.0.0.1:5602 " "agent_port 127.0.0.1 PORT: on 127.0.0.1 only"
like "$(listening 5603)" '^(\*|\[::\]|0\.0\.0\.0):5603 $' "agent_port * PORT: on all addresses"
like "$(ask 192.0.2.1 5601)" '^up ready' "dflt answers on 192.0.2.1"
is "$(ask 127.0.0.1 5601)" "" "dflt refuses on 127.0.0.1"
like "$(ask 127.0.0.1 5602)" '^up ready' "lo answers on 127.0.0.1"
is "$(ask 192.0.2.1 5602)" "" "lo refuses on 192.0.2.1"
like "$(ask 127.0.0.1 5603)" '^up ready' "all answers on 127.0.0.1"
like "$(ask 192.0.2.1 5603)" '^up ready' "all answers on 192.0.2.1"

# a reload moves lo's listener to 192.0.2.1 (lo keeps its state); dflt is
# left as it is
sed -i 's/agent_port 127.0.0.1 5602/agent_port 192.0.2.1 5602/' hc.conf
is "$(ctl reload >/dev/null 2>&1; echo $?)" 0 "reload with a new agent address"
is "$(listening 5602)" "192.0.2.1:5602 " "lo now listens on 192.0.2.1 only"
like "$(ask 192.0.2.1 5602)" '^(up|down) ' "and answers there"
is "$(ask 127.0.0.1 5602)" "" "no longer on 127.0.0.1"
is "$(listening 5601)" "192.0.2.1:5601 " "dflt unchanged"
unlike "$(cat "$HLOG")" '\[lo\] removed by reload' "lo kept its state over the move"
is "$(grep -c '\[lo\] DOWN -> UP' "$HLOG")" 1 "lo came up once only"
echo 1 >flag
check "dflt goes down" wait_for 10 sh -c "'$H' ctl -S '$SOCK' show check dflt | head -1 | grep -q '^dflt DOWN'"
like "$(ask 192.0.2.1 5601)" '^down ' "its listener says so"
stop_pid $HPID

# without hcheckd_agent: agent_port PORT listens on all addresses
cat >hc2.conf <<EOF2
check dflt {
    agent_port 5601
    FILE_CHECK { file $T_TMP/flag }
}
EOF2
spawn c "$H" -n -d -f hc2.conf -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
check "listening" wait_for 10 sh -c "ip netns exec '$(ns c)' ss -Hltn 'sport = :5601' | grep -q 5601"
like "$(listening 5601)" '^(\*|\[::\]|0\.0\.0\.0):5601 $' "no hcheckd_agent: on all addresses"
like "$(ask 127.0.0.1 5601)" '^down ' "answers on 127.0.0.1"
like "$(ask 192.0.2.1 5601)" '^down ' "and on 192.0.2.1"
done_testing
