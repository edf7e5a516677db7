#!/bin/bash
# hcheckd check: every checker against real targets in a namespace, up and
# down, with the monitoring-plugin exit codes, -o json and --exit-map.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
nsx c ip addr add 2001:db8::1/64 dev eth0 nodad
nsx s ip addr add 2001:db8::2/64 dev eth0 nodad
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
	-subj "/CN=www.example.test" -addext "subjectAltName=DNS:www.example.test" \
	>/dev/null 2>&1 || bail "openssl self-signed certificate"
spawn s "$PY" "$TG" http 192.0.2.2 80;                 P_HTTP=$SPAWNED_PID; L_HTTP=$SPAWNED_LOG
spawn s "$PY" "$TG" http 2001:db8::2 8080;             L6=$SPAWNED_LOG
spawn s "$PY" "$TG" http 192.0.2.2 443 cert.pem key.pem; L_TLS=$SPAWNED_LOG
spawn s "$PY" "$TG" smtp 192.0.2.2 25 220 250;          L_SMTP=$SPAWNED_LOG
spawn s "$PY" "$TG" smtp 192.0.2.2 2525 554 250;        L_SMTP2=$SPAWNED_LOG
spawn s "$PY" "$TG" smtp 192.0.2.2 2526 220 502;        L_SMTP3=$SPAWNED_LOG
spawn s dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --listen-address=192.0.2.2 \
	--bind-interfaces --port=53 --local=/example.test/ \
	--host-record=www.example.test,192.0.2.80 --pid-file="$T_TMP/dnsmasq.pid" --user=root
spawn s "$PY" "$TG" udp 192.0.2.2 7;                    L_UDP=$SPAWNED_LOG
spawn s socat TCP-LISTEN:8000,bind=192.0.2.2,reuseaddr,fork EXEC:'sleep 10'   # accepts, never answers
for l in "$L_HTTP" "$L6" "$L_TLS" "$L_SMTP" "$L_SMTP2" "$L_SMTP3" "$L_UDP"; do
	wait_for 30 grep -q ready "$l" || bail "target did not start: $(cat "$l")"
done
wait_for 10 bash -c "ip netns exec $(ns s) ss -lnu | grep -q ':53 '" || bail "dnsmasq did not start"
# a port that drops SYNs, for connect timeouts
nsx s nft -f - <<'NFT' || bail "nft"
table inet hct {
	chain in {
		type filter hook input priority 0;
		tcp dport 9999 drop
		udp dport 9999 drop
	}
}
NFT

# run C [ARGS...]: hcheckd check in the client namespace; sets OUT and RC
run() { OUT=$(nsx c "$H" check "$@" 2>&1); RC=$?; }
# expect CODE REGEX DESC ARGS...
expect() {
	local code=$1 re=$2 d=$3; shift 3
	run "$@"
	is "$RC" "$code" "$d: exit $code"
	[ -z "$re" ] || like "$OUT" "$re" "$d: output"
}

# --- TCP ---
expect 0 '^TCP OK - connected in [0-9.]+s \|time=' "tcp up" tcp://192.0.2.2:80
expect 0 '^TCP OK' "tcp up over IPv6" tcp://[2001:db8::2]:8080
expect 2 '^TCP CRITICAL - connect: ECONNREFUSED' "tcp refused" tcp://192.0.2.2:81
expect 2 '^TCP CRITICAL - connect: timeout after 500 ms' "tcp timeout" -t 500ms tcp://192.0.2.2:9999
expect 2 'TCP CRITICAL' "tcp unreachable (no such host on the link)" -t 1s tcp://192.0.2.99:80
expect 0 'TCP OK' "--connect overrides the URL's address" --connect 192.0.2.2:80 tcp://192.0.2.77:1

