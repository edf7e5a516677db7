#!/bin/bash
# Notify scripts in event order: VI_1's notify_master takes 2 s, and a
# higher-priority peer takes VI_1 over while it runs.  The BACKUP line
# reaches `watch` and the FIFO at once, but notify_backup (and the generic
# notify) start only after notify_master has ended: one script at a time per
# instance, in transition order.  Control: VI_2 (another instance, same
# slow notify_master) runs its script at the same time as VI_1's, so the
# overlap check can see an overlap, and per-instance queues do not wait for
# each other.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"

vr_lan a b
chmod 755 "$T_TMP"
# rec.sh LOG TAG SECONDS [notify's arguments]: start and end lines, in ns
cat >"$T_TMP/rec.sh" <<'S'
#!/bin/sh
log=$1 tag=$2 secs=$3
shift 3
[ $# -gt 0 ] && tag="$tag:$3"
echo "start $tag $(date +%s%N)" >>"$log"
sleep "$secs"
echo "end $tag $(date +%s%N)" >>"$log"
S
chmod 755 "$T_TMP/rec.sh"
inst() {	# name vrid: the scripts log to $T_TMP/NAME.log
	vr_inst "$1" "$2" "notify_master \"$T_TMP/rec.sh $T_TMP/$1.log MASTER 2\"" \
		"notify_backup \"$T_TMP/rec.sh $T_TMP/$1.log BACKUP 0\"" \
		"notify \"$T_TMP/rec.sh $T_TMP/$1.log notify 0\""
}
{
	printf 'global_defs {\n    notify_fifo %s\n}\n' "$T_TMP/a.fifo"
	inst VI_1 51
	inst VI_2 52
} >"$T_TMP/a.conf"
mkfifo "$T_TMP/a.fifo"
# each event line with the time it arrived, in ns
printf '#!/bin/bash\nwhile IFS= read -r l; do echo "$(date +%%s%%N) $l"; done\n' >"$T_TMP/stamp.sh"
chmod 755 "$T_TMP/stamp.sh"
spawn a sh -c "exec $T_TMP/stamp.sh <$T_TMP/a.fifo >$T_TMP/fifo.ts"

# b: priority 200 for VRID 51, its link down (FAULT) until we need it
nsx b ip link set eth0 down
vr_start b -i eth0 --vrid 51 --priority 200 --vip 192.0.2.51/24 --version 3 --advert-ms 100
vr_start a -f "$T_TMP/a.conf"
spawn a sh -c "'$VRRPD' ctl -S '$T_TMP/a.sock' watch | $T_TMP/stamp.sh >$T_TMP/watch.ts"

check "VI_1 MASTER" wait_for 15 vr_is a MASTER VI_1
check "VI_1's notify_master started" wait_for 10 grep -q '^start MASTER ' "$T_TMP/VI_1.log"
# now the peer wins while notify_master sleeps
nsx b ip link set eth0 up
check "VI_1 BACKUP: the peer took over" wait_for 15 vr_is a BACKUP VI_1
backup_done() {
	[ "$(grep -c '^end notify:BACKUP ' "$T_TMP/VI_1.log")" -ge 2 ] &&
		grep -q '^end MASTER ' "$T_TMP/VI_1.log" && grep -q '^end MASTER ' "$T_TMP/VI_2.log"
}
check "VI_1's scripts all ran" wait_for 15 backup_done
sleep 0.5

tags=$(awk '{print $1, $2}' "$T_TMP/VI_1.log")
is "$tags" "start BACKUP
end BACKUP
start notify:BACKUP
end notify:BACKUP
start MASTER
end MASTER
start notify:MASTER
end notify:MASTER
start BACKUP
end BACKUP
start notify:BACKUP
end notify:BACKUP" "VI_1: each transition's scripts, own then generic, in transition order"

# no overlap: every start at or after the previous end
overlap() {	# LOG: exit 0 if two scripts ran at once
	awk '$1 == "start" && open { bad = 1 } $1 == "start" { if ($3 < last) bad = 1; open = 1 }
	     $1 == "end" { open = 0; last = $3 } END { exit !bad }' "$1"
}
overlap "$T_TMP/VI_1.log"
is $? 1 "VI_1: never two scripts at once (each starts after the one before ended)"
ts() { awk -v t="$2" '$1 " " $2 == t { print $3; exit }' "$1"; }	# LOG "start TAG": its time
m_end=$(ts "$T_TMP/VI_1.log" "end MASTER")
b_start=$(awk '$1 == "start" && $2 == "BACKUP" { n++ } n == 2 { print $3; exit }' "$T_TMP/VI_1.log")
check "notify_backup started after notify_master ended" test "${b_start:-0}" -ge "${m_end:-1}" -a -n "$m_end"
# the time of VI_1's BACKUP line after its MASTER line
after_master() { awk '/INSTANCE "VI_1" MASTER/ { m = 1 } m && /INSTANCE "VI_1" BACKUP/ { print $1; exit }' "$1"; }
w_backup=$(after_master "$T_TMP/watch.ts")
check "the BACKUP line reached watch before notify_master ended" test "${w_backup:-99999999999999999999}" -lt "${m_end:-0}"
f_backup=$(after_master "$T_TMP/fifo.ts")
check "... and the FIFO" test "${f_backup:-99999999999999999999}" -lt "${m_end:-0}"

# control: the other instance's notify_master ran at the same time
v1s=$(ts "$T_TMP/VI_1.log" "start MASTER"); v2s=$(ts "$T_TMP/VI_2.log" "start MASTER")
v2e=$(ts "$T_TMP/VI_2.log" "end MASTER")
check "control: VI_2's notify_master overlapped VI_1's (queues are per instance)" \
	test "${v2s:-0}" -lt "${m_end:-0}" -a "${v1s:-1}" -lt "${v2e:-0}"
cat "$T_TMP/VI_1.log" "$T_TMP/VI_2.log" >"$T_TMP/both.log"
sort -k3,3n "$T_TMP/both.log" >"$T_TMP/both.sorted"
check "control: the overlap check sees it" overlap "$T_TMP/both.sorted"
done_testing
