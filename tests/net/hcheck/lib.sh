# tests/net/hcheck/lib.sh - sourced after tests/net/lib.sh by the hcheckd
# tests that need a client and a server namespace:
#   H, TG, PY     hcheckd, the Python targets, the Python to run them with
#   hc_pair       c (192.0.2.1) and s (192.0.2.2) on one bridge; cwd $T_TMP
H=$BIN/hcheckd
TG=$TOP/tests/net/hcheck/targets.py
# the distribution's python (a pyenv shim costs seconds on a loaded machine)
PY=python3; [ -x /usr/bin/python3 ] && PY=/usr/bin/python3

hc_pair() {
	ns_add c; ns_add s; bridge_add; ns_link c; ns_link s
	nsx c ip addr add 192.0.2.1/24 dev eth0
	nsx s ip addr add 192.0.2.2/24 dev eth0
	cd "$T_TMP" || bail tmp
}