# --- HTTP ---
expect 0 '^HTTP OK - HTTP 200 OK, 14 bytes in .* size=14B' "http 200" http://192.0.2.2/
expect 0 '^HTTP OK' "http over IPv6" 'http://[2001:db8::2]:8080/'
expect 2 '^HTTP CRITICAL - HTTP 500 .*unexpected status' "http wrong status" http://192.0.2.2/status/500
expect 0 'HTTP OK - HTTP 500' "--expect accepts a list" -e 200,500-503 http://192.0.2.2/status/500
expect 2 'HTTP 200, body does not contain "goodbye"' "http wrong body" -s goodbye http://192.0.2.2/
expect 0 'HTTP OK' "http body substring" -s hcheckd http://192.0.2.2/
expect 0 'HTTP OK' "http body regex" -R '^hel+o' http://192.0.2.2/
expect 2 'does not match' "http body regex mismatch" -R '^bye' http://192.0.2.2/
expect 2 'matches' "http body-not-regex" --body-not-regex hello http://192.0.2.2/
expect 0 'HTTP OK' "chunked body, substring across chunks" -s 'hello from' http://192.0.2.2/chunked
md5=$(printf 'hello hcheckd\n' | md5sum | cut -d' ' -f1)
sha=$(printf 'hello hcheckd\n' | sha256sum | cut -d' ' -f1)
expect 0 'HTTP OK' "md5 digest" --digest "md5:$md5" http://192.0.2.2/
expect 0 'HTTP OK' "sha256 digest" --digest "sha256:$sha" http://192.0.2.2/
expect 2 'md5 digest mismatch: got '"$md5" "wrong digest" --digest md5:00112233445566778899aabbccddeeff http://192.0.2.2/
expect 2 'timeout after 500 ms \(receive\)' "http timeout while the server sleeps" -t 500ms http://192.0.2.2/slow
expect 2 'timeout after 500 ms \(receive\)' "http timeout on a silent server" -t 500ms http://192.0.2.2:8000/
expect 2 'ECONNREFUSED' "http refused" http://192.0.2.2:81/
expect 2 'larger than 1000 bytes' "--max-body" --max-body 1000 http://192.0.2.2/big
expect 0 'HTTP OK - HTTP 200 OK, 200000 bytes' "a 200 kB body" --max-body 300000 http://192.0.2.2/big
expect 0 'HTTP OK' "HEAD" -X HEAD http://192.0.2.2/
expect 0 'HTTP OK' "--host sets the Host header" --host vhost.example.test -s vhost.example.test http://192.0.2.2/host
expect 1 'HTTP WARNING .*slower than 100 ms' "--warn-time" -w 100ms -t 4s http://192.0.2.2/slow
expect 2 'HTTP CRITICAL .*slower than 100 ms' "--crit-time" -c 100ms -t 4s http://192.0.2.2/slow
run http://192.0.2.2/status/503 -r 2 --retry-delay 100ms -o json
is "$RC" 2 "retries: still down after 3 attempts"
check "json: attempts 3, http_code 503" "$PY" -c '
import json, sys
o = json.loads(sys.stdin.read())
assert o["attempts"] == 3 and o["http_code"] == 503 and o["state"] == "CRITICAL" and o["code"] == 2, o' <<<"$OUT"

# --- HTTPS ---
expect 0 '^HTTPS OK - HTTP 200' "https with a self-signed certificate (no verify)" https://192.0.2.2/
expect 2 'HTTPS CRITICAL - TLS: .*certificate' "--verify refuses the self-signed certificate" --verify https://192.0.2.2/
expect 0 '^HTTPS OK' "--cacert + --sni verifies" --cacert cert.pem --sni www.example.test https://192.0.2.2/
expect 2 'HTTPS CRITICAL - TLS' "--cacert with the wrong name" --cacert cert.pem --sni other.example.test https://192.0.2.2/
expect 2 'HTTPS CRITICAL - TLS' "https to a plain HTTP port" -t 2s https://192.0.2.2:80/
expect 2 'HTTPS CRITICAL .*digest mismatch' "https wrong digest" --digest md5:00112233445566778899aabbccddeeff https://192.0.2.2/
expect 0 'HTTPS OK' "https right digest" --digest "md5:$md5" https://192.0.2.2/

