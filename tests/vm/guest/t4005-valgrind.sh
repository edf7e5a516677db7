#!/bin/bash
# Guest side of t4005: ipvsctl under valgrind (memcheck) in the VM: every
# request it builds is fully initialised (libmnl leaves attribute padding as
# it finds it: the builders zero their buffers), no invalid access, no
# definite leak, for the main command kinds.
cd "$(dirname "$0")" && . ./tap.sh
V="valgrind.bin -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
ipvsadm -C
vg() {	# expected-rc name args...
	local want=$1 name=$2 rc
	shift 2
	$V ipvsctl "$@" >/dev/null 2>"/tmp/vg.err" </tmp/vg.in; rc=$?
	is "$rc" "$want" "valgrind ipvsctl $name"
	[ "$rc" = 99 ] && sed 's/^/# /' /tmp/vg.err | head -30
}
: >/tmp/vg.in
vg 0 "-A with persistence" -A -t 192.0.2.1:80 -s rr -p 30 -M 255.255.255.0
vg 0 "-a GUE tunnel" -a -t 192.0.2.1:80 -r 198.51.100.1 -i --tun-type gue --tun-port 6080 --tun-csum
vg 71 "-A duplicate (kernel error path)" -A -t 192.0.2.1:80 -s rr
printf -- '-A -t 192.0.2.2:80 -s wrr\n-a -t 192.0.2.2:80 -r 198.51.100.2 -m\n-A -t 192.0.2.2:80\n' >/tmp/vg.in
vg 71 "-R with a refused line" -R
: >/tmp/vg.in
vg 0 "-Ln --stats" -Ln --stats
vg 0 "-Sn" -Sn
vg 0 "-Ln -j" -Ln -j
vg 0 "apply" apply ../../fixtures/conf/seed-002-lvs-dr.conf
done_testing
