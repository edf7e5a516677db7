#!/bin/bash
# Guest side of t3501: the director runs hcheckd with two virtual servers
# (NAT) over real servers rs1/rs2 (busybox httpd in namespaces); a reload
# adds a third virtual server.
cd "$(dirname "$0")" && . ./tap.sh
W=/tmp/hc3501
mkdir -p $W
sysctl -qw net.ipv4.ip_forward=1
ipvsadm -C

. ./rs.sh
rs_add 1 2

cat > $W/hc.conf <<EOF2
virtual_server 192.0.2.100 80 {
    delay_loop 0.3
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 80 {
        weight 1
        HTTP_GET {
            url {
                path /index.html
                status_code 200
            }
            connect_timeout 1
            retry 0
        }
    }
    real_server 198.51.100.12 80 {
        weight 2
        inhibit_on_failure
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
virtual_server 192.0.2.101 80 {
    delay_loop 0.3
    lb_algo wrr
    lb_kind NAT
    protocol TCP
    quorum 2
    sorry_server 198.51.100.50 80
    real_server 198.51.100.11 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
    real_server 198.51.100.12 80 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
            retry 0
        }
    }
}
EOF2
hcheckd -t -f $W/hc.conf >/dev/null 2>&1
ok $? "hcheckd -t accepts the virtual servers"
hcheckd -n -d -f $W/hc.conf -S $W/hc.sock >$W/hc.log 2>&1 &
HPID=$!

table() { ipvsadm -Ln; }
# rs_line VIP RS: the "-> RS:80 Masq W ..." line under that service
rs_line() {
	ipvsadm -Ln -t "$1:80" 2>/dev/null | awk -v r="$2:80" '$1 == "->" && $2 == r'
}
has_rs() { [ -n "$(rs_line "$1" "$2")" ]; }
no_rs() { [ -z "$(rs_line "$1" "$2")" ]; }
weight_is() { [ "$(rs_line "$1" "$2" | awk '{print $4}')" = "$3" ]; }

wait_until 20 has_rs 192.0.2.100 198.51.100.11
ok $? "the service was created and rs1 is in it"
wait_until 20 weight_is 192.0.2.100 198.51.100.12 2
ok $? "rs2 is in with weight 2"
like "$(ipvsadm -Ln -t 192.0.2.100:80)" 'RoundRobin|rr' "scheduler rr"
wait_until 10 no_rs 192.0.2.101 198.51.100.50
ok $? "quorum met: no sorry server"

stop_httpd rs1
wait_until 20 no_rs 192.0.2.100 198.51.100.11
ok $? "rs1's web server stops: rs1 leaves the table"
weight_is 192.0.2.100 198.51.100.12 2
ok $? "rs2 stays with weight 2"
wait_until 20 has_rs 192.0.2.101 198.51.100.50
ok $? "quorum lost on 192.0.2.101: the sorry server is in"
like "$(hcheckd ctl -S $W/hc.sock show checks)" '192.0.2.100:80/198.51.100.11:80 DOWN' "hcheckd shows rs1 DOWN"

start_httpd rs1
wait_until 20 has_rs 192.0.2.100 198.51.100.11
ok $? "rs1 back: in the table again"
wait_until 20 no_rs 192.0.2.101 198.51.100.50
ok $? "quorum back: the sorry server is out"

stop_httpd rs2
wait_until 20 weight_is 192.0.2.100 198.51.100.12 0
ok $? "inhibit_on_failure: rs2 stays with weight 0"
start_httpd rs2
wait_until 20 weight_is 192.0.2.100 198.51.100.12 2
ok $? "rs2 back to weight 2"

hcheckd ctl -S $W/hc.sock disable 192.0.2.100:80/198.51.100.11:80 >/dev/null
wait_until 10 no_rs 192.0.2.100 198.51.100.11
ok $? "disable takes rs1 out"
hcheckd ctl -S $W/hc.sock enable 192.0.2.100:80/198.51.100.11:80 >/dev/null
wait_until 10 has_rs 192.0.2.100 198.51.100.11
ok $? "enable brings it back"

# capabilities: CAP_NET_ADMIN (12) only, for IPVS
is "$(awk '$1 == "CapEff:" {print $2}' /proc/$HPID/status)" 0000000000001000 "daemon CapEff: CAP_NET_ADMIN only"

# a reload adds a virtual server: its real servers go into the table
cat >> $W/hc.conf <<EOF2
virtual_server 192.0.2.102 80 {
    delay_loop 0.3
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 198.51.100.11 80 {
        weight 3
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 198.51.100.12 80 {
        weight 4
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
EOF2
hcheckd ctl -S $W/hc.sock reload >/dev/null
ok $? "reload with a third virtual server"
wait_until 20 weight_is 192.0.2.102 198.51.100.11 3
ok $? "its rs1 is in the table with weight 3"
wait_until 20 weight_is 192.0.2.102 198.51.100.12 4
ok $? "its rs2 is in the table with weight 4"
like "$(ipvsadm -Ln -t 192.0.2.102:80)" 'RoundRobin|rr' "the new service has scheduler rr"
weight_is 192.0.2.100 198.51.100.12 2
ok $? "the first virtual server keeps its real servers"
like "$(hcheckd ctl -S $W/hc.sock show checks)" '192.0.2.102:80/198.51.100.12:80 UP' "hcheckd checks the new real servers"

# what the table is at exit, not what it was some checks ago: a loaded
# emulated CPU can time a check out between "enable" and the kill
before=$(ipvsadm -Sn)
kill $HPID; wait $HPID
is "$(ipvsadm -Sn)" "$before" "without omega the table is left as it is at exit"
grep -q 'removed from the IPVS table' $W/hc.log
ok $? "hcheckd logged the removal"
if [ "$failed" -gt 0 ]; then sed 's/^/# /' $W/hc.log | tail -30; table | sed 's/^/# /'; fi
done_testing
