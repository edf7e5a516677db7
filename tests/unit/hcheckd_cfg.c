/* Unit tests for hcheckd's configuration (check NAME blocks, checker
 * keywords and defaults, virtual_server real servers, errors with
 * FILE:LINE) and for a target's state, weight, event line and haproxy
 * agent reply. */
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "hcheckd/cfg.h"
#include "hcheckd/hc.h"
#include "hcheckd/lvs.h"

static char err[1024];

static struct hc_target *find(struct cfg *cf, const char *name)
{
	for (size_t i = 0; i < cf->nt; i++)
		if (!strcmp(cf->t[i]->name, name))
			return cf->t[i];
	return NULL;
}

static void named_checks(void **st)
{
	struct cfg cf;
	const char *text =
		"global_defs {\n"
		"    router_id x\n"
		"    hcheckd_agent 127.0.0.1:5555\n"
		"    hcheckd_max_tls 7\n"
		"}\n"
		"vrrp_instance VI_1 {\n"
		"    state BACKUP\n"
		"}\n"
		"check web {\n"
		"    address 192.0.2.2 8080\n"
		"    delay_loop 2\n"
		"    rise 3\n"
		"    fall 4\n"
		"    agent_port 9001\n"
		"    weight 50\n"
		"    HTTP_GET {\n"
		"        url {\n"
		"            path /a\n"
		"            status_code 200 301-302\n"
		"        }\n"
		"        url {\n"
		"            path /b\n"
		"            digest 00112233445566778899aabbccddeeff\n"
		"        }\n"
		"        virtualhost www.example.test\n"
		"    }\n"
		"    TCP_CHECK {\n"
		"        connect_port 22\n"
		"        retry 0\n"
		"        connect_timeout 0.5\n"
		"    }\n"
		"}\n"
		"check dns {\n"
		"    DNS_CHECK {\n"
		"        connect_ip 2001:db8::53\n"
		"        name example.test\n"
		"        type AAAA\n"
		"    }\n"
		"    no_alpha\n"
		"}\n";

	assert_int_equal(cfg_load_string(text, "t.conf", &cf, err, sizeof(err)), 0);
	assert_int_equal(cf.nt, 2);
	assert_string_equal(cf.agent, "127.0.0.1:5555");
	assert_int_equal(cf.cap[CL_TLS], 7);
	struct hc_target *w = find(&cf, "web");
	assert_non_null(w);
	assert_int_equal(w->nck, 3);	/* two urls + TCP */
	assert_int_equal(w->agent_port, 9001);
	assert_int_equal(w->weight, 50);
	assert_true(w->alpha);
	assert_string_equal(w->ck[0]->kind, "HTTP_GET");
	assert_string_equal(w->ck[0]->spec.path, "/a");
	assert_string_equal(w->ck[0]->spec.vhost, "www.example.test");
	assert_string_equal(w->ck[0]->spec.url, "http://192.0.2.2:8080/a");
	assert_true(spec_code_ok(&w->ck[0]->spec, 302));
	assert_false(spec_code_ok(&w->ck[0]->spec, 204));
	assert_int_equal(w->ck[1]->spec.digest_alg, DIGEST_MD5);
	assert_int_equal(w->ck[0]->interval_ms, 2000);
	assert_int_equal(w->ck[0]->rise, 3);
	assert_int_equal(w->ck[0]->retry, 3);
	assert_int_equal(w->ck[0]->retry_delay_ms, 3000);	/* HTTP default */
	assert_int_equal(w->ck[0]->spec.timeout_ms, 5000);
	assert_string_equal(w->ck[2]->kind, "TCP_CHECK");
	assert_int_equal(w->ck[2]->spec.port, 22);
	assert_int_equal(w->ck[2]->retry, 0);			/* its own beats the block's */
	assert_int_equal(w->ck[2]->spec.timeout_ms, 500);
	assert_int_equal(w->ck[2]->retry_delay_ms, 1000);
	struct hc_target *d = find(&cf, "dns");
	assert_false(d->alpha);
	assert_int_equal(d->ck[0]->spec.qtype, 28);
	assert_int_equal(d->ck[0]->spec.port, 53);
	assert_int_equal(d->ck[0]->retry_delay_ms, d->ck[0]->interval_ms);	/* DNS: delay_loop */
	cfg_free(&cf);
}

