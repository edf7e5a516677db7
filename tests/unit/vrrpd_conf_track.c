/* Unit tests for vrrpd/tconf.c: vrrp_script, track_file, vrrp_track_process,
 * vrrp_sync_group, track_* references in instances, global_defs keys, and
 * the errors (FILE:LINE and word) for each kind of mistake. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/conf.h"
#include "vrrpd/tconf.h"
#include "vrrpd/vroute.h"

static int skip_any(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	(void)n; (void)ctx; (void)err;
	return 0;
}

static int inst(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "track_script", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
		{ "track_interface", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
		{ "track_file", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
		{ "track_process", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
		{ "track_check", tconf_kw_inst_track, CONF_KW_MAYBLOCK },
		{ NULL, skip_any, CONF_KW_MAYBLOCK },
	};
	return conf_walk(n->child, kws, ctx, err);
}

static int global(const struct conf_node *n, void *ctx, struct conf_err *err)
{
	static const struct conf_kw kws[] = {
		{ "router_id", skip_any, 0 },
		{ NULL, tconf_kw_global, CONF_KW_MAYBLOCK },
	};
	return conf_walk(n->child, kws, ctx, err);
}

static const struct conf_kw top[] = {
	{ "global_defs", global, CONF_KW_BLOCK },
	{ "vrrp_script", tconf_kw_vrrp_script, CONF_KW_BLOCK },
	{ "track_file", tconf_kw_track_file, CONF_KW_BLOCK },
	{ "vrrp_track_file", tconf_kw_track_file, CONF_KW_BLOCK },
	{ "vrrp_track_process", tconf_kw_track_process, CONF_KW_BLOCK },
	{ "vrrp_sync_group", tconf_kw_sync_group, CONF_KW_BLOCK },
	{ "vrrp_instance", inst, CONF_KW_BLOCK },
	{ NULL, NULL, 0 }
};

static char msg[CONF_ERR_LEN];

/* load text into t; 0 or -EINVAL with msg set */
static int load(const char *text, struct vrrpd_tconf *t, bool sys)
{
	static const struct tconf_inst insts[] = { { "VI_1", 100 }, { "VI_2", 100 }, { "OWN", 255 } };
	struct conf_options o = { .instance = "" };
	struct conf *c = NULL;
	struct conf_err e;
	int r;

	msg[0] = 0;
	tconf_init(t);
	tconf_begin(t);
	r = conf_load_string(text, strlen(text), "k.conf", &o, &c, &e);
	if (r == 0)
		r = conf_walk(c->root, top, NULL, &e);
	if (r == 0)
		r = tconf_end(t, insts, 3, sys, &e);
	if (r < 0)
		conf_err_fmt(&e, msg, sizeof(msg));
	conf_free(c);
	return r;
}

