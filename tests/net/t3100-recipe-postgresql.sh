#!/bin/bash
# contrib/postgresql as it ships, with Debian's PostgreSQL: primary on a,
# its pg_basebackup -R standby on b (streaming replication), vrrpd on both
# with the recipe's keepalived.conf (only paths replaced), a client c
# writing through the VIP.  a's node dies (kill -9 of everything in it, link
# down): b's check passes, b becomes MASTER, notify_master promotes it, the
# client's writes land on b.  a comes back: started plainly (the control) its
# data directory is a second primary, but its check calls it stale and its
# vrrpd stays FAULT; started with `pg-ha start` it becomes b's standby:
# exactly one primary, and b's writes reach a.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
PGBIN=/usr/lib/postgresql/15/bin
[ -x $PGBIN/postgres ] || skip_all "PostgreSQL 15 not installed"
id postgres >/dev/null 2>&1 || skip_all "no postgres user"
REC=$TOP/contrib/postgresql
VIP=192.0.2.100
PG=$T_TMP/pg

vr_lan a b c
chmod 711 "$T_TMP"
mkdir -p "$PG"
chown postgres: "$PG"

# as the postgres user in namespace NAME
pgx() { local n=$1; shift; nsx "$n" runuser -u postgres -- "$@"; }
pgha() { local n=$1; shift; pgx "$n" "$REC/pg-ha" "$PG/$n/pg-ha.conf" "$@"; }
role() { pgha "$1" role; }
role_is() { [ "$(role "$1")" = "$2" ]; }
# node_sql NAME QUERY: on NAME's own server (unix socket); node_sql_is: the value is VALUE
node_sql() { pgx "$1" $PGBIN/psql -X -q -At -h "$PG/$1" -U postgres -d postgres -c "$2"; }
node_sql_is() { [ "$(node_sql "$1" "$2" 2>/dev/null)" = "$3" ]; }
# vip_sql QUERY: through the VIP from the client c
vip_sql() { nsx c "$PGBIN/psql" -X -q -At -h $VIP -U postgres -d postgres -c "$1" 2>&1; }
# the node that took a write through the VIP
vip_write() { vip_sql "INSERT INTO t VALUES ('$1') RETURNING current_setting('cluster_name')"; }
vip_write_on() { [ "$(vip_write "$1")" = "$2" ]; }
primaries() {
	local n c=0
	for n in a b; do [ "$(role $n)" = primary ] && c=$((c + 1)); done
	echo $c
}

pg_stop_all() {
	local n
	for n in a b; do
		[ -f "$PG/$n/data/postmaster.pid" ] &&
			pgx $n $PGBIN/pg_ctl -D "$PG/$n/data" stop -m immediate >/dev/null 2>&1
	done
	_cleanup
}
trap pg_stop_all EXIT

i=0
for n in a b; do
	i=$((i + 1))
	nsx $n sysctl -qw net.ipv4.ip_nonlocal_bind=1
	mkdir -p "$PG/$n"
	# node-local settings outside the data directory (pg_basebackup copies
	# that): Debian keeps postgresql.conf in /etc/postgresql for the same reason
	cat > "$PG/$n/node.conf" <<EOC
cluster_name = 'pg$n'
listen_addresses = '192.0.2.$i,$VIP'
port = 5432
unix_socket_directories = '$PG/$n'
EOC
	sed -e "s|^PGDATA=.*|PGDATA=$PG/$n/data|" -e "s|^PGSOCK=.*|PGSOCK=$PG/$n|" \
		-e "s|^PEER=.*|PEER=192.0.2.$((3 - i))|" -e "s|^PGLOG=.*|PGLOG=$PG/$n/postgres.log|" -e "s|^SYSLOG=.*|SYSLOG=no|" \
		"$REC/pg-ha.conf" > "$PG/$n/pg-ha.conf"
	sed -e "s|/usr/local/libexec/pg-ha|$REC/pg-ha|" \
		-e "s|/etc/keepalived/pg-ha.conf|$PG/$n/pg-ha.conf|" \
		"$REC/keepalived.conf" > "$T_TMP/$n.conf"
	chown -R postgres: "$PG/$n"
done

pgx a $PGBIN/initdb -D "$PG/a/data" -U postgres --auth=trust >"$T_TMP/initdb.log" 2>&1 ||
	bail "initdb: $(tail -5 "$T_TMP/initdb.log")"