static void errors(void **st)
{
	struct cfg cf;

	assert_int_equal(cfg_load_string("check a {\n TCP_CHECK {\n  connect_ip 192.0.2.1\n  connect_port 1\n  colour blue\n }\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "e.conf:5: unknown keyword 'colour' in TCP_CHECK");
	assert_int_equal(cfg_load_string("check a {\n rize 2\n TCP_CHECK {\n  connect_ip 192.0.2.1\n }\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "e.conf:2: unknown keyword 'rize' in check a");
	assert_int_equal(cfg_load_string("check a {\n HTTP_GET {\n }\n}\n", "e.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "e.conf:2: HTTP_GET needs connect_ip"));
	assert_int_equal(cfg_load_string("check a {\n MISC_CHECK {\n  misc_path relative.sh\n }\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "absolute"));
	assert_int_equal(cfg_load_string("check a {\n rise 0\n TCP_CHECK {\n }\n}\n", "e.conf", &cf, err,
					 sizeof(err)), -1);
	assert_non_null(strstr(err, "e.conf:2:"));
}

static void real_servers(void **st)
{
	struct cfg cf;
	const char *text =
		"virtual_server 192.0.2.100 80 {\n"
		"    delay_loop 3\n"
		"    lb_algo rr\n"
		"    lb_kind NAT\n"
		"    protocol TCP\n"
		"    quorum 2\n"
		"    hysteresis 1\n"
		"    sorry_server 192.0.2.50 80\n"
		"    real_server 192.0.2.11 80 {\n"
		"        weight 5\n"
		"        inhibit_on_failure\n"
		"        MISC_CHECK {\n"
		"            misc_path \"/bin/check --x 1\"\n"
		"            misc_dynamic\n"
		"        }\n"
		"    }\n"
		"    real_server 192.0.2.12 8080 {\n"
		"        HTTP_GET {\n"
		"            url {\n"
		"                path /\n"
		"            }\n"
		"            rise 2\n"
		"        }\n"
		"    }\n"
		"    real_server 192.0.2.13 80 {\n"
		"    }\n"
		"}\n";

	assert_int_equal(cfg_load_string(text, "vs.conf", &cf, err, sizeof(err)), 0);
	assert_int_equal(cf.nvs, 1);
	assert_int_equal(cf.nt, 3);
	struct hc_target *a = find(&cf, "192.0.2.100:80/192.0.2.11:80");
	struct hc_target *b = find(&cf, "192.0.2.100:80/192.0.2.12:8080");
	struct hc_target *c = find(&cf, "192.0.2.100:80/192.0.2.13:80");
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	struct cfg_rs *rs = a->rs;
	assert_non_null(rs);
	assert_true(rs->inhibit);
	assert_int_equal(rs->dest.weight, 5);
	assert_int_equal(a->weight, 5);
	assert_true(a->ck[0]->spec.dynamic);
	assert_string_equal(a->ck[0]->spec.argv[0], "/bin/check");
	assert_string_equal(a->ck[0]->spec.argv[2], "1");
	assert_int_equal(a->ck[0]->interval_ms, 3000);		/* from the virtual server */
	assert_int_equal(b->ck[0]->spec.port, 8080);		/* the real server's port */
	assert_int_equal(b->ck[0]->rise, 2);
	assert_int_equal(c->nck, 0);
	assert_false(c->alpha);					/* no checker: always up */
	assert_int_equal(cf.vs[0].quorum, 2);
	assert_int_equal(cf.vs[0].hysteresis, 1);
	assert_true(cf.vs[0].has_sorry);
	assert_int_equal(cf.vs[0].nsvc, 1);
	assert_string_equal(cf.vs[0].svc[0].sched, "rr");
	cfg_free(&cf);
}

static void state_and_agent(void **st)
{
	struct probe_spec s;
	struct hc_target *t = target_new("web");
	char buf[300];

	spec_init(&s);
	s.type = PT_TCP;
	target_add_checker(t, &s, "TCP_CHECK");
	spec_init(&s);
	s.type = PT_EXEC;
	s.dynamic = true;
	target_add_checker(t, &s, "MISC_CHECK");
	t->weight = 10;
	assert_int_equal(t->state, T_DOWN);
	target_agent_reply(t, buf, sizeof(buf));
	assert_string_equal(buf, "down ready #not checked yet");
	assert_int_equal(target_weight(t), 0);

	t->ck[0]->up = true;
	target_eval(t, "one of two");
	assert_int_equal(t->state, T_DOWN);	/* all checkers must pass */
	t->ck[1]->up = true;
	t->ck[1]->has_last = true;
	t->ck[1]->last.weight = 4;
	target_eval(t, "HTTP 200\nOK");
	assert_int_equal(t->state, T_UP);
	assert_int_equal(t->transitions, 1);
	assert_int_equal(target_weight(t), 4);	/* misc_dynamic */
	target_agent_reply(t, buf, sizeof(buf));
	assert_string_equal(buf, "up ready 40%");
	target_event_line(t, buf, sizeof(buf));
	assert_string_equal(buf, "CHECK \"web\" UP HTTP 200 OK");	/* one line */
	t->ck[1]->last.weight = 0;
	target_eval(t, "drained");
	target_agent_reply(t, buf, sizeof(buf));
	assert_string_equal(buf, "up drain");
	t->disabled = true;
	target_eval(t, "x");
	assert_int_equal(t->state, T_MAINT);
	target_agent_reply(t, buf, sizeof(buf));
	assert_string_equal(buf, "maint #disabled");
	target_event_line(t, buf, sizeof(buf));
	assert_string_equal(buf, "CHECK \"web\" DOWN maintenance: disabled");
	assert_int_equal(target_weight(t), 0);
	t->disabled = false;
	t->ck[0]->up = false;
	target_eval(t, "connect: ECONNREFUSED");
	assert_int_equal(t->state, T_DOWN);
	target_agent_reply(t, buf, sizeof(buf));
	assert_string_equal(buf, "down ready #connect: ECONNREFUSED");
	assert_int_equal(t->transitions, 3);
	target_free(t);
}

/* agent_port [ADDR] PORT; ADDR "*" is all, none: the global listener's */
static void agent_address(void **st)
{
	struct cfg cf;
	const char *text =
		"global_defs {\n hcheckd_agent 127.0.0.1:5555\n}\n"
		"check a {\n agent_port 9001\n FILE_CHECK { file /f }\n}\n"
		"check b {\n agent_port 127.0.0.1 9002\n FILE_CHECK { file /f }\n}\n"
		"check c {\n agent_port * 9003\n FILE_CHECK { file /f }\n}\n"
		"check d {\n agent_port 2001:db8::1 9004\n FILE_CHECK { file /f }\n}\n";

	assert_int_equal(cfg_load_string(text, "a.conf", &cf, err, sizeof(err)), 0);
	assert_string_equal(cf.agent, "127.0.0.1:5555");
	assert_int_equal(find(&cf, "a")->agent_port, 9001);
	assert_null(find(&cf, "a")->agent_addr);
	assert_int_equal(find(&cf, "b")->agent_port, 9002);
	assert_string_equal(find(&cf, "b")->agent_addr, "127.0.0.1");
	assert_string_equal(find(&cf, "c")->agent_addr, "*");
	assert_string_equal(find(&cf, "d")->agent_addr, "2001:db8::1");
	assert_int_equal(find(&cf, "d")->agent_port, 9004);
	cfg_free(&cf);

	assert_int_equal(cfg_load_string("check a {\n FILE_CHECK { file /f }\n agent_port 192.0.2.300 9001\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "e.conf:3: bad agent address '192.0.2.300'");
	assert_int_equal(cfg_load_string("check a {\n FILE_CHECK { file /f }\n agent_port www 9001\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "e.conf:3: bad agent address 'www'");
	assert_int_equal(cfg_load_string("check a {\n FILE_CHECK { file /f }\n agent_port 127.0.0.1\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "e.conf:3:"));
	assert_non_null(strstr(err, "127.0.0.1"));
	assert_int_equal(cfg_load_string("check a {\n FILE_CHECK { file /f }\n agent_port 127.0.0.1 70000\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "e.conf:3:"));
	assert_non_null(strstr(err, "70000"));
	assert_int_equal(cfg_load_string("check a {\n FILE_CHECK { file /f }\n agent_port 127.0.0.1 1 2\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "e.conf:3:"));
}

/* where the daemon's refusals point: the first MISC_CHECK user that needs
 * a switch (uid or gid not ours), the first virtual_server, the first
 * PING_CHECK of each family */
static void user_and_vs_location(void **st)
{
	struct cfg cf;
	const char *text =
		"check a {\n MISC_CHECK {\n  misc_path /bin/true\n }\n}\n"
		"check b {\n MISC_CHECK {\n  misc_path /bin/true\n  user nobody\n }\n}\n"
		"virtual_server 192.0.2.1 80 {\n real_server 198.51.100.1 80 {\n"
		"  MISC_CHECK {\n   misc_path /bin/true\n   user daemon\n  }\n }\n}\n"
		"virtual_server 192.0.2.2 80 {\n}\n";
	const char *own =
		"check a {\n MISC_CHECK {\n  misc_path /bin/true\n  user root\n }\n}\n";

	assert_int_equal(cfg_load_string(text, "u.conf", &cf, err, sizeof(err)), 0);
	if (getuid() != 65534) {
		assert_string_equal(cf.user_at, "u.conf:9: 'user nobody'");
		assert_true(cfg_needs_setuid(cf.t, cf.nt));
		assert_true(spec_switches_user(&find(&cf, "b")->ck[0]->spec));
	}
	assert_false(spec_switches_user(&find(&cf, "a")->ck[0]->spec));
	assert_string_equal(cf.vs_at, "u.conf:12: 'virtual_server 192.0.2.1 80'");
	assert_int_equal(cf.nvs, 2);
	cfg_free(&cf);

	assert_int_equal(cfg_load_string("check a {\n PING_CHECK {\n  connect_ip 192.0.2.1\n }\n"
					 " PING_CHECK {\n  connect_ip 2001:db8::1\n }\n}\n",
					 "p.conf", &cf, err, sizeof(err)), 0);
	assert_string_equal(cf.ping_at[0], "p.conf:2: 'PING_CHECK'");
	assert_string_equal(cf.ping_at[1], "p.conf:5: 'PING_CHECK'");
	cfg_free(&cf);

	/* our own user needs no switch (as root: user root) */
	if (getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0) {
		assert_int_equal(cfg_load_string(own, "o.conf", &cf, err, sizeof(err)), 0);
		assert_string_equal(cf.user_at, "");
		assert_string_equal(cf.vs_at, "");
		assert_true(find(&cf, "a")->ck[0]->spec.set_user);
		assert_false(spec_switches_user(&find(&cf, "a")->ck[0]->spec));
		assert_false(cfg_needs_setuid(cf.t, cf.nt));
		cfg_free(&cf);
	}
}

/* keepalived's checker keys of global_defs */
static void lvs_globals(void **st)
{
	struct cfg cf;

	assert_int_equal(cfg_load_string("global_defs {\n lvs_flush\n lvs_flush_onstop VS\n"
					 " lvs_sync_daemon eth1 id 9\n}\n", "g.conf", &cf, err,
					 sizeof(err)), 0);
	assert_true(cf.lvs_flush);
	assert_int_equal(cf.flush_onstop, CFG_FLUSH_VS);
	assert_true(cf.sync.set);
	assert_string_equal(cf.sync.ifname, "eth1");
	assert_string_equal(cf.sync.instance, "");
	assert_int_equal(cf.sync.syncid, 9);
	cfg_free(&cf);
	/* defaults; the deprecated spelling; the per-instance form is vrrpd's */
	assert_int_equal(cfg_load_string("global_defs {\n lvs_flush_on_stop\n}\n"
					 "vrrp_instance VI_1 {\n lvs_sync_daemon_interface eth2\n}\n",
					 "g.conf", &cf, err, sizeof(err)), 0);
	assert_false(cf.lvs_flush);
	assert_int_equal(cf.flush_onstop, CFG_FLUSH_ALL);
	assert_true(cf.sync.set);
	assert_string_equal(cf.sync.instance, "VI_1");
	cfg_free(&cf);
	assert_int_equal(cfg_load_string("global_defs {\n lvs_flush_onstop ALL\n}\n", "g.conf", &cf,
					 err, sizeof(err)), -1);
	assert_string_equal(err, "g.conf:2: lvs_flush_onstop takes nothing (the whole table) "
			    "or VS (the configured virtual servers)");
	assert_int_equal(cfg_load_string("global_defs {\n lvs_sync_daemon eth0 VI_1 what\n}\n",
					 "g.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "g.conf:2: unknown lvs_sync_daemon option 'what' (inst, id, "
			    "maxlen, port, ttl, group)");
}

/* SMTP_CHECK host { } blocks: one checker per host (all must pass, as
 * keepalived's one checker per host); the SMTP_CHECK's own connection is a
 * host only when it sets a connection key; a host's unset connection keys
 * come from the real server, its other keys are the SMTP_CHECK's */
static void smtp_hosts(void **st)
{
	struct cfg cf;
	struct hc_target *t;
	const char *text =
		"virtual_server 192.0.2.100 25 {\n"
		"    lb_kind NAT\n"
		"    protocol TCP\n"
		"    real_server 192.0.2.11 2525 {\n"
		"        connect_timeout 4\n"
		"        SMTP_CHECK {\n"
		"            helo_name lb.example.test\n"
		"            retry 3\n"
		"            host {\n"
		"                connect_ip 192.0.2.21\n"
		"                connect_port 25\n"
		"                connect_timeout 1\n"
		"            }\n"
		"            host {\n"
		"                connect_ip 192.0.2.22\n"
		"                bind_if eth7\n"
		"                delay_loop 9\n"
		"            }\n"
		"            host {\n"
		"            }\n"
		"        }\n"
		"    }\n"
		"    real_server 192.0.2.12 25 {\n"
		"        SMTP_CHECK {\n"
		"            connect_ip 192.0.2.30\n"
		"            host {\n"
		"                connect_ip 192.0.2.31\n"
		"            }\n"
		"        }\n"
		"    }\n"
		"}\n";

	assert_int_equal(cfg_load_string(text, "smtp.conf", &cf, err, sizeof(err)), 0);
	t = find(&cf, "192.0.2.100:25/192.0.2.11:2525");
	assert_non_null(t);
	assert_int_equal(t->nck, 3);
	assert_string_equal(t->ck[0]->spec.url, "smtp://192.0.2.21:25");
	assert_string_equal(t->ck[1]->spec.url, "smtp://192.0.2.22:2525");
	assert_string_equal(t->ck[2]->spec.url, "smtp://192.0.2.11:2525");
	assert_int_equal(t->ck[0]->spec.timeout_ms, 1000);
	assert_int_equal(t->ck[1]->spec.timeout_ms, 4000);
	assert_string_equal(t->ck[1]->spec.ifname, "eth7");
	assert_string_equal(t->ck[2]->spec.ifname, "");
	for (size_t i = 0; i < t->nck; i++) {
		assert_string_equal(t->ck[i]->kind, "SMTP_CHECK");
		assert_string_equal(t->ck[i]->spec.helo, "lb.example.test");
		assert_int_equal(t->ck[i]->retry, 3);
		assert_int_equal(t->ck[i]->interval_ms, 9000);	/* delay_loop in a host: the check's */
	}
	t = find(&cf, "192.0.2.100:25/192.0.2.12:25");
	assert_non_null(t);
	assert_int_equal(t->nck, 2);
	assert_string_equal(t->ck[0]->spec.url, "smtp://192.0.2.30:25");
	assert_string_equal(t->ck[1]->spec.url, "smtp://192.0.2.31:25");
	cfg_free(&cf);

	assert_int_equal(cfg_load_string("check m {\n SMTP_CHECK {\n  host {\n   connect_ip 192.0.2.1\n"
					 "   helo_name x\n  }\n }\n}\n", "h.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "h.conf:5: unknown keyword 'helo_name' in host");
}

/* the top-level SSL { } block: its files go to every SSL_GET (not HTTP_GET),
 * wherever the block is; -t's list of files names each key's line */
static void ssl_block(void **st)
{
	struct cfg cf;
	struct hc_target *t;
	const char *text =
		"check web {\n"
		"    address 192.0.2.2 443\n"
		"    SSL_GET {\n"
		"        url {\n"
		"            path /\n"
		"        }\n"
		"    }\n"
		"    HTTP_GET {\n"
		"        connect_port 80\n"
		"    }\n"
		"    MISC_CHECK {\n"
		"        misc_path \"/usr/lib/x/check --fast\"\n"
		"    }\n"
		"}\n"
		"SSL {\n"
		"    ca /etc/x/ca.pem\n"
		"    certificate /etc/x/client.pem\n"
		"    key /etc/x/client.key\n"
		"    password s3cret\n"
		"}\n";

	assert_int_equal(cfg_load_string(text, "ssl.conf", &cf, err, sizeof(err)), 0);
	t = find(&cf, "web");
	assert_non_null(t);
	assert_int_equal(t->nck, 3);
	assert_string_equal(t->ck[0]->spec.cacert, "/etc/x/ca.pem");
	assert_false(t->ck[0]->spec.verify);	/* keepalived loads the CA, verifies nothing */
	assert_string_equal(t->ck[0]->spec.tls_cert, "/etc/x/client.pem");
	assert_string_equal(t->ck[0]->spec.tls_key, "/etc/x/client.key");
	assert_string_equal(t->ck[0]->spec.tls_pass, "s3cret");
	assert_null(t->ck[1]->spec.tls_cert);
	assert_null(t->ck[1]->spec.cacert);
	assert_int_equal(cf.nfiles, 4);
	assert_string_equal(cf.files[0].path, "/etc/x/ca.pem");
	assert_string_equal(cf.files[0].at, "ssl.conf:16");
	assert_string_equal(cf.files[2].what, "SSL key");
	assert_string_equal(cf.files[3].path, "/usr/lib/x/check");
	assert_string_equal(cf.files[3].what, "misc_path program");
	assert_string_equal(cf.files[3].at, "ssl.conf:12");
	assert_int_equal(cfg_check_files(&cf, err, sizeof(err)), -1);
	assert_string_equal(err, "ssl.conf:16: SSL ca '/etc/x/ca.pem': No such file or directory");
	cfg_free(&cf);

	assert_int_equal(cfg_load_string("SSL {\n certfile /x\n}\n", "s.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "s.conf:2: unknown keyword 'certfile' in SSL");
	assert_int_equal(cfg_load_string("check m {\n MISC_CHECK {\n  misc_path /bin/sh\n }\n}\n",
					 "m.conf", &cf, err, sizeof(err)), 0);
	assert_int_equal(cfg_check_files(&cf, err, sizeof(err)), 0);
	cfg_free(&cf);
}

/* global_defs script_user: MISC_CHECKs without a user and notify scripts
 * run as it (wherever global_defs is); enable_script_security refuses a
 * script others can change, naming its line (common/scriptsec, as vrrpd) */
static void script_user_and_security(void **st)
{
	struct cfg cf;
	struct hc_target *t;
	struct passwd *nb = getpwnam("nobody");
	uid_t nobody = nb ? nb->pw_uid : 0;	/* getpwnam's buffer is reused */
	char safe[] = "/tmp/hcheckd-cfg-safe.XXXXXX", unsafe[] = "/tmp/hcheckd-cfg-unsafe.XXXXXX";
	char text[1024];
	int fd;

	if (!nb || geteuid() != 0)
		skip();
	assert_true((fd = mkstemp(safe)) >= 0);
	close(fd);
	assert_int_equal(chmod(safe, 0755), 0);
	assert_true((fd = mkstemp(unsafe)) >= 0);
	close(fd);
	assert_int_equal(chmod(unsafe, 0777), 0);

	snprintf(text, sizeof(text),
		 "check a {\n"
		 "    MISC_CHECK {\n"
		 "        misc_path %s\n"
		 "    }\n"
		 "    MISC_CHECK {\n"
		 "        misc_path %s\n"
		 "        user root\n"
		 "    }\n"
		 "    notify_down \"%s down\"\n"
		 "}\n"
		 "global_defs {\n"
		 "    script_user nobody\n"
		 "    enable_script_security\n"
		 "}\n", safe, safe, safe);
	assert_int_equal(cfg_load_string(text, "u.conf", &cf, err, sizeof(err)), 0);
	assert_string_equal(cf.script_user, "nobody");
	assert_true(cf.script_security);
	assert_true(cf.notify_switch);
	assert_string_equal(cf.user_at, "u.conf:12: 'script_user nobody'");
	t = find(&cf, "a");
	assert_true(t->ck[0]->spec.set_user);
	assert_int_equal(t->ck[0]->spec.uid, nobody);
	assert_int_equal(t->ck[1]->spec.uid, 0);	/* its own user wins */
	assert_true(cfg_needs_setuid(cf.t, cf.nt));
	cfg_free(&cf);

	/* a world-writable program: refused, with its line */
	snprintf(text, sizeof(text),
		 "global_defs {\n    enable_script_security\n}\n"
		 "check a {\n    MISC_CHECK {\n        misc_path %s\n    }\n}\n", unsafe);
	assert_int_equal(cfg_load_string(text, "s.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "s.conf:6: misc_path '"));
	assert_non_null(strstr(err, "refused by enable_script_security"));
	/* the same notify script too */
	snprintf(text, sizeof(text),
		 "global_defs {\n    enable_script_security\n}\n"
		 "check a {\n    TCP_CHECK {\n        connect_ip 192.0.2.1\n        connect_port 1\n    }\n"
		 "    notify_up %s\n}\n", unsafe);
	assert_int_equal(cfg_load_string(text, "s.conf", &cf, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "s.conf:9: notify_up '"));
	/* control: without enable_script_security it is accepted */
	snprintf(text, sizeof(text), "check a {\n    MISC_CHECK {\n        misc_path %s\n    }\n}\n",
		 unsafe);
	assert_int_equal(cfg_load_string(text, "s.conf", &cf, err, sizeof(err)), 0);
	assert_false(cf.notify_switch);
	assert_string_equal(cf.user_at, "");
	cfg_free(&cf);
	assert_int_equal(cfg_load_string("global_defs {\n script_user no-such-user-x\n}\n", "n.conf",
					 &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "n.conf:2: no such user 'no-such-user-x'");
	unlink(safe);
	unlink(unsafe);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(named_checks), cmocka_unit_test(errors),
		cmocka_unit_test(real_servers), cmocka_unit_test(state_and_agent),
		cmocka_unit_test(agent_address), cmocka_unit_test(user_and_vs_location),
		cmocka_unit_test(lvs_globals), cmocka_unit_test(smtp_hosts),
		cmocka_unit_test(ssl_block), cmocka_unit_test(script_user_and_security),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
