#!/bin/bash
# The systemd units come from contrib/*.service.in: make install renders
# ExecStart= for the SBINDIR it installs to (any PREFIX), and every unit
# passes systemd-analyze verify (no running systemd needed).
. "$(dirname "$0")/lib.sh"
command -v systemd-analyze >/dev/null || { echo "1..0 # SKIP no systemd-analyze (apt-get install systemd)"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

units=()
for u in contrib/*.service.in; do n=${u##*/}; units+=("${n%.in}"); done
for u in contrib/*.timer; do units+=("${u##*/}"); done

# installed for real under a PREFIX of its own: ExecStart= must exist there
p=$tmp/p/usr
check "make install PREFIX=$p" make --no-print-directory BUILD="$BUILD" install PREFIX="$p"
for u in "${units[@]}"; do
	f=$p/lib/systemd/system/$u
	[ -f "$f" ]; ok $? "$u installed in PREFIX/lib/systemd/system"
	! grep -q '@[A-Z]*@' "$f"; ok $? "$u: no @PLACEHOLDER@ left"
	# ha-tools.service's reload runs vrrpd and hcheckd through /bin/sh
	bad=$(sed -n 's/^Exec[A-Za-z]*=-\{0,1\}\([^ ]*\).*/\1/p' "$f" | grep -v "^$p/sbin/" |
		grep -vx '/bin/sh\|/bin/true')
	is "$bad" "" "$u: every Exec*= runs $p/sbin/ (or /bin/sh, /bin/true)"
	! grep '^Exec.*/bin/sh' "$f" | grep -v "$p/sbin/" | grep -q .
	ok $? "$u: a /bin/sh command line runs $p/sbin/ too"
	check "$u: systemd-analyze verify" env MANPATH="$p/share/man" \
		systemd-analyze verify "$f"
done
for u in vrrpd.service hcheckd.service; do
	f=$p/lib/systemd/system/$u
	grep -qx 'LimitNOFILE=16384' "$f"; ok $? "$u: LimitNOFILE=16384"
	grep -qx 'ConditionPathExists=/etc/keepalived/keepalived.conf' "$f"
	ok $? "$u: does not start without /etc/keepalived/keepalived.conf"
done
grep -qx 'Type=notify' "$p/lib/systemd/system/vrrpd.service"; ok $? "vrrpd.service: Type=notify"

# control: verify does fail a unit whose binary is not where it says
sed "s|$p/sbin/vrrpd|$tmp/nowhere/vrrpd|" "$p/lib/systemd/system/vrrpd.service" >"$tmp/vrrpd.service"
MANPATH="$p/share/man" systemd-analyze verify "$tmp/vrrpd.service" >/dev/null 2>&1
[ $? -ne 0 ]; ok $? "control: verify refuses a unit whose ExecStart= is missing"

# the Debian layout (PREFIX=/usr) and the default PREFIX, into a DESTDIR
d=$tmp/d1
make --no-print-directory BUILD="$BUILD" install DESTDIR="$d" PREFIX=/usr >/dev/null 2>&1
grep -qx 'ExecStart=/usr/sbin/vrrpd -n -l syslog -f /etc/keepalived/keepalived.conf -S /run/vrrpd.sock $DAEMON_ARGS' \
	"$d/lib/systemd/system/vrrpd.service"
ok $? "PREFIX=/usr: units in /lib/systemd/system, ExecStart=/usr/sbin/vrrpd"
grep -qx 'ExecStart=/usr/sbin/hcheckd check --exit-map binary $ARGS' \
	"$d/lib/systemd/system/hcheckd-check@.service"
ok $? "PREFIX=/usr: hcheckd-check@.service runs /usr/sbin/hcheckd"
d=$tmp/d2
make --no-print-directory BUILD="$BUILD" install DESTDIR="$d" >/dev/null 2>&1
grep -q '^ExecStart=/usr/local/sbin/hcheckd -n ' "$d/usr/local/lib/systemd/system/hcheckd.service"
ok $? "default PREFIX: units in /usr/local/lib/systemd/system, ExecStart=/usr/local/sbin/hcheckd"
for p in vrrpd hcheckd vipctl ipvsctl; do
	[ -f "$d/usr/local/share/bash-completion/completions/$p" ]
	ok $? "completion for $p installed"
done
done_testing
