#!/bin/bash
# hcheckd -f: SMTP_CHECK with three host { } blocks checks all three (as
# keepalived: one checker per host, the check is up only while every host
# answers); one host down takes the check down, its return brings it up.
# Control: a check of the two hosts that stay up is not affected.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
nsx s ip addr add 192.0.2.3/24 dev eth0
nsx s ip addr add 192.0.2.4/24 dev eth0
smtpd() {	# smtpd ADDR: an SMTP server on ADDR:25; sets SPID
	spawn s "$PY" "$TG" smtp "$1" 25 220 250; SPID=$SPAWNED_PID
	wait_for 30 grep -q ready "$SPAWNED_LOG" || bail "smtp $1: $(cat "$SPAWNED_LOG")"
}
smtpd 192.0.2.2; P2=$SPID
smtpd 192.0.2.3; P3=$SPID
smtpd 192.0.2.4; P4=$SPID

cat > hc.conf <<'EOF'
check mail {
    SMTP_CHECK {
        helo_name lb.example.test
        retry 0
        host {
            connect_ip 192.0.2.2
            connect_port 25
        }
        host {
            connect_ip 192.0.2.3
            connect_port 25
        }
        host {
            connect_ip 192.0.2.4
            connect_port 25
            connect_timeout 2
        }
    }
    delay_loop 0.3
}
check others {
    SMTP_CHECK {
        retry 0
        host {
            connect_ip 192.0.2.2
            connect_port 25
        }
        host {
            connect_ip 192.0.2.4
            connect_port 25
        }
    }
    delay_loop 0.3
}
EOF
out=$("$H" -t -f hc.conf 2>&1); rc=$?
is "$rc" 0 "-t accepts three host blocks"

SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
spawn c "$H" -n -d -f "$T_TMP/hc.conf" -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd: $(cat "$HLOG")"
state() { ctl show check "$1" | head -1 | awk '{print $2}'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
shows() { ctl show check "$1" | grep -Eq "$2"; }
check "mail is UP with all three hosts answering" wait_for 15 is_state mail UP
check "others is UP" wait_for 15 is_state others UP
show=$(ctl show check mail)
is "$(printf '%s\n' "$show" | grep -c '^  ')" 3 "mail has three checkers, one per host"
for a in 192.0.2.2 192.0.2.3 192.0.2.4; do
	like "$show" "smtp://$a:25" "mail checks $a"
done

# the middle host stops: mail goes DOWN and says which host
stop_pid "$P3"
check "mail is DOWN with 192.0.2.3 down" wait_for 15 is_state mail DOWN
check "the host's checker says connection refused" \
	wait_for 15 shows mail 'smtp://192\.0\.2\.3:25 down: connect: ECONNREFUSED'
show=$(ctl show check mail)
like "$show" 'smtp://192\.0\.2\.2:25 up' "the first host's checker is up"
like "$show" 'smtp://192\.0\.2\.4:25 up' "the third host's checker is up"
sleep 1
is "$(state others)" UP "control: others (without 192.0.2.3) stays UP"
is "$(state mail)" DOWN "mail stays DOWN while the host is down"

# it comes back
smtpd 192.0.2.3
check "mail is UP again when 192.0.2.3 answers" wait_for 15 is_state mail UP

# the last host answering 554 instead of 220 is a failure too
stop_pid "$P4"
spawn s "$PY" "$TG" smtp 192.0.2.4 25 554 250
wait_for 30 grep -q ready "$SPAWNED_LOG" || bail "smtp 554"
check "mail is DOWN when the third host refuses with 554" wait_for 15 is_state mail DOWN
check "the third host's checker says greeting 554" \
	wait_for 15 shows mail 'smtp://192\.0\.2\.4:25 down: SMTP greeting 554'
is "$(state mail)" DOWN "mail is DOWN on the greeting"
check "others is DOWN too (it checks 192.0.2.4)" wait_for 15 is_state others DOWN

stop_pid "$HPID"
done_testing
