#!/bin/bash
# Every man page is clean under mandoc -Tlint; every program answers --help
# with exit 0 and a usage line; make install puts binaries and pages in place.
set -u
cd "$(dirname "$0")/../.."
BIN=${BIN:-$PWD/build/bin}
n=0 fail=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }

for m in man/*.[578]; do
	out=$(mandoc -Tlint -Wwarning "$m" 2>&1); rc=$?
	[ $rc -eq 0 ] || echo "# $out"
	t $rc "mandoc -Tlint clean: $m"
done
for p in vipctl vrrpd hcheckd ipvsctl; do
	out=$("$BIN/$p" --help 2>&1); rc=$?
	[ $rc -eq 0 ] && printf '%s' "$out" | grep -qi usage
	t $? "$p --help prints usage and exits 0"
done
dest=$(mktemp -d)
make --no-print-directory install DESTDIR="$dest" PREFIX=/usr >/dev/null 2>&1
t $? "make install DESTDIR=... succeeds"
for p in vipctl vrrpd hcheckd ipvsctl; do
	[ -x "$dest/usr/sbin/$p" ]; t $? "installed /usr/sbin/$p"
done
for m in man/*.[578]; do
	s=${m##*.}
	[ -f "$dest/usr/share/man/man$s/${m##*/}" ]; t $? "installed man page ${m##*/}"
done
rm -rf "$dest"
echo "1..$n"
exit $fail
