#!/bin/bash
# hcheckd -f: named check blocks with every keepalived checker, -t, errors
# with FILE:LINE, notify scripts, MISC_CHECK timeouts, reload keeping state.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
openssl req -x509 -newkey rsa:2048 -nodes -keyout key.pem -out cert.pem -days 2 \
	-subj "/CN=www.example.test" >/dev/null 2>&1 || bail openssl
spawn s "$PY" "$TG" http 192.0.2.2 80; L1=$SPAWNED_LOG
spawn s "$PY" "$TG" http 192.0.2.2 443 cert.pem key.pem; L2=$SPAWNED_LOG
spawn s "$PY" "$TG" smtp 192.0.2.2 25 220 250; L3=$SPAWNED_LOG
spawn s dnsmasq -k --conf-file=/dev/null --no-resolv --no-hosts --listen-address=192.0.2.2 \
	--bind-interfaces --local=/example.test/ --host-record=www.example.test,192.0.2.80 --user=root
spawn s "$PY" "$TG" udp 192.0.2.2 7; L4=$SPAWNED_LOG
for l in "$L1" "$L2" "$L3" "$L4"; do wait_for 30 grep -q ready "$l" || bail "target: $(cat "$l")"; done
wait_for 10 bash -c "ip netns exec $(ns s) ss -lnu | grep -q ':53 '" || bail dnsmasq
nsx c sysctl -qw net.ipv4.ping_group_range="0 2147483647"
md5=$(printf 'hello hcheckd\n' | md5sum | cut -d' ' -f1)
echo 0 > tf
printf '#!/bin/sh\nexit 0\n' > ok.sh
printf '#!/bin/sh\nexit 7\n' > dyn.sh
printf '#!/bin/sh\necho $$ > %s/slow.pid\nexec sleep 30\n' "$T_TMP" > slow.sh
printf '#!/bin/sh\necho "$@" >> %s/notify.log\n' "$T_TMP" > notify.sh
chmod +x ./*.sh

cat > hc.conf <<EOF2
! a keepalived.conf with hcheckd's named checks
global_defs {
    router_id lb1                 # vrrpd's, ignored here
    hcheckd_max_scripts 4
}
vrrp_instance VI_1 {              # not ours: skipped
    state MASTER
}
track_file tf {
    file $T_TMP/tf
}
check web {
    address 192.0.2.2 80
    delay_loop 0.3
    rise 2
    fall 2
    notify_up "$T_TMP/notify.sh web up"
    notify_down "$T_TMP/notify.sh web down"
    HTTP_GET {
        url {
            path /
            digest $md5
            status_code 200
        }
        url {
            path /status/204
            status_code 200-299
        }
        connect_timeout 2
    }
    TCP_CHECK {
    }
}
check tls {
    SSL_GET {
        connect_ip 192.0.2.2
        connect_port 443
        url {
            path /
            regex "^hello"
        }
    }
    delay_loop 0.3
}
check mail {
    SMTP_CHECK {
        connect_ip 192.0.2.2
        helo_name lb1.example.test
    }
    delay_loop 0.3
}
check dns {
    DNS_CHECK {
        connect_ip 192.0.2.2
        connect_port 53
        name www.example.test
        type A
    }
    delay_loop 0.3
}
check udp {
    UDP_CHECK {
        connect_ip 192.0.2.2
        connect_port 7
        payload 68656c6c6f
        require_reply 504f4e47
    }
    delay_loop 0.3
}
check ping {
    PING_CHECK {
        connect_ip 192.0.2.2
    }
    delay_loop 0.3
}
check file {
    FILE_CHECK {
        track_file tf
    }
    delay_loop 0.3
}
check script {
    MISC_CHECK {
        misc_path "$T_TMP/ok.sh"
        misc_timeout 2
    }
    delay_loop 0.3
}
check dynamic {
    MISC_CHECK {
        misc_path $T_TMP/dyn.sh
        misc_dynamic
    }
    delay_loop 0.3
    weight 10
}
check slow {
    MISC_CHECK {
        misc_path $T_TMP/slow.sh
        misc_timeout 0.5
    }
    delay_loop 0.5
    alpha
}
check bad_digest {
    HTTP_GET {
        connect_ip 192.0.2.2
        connect_port 80
        url {
            path /
            digest 00112233445566778899aabbccddeeff
        }
    }
    delay_loop 0.3
}
EOF2

out=$("$H" -t -f hc.conf 2>&1); rc=$?
is "$rc" 0 "-t accepts the file"
like "$out" 'configuration OK: 11 checks' "-t says how many checks"

SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
spawn c "$H" -n -d -f "$T_TMP/hc.conf" -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd: $(cat "$HLOG")"
state() { ctl show check "$1" | head -1 | awk '{print $2}'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
for n in web tls mail dns udp ping file script dynamic; do
	check "$n is UP" wait_for 10 is_state $n UP
done
check "bad_digest is DOWN" wait_for 10 is_state bad_digest DOWN
like "$(ctl show check bad_digest)" 'digest mismatch' "bad_digest says why"
check "slow MISC_CHECK is DOWN (killed at misc_timeout)" wait_for 10 is_state slow DOWN
# named checks start DOWN ("not checked yet"): wait for the first run's verdict
wait_for 10 bash -c "ip netns exec $(ns c) $H ctl -S $SOCK show check slow | grep -q killed"
like "$(ctl show check slow)" 'timeout after 500 ms, killed' "slow: killed"
sp=$(cat slow.pid 2>/dev/null)
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null); [ -n "$st" ] && [ "${st#Z}" = "$st" ]; }
# slow.pid may already be the next run's (it reruns every 0.5 s): every run
# is killed after 0.5 s, a script left running would live 30 s
check "the killed script is not left running" wait_for 5 bash -c "$(declare -f alive); ! alive ${sp:-999999}"
check "web has three checkers (two urls and TCP)" bash -c "[ \$(ip netns exec $(ns c) $H ctl -S $SOCK show check web | grep -c '^  ') = 3 ]"
like "$(ctl show check dynamic json)" '"weight":5' "misc_dynamic: exit 7 is weight 5"

# one failing checker takes the target down; notify scripts run
check "notify_up ran" wait_for 5 grep -q 'web up' notify.log
nsx s ip addr add 192.0.2.3/24 dev eth0
echo 1 > tf
check "FILE_CHECK: file goes DOWN when the file holds 1" wait_for 5 is_state file DOWN
echo 0 > tf

# reload: unchanged checks keep their state and counters; changes apply
runs_before=$(ctl show check tls json | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["checkers"][0]["runs"])')
sed -i 's/^check bad_digest {/check renamed {/' hc.conf
"$PY" - hc.conf <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
s = s.replace("PING_CHECK {\n        connect_ip 192.0.2.2", "PING_CHECK {\n        connect_ip 192.0.2.99")
open(p, "w").write(s)
PY
out=$(ctl reload); rc=$?
is "$rc" 0 "reload: exit 0"
like "$(ctl show checks)" 'renamed DOWN' "reload added the renamed check"
unlike "$(ctl show checks)" 'bad_digest' "and removed the old name"
runs_after=$(ctl show check tls json | "$PY" -c 'import json,sys; o=json.load(sys.stdin); print(o["checkers"][0]["runs"], o["transitions"])')
check "tls kept its counters over the reload" test "${runs_after% *}" -ge "$runs_before"
is "$(state tls)" UP "tls is still UP right after the reload"
check "the changed ping check goes DOWN" wait_for 10 is_state ping DOWN

# a broken file: the old configuration keeps running
cp hc.conf good.conf
printf 'check broken {\n    TCP_CHECK {\n        connect_ip 192.0.2.2\n    }\n    rize 2\n}\n' >> hc.conf
out=$(ctl reload 2>&1); rc=$?
is "$rc" 1 "reload of a broken file: exit 1"
like "$out" "hc.conf:[0-9]+: unknown keyword 'rize' in check broken" "and it says FILE:LINE and the word"
is "$(state tls)" UP "the old configuration keeps running"
cp good.conf hc.conf
kill -HUP "$HPID"
sleep 0.5
check "SIGHUP reloads too" grep -q 'configuration reloaded' "$HLOG"

# -t errors: exit 78, FILE:LINE
bad() {
	printf '%s\n' "$1" > bad.conf
	out=$("$H" -t -f bad.conf 2>&1); rc=$?
	is "$rc" 78 "-t: $2: exit 78"
	like "$out" "$3" "-t: $2: message"
}
bad $'check x {\n TCP_CHECK {\n  connect_port 80\n }\n}' "no address" 'bad.conf:2: TCP_CHECK needs connect_ip'
bad $'check x {\n TCP_CHECK {\n  connect_ip 192.0.2.2\n  bogus 1\n }\n}' "unknown keyword in a checker" "bad.conf:4: unknown keyword 'bogus' in TCP_CHECK"
bad $'check x {\n address 192.0.2.2 80\n}' "no checker" 'bad.conf:1: check x has no checker block'
bad $'check x {\n HTTP_GET {\n  connect_ip 192.0.2.300\n }\n}' "bad address" "bad.conf:3: bad address '192.0.2.300'"
bad $'check x {\n HTTP_GET {\n  connect_ip 192.0.2.2\n  url {\n   digest zz\n  }\n }\n}' "bad digest" "bad digest 'zz'"
bad $'check x {\n FILE_CHECK {\n  track_file nope\n }\n}' "unknown track_file" "no track_file 'nope'"
bad $'check x {\n TCP_CHECK {\n  connect_ip 192.0.2.2\n  connect_port 1\n }\n}\ncheck x {\n TCP_CHECK {\n  connect_ip 192.0.2.2\n  connect_port 1\n }\n}' "duplicate names" "bad.conf:7: a check named 'x' exists already"
check_exit "-t of a missing file: 78" 78 "$H" -t -f "$T_TMP/none.conf"

stop_pid "$HPID"
done_testing