# --- SMTP ---
expect 0 '^SMTP OK - SMTP 220/250' "smtp up (multi-line greeting)" smtp://192.0.2.2
expect 2 'SMTP greeting 554' "smtp bad greeting" smtp://192.0.2.2:2525
expect 2 'SMTP HELO answered 502' "smtp HELO refused" smtp://192.0.2.2:2526
expect 2 'ECONNREFUSED' "smtp refused" smtp://192.0.2.2:26
expect 2 'timeout after 500 ms \(greeting\)' "smtp silent server" -t 500ms smtp://192.0.2.2:8000

# --- DNS ---
expect 0 '^DNS OK - DNS NOERROR, 1 answers' "dns A" 'dns://192.0.2.2/www.example.test?type=A'
expect 0 'DNS OK' "dns expected answer" --expect-answer 192.0.2.80 'dns://192.0.2.2/www.example.test?type=A'
expect 2 'none is the expected address' "dns wrong answer" --expect-answer 192.0.2.81 'dns://192.0.2.2/www.example.test?type=A'
expect 2 'DNS NXDOMAIN .*expected NOERROR' "dns wrong rcode" 'dns://192.0.2.2/nope.example.test?type=A'
expect 0 'DNS OK' "dns expected NXDOMAIN" 'dns://192.0.2.2/nope.example.test?type=A&rcode=NXDOMAIN'
expect 2 'DNS: ECONNREFUSED' "dns port closed (ICMP unreachable)" 'dns://192.0.2.2:5353/www.example.test'
expect 2 'timeout' "dns no answer" -t 500ms 'dns://192.0.2.99/www.example.test'

# --- UDP ---
expect 0 '^UDP OK - UDP reply of 5 bytes' "udp reply" --require-reply udp://192.0.2.2:7
expect 0 'UDP OK' "udp expected reply with a wildcard" --expect-hex '50 4f 4e 4X' udp://192.0.2.2:7
expect 2 'does not match' "udp wrong reply" --expect-hex 'deadbeef' udp://192.0.2.2:7
expect 2 'UDP CRITICAL - UDP: ECONNREFUSED' "udp port unreachable" udp://192.0.2.2:8
expect 0 'no ICMP error' "udp: silence counts as up (keepalived)" -t 500ms udp://192.0.2.2:9999
expect 2 'no reply within' "udp: --require-reply and silence" -t 500ms --require-reply udp://192.0.2.2:9999

# --- ICMP ---
nsx c sysctl -qw net.ipv4.ping_group_range="0 2147483647"
expect 0 '^PING OK - echo reply' "ping" icmp://192.0.2.2
expect 0 '^PING OK' "ping6" 'icmp://[2001:db8::2]'
expect 2 'no echo reply within 500 ms' "ping a silent address" -t 500ms icmp://192.0.2.99
expect 0 'PING OK' "raw ICMP socket" --icmp-socket raw icmp://192.0.2.2

