/* vrrpd lint's cross-node checks (vrrpd/lint.c), on hand-made instances. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "vrrpd/lint.h"

static struct vrrp_instance_conf ca, cb;
static struct lint_inst in[2];

static void vip(struct vrrp_instance_conf *c, const char *s)
{
	struct vrrp_vip v = { .scope = -1 };
	const char *why;

	assert_int_equal(ipaddr_parse(s, &v.addr, 0, &why), 0);
	assert_int_equal(vrrp_conf_add_vip(c, &v), 0);
}

static int setup(void **state)
{
	vrrp_conf_init(&ca);
	vrrp_conf_init(&cb);
	ca.vrid = cb.vrid = 51;
	ca.family = cb.family = AF_INET;
	ca.priority = 150;
	cb.priority = 100;
	vip(&ca, "192.0.2.100/24");
	vip(&cb, "192.0.2.100/24");
	in[0] = (struct lint_inst){ .node = "a.conf", .c = &ca, .at = { "a.conf", 1 },
				    .at_advert = { "a.conf", 5 } };
	in[1] = (struct lint_inst){ .node = "b.conf", .c = &cb, .at = { "b.conf", 1 },
				    .at_advert = { "b.conf", 7 } };
	return 0;
}

static int teardown(void **state)
{
	vrrp_conf_free(&ca);
	vrrp_conf_free(&cb);
	return 0;
}

static size_t count(const struct lint_report *r, const char *check)
{
	size_t n = 0;

	for (size_t i = 0; i < r->nf; i++)
		n += strcmp(r->f[i].check, check) == 0;
	return n;
}

static void test_consistent(void **state)
{
	struct lint_report r = { 0 };

	assert_int_equal(lint_check(in, 2, &r), 0);
	assert_int_equal(r.nf, 0);
	lint_report_free(&r);
}

static void test_each_difference(void **state)
{
	struct lint_report r = { 0 };

	cb.adv_int_ms = 2000;
	cb.version = 3;
	cb.priority = 150;
	cb.auth_type = VRRP_AUTH_PASS;
	vip(&cb, "192.0.2.101/24");
	assert_int_equal(lint_check(in, 2, &r), 0);
	assert_int_equal(count(&r, "advert"), 1);
	assert_int_equal(count(&r, "version"), 1);
	assert_int_equal(count(&r, "priority"), 1);
	assert_int_equal(count(&r, "vips"), 1);
	assert_int_equal(count(&r, "auth"), 0);	/* v2 against v3: no common auth */
	for (size_t i = 0; i < r.nf; i++)
		if (!strcmp(r.f[i].check, "advert")) {
			assert_string_equal(r.f[i].at[0].file, "a.conf");
			assert_int_equal(r.f[i].at[0].line, 5);
			assert_int_equal(r.f[i].at[1].line, 7);
			assert_int_equal(r.f[i].sev, LINT_ERROR);
		}
	lint_report_free(&r);
}

static void test_alone_and_same_node(void **state)
{
	struct lint_report r = { 0 };

	in[1].node = "a.conf";		/* both on one node: not a pair */
	assert_int_equal(lint_check(in, 2, &r), 0);
	assert_int_equal(count(&r, "alone"), 2);
	lint_report_free(&r);
	in[1].node = "b.conf";
	assert_int_equal(lint_check(in, 1, &r), 0);
	assert_int_equal(count(&r, "alone"), 1);
	lint_report_free(&r);
}

static void test_subnet(void **state)
{
	struct lint_report r = { 0 };
	struct ipaddr net[2];
	const char *why;

	assert_int_equal(ipaddr_parse("198.51.100.1/24", &net[0], 0, &why), 0);
	assert_int_equal(ipaddr_parse("192.0.2.1/25", &net[1], 0, &why), 0);
	assert_int_equal(lint_subnet(&in[0], net, 1, &r), 0);
	assert_int_equal(count(&r, "subnet"), 1);
	lint_report_free(&r);
	assert_int_equal(lint_subnet(&in[0], net, 2, &r), 0);	/* 192.0.2.100 in /25 */
	assert_int_equal(r.nf, 0);
	lint_report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_consistent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_each_difference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alone_and_same_node, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subnet, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
