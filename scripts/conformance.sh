#!/bin/bash
# conformance.sh - what keepalived -t and our three readers (vrrpd -t,
# hcheckd -t, ipvsctl apply -t) say about the same keepalived.conf files:
# Debian's keepalived samples (tests/fixtures/conf/keepalived.conf.*, put
# there by scripts/fixtures.sh) and the seed configs (seed-*.conf).
#
#	scripts/conformance.sh            the table (markdown) on stdout
#	scripts/conformance.sh --diff     one line per difference:
#	                                  FILE TOOL KIND  (KIND: rejects = we
#	                                  reject what keepalived accepts,
#	                                  accepts = the other way round, line =
#	                                  both reject, at different lines)
#	scripts/conformance.sh --readme   rewrite the table in README.md, with
#	                                  the differences under their reasons
#	                                  (tests/misc/conformance.reasons)
#
# Everything runs in a network namespace of its own (root needed) that has
# the interfaces the files name (eth0-eth3, ens33, enp0s3, p4p1; veth
# pairs), so that keepalived and vrrpd both find them.  All four get the
# same config id, CONFIG_ID (default "conformance": the table does not
# depend on the host name; @ID lines).  KEEPALIVED and BIN
# (our programs, default build/bin) may be set; FILES overrides the list.
set -u
export LC_ALL=C
cd "$(dirname "$0")/.."
mode=${1:-table}
BIN=${BIN:-$PWD/${BUILD:-build}/bin}
KEEPALIVED=${KEEPALIVED:-keepalived}
FIX=tests/fixtures/conf
id=${CONFIG_ID:-conformance}
[ "$(id -u)" = 0 ] || { echo "conformance: needs root (network namespace)" >&2; exit 77; }
command -v "$KEEPALIVED" >/dev/null || { echo "conformance: no $KEEPALIVED" >&2; exit 69; }
ls $FIX/keepalived.conf.* >/dev/null 2>&1 || { echo "conformance: run scripts/fixtures.sh" >&2; exit 69; }
files=${FILES:-$(cd $FIX && ls keepalived.conf.* seed-*.conf)}

ns=haconf-$$
tmp=$(mktemp -d)
trap 'ip netns del "$ns" 2>/dev/null; rm -rf "$tmp"' EXIT
ip netns add "$ns" || exit 71
ip -n "$ns" link set lo up
k=0
for i in eth0 eth1 eth2 eth3 ens33 enp0s3 p4p1; do
	k=$((k + 1))
	ip -n "$ns" link add "$i" type veth peer name "hc$k" && ip -n "$ns" link set "$i" up || exit 71
done

# verdict TOOL FILE: "OK", or "EXIT LINE MESSAGE" (LINE "-" when none named)
verdict() {
	local tool=$1 f=$FIX/$2 out rc line msg
	case $tool in
	keepalived) out=$(timeout 60 ip netns exec "$ns" "$KEEPALIVED" -t -l -n -i "$id" -f "$f" 2>&1) ;;
	vrrpd) out=$(timeout 60 ip netns exec "$ns" "$BIN/vrrpd" -t --config-id "$id" -f "$f" 2>&1) ;;
	hcheckd) out=$(timeout 60 ip netns exec "$ns" "$BIN/hcheckd" -t -i "$id" -f "$f" 2>&1) ;;
	ipvsctl) out=$(timeout 60 ip netns exec "$ns" "$BIN/ipvsctl" apply -t --config-id "$id" "$f" 2>&1) ;;
	esac
	rc=$?
	if [ $rc -eq 0 ]; then
		echo OK
		return
	fi
	if [ "$tool" = keepalived ]; then
		# the first line keepalived names that does not call itself a
		# warning (keepalived -t fails on those too, but they are seldom
		# the reason) or report a deprecation
		msg=$(printf '%s\n' "$out" | grep -E 'Line [0-9]+\)' | grep -viE 'warning|deprecated' | head -n 1)
		[ -n "$msg" ] || msg=$(printf '%s\n' "$out" | grep -v '^$' | tail -n 1)
		line=$(printf '%s' "$msg" | sed -n 's/.*Line \([0-9]*\)).*/\1/p')
		msg=$(printf '%s' "$msg" | sed 's/^([^)]*) *//')
	else
		msg=$(printf '%s\n' "$out" | grep -v '^$' | tail -n 1)
		line=$(printf '%s' "$msg" | sed -n "s|.*$2:\([0-9]*\): .*|\1|p")
		msg=$(printf '%s' "$msg" | sed "s|^[a-z]*: ||; s|^[^ ]*$2:[0-9]*: ||; s|^[^ ]*$2: ||")
	fi
	echo "$rc ${line:--} $msg"
}

