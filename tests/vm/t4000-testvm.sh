#!/bin/bash
# tests/vm/testvm itself: a guest script's exit status, arguments and
# environment come back; the guest has IPVS and sees the work tree; --add
# brings a binary with its libraries; a missing kernel package, a missing
# script and a bad option are clear errors (125, 125, 64), and a guest that
# runs too long is stopped (124) instead of hanging.
set -u
cd "$(dirname "$0")/../.."
TOP=$PWD
VM=$TOP/tests/vm/testvm
BIN=${BIN:-$TOP/${BUILD:-build}/bin}
n=0 fail=0
t() { n=$((n + 1)); if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fail=1; fi; }
tmp=$(mktemp -d "$TOP/${BUILD:-build}/testvm-t.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

out=$(timeout 900 "$VM" --prepare 2>&1); rc=$?
t $rc "--prepare fetches the kernel and builds the base image"
[ $rc -eq 0 ] || { printf '%s\n' "$out" | tail -n 5 | sed 's/^/# /'; echo "1..$n"; exit 1; }

cat >"$tmp/guest.sh" <<'G'
#!/bin/sh
echo "args=$#:$1:$2"
echo "env=$HA_T"
echo "pwd=$PWD"
grep -q '^ip_vs ' /proc/modules && echo ipvs=loaded
ipvsctl -A -t 192.0.2.1:80 -s rr && ipvsctl -Sn
[ -f tests/vm/testvm ] && echo tree=shared
echo written >"$OUT"
exit 7
G
chmod +x "$tmp/guest.sh"
timeout 300 "$VM" -q --timeout 240 -e HA_T="a b" -e OUT="$tmp/back" \
	--add "$BIN/ipvsctl" "$tmp/guest.sh" one 'two words' >"$tmp/out" 2>&1; rc=$?
out=$(tr -d '\r' <"$tmp/out")
[ $rc -eq 7 ]; t $? "the guest script's exit status is testvm's (got $rc)"
grep -qx 'args=2:one:two words' <<<"$out"; t $? "arguments arrive word for word"
grep -qx 'env=a b' <<<"$out"; t $? "-e sets the guest's environment"
grep -qx "pwd=$TOP" <<<"$out"; t $? "the script starts in the shared directory, same path"
grep -qx 'ipvs=loaded' <<<"$out"; t $? "ip_vs is loaded in the guest"
grep -qx -- '-A -t 192.0.2.1:80 -s rr' <<<"$out"; t $? "an --add'ed ipvsctl runs and programs the guest's IPVS"
grep -qx 'tree=shared' <<<"$out"; t $? "the work tree is visible"
[ "$(cat "$tmp/back" 2>/dev/null)" = written ]; t $? "files written in the guest reach the host (9p read-write)"
[ $rc -eq 7 ] || printf '%s\n' "$out" | tail -n 20 | sed 's/^/# /'

out=$(HA_VM_KERNEL_DEB=/nonexistent/linux-image.deb timeout 60 "$VM" "$tmp/guest.sh" 2>&1); rc=$?
[ $rc -eq 125 ] && grep -q 'HA_VM_KERNEL_DEB=/nonexistent/linux-image.deb: no such file' <<<"$out"
t $? "a missing kernel package: exit 125 naming it (got $rc: $(tail -n 1 <<<"$out"))"
out=$(timeout 60 "$VM" "$tmp/no-such-script" 2>&1); rc=$?
[ $rc -eq 125 ] && grep -q "no such script: $tmp/no-such-script" <<<"$out"
t $? "a missing script: exit 125 naming it (got $rc)"
out=$(timeout 60 "$VM" --bogus x 2>&1); rc=$?
[ $rc -eq 64 ] && grep -q 'unknown option --bogus' <<<"$out"; t $? "a bad option: exit 64 (got $rc)"
out=$(HA_VM_QEMU=/nonexistent/qemu timeout 60 "$VM" "$tmp/guest.sh" 2>&1); rc=$?
[ $rc -eq 125 ] && grep -q '/nonexistent/qemu not found (Debian.s qemu-system-x86' <<<"$out"
t $? "no qemu: exit 125 naming the package (got $rc)"

printf '#!/bin/sh\necho started\nsleep 600\n' >"$tmp/hang.sh"; chmod +x "$tmp/hang.sh"
out=$(timeout 300 "$VM" -q --timeout 20 "$tmp/hang.sh" 2>&1); rc=$?
[ $rc -eq 124 ] && grep -q 'did not finish within 20 s' <<<"$out"
t $? "a guest past --timeout is stopped: exit 124 (got $rc)"
echo "1..$n"
exit $fail
