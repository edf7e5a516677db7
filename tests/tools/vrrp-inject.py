#!/usr/bin/env python3
"""vrrp-inject.py - send one hand-made VRRP advert (IPv4) from a raw socket.

Builds the IP header itself (IP_HDRINCL) so that every field can be wrong on
purpose.  Used by tests/net/t2010-vrrpd-malformed.sh.

  vrrp-inject.py -i IF --src A --vrid N [--dst 224.0.0.18] [--kind KIND]
                 [--version 2|3] [--prio P] [--addr ADDR ...] [--pass X]
                 [--interval N] [--count N]

KIND: good ttl version type length checksum interval naddr, or several
separated by commas (each sent --count times)
"""
import argparse
import socket
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def build(a):
    addrs = b"".join(socket.inet_aton(x) for x in a.addr)
    naddr = len(a.addr)
    vtype = (a.version << 4) | 1
    if a.kind == "version":
        vtype = (4 << 4) | 1
    if a.kind == "type":
        vtype = (a.version << 4) | 2
    if a.kind == "naddr":
        naddr += 1          # the count says more than the list holds
    if a.version == 2:
        interval = a.interval if a.interval is not None else 1
        authtype = 1 if a.passwd is not None else 0
        auth = (a.passwd or "").encode()[:8].ljust(8, b"\0")
        msg = struct.pack("!BBBBBBH", vtype, a.vrid, a.prio, naddr, authtype, interval, 0) + addrs + auth
        c = csum(msg)
    else:
        interval = a.interval if a.interval is not None else 100
        if a.kind == "interval":
            interval = 0
        msg = struct.pack("!BBBBHH", vtype, a.vrid, a.prio, naddr, interval & 0xFFF, 0) + addrs
        pseudo = socket.inet_aton(a.src) + socket.inet_aton(a.dst) + struct.pack("!BBH", 0, 112, len(msg))
        c = csum((b"" if a.plain else pseudo) + msg)
    if a.kind == "checksum":
        c ^= 0x5A5A
    msg = msg[:6] + struct.pack("!H", c) + msg[8:]
    if a.kind == "length":
        msg = msg[:6]       # shorter than a VRRP header
    ttl = 64 if a.kind == "ttl" else 255
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(msg), 0, 0, ttl, 112, 0,
                      socket.inet_aton(a.src), socket.inet_aton(a.dst))
    return hdr + msg


def main():
    p = argparse.ArgumentParser()
    p.add_argument("-i", dest="ifname", required=True)
    p.add_argument("--src", required=True)
    p.add_argument("--dst", default="224.0.0.18")
    p.add_argument("--vrid", type=int, required=True)
    p.add_argument("--kind", default="good")
    p.add_argument("--version", type=int, default=3)
    p.add_argument("--prio", type=int, default=100)
    p.add_argument("--addr", action="append", default=[])
    p.add_argument("--pass", dest="passwd")
    p.add_argument("--interval", type=int)
    p.add_argument("--plain", action="store_true", help="v3 checksum without pseudo-header")
    p.add_argument("--count", type=int, default=1)
    a = p.parse_args()
    if not a.addr:
        a.addr = ["192.0.2.100"]
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, a.ifname.encode())
    for kind in a.kind.split(","):
        a.kind = kind
        pkt = build(a)
        for _ in range(a.count):
            s.sendto(pkt, (a.dst, 0))


if __name__ == "__main__":
    main()
