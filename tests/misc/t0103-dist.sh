#!/bin/bash
# make dist: build/ha-tools-VERSION.tar.gz holds exactly the tracked files
# under ha-tools-VERSION/, is the same bytes when made twice, and builds
# with plain `make` after unpacking (no git needed there).
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1 ||
	{ echo "1..0 # SKIP not a git work tree"; exit 0; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tgz=$BUILD/ha-tools-$HA_VERSION.tar.gz

out=$(make --no-print-directory BUILD="$BUILD" dist 2>&1); rc=$?
ok $rc "make dist" || { diag "$out"; done_testing; }
is "$(printf '%s\n' "$out" | tail -n 1)" "$tgz" "it names $tgz"
sum1=$(sha256sum <"$tgz")
tar -tzf "$tgz" | grep -v '/$' | sed "s,^ha-tools-$HA_VERSION/,," | sort >"$tmp/in-tar"
git ls-files | sort >"$tmp/tracked"
cmp -s "$tmp/in-tar" "$tmp/tracked"; ok $? "the tarball holds exactly the tracked files" ||
	diff "$tmp/tracked" "$tmp/in-tar" | head -n 10 | sed 's/^/#   /'
bad=$(tar -tzf "$tgz" | grep -v "^ha-tools-$HA_VERSION/")
is "$bad" "" "everything under ha-tools-$HA_VERSION/"
make --no-print-directory BUILD="$BUILD" dist >/dev/null 2>&1
is "$(sha256sum <"$tgz")" "$sum1" "made twice, the same bytes"

tar -xzf "$tgz" -C "$tmp"
src=$tmp/ha-tools-$HA_VERSION
out=$(cd "$src" && env -u SAN -u BUILD -u BIN -u TOP -u MAKEFLAGS timeout 900 make -j2 all 2>&1); rc=$?
ok $rc "the unpacked tarball builds with make" || { printf '%s\n' "$out" | tail -n 20 | sed 's/^/#   /'; }
for p in vrrpd hcheckd vipctl ipvsctl; do
	is "$("$src/build/bin/$p" -V 2>&1)" "$p $HA_VERSION" "its $p -V says $HA_VERSION"
done
# control: dist packs tracked files, so it refuses where there is no git
out=$(cd "$src" && GIT_CEILING_DIRECTORIES=$tmp make --no-print-directory dist 2>&1); rc=$?
[ $rc -ne 0 ] && [[ $out == *"needs a git work tree"* ]]
ok $? "control: make dist outside a git work tree says why it cannot"
done_testing
