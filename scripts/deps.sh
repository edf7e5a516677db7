#!/bin/sh
# deps.sh - the one list of Debian packages this project needs, and the step
# that installs what is missing.  Usage: scripts/deps.sh build|test|demo|bench|deb|list
#
#   build: what `make all` needs
#   test:  what `make check` needs on top (real peers, capture tools, the VM,
#          and the deb set: misc/ tests build and install the packages)
#   demo:  what `make demo` needs on top of build
#   deb:   what `make deb`, its install test and the unit checks need on top
set -eu

BUILD_PKGS="gcc make pkg-config libmnl-dev libcap-ng-dev libssl-dev libpcre2-dev"
TEST_PKGS="libcmocka-dev clang libclang-rt-14-dev mandoc iproute2 tcpdump iputils-ping
 keepalived haproxy ipvsadm socat python3 dnsmasq-base openssl procps psmisc
 qemu-system-x86 busybox-static kmod cpio xz-utils nftables strace valgrind prometheus
 nginx-light postgresql"
DEMO_PKGS="iproute2 iputils-ping"
BENCH_PKGS="hyperfine valgrind"
DEB_PKGS="dpkg-dev debhelper fakeroot lintian devscripts libcmocka-dev keepalived debootstrap
 systemd bash-completion"

case "${1:-}" in
build) want=$BUILD_PKGS ;;
test)  want="$BUILD_PKGS $TEST_PKGS $DEB_PKGS" ;;
demo)  want="$BUILD_PKGS $DEMO_PKGS" ;;
bench) want="$BUILD_PKGS $TEST_PKGS $BENCH_PKGS" ;;
deb)   want="$BUILD_PKGS $DEB_PKGS" ;;
list)  echo $BUILD_PKGS $TEST_PKGS $DEMO_PKGS $BENCH_PKGS $DEB_PKGS | tr ' ' '\n' | sort -u; exit 0 ;;
*) echo "usage: $0 build|test|demo|bench|deb|list" >&2; exit 64 ;;
esac

missing=
for p in $want; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: install them with: apt-get install$missing" >&2
	exit 1
fi
echo "deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# an old or empty package list is the usual reason an install fails: refresh once
apt-get install -y -q --no-install-recommends $missing >/dev/null 2>&1 || {
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends $missing >/dev/null
}