# --- exec ---
printf '#!/bin/sh\necho "all good|x=1"\nexit 0\n' > ok.sh
printf '#!/bin/sh\necho "degraded"\nexit 1\n' > warn.sh
printf '#!/bin/sh\necho "broken"\nexit 2\n' > crit.sh
printf '#!/bin/sh\necho "no idea"\nexit 3\n' > unk.sh
printf '#!/bin/sh\nexit 12\n' > dyn.sh
printf '#!/bin/sh\necho $$ > %s/slow.pid\nsleep 30 &\necho $! > %s/child.pid\nwait\n' "$T_TMP" "$T_TMP" > slow.sh
chmod +x ./*.sh
expect 0 '^EXEC OK - all good in' "exec exit 0 (first line, no perfdata)" "exec:$T_TMP/ok.sh"
expect 1 '^EXEC WARNING - degraded' "exec exit 1" "exec:$T_TMP/warn.sh"
expect 2 '^EXEC CRITICAL - exit 2: broken' "exec exit 2" "exec:$T_TMP/crit.sh"
expect 3 '^EXEC UNKNOWN - no idea' "exec exit 3" "exec:$T_TMP/unk.sh"
expect 0 '"weight":10' "exec --dynamic: exit 12 = weight 10" --dynamic -o json "exec:$T_TMP/dyn.sh"
expect 0 'EXEC OK' "exec with arguments after --" "exec:/bin/sh" -- -c 'exit 0'
expect 2 'timeout after 500 ms, killed' "exec past its timeout is killed" -t 500ms --kill-grace 500ms "exec:$T_TMP/slow.sh"
sleep 0.3
# gone or a zombie waiting for init: either way no longer running
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$st" ] && [ "${st#Z}" = "$st" ]; }
check "the whole process group is gone (the script's child too)" \
	bash -c "$(declare -f alive); ! alive $(cat child.pid 2>/dev/null || echo 999999)"
expect 3 'cannot execute|No such file' "exec of a missing program" "exec:$T_TMP/missing.sh"

# --- file ---
echo 0 > f0; echo 1 > f1
expect 0 '^FILE OK' "file holding 0" "file:$T_TMP/f0"
expect 2 'holds 1' "file holding 1" "file:$T_TMP/f1"
expect 2 'No such file' "missing file" "file:$T_TMP/none"

# --- arguments and output ---
expect 3 "bad or incomplete option '--bogus'" "unknown option: UNKNOWN (3)" --bogus http://192.0.2.2/
expect 3 'missing URL' "no URL: 3"
expect 3 '' "unknown scheme: 3" gopher://192.0.2.2/
expect 3 'bad timeout' "bad timeout: 3" -t nope tcp://192.0.2.2:80
expect 3 '' "bad status list: 3" -e 2x0 http://192.0.2.2/
expect 3 '' "bad digest: 3" --digest md5:zz http://192.0.2.2/
expect 3 'cannot resolve' "unresolvable host: 3" tcp://no-such-host.invalid:80
expect 3 '' "udp without a port: 3" udp://192.0.2.2
expect 1 '' "--exit-map binary maps CRITICAL to 1" --exit-map binary tcp://192.0.2.2:81
expect 1 '' "--exit-map binary maps UNKNOWN to 1" --exit-map binary --bogus
expect 0 '' "--exit-map binary keeps OK at 0" --exit-map binary tcp://192.0.2.2:80
expect 0 '' "--exit-map invert: down is 0" --exit-map invert tcp://192.0.2.2:81
expect 0 '^$' "-q prints nothing when OK" -q tcp://192.0.2.2:80
expect 0 '^up ready 100%$' "-o agent, up" -o agent tcp://192.0.2.2:80
expect 2 '^down ready # connect: ECONNREFUSED' "-o agent, down" -o agent tcp://192.0.2.2:81
run -o json tcp://192.0.2.2:80
check "-o json is one valid object" "$PY" -c '
import json, sys
o = json.loads(sys.stdin.read())
assert o["state"] == "OK" and o["type"] == "tcp" and o["code"] == 0 and o["time"] >= 0, o' <<<"$OUT"
check "check --help exits 0" nsx c "$H" check --help

# --- genhash ---
out=$(nsx c "$H" genhash http://192.0.2.2/)
is "$out" "MD5SUM = $md5" "genhash prints keepalived's MD5SUM line"
out=$(nsx c "$H" genhash --sha256 https://192.0.2.2/)
is "$out" "SHA256SUM = $sha" "genhash --sha256 over https"
check_exit "genhash of a tcp URL: 3" 3 nsx c "$H" genhash tcp://192.0.2.2:80
check_exit "genhash of a refused port: 2" 2 nsx c "$H" genhash http://192.0.2.2:81/
done_testing
