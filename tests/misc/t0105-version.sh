#!/bin/bash
# One version number: debian/changelog's, printed by -V and --version as
# "PROG VERSION" on one line with exit 0 in all four programs, mentioned by
# every --help; vrrpd's --version followed by a word is still the VRRP
# version (what scripts since 0.1 write).
. "$(dirname "$0")/lib.sh"
[ -n "$HA_VERSION" ]; ok $? "debian/changelog names a version ($HA_VERSION)"
for p in vrrpd hcheckd vipctl ipvsctl; do
	for f in -V --version; do
		out=$("$BIN/$p" $f 2>&1); rc=$?
		is "$rc|$out" "0|$p $HA_VERSION" "$p $f prints '$p $HA_VERSION' and exits 0"
	done
	"$BIN/$p" --help 2>&1 | grep -q -- '-V'; ok $? "$p --help mentions -V"
done
inst=(-i eth0 --vrid 51 --vip 192.0.2.100/24 --advert-ms 100)
is "$("$BIN/vrrpd" -t "${inst[@]}" --version 3 2>&1)" "configuration OK" \
	"vrrpd --version 3: VRRPv3 (100 ms adverts accepted)"
is "$("$BIN/vrrpd" -t "${inst[@]}" --version=3 2>&1)" "configuration OK" "vrrpd --version=3 too"
is "$("$BIN/vrrpd" -t "${inst[@]}" --vrrp-version 3 2>&1)" "configuration OK" "vrrpd --vrrp-version 3 too"
# control: without a version 3, 100 ms adverts are refused
"$BIN/vrrpd" -t "${inst[@]}" >/dev/null 2>&1
is "$?" 64 "control: the same instance without --version 3 is refused (64)"
is "$("$BIN/vrrpd" "${inst[@]}" --version -n 2>&1)" "vrrpd $HA_VERSION" \
	"vrrpd ... --version -n: before an option it is the program's version"
done_testing
