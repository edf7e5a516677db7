#!/bin/bash
# contrib/nginx-pair/keepalived.conf (seed 004) as it is, with Debian's nginx
# on two nodes: the VIP is on web1 (120); web1's nginx stops, its check
# fails (weight -20: 100 < 110) and web2 takes the VIP, clients get web2's
# pages through it; web1's nginx returns (rise 2) and web1 takes it back.
# Also: contrib/nfs-pair's file passes vrrpd -t and lint (not run: no nfsd).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/vrrpd-lib.sh"
command -v nginx >/dev/null || skip_all "nginx not installed (apt-get install nginx-light)"
R=$TOP/contrib/nginx-pair/keepalived.conf
VIP=192.0.2.80
vr_lan web1 web2 cl

declare -A NGX
nginx_start() {
	local n=$1
	mkdir -p "$T_TMP/$n.ngx"
	cat >"$T_TMP/$n.nginx.conf" <<EOC
daemon off;
pid $T_TMP/$n.nginx.pid;
error_log $T_TMP/$n.nginx.err;
user nobody nogroup;
worker_processes 1;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $T_TMP/$n.ngx/body;
    proxy_temp_path $T_TMP/$n.ngx/proxy;
    fastcgi_temp_path $T_TMP/$n.ngx/fastcgi;
    server {
        listen 80;
        location / { return 200 "node $n\n"; }
    }
}
EOC
	spawn $n nginx -p "$T_TMP/$n.ngx" -c "$T_TMP/$n.nginx.conf"
	NGX[$n]=$SPAWNED_PID
}
serves() { nsx cl timeout 3 bash -c "exec 3<>/dev/tcp/$VIP/80; printf 'GET / HTTP/1.0\r\n\r\n' >&3; cat <&3" 2>/dev/null | grep -q "node $1"; }

for n in web1 web2; do
	nginx_start $n
	sed "s|/usr/sbin/hcheckd|$BIN/hcheckd|" "$R" >"$T_TMP/$n.conf"
done
check "nginx answers on web1" wait_for 10 sh -c "ip netns exec $(ns web1) $BIN/hcheckd check http://127.0.0.1:80/ >/dev/null"
for n in web1 web2; do vr_start $n -f "$T_TMP/$n.conf" --config-id $n; done
check "web1 (120) is master" wait_for 20 vr_is web1 MASTER
check "web2 (110) is backup" wait_for 10 vr_is web2 BACKUP
check "a client gets web1's page through the VIP" wait_for 10 serves web1

stop_pid "${NGX[web1]}"
check "web1's nginx stops: web2 takes over" wait_for 30 vr_is web2 MASTER
like "$(vr_ctl web1 show instances)" "BACKUP prio 100 base 120" "web1 at 120 - 20"
check "the VIP is on web2" wait_for 5 has_vip web2 $VIP
check "clients get web2's page through the VIP" wait_for 10 serves web2

nginx_start web1
check "web1's nginx is back (rise 2): web1 takes the VIP back" wait_for 30 vr_is web1 MASTER
check "clients get web1's page again" wait_for 10 serves web1

# the NFS pair's file, checked only (README: no nfsd here)
# (its scripts where the recipe puts them: here, from contrib/)
N=$T_TMP/nfs.conf
sed "s|/usr/local/sbin/|$TOP/contrib/nfs-pair/|" "$TOP/contrib/nfs-pair/keepalived.conf" >"$N"
check "contrib/nfs-pair: vrrpd -t for nfs1" nsx web1 "$VRRPD" -t -f "$N" --config-id nfs1
check "contrib/nfs-pair: vrrpd lint of the two nodes" "$VRRPD" lint -i nfs1 "$N" -i nfs2 "$N"
done_testing
