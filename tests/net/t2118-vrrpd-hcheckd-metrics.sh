#!/bin/bash
# Prometheus metrics of vrrpd and hcheckd (issue 18): `show metrics` passes
# `promtool check metrics` (and promtool fails on a damaged copy: it can
# fail); the HTTP listener answers GET /metrics only, binds loopback when
# given a port alone, closes connections past its cap and idle ones at its
# timeout without stalling VRRP; a real Prometheus server scrapes both
# daemons and its HTTP API sees a VRRP state change and a check going down.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

command -v promtool >/dev/null && command -v prometheus >/dev/null ||
	skip_all "needs promtool and prometheus (Debian package prometheus)"
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

vr_lan a b
cd "$T_TMP" || bail tmp

# hreq.py get URL | raw HOST PORT BYTES | hold HOST PORT N SECONDS
cat > hreq.py <<'EOF'
import socket, sys, time, urllib.request, urllib.error
m = sys.argv[1]
if m == "get":
    try:
        r = urllib.request.urlopen(sys.argv[2], timeout=10)
        print(r.status, r.headers.get("Content-Type"))
        sys.stdout.write(r.read().decode())
    except urllib.error.HTTPError as e:
        print(e.code)
    except Exception as e:
        print("failed", e)
elif m == "raw":
    s = socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=10)
    s.sendall(sys.argv[4].encode().decode("unicode_escape").encode())
    out = b""
    try:
        while True:
            d = s.recv(65536)
            if not d:
                break
            out += d
    except Exception as e:
        out += ("failed %s" % e).encode()
    print(out.decode(errors="replace").split("\r\n")[0] if out else "closed")
elif m == "hold":
    socks = [socket.create_connection((sys.argv[2], int(sys.argv[3])), timeout=10)
             for _ in range(int(sys.argv[4]))]
    print("holding", len(socks), flush=True)
    time.sleep(float(sys.argv[5]))
EOF
get() { "$PY" hreq.py get "$@"; }

cat > a.conf <<EOF
global_defs {
    vrrpd_metrics_listen 127.0.0.1:9650
}
$(vr_inst VI_1 51 'priority 150')
EOF
cat > b.conf <<EOF
$(vr_inst VI_1 51)
EOF
vr_start a -f a.conf
vr_start b -f b.conf --metrics 192.0.2.2:9650
check "a (150) MASTER" wait_for 15 vr_is a MASTER
check "b BACKUP" wait_for 5 vr_is b BACKUP

# hcheckd in a: "web" probes b's TCP 8080 every 200 ms
spawn b socat TCP-LISTEN:8080,bind=192.0.2.2,reuseaddr,fork EXEC:true
SRV=$SPAWNED_PID
spawn a "$BIN/hcheckd" -n -S "$T_TMP/h.sock" --interval 200ms --metrics 9651 \
	--check 'web=tcp://192.0.2.2:8080'
HC=$SPAWNED_PID
hc() { "$BIN/hcheckd" ctl -S "$T_TMP/h.sock" "$@"; }
check "hcheckd: web UP" wait_for 15 sh -c "'$BIN/hcheckd' ctl -S '$T_TMP/h.sock' show checks | grep -q '^web UP'"

