#!/bin/bash
# The Debian packages in a throw-away Debian 12 root: make deb builds them
# (lintian: no error, no warning), dpkg -i installs them into a copy of a
# cached debootstrap minbase root, every binary answers --version and -V,
# vrrpd -t and hcheckd -t pass the shipped examples in the place keepalived
# users keep them, the units verify, bash-completion finds the completions,
# dpkg -r leaves only the conffiles and dpkg -P removes those too.  The
# host's own root is never installed into.
#
# The base root is made once per machine (debootstrap from the Debian
# mirror, DEB_MIRROR to change it) and cached under
# ${XDG_CACHE_HOME:-$HOME/.cache}/ha-tools/, named after the suite and the
# runtime dependencies the packages declare; each run works on an overlay
# (or a copy) of it.  A failed bootstrap is a "not ok" naming what failed.
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "1..0 # SKIP needs root (chroot, mount)"; exit 0; }
SUITE=bookworm
MIRROR=${DEB_MIRROR:-http://deb.debian.org/debian}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/ha-tools
work=$(mktemp -d /tmp/ha-deb.XXXXXX)
root=$work/root
mounts=()
cleanup() {
	local m
	for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null; done
	rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$root"

# in_root CMD...: CMD in the throw-away root, with a clean environment
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 "$@"; }
since() { echo "$((SECONDS - $1)) s"; }

missing=
for c in debootstrap dpkg-buildpackage dh lintian chroot timeout; do
	command -v "$c" >/dev/null || missing="$missing $c"
done
if [ -n "$missing" ]; then
	ok 1 "tools present (missing:$missing; scripts/deps.sh deb installs them)"
	done_testing
fi

# --- build -------------------------------------------------------------------
t0=$SECONDS
stray_before=$(ls -d "$TOP"/../ha-tools[_-]* 2>/dev/null)
out=$(timeout 1200 make --no-print-directory BUILD="$BUILD" deb 2>&1); rc=$?
printf '%s\n' "$out" >"$work/deb.log"
[ $rc -eq 0 ] || { diag "make deb:"; tail -n 30 "$work/deb.log" | sed 's/^/#   /'; }
ok $rc "make deb: packages built, lintian finds no error ($(since $t0))" || done_testing
is "$(grep -E '^[WE]: ' "$work/deb.log")" "" "lintian: no warning either"
is "$(ls -d "$TOP"/../ha-tools[_-]* 2>/dev/null)" "$stray_before" \
	"nothing written beside the work tree (results are in $BUILD/deb/)"
debs=()
for f in "$BUILD"/deb/*_"$HA_VERSION"_*.deb; do
	case $f in *-dbgsym_*) ;; *) debs+=("$f") ;; esac
done
pkgs=(ha-tools ha-tools-hcheckd ha-tools-ipvsctl ha-tools-vipctl ha-tools-vrrpd)
is "$(for f in "${debs[@]}"; do dpkg-deb -f "$f" Package; done | sort | tr '\n' ' ')" \
	"${pkgs[*]} " "the five packages, version $HA_VERSION"

# --- the throw-away root -----------------------------------------------------
# what the packages need at run time, plus systemd (systemd-analyze) and
# bash-completion, goes into the cached base
inc=$(for f in "${debs[@]}"; do dpkg-deb -f "$f" Depends; done | tr ',' '\n' |
	sed 's/(.*)//; s/|.*//; s/[[:space:]]//g' | grep -v '^ha-tools' | grep -v '^$' | sort -u)
inc="$inc systemd bash-completion"
key=$(printf '%s\n' $SUITE $inc | md5sum | cut -c1-12)
base=$cache/$SUITE-minbase-$key
t0=$SECONDS
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock -w 1800 9 || diag "waited 30 min for $cache/.lock; going on"	# another run bootstrapping
if [ ! -f "$base/.ha-tools-base" ]; then
	rm -rf "$base.tmp"
	timeout "${DEBOOTSTRAP_TIMEOUT:-1500}" debootstrap --variant=minbase \
		--include="$(echo $inc | tr ' ' ,)" $SUITE "$base.tmp" "$MIRROR" \
		>"$cache/debootstrap.log" 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		ok 1 "debootstrap $SUITE from $MIRROR (exit $rc$([ $rc = 124 ] && echo ': timed out'); log $cache/debootstrap.log)"
		grep -E '^(E|W):|Couldn|Failed|not found' "$cache/debootstrap.log" | tail -n 10 | sed 's/^/#   /'
		rm -rf "$base.tmp"
		done_testing
	fi
	mv "$base.tmp" "$base" && touch "$base/.ha-tools-base"
	diag "bootstrapped $base in $(since $t0) (once per machine)"
fi
exec 9>&-
if mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/up,workdir=$work/ow" "$root" \
	2>/dev/null || { mkdir -p "$work/up" "$work/ow" &&
	mount -t overlay overlay -o "lowerdir=$base,upperdir=$work/up,workdir=$work/ow" "$root"; } 2>/dev/null; then
	mounts=("$root")
	how=overlay
