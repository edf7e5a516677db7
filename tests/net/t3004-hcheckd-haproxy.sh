#!/bin/bash
# hcheckd beside a real haproxy: haproxy's agent-check asks hcheckd
# ("NAME\n" on the global listener, or a per-check agent_port); a target
# going down in hcheckd takes the server down in haproxy, and back; a
# disabled check puts it in maintenance; the runtime-API push.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"
command -v haproxy >/dev/null || skip_all "no haproxy"

hc_pair
nsx s ip addr add 192.0.2.3/24 dev eth0
mkdir w1 w2 && echo 200 > w1/health && echo 200 > w2/health
(cd w1 && exec ip netns exec "$(ns s)" "$PY" "$TG" http 192.0.2.2 80) >w1.log 2>&1 &
T_PIDS+=($!)
(cd w2 && exec ip netns exec "$(ns s)" "$PY" "$TG" http 192.0.2.3 80) >w2.log 2>&1 &
T_PIDS+=($!)
wait_for 30 grep -q ready w1.log || bail "web1"
wait_for 30 grep -q ready w2.log || bail "web2"

cat > hc.conf <<EOF2
global_defs {
    hcheckd_agent 127.0.0.1:5555
}
check web1 {
    HTTP_GET {
        connect_ip 192.0.2.2
        connect_port 80
        url {
            path /health
        }
    }
    delay_loop 0.2
}
check web2 {
    HTTP_GET {
        connect_ip 192.0.2.3
        connect_port 80
        url {
            path /health
        }
    }
    delay_loop 0.2
    agent_port 5556
    haproxy_server be/web2
}
EOF2
SOCK=$T_TMP/hc.sock
spawn c "$H" -n -d -f "$T_TMP/hc.conf" -S "$SOCK" --haproxy-sock "$T_TMP/haproxy.sock"
HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd: $(cat "$HLOG")"

cat > haproxy.cfg <<EOF2
global
    stats socket $T_TMP/haproxy.sock mode 600 level admin
defaults
    mode http
    timeout connect 1s
    timeout client 5s
    timeout server 5s
frontend fe
    bind 192.0.2.1:8080
    default_backend be
backend be
    server web1 192.0.2.2:80 agent-check agent-addr 127.0.0.1 agent-port 5555 agent-send "web1\n" agent-inter 300ms
    server web2 192.0.2.3:80 agent-check agent-addr 127.0.0.1 agent-port 5556 agent-inter 300ms
EOF2
haproxy -c -f haproxy.cfg >/dev/null 2>&1 || bail "haproxy -c: $(haproxy -c -f haproxy.cfg 2>&1)"
spawn c haproxy -db -f "$T_TMP/haproxy.cfg"; PLOG=$SPAWNED_LOG
wait_for 10 test -S haproxy.sock || bail "haproxy: $(cat "$PLOG")"

HL0=$(wc -l < "$HLOG")
hap() { echo "$1" | nsx c socat -t2 - "UNIX-CONNECT:$T_TMP/haproxy.sock"; }
# srv_op_state: 0 stopped, 2 running; srv_admin_state bit 0x01/0x20 maintenance
opstate() { hap "show servers state be" | awk -v s="$1" '$4 == s { print $6 }'; }
admstate() { hap "show servers state be" | awk -v s="$1" '$4 == s { print $7 }'; }
is_op() { [ "$(opstate "$1")" = "$2" ]; }
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }

check "web1 running in haproxy" wait_for 10 is_op web1 2
check "web2 running in haproxy" wait_for 10 is_op web2 2

# web1 fails its hcheckd check: haproxy takes it down (global listener, agent-send)
echo 500 > w1/health
check "hcheckd: web1 DOWN" wait_for 10 bash -c "ip netns exec $(ns c) $H ctl -S $SOCK show check web1 | grep -q '^web1 DOWN'"
check "haproxy: web1 stopped by the agent" wait_for 10 is_op web1 0
check "haproxy: web2 still running" is_op web2 2
like "$(hap 'show servers state be' | awk '$4 == "web1"')" 'web1' "show servers state lists web1"
echo 200 > w1/health
check "haproxy: web1 back" wait_for 10 is_op web1 2

# web2 through its own agent_port; a refused server
echo 503 > w2/health
check "haproxy: web2 stopped (per-check agent port)" wait_for 10 is_op web2 0
echo 200 > w2/health
check "haproxy: web2 back" wait_for 10 is_op web2 2

# maintenance: disable in hcheckd -> haproxy MAINT; enable -> ready again
ctl disable web1 >/dev/null
maint() { a=$(admstate web1); [ -n "$a" ] && [ $((a & 0x21)) -ne 0 ]; }
check "haproxy: web1 in maintenance after disable" wait_for 10 maint
ctl enable web1 >/dev/null
notmaint() { a=$(admstate web1); [ "$a" = 0 ]; }
check "haproxy: web1 ready after enable" wait_for 10 notmaint
check "haproxy: and running" wait_for 10 is_op web1 2

# runtime API push (web2 has haproxy_server): visible in hcheckd's log as no error
check "pushes to the runtime API since haproxy started: no errors" \
	bash -c "! tail -n +$((HL0 + 1)) '$HLOG' | grep -q 'haproxy runtime API'"

# traffic only goes to servers that are up
echo 500 > w1/health
wait_for 10 is_op web1 0
ok=0
for i in 1 2 3 4 5 6; do
	out=$(nsx c "$PY" -c 'import urllib.request; print(urllib.request.urlopen("http://192.0.2.1:8080/host", timeout=3).read().decode().strip())' 2>/dev/null)
	[ "$out" = "192.0.2.1:8080" ] && ok=$((ok + 1))
done
is "$ok" 6 "haproxy still serves every request with web1 down"
done_testing