static void t_full(void **state)
{
	const char *text =
		"global_defs {\n"
		"  router_id LB1\n"
		"  script_user root\n"
		"  enable_script_security\n"
		"  vrrp_version 3\n"
		"  vrrp_garp_master_refresh 60\n"
		"  vrrp_garp_interval 0.001\n"
		"  notify_fifo /run/vrrpd.fifo\n"
		"  notification_email { a@example.com }\n"
		"  smtp_server 192.0.2.25\n"
		"  vrrp_strict\n"
		"}\n"
		"vrrp_script chk_haproxy {\n"
		"  script \"/bin/true -x\"\n"
		"  interval 2\n"
		"  timeout 1\n"
		"  weight -20\n"
		"  rise 2\n"
		"  fall 3\n"
		"  init_fail\n"
		"}\n"
		"vrrp_script chk_plain {\n  script /bin/true\n}\n"
		"track_file tf {\n file /run/prio\n weight 5 reverse\n init_file 3 overwrite\n}\n"
		"vrrp_track_process haproxy {\n"
		"  process /usr/sbin/haproxy -f\n  param_match partial\n"
		"  quorum 2\n  quorum_max 4\n  delay 0.5\n  full_command\n  weight 10\n}\n"
		"vrrp_instance VI_1 {\n"
		"  interface eth0\n"
		"  track_script {\n    chk_haproxy\n    chk_plain weight 5 reverse\n  }\n"
		"  track_interface {\n    eth1\n    eth2 weight -10\n  }\n"
		"  track_file { tf }\n"
		"  track_process { haproxy weight 0 }\n"
		"  track_check web\n"
		"}\n"
		"vrrp_sync_group VG_1 {\n"
		"  group {\n    VI_1\n    VI_2\n  }\n"
		"  notify_master \"/bin/echo master\"\n"
		"  notify /bin/echo\n"
		"  track_script { chk_plain }\n"
		"}\n";
	struct vrrpd_tconf t;
	const struct towner *o;
	const struct tgroup *g;

	(void)state;
	if (load(text, &t, true))
		print_error("%s\n", msg);
	assert_int_equal(msg[0], 0);
	assert_true(t.script_security);
	assert_string_equal(t.script_user, "root");
	assert_int_equal(t.g.vrrp_version, 3);
	assert_true(t.g.garp_refresh_set);
	assert_int_equal(t.g.garp_master_refresh_s, 60);
	assert_int_equal(t.g.garp_interval_us, 1000);
	assert_string_equal(t.g.notify_fifo, "/run/vrrpd.fifo");
	assert_int_equal(t.nscripts, 2);
	assert_string_equal(t.scripts[0].cmd, "/bin/true -x");
	assert_int_equal(t.scripts[0].interval_ms, 2000);
	assert_int_equal(t.scripts[0].timeout_ms, 1000);
	assert_int_equal(t.scripts[0].weight, -20);
	assert_int_equal(t.scripts[0].rise, 2);
	assert_int_equal(t.scripts[0].fall, 3);
	assert_true(t.scripts[0].init_fail);
	assert_int_equal(t.scripts[1].interval_ms, 1000);
	assert_int_equal(t.nfiles, 1);
	assert_int_equal(t.files[0].weight, 5);
	assert_true(t.files[0].reverse);
	assert_true(t.files[0].overwrite);
	assert_int_equal(t.files[0].init_value, 3);
	assert_int_equal(t.nprocs, 1);
	assert_int_equal(t.procs[0].nparams, 1);
	assert_string_equal(t.procs[0].params[0], "-f");
	assert_int_equal(t.procs[0].param_match, TRACK_PM_PARTIAL);
	assert_int_equal(t.procs[0].quorum, 2);
	assert_int_equal(t.procs[0].quorum_max, 4);
	assert_int_equal(t.procs[0].fork_delay_ms, 500);
	assert_int_equal(t.procs[0].terminate_delay_ms, 500);
	assert_true(t.procs[0].full_command);
	o = tconf_owner(&t, "VI_1", false);
	assert_non_null(o);
	assert_int_equal(o->nrefs, 7);
	assert_int_equal(o->refs[0].kind, TRACK_SCRIPT);
	assert_false(o->refs[0].has_weight);
	assert_true(o->refs[1].has_weight);
	assert_int_equal(o->refs[1].weight, 5);
	assert_true(o->refs[1].reverse);
	assert_int_equal(o->refs[2].kind, TRACK_IFACE);
	assert_string_equal(o->refs[3].name, "eth2");
	assert_int_equal(o->refs[3].weight, -10);
	assert_int_equal(o->refs[4].kind, TRACK_FILE);
	assert_int_equal(o->refs[5].kind, TRACK_PROC);
	assert_true(o->refs[5].has_weight);
	assert_int_equal(o->refs[6].kind, TRACK_CHECK);
	assert_string_equal(o->refs[6].name, "web");
	g = tconf_group_of(&t, "VI_2");
	assert_non_null(g);
	assert_string_equal(g->name, "VG_1");
	assert_string_equal(g->script[TG_MASTER], "/bin/echo master");
	assert_string_equal(g->script[TG_ANY], "/bin/echo");
	assert_null(tconf_group_of(&t, "OWN"));
	assert_int_equal(tconf_owner(&t, "VG_1", true)->nrefs, 1);
	tconf_free(&t);
}

struct bad { const char *text; const char *want; };

