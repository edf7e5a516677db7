/* Unit tests for common/kakw: the keyword lists know keepalived's words
 * (first, last and middle of each sorted list) and our own, kakw_check()
 * names the first unknown statement by FILE:LINE and word;
 * conf_id_check(). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/conf.h"
#include "common/kakw.h"

static void test_words(void **state)
{
	(void)state;
	/* keepalived 2.2.7's top level, one of each program's */
	assert_true(kakw_top("vrrp_instance"));
	assert_true(kakw_top("virtual_server_group"));
	assert_true(kakw_top("SSL"));			/* first */
	assert_true(kakw_top("vrrp_track_process"));	/* last */
	assert_true(kakw_top("bfd_instance"));
	assert_true(kakw_top("check"));		/* hcheckd's own */
	assert_false(kakw_top("vrrp_instanse"));
	assert_false(kakw_top("ssl"));		/* keepalived is case-sensitive */
	assert_false(kakw_top("router_id"));	/* a global_defs key */
	/* global_defs */
	assert_true(kakw_global("router_id"));
	assert_true(kakw_global("bfd_cpu_affinity"));	/* first */
	assert_true(kakw_global("vrrp_strict"));
	assert_true(kakw_global("lvs_sync_daemon"));
	assert_true(kakw_global("enable_script_security"));
	assert_true(kakw_global("hcheckd_agent"));
	assert_true(kakw_global("hcheckd_metrics_listen"));
	assert_true(kakw_global("vrrpd_metrics_listen"));	/* ours: last */
	assert_false(kakw_global("router_idd"));
	assert_false(kakw_global("vrrp_instance"));
}

static void test_check(void **state)
{
	static const char text[] =
		"global_defs {\n"
		"    router_id a\n"
		"    checker_priority 1\n"
		"}\n"
		"SSL { password x }\n"
		"check web { HTTP_GET { url { path / } } }\n"
		"global_defs {\n"
		"    notification_emial root\n"		/* 8 */
		"}\n"
		"vrrp_instanse VI_1 { }\n";		/* 10 */
	struct conf_options o = { .instance = "" };
	struct conf_err e;
	struct conf *c;

	(void)state;
	assert_int_equal(conf_load_string(text, strlen(text), "k.conf", &o, &c, &e), 0);
	assert_int_equal(kakw_check(c->root, &e), -EINVAL);
	assert_int_equal(e.line, 8);
	assert_string_equal(e.word, "notification_emial");
	assert_string_equal(e.msg, "unknown keyword 'notification_emial' in global_defs");
	conf_free(c);
	/* without that block: the top-level typo */
	assert_int_equal(conf_load_string(text, strstr(text, "global_defs {\n    notif") - text,
					  "k.conf", &o, &c, &e), 0);
	assert_int_equal(kakw_check(c->root, &e), 0);	/* control: all known */
	conf_free(c);
	assert_int_equal(conf_load_string(text, strlen(text), "k.conf", &o, &c, &e), 0);
	assert_int_equal(kakw_top_other(c->root->next->next->next->next, &e), -EINVAL);
	assert_int_equal(e.line, 10);
	assert_string_equal(e.msg, "unknown keyword 'vrrp_instanse' at top level");
	conf_free(c);
}

static void test_conf_id(void **state)
{
	char long_id[CONF_ID_MAX + 2];

	(void)state;
	assert_int_equal(conf_id_check("lb1"), 0);
	assert_int_equal(conf_id_check("@x-1.example"), 0);
	assert_int_equal(conf_id_check(""), -EINVAL);
	assert_int_equal(conf_id_check("a b"), -EINVAL);
	assert_int_equal(conf_id_check("a\tb"), -EINVAL);
	memset(long_id, 'x', sizeof(long_id) - 1);
	long_id[sizeof(long_id) - 1] = 0;
	assert_int_equal(conf_id_check(long_id), -EINVAL);
	long_id[CONF_ID_MAX] = 0;
	assert_int_equal(conf_id_check(long_id), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_conf_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
