#!/bin/bash
# track_check: vrrpd follows a check of hcheckd over its control socket
# ("watch", event lines CHECK "NAME" UP|DOWN).  hcheckd is played by a small
# fake speaking the protocol of DESIGN.md; a weight-0 check going DOWN puts
# the instance in FAULT, a weighted one moves the priority.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v python3 >/dev/null || skip_all "python3 missing"

ns_add a; bridge_add; ns_link a
nsx a ip addr add 192.0.2.1/24 dev eth0
HS=$T_TMP/hcheckd.sock CMD=$T_TMP/hcheckd.cmd
mkfifo "$CMD"
# the fake: answers "watch" with "ok", then forwards each line written to
# the command FIFO to every watcher
cat > "$T_TMP/fake.py" <<'EOP'
import os, socket, sys, threading
path, cmd = sys.argv[1], sys.argv[2]
watchers = []
def serve(c):
    f = c.makefile("rwb", buffering=0)
    line = f.readline().strip()
    if line == b"watch":
        f.write(b"ok\n")
        watchers.append(f)
    else:
        f.write(b"error unknown verb\n\n")
def accept(s):
    while True:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c,), daemon=True).start()
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path); s.listen(8)
threading.Thread(target=accept, args=(s,), daemon=True).start()
while True:
    with open(cmd, "rb") as f:
        for line in f:
            for w in list(watchers):
                try:
                    w.write(line)
                except OSError:
                    watchers.remove(w)
EOP
spawn a python3 "$T_TMP/fake.py" "$HS" "$CMD"
wait_for 10 test -S "$HS" || bail "fake hcheckd did not start"
say() { printf '%s\n' "$@" > "$CMD"; }
vr_follow a "$HS"
check "vrrpd connects and watches" wait_for 10 grep -q "following hcheckd checks" "${VR_LOG[a]}"
say 'CHECK "db" UP' 'CHECK "web" UP'
check "MASTER with both checks up" wait_for 15 vr_is a MASTER
say 'CHECK "web" DOWN 3 failures'
check "web down: priority 80" wait_for 5 sh -c "$VRRPD ctl -S $T_TMP/a.sock show instances | grep -q 'prio 80 base 100'"
say 'CHECK "db" DOWN'
check "db (weight 0) down: FAULT" wait_for 5 vr_is a FAULT
say 'CHECK "db" UP' 'CHECK "web" UP'
check "both up: MASTER again" wait_for 15 vr_is a MASTER
like "$(vr_ctl a show trackers)" "check web UP weight -20" "show trackers"
done_testing
