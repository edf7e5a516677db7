#!/usr/bin/env python3
# tests/net/ctl/abuse.py - misbehaving control-socket clients for
# t1101/t1102 (every loop bounded in time and count).
#
#   abuse.py pipeline SOCK PID SECS MAX_KB   send "show stats json" without
#       reading for SECS seconds, or until the daemon PID's VmRSS passes
#       MAX_KB; prints "sent N rss_max_kb M"
#   abuse.py hold SOCK N STOPFILE SECS [REQ]  open N connections (sending
#       REQ, e.g. "watch", on each, never reading) and keep them until
#       STOPFILE exists or SECS pass; prints "connected N closed_by_daemon M"
#       when done, and writes "connected N" to STOPFILE.ready once all are
#       open
import errno
import os
import socket
import sys
import time


def vmrss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def pipeline(path, pid, secs, max_kb):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    s.setblocking(False)
    req = b"show stats json\n" * 256
    sent = 0
    rss_max = 0
    end = time.monotonic() + secs
    next_look = 0.0
    while time.monotonic() < end:
        now = time.monotonic()
        if now >= next_look:
            rss_max = max(rss_max, vmrss_kb(pid))
            if rss_max > max_kb:
                break
            next_look = now + 0.1
        try:
            sent += s.send(req)
        except BlockingIOError:
            time.sleep(0.01)
        except OSError:
            break
    rss_max = max(rss_max, vmrss_kb(pid))
    print("sent %d rss_max_kb %d" % (sent // 16, rss_max))
    s.close()


def dial(path, deadline):
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(path)
            return s
        except BlockingIOError:
            pass            # the daemon's backlog is full: later
        except OSError as e:
            if e.errno != errno.EAGAIN:
                s.close()
                raise
        s.close()
        if time.monotonic() > deadline:
            return None
        time.sleep(0.005)


def hold(path, n, stopfile, secs, req):
    deadline = time.monotonic() + secs
    conns = []
    for _ in range(n):
        s = dial(path, deadline)
        if s is None:
            break
        if req:
            try:
                s.send(req.encode() + b"\n")
            except OSError:
                pass
        conns.append(s)
    with open(stopfile + ".ready", "w") as f:
        f.write("connected %d\n" % len(conns))
    while not os.path.exists(stopfile) and time.monotonic() < deadline:
        time.sleep(0.1)
    closed = 0
    for s in conns:
        try:
            # closed by the daemon: EOF (after whatever it had sent)
            while True:
                b = s.recv(65536)
                if not b:
                    closed += 1
                    break
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    print("connected %d closed_by_daemon %d" % (len(conns), closed))


def main(argv):
    if argv[1] == "pipeline":
        pipeline(argv[2], int(argv[3]), float(argv[4]), int(argv[5]))
    elif argv[1] == "hold":
        hold(argv[2], int(argv[3]), argv[4], float(argv[5]),
             argv[6] if len(argv) > 6 else "")
    else:
        sys.exit("usage: abuse.py pipeline|hold ...")


if __name__ == "__main__":
    main(sys.argv)
