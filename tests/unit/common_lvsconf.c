/* keepalived's LVS blocks into structs and IPVS requests (common/lvsconf.c),
 * and every fixture config (Debian samples, seed articles) through the
 * lexer and lvsconf. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/lvsconf.h"

static void quiet(void *arg, const char *file, int line, const char *msg)
{
}

static char warnings[4096];

static void collect(void *arg, const char *file, int line, const char *msg)
{
	size_t l = strlen(warnings);

	snprintf(warnings + l, sizeof(warnings) - l, "%s:%d: %s\n", file, line, msg);
}

static struct conf_options opts = { .instance = "main", .warn = collect };

static struct conf *load(const char *text)
{
	struct conf *c;
	struct conf_err e;
	char buf[CONF_ERR_LEN];

	if (conf_load_string(text, strlen(text), "lvs.conf", &opts, &c, &e) < 0)
		fail_msg("load failed: %s", conf_err_fmt(&e, buf, sizeof(buf)));
	return c;
}

static const char *parse_err(const char *text)
{
	static char buf[CONF_ERR_LEN];
	struct conf *c = load(text);
	struct lvs_conf lc;
	struct conf_err e;

	assert_int_equal(lvsconf_parse(c->root, &lc, &e), -EINVAL);
	assert_int_equal(lc.nvs, 0);
	conf_free(c);
	return conf_err_fmt(&e, buf, sizeof(buf));
}

static const char full[] =
	"global_defs {\n  router_id X\n}\n"
	"virtual_server 192.0.2.10 80 {\n"		/* 4 */
	"    delay_loop 6\n"
	"    lb_algo sh\n"
	"    sh-port\n"
	"    flag-1\n"
	"    lb_kind DR\n"
	"    persistence_timeout\n"			/* 10 */
	"    persistence_granularity 255.255.255.0\n"
	"    protocol UDP\n"
	"    ha_suspend\n"
	"    virtualhost www.example.com\n"
	"    alpha\n"
	"    omega\n"
	"    quorum 2\n"
	"    hysteresis 1\n"
	"    quorum_up \"/bin/up 1\" nobody nogroup\n"
	"    quorum_down /bin/down\n"			/* 20 */
	"    sorry_server 192.0.2.99 8080\n"
	"    sorry_server_inhibit\n"
	"    connect_timeout 0.5\n"
	"    retry 2\n"
	"    ops\n"
	"    real_server 192.0.2.1 80 {\n"		/* 26 */
	"        weight 3\n"
	"        inhibit_on_failure\n"
	"        uthreshold 100\n"
	"        lthreshold 10\n"			/* 30 */
	"        notify_up /bin/rs-up\n"
	"        notify_down \"/bin/rs-down x\"\n"
	"        HTTP_GET {\n"
	"            url {\n              path /\n              status_code 200\n            }\n"
	"        }\n"
	"        TCP_CHECK {\n            connect_port 80\n        }\n"
	"        MISC_CHECK {\n            misc_path /bin/true\n        }\n"
	"    }\n"
	"    real_server 192.0.2.2 {\n"
	"        lvs_method TUN type gue port 6080 remcsum\n"
	"        delay_loop 2\n"
	"        PING_CHECK\n"
	"    }\n"
	"    warmup 0\n"
	"}\n"
	"virtual_server fwmark 7 {\n"
	"    real_server 2001:db8::1 0 {\n    }\n"
	"}\n";