else
	rmdir "$root" && cp -a "$base" "$root"
	how=copy
fi
mount -t proc proc "$root/proc" && mounts=("$root/proc" "${mounts[@]}")
ok $? "a $SUITE minbase root: $how of the cached base ($(since $t0))"

# --- install -------------------------------------------------------------------
mkdir -p "$root/tmp/debs" && cp "${debs[@]}" "$root/tmp/debs/"
check "dpkg -i installs the five packages" in_root sh -c 'dpkg -i /tmp/debs/*.deb'
for p in "${pkgs[@]}"; do
	is "$(in_root dpkg-query -W -f='${Status}' "$p" 2>&1)" "install ok installed" "$p installed"
done
files=$(in_root dpkg -L "${pkgs[@]}" | while read -r f; do [ -f "$root$f" ] && echo "$f"; done)
conffiles=$(in_root dpkg-query -W -f='${Conffiles}\n' "${pkgs[@]}" | awk 'NF { print $1 }' | sort)
is "$(echo $conffiles)" "/etc/default/hcheckd /etc/default/vrrpd" "conffiles: /etc/default/vrrpd and hcheckd only"

for p in vrrpd hcheckd vipctl ipvsctl; do
	is "$(in_root /usr/sbin/$p --version 2>&1)" "$p $HA_VERSION" "$p --version"
	is "$(in_root /usr/sbin/$p -V 2>&1)" "$p $HA_VERSION" "$p -V"
	in_root test -f /usr/share/man/man8/$p.8.gz; ok $? "man page $p.8"
done
out=$(in_root vrrpd --version 3 2>&1); rc=$?
is "$rc ${out%%$'\n'*}" "64 vrrpd: missing -i IF" \
	"vrrpd --version 3 is still the VRRP version (an instance flag: -i missing)"

ex=/usr/share/doc
in_root sh -c "mkdir -p /etc/keepalived && cat $ex/ha-tools-vrrpd/examples/keepalived-vrrp.conf \
	$ex/ha-tools-hcheckd/examples/hcheckd-haproxy.conf >/etc/keepalived/keepalived.conf"
is "$(in_root vrrpd -t -f /etc/keepalived/keepalived.conf 2>&1)" "configuration OK" \
	"vrrpd -t on /etc/keepalived/keepalived.conf (the shipped examples)"
is "$(in_root hcheckd -t -f /etc/keepalived/keepalived.conf 2>&1)" \
	"configuration OK: 2 checks, 0 virtual servers" "hcheckd -t on the same file"
# control: -t does fail a broken file, with keepalived's FILE:LINE
in_root sh -c 'sed "s/priority 150/priorty 150/" /etc/keepalived/keepalived.conf >/tmp/bad.conf'
out=$(in_root vrrpd -t -f /tmp/bad.conf 2>&1); rc=$?
[ $rc = 78 ] && [[ $out == *bad.conf:* ]]
ok $? "control: vrrpd -t on a misspelt keyword exits 78 naming FILE:LINE"

for u in vrrpd.service hcheckd.service hcheckd-check@.service hcheckd-check@.timer; do
	check "$u: systemd-analyze verify in the root" \
		in_root systemd-analyze verify --man=no /lib/systemd/system/$u
done
grep -q '^ExecStart=/usr/sbin/vrrpd ' "$root/lib/systemd/system/vrrpd.service"
ok $? "vrrpd.service runs /usr/sbin/vrrpd"
in_root test ! -e /etc/systemd/system/multi-user.target.wants/vrrpd.service -a \
	! -e /etc/systemd/system/multi-user.target.wants/hcheckd.service
ok $? "installing enables no daemon (keepalived.conf is the admin's to write first)"
for p in vrrpd hcheckd vipctl ipvsctl; do
	out=$(in_root bash -c ". /usr/share/bash-completion/bash_completion; _completion_loader $p; complete -p $p" 2>&1)
	[[ $out == *"-F _$p $p" ]]; ok $? "bash-completion loads the completion for $p"
done

# --- remove, purge -----------------------------------------------------------------
check "dpkg -r removes the five packages" in_root dpkg -r "${pkgs[@]}"
left=$(for f in $files; do [ -e "$root$f" ] && echo "$f"; done | sort)
is "$(echo $left)" "$(echo $conffiles)" "after dpkg -r only the conffiles are left"
is "$(in_root dpkg-query -W -f='${Status}' ha-tools-vrrpd 2>&1)" "deinstall ok config-files" \
	"ha-tools-vrrpd: config-files"
check "dpkg -P purges them" in_root dpkg -P "${pkgs[@]}"
left=$(for f in $files; do [ -e "$root$f" ] && echo "$f"; done)
is "$left" "" "after dpkg -P nothing of the packages is left"
in_root test ! -e /etc/keepalived/keepalived.conf.dpkg-old -a -f /etc/keepalived/keepalived.conf
ok $? "the admin's keepalived.conf is untouched"
done_testing
