#!/bin/bash
# hcheckd -f: keepalived's top-level SSL { } block gives SSL_GET a client
# certificate (certificate, key, password, ca).  The server is openssl
# s_server -Verify -verify_return_error: it refuses a client without a certificate or with one
# its CA did not sign.  Controls: no SSL block, a rogue certificate, a wrong
# password, each a separate hcheckd with the same check.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
req() { openssl req "$@" >/dev/null 2>&1 || bail "openssl req $*"; }
sign() { openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" \
	-days 2 >/dev/null 2>&1 || bail "openssl x509 $1"; }
req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=hcheckd test CA"
req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj "/CN=www.example.test"
sign server
# the client's key is encrypted: SSL { password } opens it
req -newkey rsa:2048 -passout pass:s3cret -keyout client.key -out client.csr -subj "/CN=client7"
sign client
req -x509 -newkey rsa:2048 -nodes -keyout rogue.key -out rogue.pem -days 2 -subj "/CN=rogue9"
grep -q 'ENCRYPTED' client.key || bail "client key not encrypted"

# -www answers any GET with a page that names the client certificate
spawn s openssl s_server -accept 443 -cert server.pem -key server.key -CAfile ca.pem -Verify 1 \
	-verify_return_error -www
SLOG=$SPAWNED_LOG
wait_for 30 bash -c "ip netns exec $(ns s) ss -lnt | grep -q ':443 '" || bail "s_server: $(cat "$SLOG")"

# conf NAME [SSL-BLOCK-LINES...]
conf() {
	local name=$1; shift
	{
		cat <<EOF
check tls {
    SSL_GET {
        connect_ip 192.0.2.2
        connect_port 443
        retry 0
        connect_timeout 3
        url {
            path /
            regex "Subject: ?CN ?= ?client\\\\d"
        }
    }
    delay_loop 0.5
}
EOF
		if [ $# -gt 0 ]; then
			echo "SSL {"
			for l in "$@"; do echo "    $l"; done
			echo "}"
		fi
	} > "$name.conf"
}
conf good "ca $T_TMP/ca.pem" "certificate $T_TMP/client.pem" "key $T_TMP/client.key" "password s3cret"
conf none
conf rogue "certificate $T_TMP/rogue.pem" "key $T_TMP/rogue.key"
conf badpass "ca $T_TMP/ca.pem" "certificate $T_TMP/client.pem" "key $T_TMP/client.key" "password wrong"

for n in good none rogue badpass; do
	out=$("$H" -t -f "$n.conf" 2>&1); rc=$?
	is "$rc" 0 "-t accepts $n.conf"
done
conf missing "certificate $T_TMP/nope.pem" "key $T_TMP/client.key"
out=$("$H" -t -f missing.conf 2>&1); rc=$?
is "$rc" 78 "-t: a missing certificate file: exit 78"
like "$out" "missing.conf:15: SSL certificate '$T_TMP/nope.pem': No such file" "-t: FILE:LINE of the missing file"

# one daemon per file, one after the other: s_server serves one client at a time
run() {	# run NAME: start hcheckd with NAME.conf; sets HPID
	SOCK=$T_TMP/$1.sock
	spawn c "$H" -n -d -f "$T_TMP/$1.conf" -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
	wait_for 10 test -S "$SOCK" || bail "hcheckd $1: $(cat "$HLOG")"
}
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
state() { ctl show check tls | head -1 | awk '{print $2}'; }
is_state() { [ "$(state)" = "$1" ]; }
shows() { ctl show check tls | grep -Eq "$1"; }

run good
check "with the SSL block's client certificate: UP" wait_for 20 is_state UP
like "$(ctl show check tls)" 'HTTP 200' "the server answered the request"
stop_pid "$HPID"

run none
check "without an SSL block: refused, DOWN" wait_for 20 shows 'https://.* down: TLS: .*alert certificate required'
is "$(state)" DOWN "no client certificate: DOWN"
stop_pid "$HPID"

run rogue
check "with a certificate the CA did not sign: refused, DOWN" wait_for 20 shows 'https://.* down: TLS: .*alert unknown ca'
is "$(state)" DOWN "rogue certificate: DOWN"
stop_pid "$HPID"

run badpass
check "with a wrong password: the key does not load, DOWN" wait_for 20 shows 'cannot load the client key'
is "$(state)" DOWN "wrong password: DOWN"
stop_pid "$HPID"

# and the good one again, to show the server was not the problem
run good
check "the client certificate again: UP" wait_for 20 is_state UP
# a certificate renewed under the same file names is read at reload
cp client.pem client.pem.good; cp client.key client.key.good
cp rogue.pem client.pem; cp rogue.key client.key
ctl reload >/dev/null
check "reload: the replaced certificate file is read again (refused, DOWN)" \
	wait_for 20 shows 'https://.* down: TLS: .*alert unknown ca'
mv client.pem.good client.pem; mv client.key.good client.key
ctl reload >/dev/null
check "reload: the good certificate back, UP" wait_for 20 is_state UP
stop_pid "$HPID"

done_testing
