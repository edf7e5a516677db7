#!/usr/bin/env python3
"""Test targets for the hcheckd tests: HTTP(S) and SMTP responders.

  targets.py http ADDR PORT [CERT KEY]   paths: / (hello), /status/N, /slow,
                                          /chunked, /big, /health (file 'health':
                                          "CODE" or "CODE once"), /ok
                                          ("status: ok 42", chunked by 5 bytes)
  targets.py smtp ADDR PORT GREETING HELO_CODE
  targets.py slowloris ADDR PORT          HTTP that reads the request, then sends
                                          one byte of a reply every 2 s, forever
  targets.py endless ADDR PORT            HTTP 200 with a chunked body that never
                                          ends (a 5-byte chunk every 200 ms)
  targets.py stall ADDR PORT CERT KEY     accepts and says nothing, ever (a TLS
                                          handshake that stalls)
  targets.py dnsgarbage ADDR PORT         answers every DNS query with garbage:
                                          random bytes, a truncated header with
                                          the query's ID, a header whose counts
                                          promise records that are not there
                                          These four misbehave only while the
                                          file 'misbehave' exists in their
                                          working directory; without it they
                                          answer well (HTTP 200 "ok", TLS then
                                          HTTP 200, an A record 192.0.2.80)
  targets.py accept ADDR PORT             accepts and closes at once (for many
                                          TCP checks)
  targets.py udp ADDR PORT                answers every datagram with "PONG\n"
                                          from the one socket (socat's
                                          UDP-RECVFROM,fork + EXEC:'echo PONG'
                                          lost replies: its child wrote the
                                          request into an echo that had
                                          exited, got EPIPE and quit unsent)
"""
import http.server, socket, socketserver, ssl, sys, time, os

class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def send(self, code, body, chunked=False):
        self.send_response(code)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if chunked:
            for i in range(0, len(body), 5):
                part = body[i:i + 5]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)
    def do_GET(self):
        p = self.path
        if p == "/":
            self.send(200, b"hello hcheckd\n")
        elif p.startswith("/status/"):
            self.send(int(p[8:]), b"status page\n")
        elif p == "/slow":
            time.sleep(1.2)
            self.send(200, b"late\n")
        elif p == "/ok":
            self.send(200, b"status: ok 42\n", chunked=True)
        elif p == "/chunked":
            self.send(200, b"chunked hello from hcheckd\n", chunked=True)
        elif p == "/big":
            self.send(200, b"x" * 200000)
        elif p == "/host":
            self.send(200, (self.headers.get("Host", "") + "\n").encode())
        elif p == "/health":
            try:    # "CODE", or "CODE once": that answer once, then 200
                words = open("health").read().split()
                code = int(words[0])
                if words[1:] == ["once"]:
                    open("health", "w").write("200\n")
            except Exception:
                code = 503
            self.send(code, b"health %d\n" % code)
        else:
            self.send(404, b"not found\n")
    do_HEAD = do_GET

class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    def server_bind(self):
        # HTTPServer's own does a reverse DNS lookup (getfqdn): slow, useless here
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

def smtp(addr, port, greeting, helo):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(16)
    print("ready", flush=True)
    while True:
        c, _ = s.accept()
        try:
            c.sendall(b"220-" + greeting.encode() + b" first line\r\n" if greeting == "220" else b"")
            c.sendall(greeting.encode() + b" test ESMTP\r\n")
            f = c.makefile("rb")
            line = f.readline()
            if line.upper().startswith(b"HELO") or line.upper().startswith(b"EHLO"):
                c.sendall(helo.encode() + b" hello\r\n")
            line = f.readline()
            c.sendall(b"221 bye\r\n")
        except Exception:
            pass
        finally:
            c.close()

def udp(addr, port):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("ready", flush=True)
    while True:
        _, peer = s.recvfrom(65535)
        s.sendto(b"PONG\n", peer)

def tcp_server(addr, port, handle):
    """Accept forever, one thread per connection running handle(conn)."""
    import threading
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port)); s.listen(4096)
    print("ready", flush=True)
    def run(c):
        try:
            handle(c)
        except Exception:
            pass
        finally:
            c.close()
    while True:
        c, _ = s.accept()
        if handle is None:
            c.close()
        else:
            threading.Thread(target=run, args=(c,), daemon=True).start()

def misbehave():
    return os.path.exists("misbehave")

OK_REPLY = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"

def read_request(c):
    buf = b""
    while b"\r\n\r\n" not in buf:
        d = c.recv(4096)
        if not d:
            raise EOFError
        buf += d

def slowloris(c):
    read_request(c)
    if not misbehave():
        return c.sendall(OK_REPLY)
    for b in OK_REPLY * 1000:
        c.sendall(bytes([b]))
        time.sleep(2)

def endless(c):
    read_request(c)
    if not misbehave():
        return c.sendall(OK_REPLY)
    c.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    while True:
        c.sendall(b"5\r\nhello\r\n")
        time.sleep(0.2)

TLS = None

def stall(c):
    if not misbehave():
        t = TLS.wrap_socket(c, server_side=True)
        read_request(t)
        return t.sendall(OK_REPLY)
    while c.recv(4096):
        pass

def dnsgarbage(addr, port):
    import random
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    print("ready", flush=True)
    n = 0
    while True:
        q, peer = s.recvfrom(65535)
        n += 1
        kind = n % 3
        if len(q) < 12:
            continue
        if not misbehave():     # the question, one A record by pointer to it
            r = (q[:2] + b"\x81\x80\x00\x01\x00\x01\x00\x00\x00\x00" + q[12:] +
                 b"\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04" +
                 socket.inet_aton("192.0.2.80"))
        elif kind == 0:
            r = os.urandom(random.randint(1, 64))
        elif kind == 1:
            r = q[:2] + b"\x81"
        else:   # a reply header: 1 question, 5 answers, nothing after it
            r = q[:2] + b"\x81\x80\x00\x01\x00\x05\x00\x00\x00\x00"
        s.sendto(r, peer)

if __name__ == "__main__":
    kind, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "http":
        if ":" in addr:
            S.address_family = socket.AF_INET6
        srv = S((addr, port), H)
        if len(sys.argv) > 5:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(sys.argv[4], sys.argv[5])
            srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
        print("ready", flush=True)
        srv.serve_forever()
    elif kind == "smtp":
        smtp(addr, port, sys.argv[4], sys.argv[5])
    elif kind == "udp":
        udp(addr, port)
    elif kind == "stall":
        TLS = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        TLS.load_cert_chain(sys.argv[4], sys.argv[5])
        tcp_server(addr, port, stall)
    elif kind in ("slowloris", "endless"):
        tcp_server(addr, port, globals()[kind])
    elif kind == "accept":
        tcp_server(addr, port, None)
    elif kind == "dnsgarbage":
        dnsgarbage(addr, port)