cat >> "$PG/a/data/postgresql.conf" <<EOC
include_if_exists = '../node.conf'
wal_level = replica
hot_standby = on
wal_keep_size = 64MB
EOC
cat >> "$PG/a/data/pg_hba.conf" <<EOC
host all all 192.0.2.0/24 trust
host replication all 192.0.2.0/24 trust
EOC
check "pg-ha start on a: the primary" pgha a start
check "a is the primary" role_is a primary
node_sql a 'CREATE TABLE t (v text)' ||
	bail "create table"
check "pg-ha start on b: no data, cloned as a's standby" pgha b start
check "b is a standby" role_is b standby
check "b streams from a" wait_for 30 node_sql_is a 'SELECT state FROM pg_stat_replication' streaming

check "vrrpd -t: the recipe for pga" "$VRRPD" -t --config-id pga -f "$T_TMP/a.conf"
check "vrrpd -t: the recipe for pgb" "$VRRPD" -t --config-id pgb -f "$T_TMP/b.conf"
check "vrrpd lint: the pair is consistent" "$VRRPD" lint -i pga "$T_TMP/a.conf" -i pgb "$T_TMP/b.conf"
vr_start a --config-id pga -f "$T_TMP/a.conf"
vr_start b --config-id pgb -f "$T_TMP/b.conf"
check "a (primary) MASTER" wait_for 20 vr_is a MASTER
check "b (standby of a live primary) FAULT" wait_for 20 vr_is b FAULT
check "a holds the VIP" has_vip a $VIP
check "client writes through the VIP land on a" wait_for 20 vip_write_on before pga
check "and reach b's standby" wait_for 20 node_sql_is b "SELECT count(*) FROM t WHERE v = 'before'" 1

# a's node dies: every process in it, then its link
diag "killing a: $(ip netns pids "$(ns a)" | tr '\n' ' ')"
for p in $(ip netns pids "$(ns a)"); do kill -KILL "$p"; done
{ wait "${VR_PID[a]}"; } 2>/dev/null
nsx a ip link set eth0 down
check "a's processes are gone" wait_for 10 sh -c "[ -z \"\$(ip netns pids $(ns a))\" ]"
check "b becomes MASTER" wait_for 60 vr_is b MASTER
check "b's notify_master promoted it" wait_for 60 role_is b primary
check "b's postgres got the promote request" grep -q 'received promote request' "$PG/b/postgres.log"
like "$(cat "${VR_LOG[b]}")" "pg-ha: promoting the local standby" "from pg-ha, in b's vrrpd log"
unlike "$(cat "${VR_LOG[a]}")" "pg-ha: promoting" "a's notify_master found a primary: no promotion"
check "b holds the VIP" has_vip b $VIP
check "client writes through the VIP land on b" wait_for 30 vip_write_on during pgb
is "$(vip_sql "SELECT count(*) FROM t WHERE v = 'before'")" 1 "the row written on a is on b"

# a comes back (the reboot cleared its VIP); first as a plain reboot would
# bring it: pg_ctl start on the old data directory
nsx a ip addr del $VIP/24 dev eth0 2>/dev/null
nsx a ip link set eth0 up
check "control: plain pg_ctl start of a's data" pgx a $PGBIN/pg_ctl -D "$PG/a/data" \
	-l "$PG/a/postgres.log" -w -t 60 start
is "$(primaries)" 2 "control: a's old data is a second primary"
check_exit "pg-ha check calls a a stale primary" 1 pgha a check
check "pg-ha check passes on b" pgha b check
vr_start a --config-id pga -f "$T_TMP/a.conf"
check "a's vrrpd: FAULT (stale primary)" wait_for 20 vr_is a FAULT
sleep 3
check "b still MASTER" vr_is b MASTER
check "VIP not on a" no_vip a $VIP
check "client writes still land on b" wait_for 10 vip_write_on stale pgb
stop_pid "${VR_PID[a]}"
check "a stopped" pgx a $PGBIN/pg_ctl -D "$PG/a/data" stop -m fast -w

# now as the recipe starts it
check "pg-ha start on a: the stale primary is moved aside" pgha a start
like "$(ls "$PG/a")" 'data\.stale\.[0-9]+' "a's old data kept as data.stale.*"
check "a is b's standby" role_is a standby
is "$(primaries)" 1 "exactly one primary"
is "$(role b)" primary "and it is b"
vr_start a --config-id pga -f "$T_TMP/a.conf"
check "a's vrrpd FAULT (standby of a live primary)" wait_for 20 vr_is a FAULT
check "client writes land on b" wait_for 10 vip_write_on after pgb
check "and reach a's standby" wait_for 30 node_sql_is a \
	"SELECT count(*) FROM t WHERE v IN ('before', 'during', 'stale', 'after')" 4
done_testing
