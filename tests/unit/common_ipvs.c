/* common/ipvs_msg.c: requests built by ipvs_build() read back by the reply
 * parsers (the kernel answers with the same attribute layout), padding is
 * zeroed, order and identity helpers, error sentences. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "common/ipvs.h"

static struct ipvs_service svc4(void)
{
	struct ipvs_service s = { .af = AF_INET, .protocol = IPPROTO_TCP, .port = 80,
				  .sched = "sh", .pe = "sip", .timeout = 300,
				  .flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED2 };

	inet_pton(AF_INET, "192.0.2.1", s.addr);
	s.netmask = htonl(0xffffff00);
	return s;
}

static void test_service_roundtrip(void **state)
{
	static char buf[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_NEW_SERVICE, .svc = svc4() };
	struct ipvs_service out;
	struct nlmsghdr *nlh = ipvs_build(buf, 42, &op);

	assert_non_null(nlh);
	assert_int_equal(nlh->nlmsg_type, 42);
	assert_true(nlh->nlmsg_flags & NLM_F_REQUEST);
	assert_false(nlh->nlmsg_flags & NLM_F_DUMP);
	assert_int_equal(ipvs_parse_service(nlh, &out), 0);
	assert_true(ipvs_service_same(&out, &op.svc));
	assert_string_equal(out.sched, "sh");
	assert_string_equal(out.pe, "sip");
	assert_int_equal(out.timeout, 300);
	assert_int_equal(out.flags, op.svc.flags);
	assert_int_equal(out.netmask, htonl(0xffffff00));
	assert_int_equal(out.port, 80);
}

static void test_fwmark_v6(void **state)
{
	static char buf[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_SET_SERVICE };
	struct ipvs_service out;
	struct nlmsghdr *nlh;

	op.svc.af = AF_INET6;
	op.svc.fwmark = 7;
	op.svc.netmask = 64;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_service(nlh, &out), 0);
	assert_int_equal(out.fwmark, 7);
	assert_int_equal(out.af, AF_INET6);
	assert_int_equal(out.protocol, 0);
	assert_string_equal(out.sched, "wlc");	/* the default when none is set */
	assert_int_equal(out.netmask, 64);
}

static void test_dest_roundtrip(void **state)
{
	static char buf[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_NEW_DEST, .has_svc = true, .svc = svc4() };
	struct ipvs_dest out;
	struct nlmsghdr *nlh;

	inet_pton(AF_INET, "203.0.113.5", op.dest.addr);
	op.dest.port = 8080;
	op.dest.fwd = IP_VS_CONN_F_TUNNEL;
	op.dest.weight = 70000;
	op.dest.u_thresh = 1000;
	op.dest.l_thresh = 500;
	op.dest.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	op.dest.tun_port = 6080;
	op.dest.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_dest(nlh, &out), 0);
	assert_int_equal(out.af, AF_INET);	/* the service's, sent explicitly */
	assert_true(ipvs_dest_same(&out, &op.dest, AF_INET));
	assert_int_equal(out.fwd, IP_VS_CONN_F_TUNNEL);
	assert_int_equal(out.weight, 70000);
	assert_int_equal(out.u_thresh, 1000);
	assert_int_equal(out.l_thresh, 500);
	assert_int_equal(out.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	assert_int_equal(out.tun_port, 6080);
	assert_int_equal(out.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);

	/* no tunnel attributes for other methods; DEL carries identity only */
	op.dest.fwd = IP_VS_CONN_F_MASQ;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_dest(nlh, &out), 0);
	assert_int_equal(out.tun_type, 0);
	assert_int_equal(out.tun_port, 0);
	op.cmd = IPVS_CMD_DEL_DEST;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_dest(nlh, &out), 0);
	assert_int_equal(out.weight, 0);
	assert_int_equal(out.port, 8080);
}

/* libmnl leaves padding as it finds it: two builds over different garbage
 * must give the same bytes */
static void test_padding_zeroed(void **state)
{
	static char a[IPVS_MSG_MAX], b[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_NEW_DEST, .has_svc = true, .svc = svc4() };
	struct nlmsghdr *x, *y;

	op.dest.fwd = IP_VS_CONN_F_TUNNEL;
	op.dest.tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	memset(a, 0xaa, sizeof(a));
	memset(b, 0x55, sizeof(b));
	x = ipvs_build(a, 3, &op);
	y = ipvs_build(b, 3, &op);
	assert_int_equal(x->nlmsg_len, y->nlmsg_len);
	assert_true(x->nlmsg_len < IPVS_MSG_MAX);
	assert_memory_equal(a, b, x->nlmsg_len);
}

static void test_dump_flags(void **state)
{
	static char buf[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_GET_SERVICE };

	assert_true(ipvs_build(buf, 1, &op)->nlmsg_flags & NLM_F_DUMP);
	op.has_svc = true;
	op.svc = svc4();
	assert_false(ipvs_build(buf, 1, &op)->nlmsg_flags & NLM_F_DUMP);
	op.cmd = IPVS_CMD_GET_DEST;
	assert_true(ipvs_build(buf, 1, &op)->nlmsg_flags & NLM_F_DUMP);
	op.cmd = 200;
	assert_null(ipvs_build(buf, 1, &op));
}