static void t_errors(void **state)
{
	static const struct bad bad[] = {
		{ "vrrp_script a {\n script /bin/true\n intervl 2\n}\n",
		  "k.conf:3: unknown keyword 'intervl'" },
		{ "vrrp_script a {\n interval 2\n}\n", "k.conf:1: vrrp_script a has no script" },
		{ "vrrp_script a {\n script /bin/true\n weight 300\n}\n", "k.conf:3:" },
		{ "vrrp_script a {\n script /bin/true\n rise 0\n}\n", "k.conf:3:" },
		{ "vrrp_script a {\n script /bin/true\n}\nvrrp_script a {\n script /bin/true\n}\n",
		  "k.conf:4: vrrp_script a defined twice" },
		{ "vrrp_instance VI_1 {\n track_script {\n  nope\n }\n}\n",
		  "k.conf:3: vrrp_script 'nope' is not defined" },
		{ "vrrp_instance VI_1 {\n track_file {\n  nope weight 2\n }\n}\n",
		  "k.conf:3: track_file 'nope' is not defined" },
		{ "vrrp_instance VI_1 {\n track_interface {\n  eth0 wieght 2\n }\n}\n",
		  "k.conf:3: expected 'weight'" },
		{ "vrrp_instance VI_1 {\n track_interface {\n  eth0 weight 2 sideways\n }\n}\n",
		  "k.conf:3:" },
		{ "vrrp_sync_group G {\n group {\n  VI_1\n  VI_9\n }\n}\n",
		  "k.conf:1: vrrp_sync_group G: no vrrp_instance 'VI_9'" },
		{ "vrrp_sync_group G {\n group {\n  VI_1\n }\n}\nvrrp_sync_group H {\n group {\n  VI_1\n }\n}\n",
		  "k.conf:6: vrrp_instance VI_1 is in two sync groups" },
		{ "vrrp_sync_group G {\n group {\n }\n}\n", "has no group" },
		{ "vrrp_sync_group G {\n group { VI_1 }\n track_bfd { b }\n}\n",
		  "k.conf:3: 'track_bfd' is not supported" },
		{ "vrrp_sync_group G {\n group { VI_1 }\n notify_master /bin/x root\n}\n",
		  "k.conf:3: run-as user" },
		{ "vrrp_track_process p {\n quorum 3\n quorum_max 1\n process x\n}\n",
		  "quorum_max below quorum" },
		{ "vrrp_track_process p {\n quorum 1\n}\n", "k.conf:1: vrrp_track_process p has no process" },
		{ "track_file f {\n file relative/path\n}\n", "k.conf:2: file needs an absolute path" },
		{ "global_defs {\n script_user no-such-user-xyz\n}\n", "k.conf:2: no such user" },
		{ "global_defs {\n vrrp_mcast_group4 224.0.0.19\n}\n", "k.conf:2: 'vrrp_mcast_group4' other than" },
		{ "global_defs {\n vrrp_version 4\n}\n", "k.conf:2:" },
		{ "global_defs {\n frobnicate 1\n}\n", "k.conf:2: unknown keyword 'frobnicate'" },
		{ "vrrp_script a {\n script /nonexistent/chk\n}\n",
		  "k.conf:1: vrrp_script a: '/nonexistent/chk' refused: not found" },
		{ "vrrp_script a {\n script \"</dev/tcp/127.0.0.1/80\"\n}\n",
		  "k.conf:1: vrrp_script a: shell syntax in a script line is not supported" },
		{ "global_defs {\n enable_script_security\n}\nvrrp_script a {\n script /etc/passwd\n}\n",
		  "k.conf:4: vrrp_script a: '/etc/passwd' refused: not an executable file" },
		{ NULL, NULL }
	};
	struct vrrpd_tconf t;

	(void)state;
	for (int i = 0; bad[i].text; i++) {
		int r = load(bad[i].text, &t, true);

		if (r == 0 || !strstr(msg, bad[i].want))
			print_error("case %d: got '%s', want '%s'\n", i, msg, bad[i].want);
		assert_int_equal(r, -EINVAL);
		assert_non_null(strstr(msg, bad[i].want));
		tconf_free(&t);
	}
}

static int split(char *line, char **w)
{
	int n = 0;

	for (char *t = strtok(line, " "); t; t = strtok(NULL, " "))
		w[n++] = t;
	return n;
}

static void t_vroute(void **state)
{
	char l1[] = "src 192.0.2.1 to 198.51.100.0/24 via 192.0.2.254 dev eth1 table 100 metric 5";
	char l2[] = "203.0.113.0/24 dev eth2 scope link no_track";
	char l3[] = "blackhole 203.0.113.1/32";
	char l4[] = "198.51.100.0/24 via 192.0.2.252 or 192.0.2.253 realms 1";
	char l5[] = "198.51.100.0/24";
	char l6[] = "from 192.0.2.0/24 to 198.51.100.0/24 table 2 priority 100";
	char l7[] = "from 192.0.2.0/24";
	char l8[] = "to 2001:db8::/32 table 5 fwmark 3";
	char l9[] = "0.0.0.0/0 gw 192.0.2.254 table 100";
	char *w[32], buf[IPADDR_STRLEN];
	const char *why, *bad;
	struct vroute r;
	struct vrule u;

	(void)state;
	assert_int_equal(vroute_parse(w, split(l1, w), &r, &why, &bad), 0);
	assert_string_equal(ipaddr_fmt(&r.dst, buf, sizeof(buf), true), "198.51.100.0/24");
	assert_true(r.has_src && r.has_via);
	assert_string_equal(r.dev, "eth1");
	assert_int_equal(r.table, 100);
	assert_int_equal(r.metric, 5);
	assert_int_equal(vroute_parse(w, split(l2, w), &r, &why, &bad), 0);
	assert_int_equal(r.scope, 253);
	assert_int_equal(vroute_parse(w, split(l3, w), &r, &why, &bad), 0);
	assert_true(r.blackhole);
	assert_int_equal(vroute_parse(w, split(l4, w), &r, &why, &bad), -EINVAL);
	assert_string_equal(bad, "realms");	/* "or" (multipath) is read now */
	assert_non_null(strstr(why, "not supported"));
	assert_int_equal(vroute_parse(w, split(l5, w), &r, &why, &bad), -EINVAL);
	assert_int_equal(vroute_parse(w, split(l9, w), &r, &why, &bad), 0);
	assert_int_equal(r.dst.prefixlen, 0);
	assert_int_equal(vrule_parse(w, split(l6, w), &u, &why, &bad), 0);
	assert_true(u.has_from && u.has_to && u.has_priority);
	assert_int_equal(u.table, 2);
	assert_int_equal(u.priority, 100);
	assert_int_equal(vrule_parse(w, split(l7, w), &u, &why, &bad), -EINVAL);
	assert_int_equal(vrule_parse(w, split(l8, w), &u, &why, &bad), -EINVAL);
	assert_string_equal(bad, "fwmark");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_full),
		cmocka_unit_test(t_errors),
		cmocka_unit_test(t_vroute),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