tools="keepalived vrrpd hcheckd ipvsctl"
for f in $files; do
	for t in $tools; do
		verdict "$t" "$f" >"$tmp/$f.$t"
	done
done

diffs() {
	local f t ka us kl ul
	for f in $files; do
		ka=$(cat "$tmp/$f.keepalived")
		for t in vrrpd hcheckd ipvsctl; do
			us=$(cat "$tmp/$f.$t")
			if [ "$ka" = OK ] && [ "$us" != OK ]; then
				echo "$f $t rejects"
			elif [ "$ka" != OK ] && [ "$us" = OK ]; then
				echo "$f $t accepts"
			elif [ "$ka" != OK ]; then
				kl=$(echo "$ka" | cut -d' ' -f2) ul=$(echo "$us" | cut -d' ' -f2)
				[ "$kl" = "$ul" ] || echo "$f $t line"
			fi
		done
	done
}

cell() {
	local v
	v=$(cat "$tmp/$1.$2")
	if [ "$v" = OK ]; then
		printf 'OK'
	else
		set -- $v
		local rc=$1 line=$2
		shift 2
		v="$*"
		[ ${#v} -le 60 ] || v="${v:0:57}..."
		printf '%s at %s: %s' "$rc" "$line" "$(printf '%s' "$v" | sed 's/|/\\|/g')"
	fi
}

table() {
	echo "| file | keepalived 2.2.7 -t | vrrpd -t | hcheckd -t | ipvsctl apply -t |"
	echo "|---|---|---|---|---|"
	for f in $files; do
		printf '| %s |' "$f"
		for t in $tools; do printf ' %s |' "$(cell "$f" "$t")"; done
		echo
	done
}

case $mode in
--diff) diffs ;;
--readme)
	# the table, then each current difference under its reason from
	# tests/misc/conformance.reasons (one bullet per reason)
	diffs >"$tmp/diffs"
	{
		table
		echo
		nf=$(echo $files | wc -w)
		nok=$(for f in $files; do cat "$tmp/$f.keepalived"; done | grep -c '^OK$')
		printf '%s files; keepalived -t accepts %s. Differences: ' "$nf" "$nok"
		for t in vrrpd hcheckd ipvsctl; do
			printf '%s %s%s' "$t" "$(grep -c " $t " "$tmp/diffs")" "$([ $t = ipvsctl ] && echo . || echo ,) "
		done
		echo "Each, by its reason:"
		echo
		awk -F ' [|] ' 'NR == FNR { d[$0] = 1; next }
			/^#/ || !($1 in d) { next }
			{ if (!($2 in seen)) { seen[$2] = ++n; r[n] = $2 }
			  split($1, w, " "); k = seen[$2] SUBSEP w[2] " " w[3]
			  if (!(k in f)) tk[seen[$2]] = tk[seen[$2]] (tk[seen[$2]] ? SUBSEP : "") w[2] " " w[3]
			  f[k] = f[k] (f[k] ? ", " : "") "`" w[1] "`"; done[$1] = 1 }
			END { for (i = 1; i <= n; i++) {
				m = split(tk[i], t, SUBSEP); o = ""
				for (j = 1; j <= m; j++) o = o (o ? "; " : "") t[j] " " f[i SUBSEP t[j]]
				print "- " o ": " r[i] }
			      for (k in d) if (!(k in done)) print "- " k ": NO REASON LISTED" }' \
			"$tmp/diffs" tests/misc/conformance.reasons
	} >"$tmp/table"
	awk -v t="$tmp/table" '
		/<!-- conformance begin -->/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/<!-- conformance end -->/ { skip = 0 }
		!skip' README.md >"$tmp/README" && cat "$tmp/README" >README.md ;;
*) table ;;
esac