static void test_daemon_and_timeouts(void **state)
{
	static char buf[IPVS_MSG_MAX];
	struct ipvs_op op = { .cmd = IPVS_CMD_NEW_DAEMON };
	struct ipvs_daemon d;
	struct ipvs_timeouts t;
	struct nlmsghdr *nlh;

	op.daemon.state = IP_VS_STATE_BACKUP;
	strcpy(op.daemon.ifname, "sync0");
	op.daemon.syncid = 9;
	op.daemon.group_af = AF_INET;
	inet_pton(AF_INET, "224.0.0.82", op.daemon.group);
	op.daemon.port = 8849;
	op.daemon.ttl = 2;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_daemon(nlh, &d), 0);
	assert_int_equal(d.state, IP_VS_STATE_BACKUP);
	assert_string_equal(d.ifname, "sync0");
	assert_int_equal(d.syncid, 9);
	assert_int_equal(d.group_af, AF_INET);
	assert_int_equal(d.port, 8849);
	assert_int_equal(d.ttl, 2);

	memset(&op, 0, sizeof(op));
	op.cmd = IPVS_CMD_SET_CONFIG;
	op.timeouts.tcp = 900;
	op.timeouts.udp = 300;
	nlh = ipvs_build(buf, 1, &op);
	assert_int_equal(ipvs_parse_timeouts(nlh, &t), 0);
	assert_int_equal(t.tcp, 900);
	assert_int_equal(t.tcp_fin, 0);	/* 0: not sent, left alone */
	assert_int_equal(t.udp, 300);
}

static void test_parse_garbage(void **state)
{
	char buf[64] = { 0 };
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct ipvs_service s;
	struct ipvs_dest d;

	nlh->nlmsg_len = sizeof(*nlh);	/* no genl header */
	assert_int_equal(ipvs_parse_service(nlh, &s), -EINVAL);
	nlh->nlmsg_len = sizeof(*nlh) + 4;	/* genl header, no service */
	assert_int_equal(ipvs_parse_service(nlh, &s), -EINVAL);
	assert_int_equal(ipvs_parse_dest(nlh, &d), -EINVAL);
}

static void test_order(void **state)
{
	struct ipvs_service a = svc4(), b = svc4();
	struct ipvs_dest x = { .af = AF_INET }, y = { .af = AF_INET };

	b.port = 81;
	assert_true(ipvs_service_cmp(&a, &b) < 0);
	b = a;
	b.protocol = IPPROTO_UDP;
	assert_true(ipvs_service_cmp(&a, &b) < 0);	/* TCP before UDP */
	b.fwmark = 1;
	assert_true(ipvs_service_cmp(&a, &b) < 0);	/* fwmark services last */
	b = a;
	b.af = AF_INET6;
	assert_true(ipvs_service_cmp(&a, &b) < 0);
	assert_int_equal(ipvs_service_cmp(&a, &a), 0);
	/* ipvsadm's int subtraction wraps: 10.0.0.1 sorts after 192.0.2.1 */
	inet_pton(AF_INET, "192.0.2.1", x.addr);
	inet_pton(AF_INET, "10.0.0.1", y.addr);
	assert_true(ipvs_dest_cmp(&x, &y) < 0);
	inet_pton(AF_INET, "198.51.100.1", y.addr);
	assert_true(ipvs_dest_cmp(&x, &y) < 0);
	assert_false(ipvs_dest_same(&x, &y, AF_INET));
}

static void test_strerror(void **state)
{
	assert_string_equal(ipvs_strerror(-ESRCH, IPVS_CMD_DEL_SERVICE), "no such service");
	assert_string_equal(ipvs_strerror(-EEXIST, IPVS_CMD_NEW_SERVICE), "service already exists");
	assert_string_equal(ipvs_strerror(-EEXIST, IPVS_CMD_NEW_DEST), "destination already exists");
	assert_string_equal(ipvs_strerror(-ENOENT, IPVS_CMD_NEW_DEST), "no such destination");
	assert_non_null(strstr(ipvs_strerror(-ENOENT, IPVS_CMD_NEW_SERVICE), "scheduler"));
	assert_non_null(strstr(ipvs_strerror(-ERANGE, IPVS_CMD_NEW_DEST), "threshold"));
	assert_non_null(strstr(ipvs_strerror(-ESRCH, IPVS_CMD_DEL_DAEMON), "daemon"));
	assert_non_null(strstr(ipvs_strerror(-EPERM, IPVS_CMD_FLUSH), "CAP_NET_ADMIN"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_service_roundtrip),
		cmocka_unit_test(test_fwmark_v6),
		cmocka_unit_test(test_dest_roundtrip),
		cmocka_unit_test(test_padding_zeroed),
		cmocka_unit_test(test_dump_flags),
		cmocka_unit_test(test_daemon_and_timeouts),
		cmocka_unit_test(test_parse_garbage),
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_strerror),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
