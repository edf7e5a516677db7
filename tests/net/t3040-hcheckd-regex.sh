#!/bin/bash
# hcheckd -f: HTTP_GET regex through PCRE2 as keepalived (\d, regex_options,
# regex_no_match, regex_min_offset / regex_max_offset, regex_stack) against
# a real HTTP server, each with a control that must not match; the file's
# escapes are keepalived's ("\\d" is \d, "\d" is d).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
spawn s "$PY" "$TG" http 192.0.2.2 80; L1=$SPAWNED_LOG
wait_for 30 grep -q ready "$L1" || bail "target: $(cat "$L1")"
# the body of /ok is "status: ok 42\n" (chunked by 5 bytes: the match spans
# chunks); "ok" starts at byte 8

# rx NAME PATH KEYS...: a named check of one url with those url keys
rx() {
	local name=$1 path=$2; shift 2
	printf 'check %s {\n    HTTP_GET {\n        connect_ip 192.0.2.2\n        connect_port 80\n' "$name"
	printf '        retry 0\n        url {\n            path %s\n' "$path"
	for k in "$@"; do printf '            %s\n' "$k"; done
	printf '        }\n    }\n    delay_loop 0.3\n}\n'
}
{
	rx digit /ok 'regex "ok \\d+"'
	rx digit_more /ok 'regex "ok \\d{3,}"'
	rx single_backslash /ok 'regex "ok \d+"'
	rx caseless /ok 'regex "STATUS: OK \\d"' 'regex_options caseless'
	rx case_sensitive /ok 'regex "STATUS: OK \\d"'
	rx no_match /ok 'regex "error \\d+"' 'regex_no_match'
	rx no_match_hit /ok 'regex "ok \\d+"' 'regex_no_match'
	rx min_at /ok 'regex "ok"' 'regex_min_offset 8'
	rx min_past /ok 'regex "ok"' 'regex_min_offset 9'
	rx max_at /ok 'regex "ok"' 'regex_max_offset 8'
	rx max_before /ok 'regex "ok"' 'regex_max_offset 7'
	rx stack /chunked 'regex "(\\w+\\s)+hcheckd$"' 'regex_options multiline' 'regex_stack 32768 262144'
} > hc.conf
UP="digit caseless no_match min_at max_at stack"
DOWN="digit_more single_backslash case_sensitive no_match_hit min_past max_before"

out=$("$H" -t -f hc.conf 2>&1); rc=$?
is "$rc" 0 "-t accepts the regex keys"
like "$out" 'configuration OK: 12 checks' "-t: 12 checks"

SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }
spawn c "$H" -n -d -f "$T_TMP/hc.conf" -S "$SOCK"; HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd: $(cat "$HLOG")"
state() { ctl show check "$1" | head -1 | awk '{print $2}'; }
is_state() { [ "$(state "$1")" = "$2" ]; }
# a verdict: UP, or DOWN with a reason from a run (not "not checked yet")
judged_down() { is_state "$1" DOWN && ctl show check "$1" | grep -q 'HTTP 200'; }
for n in $UP; do
	check "$n is UP" wait_for 15 is_state "$n" UP
done
for n in $DOWN; do
	check "$n is DOWN" wait_for 15 judged_down "$n"
done
like "$(ctl show check digit_more)" 'body does not match /ok \\d\{3,\}/' "digit_more says which regex"
like "$(ctl show check single_backslash)" 'does not match /ok d\+/' \
	'"ok \d+" in the file is the pattern "ok d+", as keepalived reads it'
like "$(ctl show check no_match_hit)" 'body matches /ok' "regex_no_match: a match is DOWN"
# the DOWN ones stay DOWN (not a slow start)
sleep 1
for n in $DOWN; do
	is "$(state "$n")" DOWN "$n is still DOWN a second later"
done

# the one-shot check uses the same engine
nsx c "$H" check -R 'ok \d+' http://192.0.2.2/ok >/dev/null
is "$?" 0 "one-shot -R 'ok \\d+': OK"
nsx c "$H" check -R 'ok \d{3}' http://192.0.2.2/ok >/dev/null
is "$?" 2 "one-shot -R 'ok \\d{3}': CRITICAL"

# a regex that does not compile: FILE:LINE and PCRE2's reason
rx bad / 'regex "ok (\\d"' > bad.conf
out=$("$H" -t -f bad.conf 2>&1); rc=$?
is "$rc" 78 "-t: a bad regex: exit 78"
like "$out" "bad.conf:8: bad regex 'ok \(\\\\d': at offset 6: missing closing parenthesis" "-t: FILE:LINE and why"

stop_pid "$HPID"
done_testing
