/* ipvsctl apply: keepalived.conf text to the wanted table (apply_want) and
 * the fewest requests between two tables (plan.c). */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "common/conf.h"
#include "common/lvsconf.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/plan.h"

static const char base[] =
	"global_defs { router_id X }\n"
	"virtual_server 192.0.2.100 80 {\n"
	"  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"
	"  real_server 192.0.2.11 80 { weight 1\n TCP_CHECK { connect_timeout 3 } }\n"
	"  real_server 192.0.2.12 80 { weight 2 }\n"
	"}\n"
	"virtual_server fwmark 7 {\n  lb_algo wlc\n  lb_kind NAT\n  persistence_timeout 600\n"
	"  real_server 198.51.100.1 8080 { weight 3 }\n}\n";

static int want(const char *text, struct ipvs_table *t, char *msg)
{
	struct conf *cf;
	struct conf_err e;
	struct lvs_conf lc;
	struct conf_options o = { .instance = "", .flags = CONF_NO_INCLUDE };
	int ret;

	memset(&e, 0, sizeof(e));
	if ((ret = conf_load_string(text, strlen(text), "k.conf", &o, &cf, &e)) < 0)
		goto out;
	ret = lvsconf_parse(cf->root, &lc, &e);
	if (ret == 0) {
		ret = apply_want(&lc, t, &e);
		lvsconf_free(&lc);
	}
	conf_free(cf);
out:
	if (ret < 0 && msg)
		conf_err_fmt(&e, msg, CONF_ERR_LEN);
	return ret;
}

/* the plan as text, one line per request */
static char *plan_text_k(const struct ipvs_table *w, const struct ipvs_table *h, bool keep)
{
	struct ipvs_op *ops;
	size_t n;
	char *out = NULL, line[1100];
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	assert_int_equal(plan_make(w, h, keep, &ops, &n), 0);
	for (size_t i = 0; i < n; i++) {
		plan_line(line, sizeof(line), &ops[i]);
		fprintf(f, "%s\n", line);
	}
	fclose(f);
	free(ops);
	return out;
}

static char *plan_text(const struct ipvs_table *w, const struct ipvs_table *h)
{
	return plan_text_k(w, h, false);
}

static void test_from_empty(void **state)
{
	struct ipvs_table w, empty = { NULL, 0 };
	char *p;

	assert_int_equal(want(base, &w, NULL), 0);
	assert_int_equal(w.n, 2);
	assert_int_equal(w.v[0].ndests, 2);
	p = plan_text(&w, &empty);
	assert_string_equal(p,
		"-A -t 192.0.2.100:80 -s rr\n"
		"-A -f 7 -s wlc -p 600\n"
		"-a -t 192.0.2.100:80 -r 192.0.2.11:80 -g -w 1\n"
		"-a -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 2\n"
		"-a -f 7 -r 198.51.100.1:8080 -m -w 3\n");
	free(p);
	ipvs_table_free(&w);
}

static void test_idempotent_and_one_change(void **state)
{
	struct ipvs_table w, h;
	char *p, *text = strdup(base);

	assert_int_equal(want(base, &w, NULL), 0);
	assert_int_equal(want(base, &h, NULL), 0);
	/* the kernel adds flags of its own (IP_VS_SVC_F_HASHED) */
	h.v[0].svc.flags |= IP_VS_SVC_F_HASHED;
	p = plan_text(&w, &h);
	assert_string_equal(p, "");
	free(p);
	ipvs_table_free(&w);

	memcpy(strstr(text, "weight 2"), "weight 5", 8);
	assert_int_equal(want(text, &w, NULL), 0);
	p = plan_text(&w, &h);
	assert_string_equal(p, "-e -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 5\n");
	free(p);
	ipvs_table_free(&w);
	ipvs_table_free(&h);
	free(text);
}

static void test_deletions_and_edits(void **state)
{
	struct ipvs_table w, h;
	char *p;

	assert_int_equal(want(base, &h, NULL), 0);
	assert_int_equal(want("virtual_server 192.0.2.100 80 {\n lb_algo wrr\n lb_kind DR\n"
			      " real_server 192.0.2.12 80 { weight 2\n uthreshold 100\n"
			      " lthreshold 10 }\n}\n", &w, NULL), 0);
	p = plan_text(&w, &h);
	assert_string_equal(p,
		"-D -f 7\n"
		"-E -t 192.0.2.100:80 -s wrr\n"
		"-d -t 192.0.2.100:80 -r 192.0.2.11:80\n"
		"-e -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 2 -x 100 -y 10\n");
	free(p);
	/* --keep-others: the fwmark service the file does not name stays */
	p = plan_text_k(&w, &h, true);
	assert_string_equal(p,
		"-E -t 192.0.2.100:80 -s wrr\n"
		"-d -t 192.0.2.100:80 -r 192.0.2.11:80\n"
		"-e -t 192.0.2.100:80 -r 192.0.2.12:80 -g -w 2 -x 100 -y 10\n");
	free(p);
	ipvs_table_free(&w);
	ipvs_table_free(&h);
}