static void test_full(void **state)
{
	warnings[0] = 0;
	struct conf *c = load(full);
	struct lvs_conf lc;
	struct conf_err e;
	char buf[CONF_ERR_LEN];
	const struct lvs_vs *vs;
	const struct lvs_rs *rs;
	struct ipvs_service svc;
	struct ipvs_dest d;

	if (lvsconf_parse(c->root, &lc, &e) < 0)
		fail_msg("%s", conf_err_fmt(&e, buf, sizeof(buf)));
	assert_int_equal(lc.nvs, 2);
	vs = &lc.vs[0];
	assert_int_equal(vs->kind, LVS_VS_ADDR);
	assert_int_equal(vs->node->line, 4);
	assert_int_equal(vs->port, 80);
	assert_int_equal(vs->d.delay_loop_us, 6000000);
	assert_string_equal(vs->sched, "sh");
	assert_int_equal(vs->sched_flags, IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2);
	assert_int_equal(vs->d.method.fwd, LVS_FWD_DR);
	assert_true(vs->persistent);
	assert_int_equal(vs->persistence_timeout, 360);
	assert_int_equal(vs->granularity, 24);
	assert_int_equal(vs->protocol, IPPROTO_UDP);
	assert_true(vs->ha_suspend && vs->d.alpha && vs->omega && vs->ops);
	assert_string_equal(vs->d.virtualhost, "www.example.com");
	assert_int_equal(vs->quorum, 2);
	assert_int_equal(vs->hysteresis, 1);
	assert_string_equal(vs->quorum_up.cmd, "/bin/up 1");
	assert_string_equal(vs->quorum_up.user, "nobody");
	assert_string_equal(vs->quorum_up.group, "nogroup");
	assert_string_equal(vs->quorum_down.cmd, "/bin/down");
	assert_null(vs->quorum_down.user);
	assert_true(vs->has_sorry);
	assert_int_equal(vs->sorry_port, 80);	/* DR: the vs's port, with a warning */
	assert_non_null(strstr(warnings, "lvs.conf:4: sorry server port 8080 is not the virtual "
				 "server's 80, which DR and TUN need: using 80\n"));
	assert_true(vs->sorry_inhibit);
	assert_int_equal(vs->d.connect_timeout_us, 500000);
	assert_int_equal(vs->d.retry, 2);
	assert_int_equal(vs->d.warmup_us, 0);
	assert_int_equal(vs->d.delay_before_retry_us, LVS_UNSET);
	assert_int_equal(vs->nrs, 2);

	rs = &vs->rs[0];
	assert_int_equal(rs->node->line, 26);
	assert_int_equal(rs->weight, 3);
	assert_true(rs->d.inhibit_on_failure);
	assert_int_equal(rs->uthreshold, 100);
	assert_int_equal(rs->lthreshold, 10);
	assert_string_equal(rs->notify_up.cmd, "/bin/rs-up");
	assert_string_equal(rs->notify_down.cmd, "/bin/rs-down x");
	assert_int_equal(rs->d.method.fwd, LVS_FWD_DR);		/* from the vs */
	assert_int_equal(rs->d.delay_loop_us, 6000000);		/* from the vs */
	assert_int_equal(rs->d.connect_timeout_us, 500000);
	assert_int_equal(rs->d.warmup_us, 0);			/* set after it */
	assert_int_equal(rs->d.retry, 2);
	assert_true(rs->d.alpha);
	assert_string_equal(rs->d.virtualhost, "www.example.com");
	assert_int_equal(rs->nchecks, 3);
	assert_int_equal(rs->checks[0].type, LVS_CHECK_HTTP);
	assert_string_equal(rs->checks[0].node->child->kw, "url");
	assert_int_equal(rs->checks[1].type, LVS_CHECK_TCP);
	assert_int_equal(rs->checks[2].type, LVS_CHECK_MISC);
	assert_string_equal(lvs_check_names[rs->checks[2].type], "MISC_CHECK");

	rs = &vs->rs[1];
	assert_int_equal(rs->port, 80);		/* none given: the vs's */
	assert_int_equal(rs->weight, 1);
	assert_false(rs->d.inhibit_on_failure);
	assert_int_equal(rs->d.method.fwd, LVS_FWD_TUN);
	assert_int_equal(rs->d.method.tun_type, LVS_TUN_GUE);
	assert_int_equal(rs->d.method.tun_port, 6080);
	assert_int_equal(rs->d.method.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM);
	assert_int_equal(rs->d.delay_loop_us, 2000000);
	assert_int_equal(rs->nchecks, 1);
	assert_int_equal(rs->checks[0].type, LVS_CHECK_PING);
	assert_null(rs->checks[0].node->child);

	/* to IPVS */
	assert_int_equal(lvs_vs_service(vs, &svc), 0);
	assert_int_equal(svc.af, AF_INET);
	assert_int_equal(svc.protocol, IPPROTO_UDP);
	assert_int_equal(svc.port, 80);
	assert_memory_equal(svc.addr, "\xc0\x00\x02\x0a", 4);
	assert_string_equal(svc.sched, "sh");
	assert_int_equal(svc.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET |
				    IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2);
	assert_int_equal(svc.timeout, 360);
	assert_int_equal(svc.netmask, htonl(0xffffff00));
	lvs_rs_dest(vs, &vs->rs[0], &d);
	assert_int_equal(d.af, AF_INET);
	assert_int_equal(d.port, 80);
	assert_int_equal(d.fwd, IP_VS_CONN_F_DROUTE);
	assert_int_equal(d.weight, 3);
	assert_int_equal(d.u_thresh, 100);
	assert_int_equal(d.l_thresh, 10);
	lvs_rs_dest(vs, &vs->rs[1], &d);
	assert_int_equal(d.port, 80);				/* the vs's port */
	assert_int_equal(d.fwd, IP_VS_CONN_F_TUNNEL);
	assert_int_equal(d.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	assert_int_equal(d.tun_port, 6080);
	lvs_sorry_dest(vs, &d);
	assert_int_equal(d.port, 80);
	assert_int_equal(d.fwd, IP_VS_CONN_F_DROUTE);

	vs = &lc.vs[1];
	assert_int_equal(vs->kind, LVS_VS_FWMARK);
	assert_int_equal(vs->fwmark, 7);
	assert_string_equal(vs->sched, "wlc");			/* defaults */
	assert_int_equal(vs->d.method.fwd, LVS_FWD_NAT);
	assert_int_equal(vs->d.delay_loop_us, 60000000);
	assert_int_equal(vs->d.connect_timeout_us, 5000000);
	assert_int_equal(vs->quorum, 1);
	assert_int_equal(lvs_vs_service(vs, &svc), 0);
	assert_int_equal(svc.af, AF_INET6);			/* the real servers' */
	assert_int_equal(svc.fwmark, 7);
	assert_int_equal(svc.protocol, 0);
	assert_int_equal(svc.netmask, 128);
	assert_int_equal(svc.flags, 0);
	lvs_rs_dest(vs, &vs->rs[0], &d);
	assert_int_equal(d.af, AF_INET6);
	assert_int_equal(d.fwd, IP_VS_CONN_F_MASQ);

	lvsconf_free(&lc);
	lvsconf_free(&lc);	/* emptied: a second free is harmless */
	conf_free(c);
}

static void test_group(void **state)
{
	struct conf *c = load("virtual_server group G {\n"
			      "  lb_kind NAT\n"
			      "  real_server 198.51.100.1 80 {\n  }\n"
			      "}\n"
			      "virtual_server_group G {\n"
			      "  192.0.2.1 8080\n"
			      "  192.0.2.3-10 80\n"
			      "  192.0.2.250-192.0.3.1 80\n"
			      "  203.0.113.8/30 443\n"
			      "  2001:db8::1-3 80\n"
			      "  fwmark 1\n"
			      "  fwmark 2 inet6\n"
			      "}\n");
	struct lvs_conf lc;
	struct conf_err e;
	char buf[CONF_ERR_LEN], a[IPADDR_STRLEN];
	struct ipvs_service *s, one;
	size_t n;

	if (lvsconf_parse(c->root, &lc, &e) < 0)
		fail_msg("%s", conf_err_fmt(&e, buf, sizeof(buf)));
	assert_int_equal(lc.nvsg, 1);
	assert_int_equal(lc.vsg[0].n, 7);
	assert_int_equal(lc.vsg[0].e[1].kind, LVS_VSG_RANGE);
	assert_string_equal(ipaddr_fmt(&lc.vsg[0].e[1].last, a, sizeof(a), false), "192.0.2.10");
	assert_string_equal(ipaddr_fmt(&lc.vsg[0].e[3].first, a, sizeof(a), false), "203.0.113.8");
	assert_string_equal(ipaddr_fmt(&lc.vsg[0].e[3].last, a, sizeof(a), false), "203.0.113.11");
	assert_ptr_equal(lc.vs[0].group, &lc.vsg[0]);
	assert_int_equal(lvs_vs_service(&lc.vs[0], &one), -EINVAL);	/* a group */
	assert_int_equal(lvs_vs_services(&lc.vs[0], &s, &n, &e), 0);
	/* 1 + 8 + 8 (.250-.255, 3.0, 3.1) + 4 + 3 + 2 */
	assert_int_equal(n, 26);
	assert_int_equal(s[0].port, 8080);
	assert_memory_equal(s[1].addr, "\xc0\x00\x02\x03", 4);
	assert_memory_equal(s[16].addr, "\xc0\x00\x03\x01", 4);
	assert_int_equal(s[21].af, AF_INET6);
	assert_int_equal(s[23].addr[15], 3);
	assert_int_equal(s[24].fwmark, 1);
	assert_int_equal(s[24].af, AF_INET);
	assert_int_equal(s[25].af, AF_INET6);
	free(s);
	lvsconf_free(&lc);
	conf_free(c);
}

static void test_errors(void **state)
{
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n  real_server 192.0.2.2 80 {\n"
				      "    wieght 1\n  }\n}\n"),
			    "lvs.conf:3: unknown keyword 'wieght' in real_server 192.0.2.2 80");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n lb_kind FOO\n}\n"),
			    "lvs.conf:2: 'FOO' for 'lb_kind' is not one of: NAT, DR, TUN");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n lb_algo xx\n}\n"),
			    "lvs.conf:2: unknown scheduler 'xx' for 'lb_algo'");
	assert_string_equal(parse_err("virtual_server group NOPE {\n}\n"),
			    "lvs.conf:1: no virtual_server_group named 'NOPE'");
	assert_string_equal(parse_err("virtual_server 192.0.2.1/24 80 {\n}\n"),
			    "lvs.conf:1: '192.0.2.1/24' for 'virtual_server': a prefix length is not allowed here");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80\n"),
			    "lvs.conf:1: 'virtual_server' needs a { } block");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n protocol ICMP\n}\n"),
			    "lvs.conf:2: 'ICMP' for 'protocol' is not one of: TCP, UDP, SCTP");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n"
				      " lvs_method TUN type gue\n}\n"),
			    "lvs.conf:2: 'lvs_method TUN type gue' needs 'port NUM'");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n"
				      " lvs_method TUN type gre remcsum\n}\n"),
			    "lvs.conf:2: 'remcsum' needs tunnel type gue");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n"
				      " persistence_granularity 255.0.255.0\n}\n"),
			    "lvs.conf:2: '255.0.255.0' for 'persistence_granularity' is not a "
			    "contiguous netmask");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n real_server 192.0.2.2 80 {\n"
				      "  uthreshold 5\n  lthreshold 6\n }\n}\n"),
			    "lvs.conf:2: lthreshold 6 is above uthreshold 5");
	assert_string_equal(parse_err("virtual_server_group G {\n 192.0.2.9-3 80\n}\n"),
			    "lvs.conf:2: '192.0.2.9-3' in virtual_server_group: range ends before "
			    "it starts");
	assert_string_equal(parse_err("virtual_server_group G {\n 192.0.2.9-x 80\n}\n"),
			    "lvs.conf:2: '192.0.2.9-x' in virtual_server_group: bad range end");
	assert_string_equal(parse_err("virtual_server_group G {\n}\nvirtual_server_group G {\n}\n"),
			    "lvs.conf:3: virtual_server_group 'G' defined twice");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n delay_loop -1\n}\n"),
			    "lvs.conf:2: '-1' for 'delay_loop' is not a duration in seconds");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n"
				      " quorum_up /bin/x a b c\n}\n"),
			    "lvs.conf:2: 'quorum_up' takes a command, a user and a group; quote a "
			    "command with arguments");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n"
				      " persistence_timeout 2678401\n}\n"),
			    "lvs.conf:2: '2678401' for 'persistence_timeout' is out of range 0..2678400");
	assert_string_equal(parse_err("virtual_server 192.0.2.1 80 {\n real_server 192.0.2.2 80 {\n"
				      "  TCP_CHECK x {\n  }\n }\n}\n"),
			    "lvs.conf:3: 'TCP_CHECK' takes no value");
}