# --- the text, by the control socket, checked by promtool -----------------------
vr_ctl a show metrics > a.prom
vr_ctl b show metrics > b.prom
hc show metrics > h.prom
check "promtool: vrrpd a" promtool check metrics < a.prom
check "promtool: vrrpd b" promtool check metrics < b.prom
check "promtool: hcheckd" promtool check metrics < h.prom
sed 's/^vrrpd_vrrp_state{iname="VI_1"/vrrpd_vrrp_state{iname="VI_1/' a.prom > bad.prom
check_fail "control: promtool refuses an unclosed label value" promtool check metrics < bad.prom
# every family is in the man page
undoc() { for n in $(sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$1"); do grep -qw -- "$n" "$2" || echo "$n"; done; }
is "$(undoc a.prom "$TOP/man/vrrpd.8")" "" "every vrrpd metric is in vrrpd.8"
is "$(undoc h.prom "$TOP/man/hcheckd.8")" "" "every hcheckd metric is in hcheckd.8"
like "$(grep -c '^# TYPE' a.prom) $(grep -c '^# TYPE' h.prom)" '^[0-9]{2} [0-9]{2}$' "(with some to check)"
like "$(cat a.prom)" '^vrrpd_vrrp_state\{iname="VI_1",intf="eth0",vrid="51"\} 2$' "a: state 2 (MASTER)"
like "$(cat b.prom)" '^vrrpd_vrrp_state\{iname="VI_1",intf="eth0",vrid="51"\} 1$' "b: state 1 (BACKUP)"
like "$(cat b.prom)" '^vrrpd_vrrp_master_info\{iname="VI_1",intf="eth0",vrid="51",master="192.0.2.1"\} 1$' \
	"b: the master seen is a"
like "$(cat b.prom)" '^vrrpd_vrrp_adverts_received_total\{iname="VI_1",intf="eth0",vrid="51"\} [1-9]' \
	"b: adverts received"
like "$(cat a.prom)" '^vrrpd_vrrp_priority\{iname="VI_1",intf="eth0",vrid="51"\} 150$' "a: priority"
like "$(cat h.prom)" '^hcheckd_check_up\{name="web"\} 1$' "hcheckd: web up"
like "$(cat h.prom)" '^hcheckd_checker_probe_duration_seconds_count\{name="web",checker="0",kind="tcp"\} [1-9]' \
	"hcheckd: probe latency histogram"

# reload: counted, and a failure is said
check "vrrpd a: ctl reload" vr_ctl a reload
echo 'vrrp_instance {' >> a.conf
check_exit "vrrpd a: a broken file is refused" 1 vr_ctl a reload
m=$(vr_ctl a show metrics)
like "$m" '^vrrpd_reloads_total 2$' "reloads counted"
like "$m" '^vrrpd_reload_failures_total 1$' "the failed one too"
like "$m" '^vrrpd_last_reload_success 0$' "the last one failed"
like "$m" '^vrrpd_last_reload_time_seconds [1-9][0-9]{9}$' "and when"

# --- the HTTP listener ------------------------------------------------------------
r=$(nsx a "$PY" hreq.py get http://127.0.0.1:9650/metrics)
like "$(echo "$r" | head -1)" '^200 text/plain; version=0.0.4; charset=utf-8$' "GET /metrics: 200, text format 0.0.4"
like "$r" '^vrrpd_vrrp_state\{' "the body is the metrics"
is "$(nsx a "$PY" hreq.py get http://127.0.0.1:9650/)" 404 "GET /: 404"
is "$(nsx a "$PY" hreq.py raw 127.0.0.1 9650 'POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n')" \
	"HTTP/1.1 405 Method Not Allowed" "POST /metrics: 405"
big=$(head -c 9000 /dev/zero | tr '\0' a)
is "$(nsx a "$PY" hreq.py raw 127.0.0.1 9650 "GET /$big")" \
	"HTTP/1.1 431 Request Header Fields Too Large" "a 9000-byte head: 431"
like "$(nsx a "$PY" hreq.py get http://127.0.0.1:9651/metrics | head -1)" '^200 ' \
	"hcheckd --metrics 9651: on 127.0.0.1"
like "$(nsx b "$PY" hreq.py get http://192.0.2.1:9651/metrics)" '^failed' \
	"... and not on 192.0.2.1"
like "$(nsx a "$PY" hreq.py get http://192.0.2.2:9650/metrics | head -1)" '^200 ' \
	"vrrpd b --metrics 192.0.2.2:9650: reached from a"

# 20 idle connections held for a minute: 16 are kept, until the 5 s timeout;
# VRRP goes on meanwhile
sent0=$(vr_ctl a show metrics | sed -n 's/^vrrpd_vrrp_adverts_sent_total{.*} //p')
spawn a "$PY" hreq.py hold 127.0.0.1 9650 20 60
HOLD=$SPAWNED_PID
wait_for 10 grep -q holding "$SPAWNED_LOG" || diag "hold: $(cat "$SPAWNED_LOG")"
like "$(nsx a "$PY" hreq.py raw 127.0.0.1 9650 'GET /metrics HTTP/1.1\r\n\r\n')" '^(closed|failed)' \
	"past 16 connections a newcomer is closed unanswered"
sleep 1
sent1=$(vr_ctl a show metrics | sed -n 's/^vrrpd_vrrp_adverts_sent_total{.*} //p')
check "a kept advertising meanwhile ($sent0 -> $sent1 adverts)" test "$sent1" -ge $((sent0 + 5))
check "b still BACKUP" vr_is b BACKUP
check "after the 5 s timeout the idle ones are closed: served again" \
	wait_for 10 sh -c "ip netns exec '$(ns a)' '$PY' hreq.py get http://127.0.0.1:9650/metrics | grep -q '^200 '"
stop_pid "$HOLD"
m=$(vr_ctl a show metrics)
like "$m" '^vrrpd_metrics_http_refused_total ([5-9]|[1-9][0-9]+)$' "the listener counted the refused ones (4 of the 20, and ours)"
like "$m" '^vrrpd_metrics_http_timeouts_total 16$' "and the 16 it closed at the timeout"

# --- a real Prometheus server, in a -----------------------------------------------
cat > prom.yml <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: vrrpd
    static_configs:
      - targets: ['127.0.0.1:9650']
        labels: { node: a }
      - targets: ['192.0.2.2:9650']
        labels: { node: b }
  - job_name: hcheckd
    static_configs:
      - targets: ['127.0.0.1:9651']
EOF
check "promtool: the server's config" promtool check config prom.yml
spawn a prometheus --config.file="$T_TMP/prom.yml" --storage.tsdb.path="$T_TMP/tsdb" \
	--web.listen-address=127.0.0.1:9090
PROM=$SPAWNED_PID
# prom QUERY: the value of the first result, "none" without one
cat > q.py <<'EOF'
import json, sys, urllib.parse, urllib.request
u = "http://127.0.0.1:9090/api/v1/query?" + urllib.parse.urlencode({"query": sys.argv[1]})
try:
    r = json.load(urllib.request.urlopen(u, timeout=5))["data"]["result"]
    print(r[0]["value"][1] if r else "none")
except Exception as e:
    print("error", e)
EOF
prom() { nsx a "$PY" q.py "$1"; }
prom_is() { [ "$(prom "$1")" = "$2" ]; }
check "prometheus up, every target scraped" wait_for 60 prom_is 'count(up == 1)' 3
check "prometheus: a MASTER (2)" wait_for 10 prom_is 'vrrpd_vrrp_state{node="a",iname="VI_1"}' 2
check "prometheus: b BACKUP (1)" wait_for 10 prom_is 'vrrpd_vrrp_state{node="b",iname="VI_1"}' 1
check "prometheus: web up" wait_for 10 prom_is 'hcheckd_check_up{name="web"}' 1

# a goes: b takes over, and the server sees it
stop_pid "${VR_PID[a]}"
check "b MASTER" wait_for 10 vr_is b MASTER
check "prometheus: b MASTER (2)" wait_for 15 prom_is 'vrrpd_vrrp_state{node="b",iname="VI_1"}' 2
check "prometheus: the change is in b's history" \
	wait_for 10 prom_is 'changes(vrrpd_vrrp_state{node="b"}[5m]) >= bool 1' 1
check "prometheus: b's master is now itself" \
	wait_for 10 prom_is 'vrrpd_vrrp_master_info{node="b",master="192.0.2.2"}' 1

# the web server goes: the check goes down
stop_pid "$SRV"
check "hcheckd: web DOWN" wait_for 15 sh -c "'$BIN/hcheckd' ctl -S '$T_TMP/h.sock' show checks | grep -q '^web DOWN'"
check "prometheus: web down" wait_for 15 prom_is 'hcheckd_check_up{name="web"}' 0
check "prometheus: its checker failing in a row" \
	wait_for 10 prom_is 'hcheckd_checker_failures_in_row{name="web"} > bool 0' 1
stop_pid "$PROM"
stop_pid "$HC"
done_testing