static void test_group_and_sorry(void **state)
{
	struct ipvs_table w, empty = { NULL, 0 };
	char *p;

	assert_int_equal(want("virtual_server_group G {\n 192.0.2.1 80\n 192.0.2.2 443\n}\n"
			      "virtual_server group G {\n lb_algo rr\n lb_kind NAT\n"
			      " real_server 198.51.100.1 { weight 1 }\n}\n"
			      "virtual_server 192.0.2.9 25 {\n sorry_server 198.51.100.9 2525\n}\n",
			      &w, NULL), 0);
	p = plan_text(&w, &empty);
	assert_string_equal(p,
		"-A -t 192.0.2.1:80 -s rr\n"
		"-A -t 192.0.2.2:443 -s rr\n"
		"-A -t 192.0.2.9:25 -s wlc\n"
		"-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 1\n"
		"-a -t 192.0.2.2:443 -r 198.51.100.1:443 -m -w 1\n"
		"-a -t 192.0.2.9:25 -r 198.51.100.9:2525 -m -w 1\n");
	free(p);
	ipvs_table_free(&w);
}

static void test_tunnel_differs(void **state)
{
	struct ipvs_dest a = { .fwd = IP_VS_CONN_F_TUNNEL, .weight = 1,
			       .tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE, .tun_port = 6080 };
	struct ipvs_dest b = a;

	assert_false(plan_dest_differs(&a, &b));
	b.tun_port = 6081;
	assert_true(plan_dest_differs(&a, &b));
	b = a;
	b.tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	assert_true(plan_dest_differs(&a, &b));
	a.fwd = b.fwd = IP_VS_CONN_F_MASQ;	/* tunnel fields do not count then */
	assert_false(plan_dest_differs(&a, &b));
}

static void test_timeouts(void **state)
{
	struct conf *cf;
	struct conf_err e;
	struct ipvs_timeouts to;
	struct conf_options o = { .instance = "", .flags = CONF_NO_INCLUDE };
	const char *ok = "global_defs {\n router_id A\n lvs_timeouts tcp 7200 tcpfin 60 udp 300\n}\n";
	const char *bad = "global_defs {\n lvs_timeouts tcp 7200 sctp 1\n}\n";
	char msg[CONF_ERR_LEN];

	assert_int_equal(conf_load_string(ok, strlen(ok), "k.conf", &o, &cf, &e), 0);
	assert_int_equal(apply_timeouts(cf->root, &to, &e), 0);
	assert_int_equal(to.tcp, 7200);
	assert_int_equal(to.tcp_fin, 60);
	assert_int_equal(to.udp, 300);
	conf_free(cf);
	assert_int_equal(conf_load_string(bad, strlen(bad), "k.conf", &o, &cf, &e), 0);
	assert_int_equal(apply_timeouts(cf->root, &to, &e), -EINVAL);
	assert_string_equal(conf_err_fmt(&e, msg, sizeof(msg)),
			    "k.conf:2: unknown lvs_timeouts protocol 'sctp' (tcp, tcpfin, udp)");
	conf_free(cf);
}

static void test_errors(void **state)
{
	struct ipvs_table w;
	char msg[CONF_ERR_LEN];

	assert_int_equal(want("virtual_server 192.0.2.1 80 {\n}\nvirtual_server 192.0.2.1 80 {\n}\n",
			      &w, msg), -EINVAL);
	assert_string_equal(msg, "k.conf:3: TCP 192.0.2.1:80 is already defined");
	assert_int_equal(want("virtual_server 192.0.2.1 80 {\n real_server 198.51.100.1 80 {\n}\n"
			      " real_server 198.51.100.1 80 {\n}\n}\n", &w, msg), -EINVAL);
	assert_non_null(strstr(msg, "k.conf:4: real server 198.51.100.1:80 given twice"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_empty),
		cmocka_unit_test(test_idempotent_and_one_change),
		cmocka_unit_test(test_deletions_and_edits),
		cmocka_unit_test(test_group_and_sorry),
		cmocka_unit_test(test_tunnel_differs),
		cmocka_unit_test(test_timeouts),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