/* keepalived 2.2.7 -t on the same text gives the same corrections */
static void test_fixups(void **state)
{
	struct conf *c;
	struct lvs_conf lc;
	struct conf_err e;
	char buf[CONF_ERR_LEN];

	warnings[0] = 0;
	c = load("virtual_server 192.0.2.1 80 {\n"		/* 1 */
		 "  lb_kind DR\n"
		 "  real_server 192.0.2.2 81 {\n  }\n"
		 "}\n"
		 "virtual_server 192.0.2.1 0 {\n"		/* 6 */
		 "  real_server 192.0.2.3 {\n  }\n"
		 "}\n"
		 "virtual_server fwmark 5 {\n"			/* 10 */
		 "  protocol TCP\n  ha_suspend\n  ops\n  lb_kind DR\n"
		 "  real_server 192.0.2.3 80 {\n  }\n"		/* 15 */
		 "}\n"
		 "virtual_server 192.0.2.10 80 {\n"		/* 18 */
		 "  protocol TCP\n  ops\n  quorum 5\n  hysteresis 5\n"
		 "  real_server 192.0.2.3 80 {\n    weight 2\n  }\n"
		 "}\n"
		 "virtual_server_group G {\n 192.0.2.20 \n}\n"	/* 27 */
		 "virtual_server group G {\n}\n");		/* 30 */
	if (lvsconf_parse(c->root, &lc, &e) < 0)
		fail_msg("%s", conf_err_fmt(&e, buf, sizeof(buf)));
	assert_int_equal(lc.nvs, 5);
	assert_int_equal(lc.vs[0].rs[0].port, 80);
	assert_true(lc.vs[1].persistent);
	assert_int_equal(lc.vs[1].persistence_timeout, 360);
	assert_int_equal(lc.vs[1].rs[0].port, 0);		/* NAT, port 0 service */
	assert_false(lc.vs[2].ha_suspend);
	assert_true(lc.vs[2].ops);				/* fwmark: kept */
	assert_int_equal(lc.vs[2].rs[0].port, 0);
	assert_false(lc.vs[3].ops);
	assert_int_equal(lc.vs[3].quorum, 2);
	assert_int_equal(lc.vs[3].hysteresis, 1);
	assert_true(lc.vs[4].persistent);
	assert_string_equal(warnings,
		"lvs.conf:3: real server port 81 is not the virtual server's 80, which DR and "
		"TUN need: using 80\n"
		"lvs.conf:6: port 0 needs persistence: persistence_timeout 360\n"
		"lvs.conf:10: ha_suspend does not work with fwmarks: cleared\n"
		"lvs.conf:15: real server port 80 is ignored with a fwmark and DR or TUN\n"
		"lvs.conf:18: one-packet scheduling (ops) needs protocol UDP: cleared\n"
		"lvs.conf:18: quorum 5 is above the total weight of the real servers: 2\n"
		"lvs.conf:18: hysteresis 5 is not below quorum 2: 1\n"
		"lvs.conf:30: port 0 needs persistence: persistence_timeout 360\n");
	lvsconf_free(&lc);
	conf_free(c);
}

