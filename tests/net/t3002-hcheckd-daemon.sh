#!/bin/bash
# hcheckd as a daemon from flags alone: rise/fall counted exactly, watch
# streams ordered events, show checks [json], disable/enable, the ctl
# client's exit codes, the agent-check listener.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hcheck/lib.sh"

hc_pair
echo 200 > health
spawn s "$PY" "$TG" http 192.0.2.2 80; L=$SPAWNED_LOG
wait_for 30 grep -q ready "$L" || bail "http target"
echo 0 > flag
SOCK=$T_TMP/hc.sock
ctl() { nsx c "$H" ctl -S "$SOCK" "$@"; }

spawn c "$H" -n -d -S "$SOCK" --interval 400ms --rise 3 --fall 2 \
	--check "web=http://192.0.2.2/health -e 200" \
	--check "twin=http://192.0.2.2/health -e 200" \
	--check "flag=file:$T_TMP/flag" \
	--check "gone=tcp://192.0.2.2:81" \
	--agent 192.0.2.1:5555
HPID=$SPAWNED_PID; HLOG=$SPAWNED_LOG
wait_for 10 test -S "$SOCK" || bail "hcheckd did not start: $(cat "$HLOG")"
spawn c "$H" ctl -S "$SOCK" watch; WLOG=$SPAWNED_LOG

up() { ctl show check "$1" | head -1 | grep -q "^$1 UP"; }
down() { ctl show check "$1" | head -1 | grep -q "^$1 DOWN"; }
check "web comes up" wait_for 10 up web
check "flag comes up" wait_for 10 up flag
check "a refused port stays down" down gone
out=$(ctl show checks)
like "$out" '^web UP HTTP 200' "show checks: web UP with its reason"
like "$out" 'gone DOWN connect: ECONNREFUSED' "show checks: gone DOWN says why"

check "show checks json: one valid object per line" "$PY" -c '
import json, sys
objs = [json.loads(l) for l in sys.stdin.read().splitlines() if l]
names = {o["name"]: o for o in objs}
assert set(names) == {"web", "twin", "flag", "gone"}, names
w = names["web"]
assert w["state"] == "UP" and w["checkers"][0]["kind"] == "http", w
assert w["checkers"][0]["rise"] == 3 and w["checkers"][0]["fall"] == 2, w
' <<<"$(ctl show checks json)"

# rise/fall counted exactly: the transition line follows the checker
# result that completes the count
echo 503 > health
check "web goes down" wait_for 10 down web
echo 200 > health
check "web comes back" wait_for 10 up web
before() { grep -B1 "\[web\] $1" "$HLOG" | head -1; }
like "$(before 'UP -> DOWN')" '\[web\] http: CRITICAL .*\(0 ok, 2 failed in a row\)' "down after exactly fall=2 failures"
like "$(before 'DOWN -> UP' | tail -1)" '\[web\] http: OK .*\(3 ok, 0 failed in a row\)' "up after exactly rise=3 successes"
like "$(grep -c '\[web\] UP -> DOWN' "$HLOG")" '^1$' "one DOWN transition, no flapping"

# a single failure between successes does not count (fall 2); the target
# answers 503 exactly once (racing the 400 ms interval with "echo 200" lost
# under load)
nfail() { grep -c '\[web\] http: CRITICAL' "$HLOG"; }
n0=$(nfail)
echo "503 once" > health
more_fail() { [ "$(nfail)" -gt "$n0" ]; }
wait_for 5 more_fail
sleep 1.5
is "$(grep -c '\[web\] UP -> DOWN' "$HLOG")" 1 "one failed probe alone does not take it down"

# watch: current state first, then every change in order
echo 1 > flag
check "flag goes down" wait_for 10 down flag
echo 0 > flag
check "flag comes back" wait_for 10 up flag
sleep 0.3
w=$(grep '^CHECK' "$WLOG")
like "$(echo "$w" | head -4 | sort | tr '\n' ' ')" 'CHECK "flag" .*CHECK "gone" DOWN.*CHECK "twin".*CHECK "web"' "watch starts with one line per check"
ev=$(echo "$w" | tail -n +5 | grep '"flag"' | awk '{print $3}' | tr '\n' ' ')
like "$ev" 'DOWN UP $' "watch: flag DOWN then UP, in order"
like "$(echo "$w" | grep '"flag" DOWN' | tail -1)" "holds 1" "watch: the DOWN event says why"
like "$(echo "$w" | grep '"web"' | awk '{print $3}' | tr '\n' ' ')" 'UP DOWN UP $' "watch: web UP, DOWN, UP"

# agent-check
a() { printf '%s\n' "$1" | nsx c socat -t2 - TCP:192.0.2.1:5555; }
is "$(a web)" "up ready 100%" "agent: web is up"
like "$(a gone)" '^down ready #connect: ECONNREFUSED' "agent: gone is down with a reason"
like "$(a nosuch)" "^down #no check named 'nosuch'" "agent: an unknown name is down"

# disable / enable
out=$(ctl disable web); rc=$?
is "$rc" 0 "disable: exit 0"
like "$(ctl show check web)" '^web MAINT' "disabled web is in maintenance"
is "$(a web)" "maint #disabled" "agent: maint while disabled"
like "$(grep '"web"' "$WLOG" | tail -1)" 'CHECK "web" DOWN maintenance: disabled' "watch: disable is a DOWN event"
ctl enable web >/dev/null
check "enabled web is up again" wait_for 5 up web
is "$(a web)" "up ready 100%" "agent: up again"

# ctl client exit codes
check_exit "unknown verb: 64" 64 ctl frobnicate
check_exit "show without args: 64" 64 ctl show
check_exit "unknown check: 1" 1 ctl show check nosuch
check_exit "disable of an unknown check: 1" 1 ctl disable nosuch
check_exit "reload without a file: 1" 1 ctl reload
check_exit "no daemon: 69" 69 nsx c "$H" ctl -S "$T_TMP/none.sock" show checks
like "$(ctl show stats)" 'checks 4' "show stats"
like "$(ctl show stats)" 'shared 1' "show stats: twin shares web's probe"
check "identical probes run once" grep -q '1 checkers share the probe' "$HLOG"
is "$(grep -c '\[twin\] UP -> DOWN' "$HLOG")" 1 "twin went down with web"
like "$(grep -B3 '\[twin\] UP -> DOWN' "$HLOG" | grep -c '\[twin\] http: CRITICAL')" '^[12]$' "twin counted its own failures"
check "check NAME runs it now" ctl check web

# flags errors
check_exit "bad --check: 64" 64 "$H" -n -S "$T_TMP/x.sock" --check 'nonsense'
check_exit "bad URL in --check: 64" 64 "$H" -n -S "$T_TMP/x.sock" --check 'x=gopher://a/'
check_exit "duplicate names: 78" 78 "$H" -n -S "$T_TMP/x.sock" --check 'x=tcp://192.0.2.2:80' --check 'x=tcp://192.0.2.2:81'
check_exit "bad option: 64" 64 "$H" --bogus
check_exit "-t with flags only: 0" 0 "$H" -t --check 'x=tcp://192.0.2.2:80'
check_exit "-t with a bad --check: 64, a usage error" 64 "$H" -t --check garbage

stop_pid "$HPID"
check "the socket is removed at exit" test ! -e "$SOCK"
done_testing