/* ---- fixtures ----------------------------------------------------------- */

static int count_lines_starting(const char *path, const char *word)
{
	char line[4096];
	FILE *f = fopen(path, "r");
	int n = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " \t");

		if (strncmp(p, word, strlen(word)) == 0 && (p[strlen(word)] == ' ' ||
							    p[strlen(word)] == '\t'))
			n++;
	}
	fclose(f);
	return n;
}

/* conf_dump() of c read back gives the same dump */
static void roundtrip(const struct conf *c, const struct conf_options *o, const char *name)
{
	char *a = NULL, *b = NULL;
	size_t alen, blen;
	struct conf_err e;
	struct conf *c2;
	FILE *f;

	assert_non_null(f = open_memstream(&a, &alen));
	conf_dump(c->root, f, 0);
	fclose(f);
	if (conf_load_string(a, alen, name, o, &c2, &e) < 0)
		fail_msg("%s: the dump does not load: %s:%d: %s", name, e.file, e.line, e.msg);
	assert_non_null(f = open_memstream(&b, &blen));
	conf_dump(c2->root, f, 0);
	fclose(f);
	assert_string_equal(a, b);
	conf_free(c2);
	free(a);
	free(b);
}

static void test_fixtures(void **state)
{
	const char *top = getenv("TOP");
	char dir[512], path[1024], buf[CONF_ERR_LEN];
	struct dirent *de;
	int files = 0, vss = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/fixtures/conf", top ? top : ".");
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d))) {
		struct conf_options o = { .warn = quiet };
		struct lvs_conf lc;
		struct conf_err e;
		struct conf *c;
		int want;

		if (strncmp(de->d_name, "keepalived.conf.", 16) != 0 &&
		    strncmp(de->d_name, "seed-", 5) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		o.instance = strstr(de->d_name, "conditional") ? "high" : "main";
		if (conf_load(path, &o, &c, &e) < 0)
			fail_msg("%s", conf_err_fmt(&e, buf, sizeof(buf)));
		assert_non_null(c->root);
		roundtrip(c, &o, de->d_name);
		if (lvsconf_parse(c->root, &lc, &e) < 0)
			fail_msg("%s", conf_err_fmt(&e, buf, sizeof(buf)));
		want = count_lines_starting(path, "virtual_server");
		if ((int)lc.nvs != want)
			fail_msg("%s: %zu virtual_server blocks parsed, %d in the file",
				 de->d_name, lc.nvs, want);
		for (size_t i = 0; i < lc.nvs; i++) {
			struct ipvs_service *s;
			size_t n;

			assert_int_equal(lvs_vs_services(&lc.vs[i], &s, &n, &e), 0);
			assert_true(n >= 1);
			free(s);
			for (size_t k = 0; k < lc.vs[i].nrs; k++) {
				struct ipvs_dest dst;

				lvs_rs_dest(&lc.vs[i], &lc.vs[i].rs[k], &dst);
				assert_int_equal(dst.af, lc.vs[i].rs[k].addr.family);
			}
		}
		vss += lc.nvs;
		files++;
		lvsconf_free(&lc);
		conf_free(c);
	}
	closedir(d);
	print_message("%d fixture files, %d virtual servers\n", files, vss);
	assert_true(files >= 30);
	assert_true(vss >= 19);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_fixups),
		cmocka_unit_test(test_fixtures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
