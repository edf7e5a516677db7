/* Unit tests for vrrpd/vroute.c's parsers: the route forms keepalived
 * documents (src/to/via/dev/scope/table/metric, blackhole), multipath
 * ("or", "nexthop ... weight"), the rule forms, and the errors. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vrrpd/vroute.h"

#define WORDS(...) (char *[]){ __VA_ARGS__ }, (int)(sizeof((char *[]){ __VA_ARGS__ }) / sizeof(char *))

static const char *why, *bad;

static void t_plain(void **state)
{
	struct vroute r;

	(void)state;
	assert_int_equal(vroute_parse(WORDS("src", "192.0.2.1", "198.51.100.0/24", "via",
					    "192.0.2.254", "dev", "eth0", "table", "100",
					    "metric", "7"), &r, &why, &bad), 0);
	assert_true(r.has_src);
	assert_true(r.has_via);
	assert_string_equal(r.dev, "eth0");
	assert_int_equal(r.dst.prefixlen, 24);
	assert_int_equal(r.table, 100);
	assert_int_equal(r.metric, 7);
	assert_int_equal(r.nnh, 0);
	assert_int_equal(vroute_parse(WORDS("blackhole", "192.0.2.0/25"), &r, &why, &bad), 0);
	assert_true(r.blackhole);
}

static void t_multipath(void **state)
{
	struct vroute r;

	(void)state;
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "via", "192.0.2.253", "or",
					    "192.0.2.254", "dev", "eth0"), &r, &why, &bad), 0);
	assert_int_equal(r.nnh, 1);
	assert_true(r.nh[0].has_via);
	/* "dev" after "or B" is B's; the route's own hop has none */
	assert_string_equal(r.nh[0].dev, "eth0");
	assert_int_equal(vroute_parse(WORDS("0.0.0.0/0", "nexthop", "via", "192.0.2.254", "dev",
					    "eth0", "weight", "2", "nexthop", "via",
					    "198.51.100.254", "dev", "eth1", "weight", "256"),
				      &r, &why, &bad), 0);
	assert_true(r.has_via);
	assert_string_equal(r.dev, "eth0");
	assert_int_equal(r.weight, 1);
	assert_int_equal(r.nnh, 1);
	assert_string_equal(r.nh[0].dev, "eth1");
	assert_int_equal(r.nh[0].weight, 255);
}

static void t_route_errors(void **state)
{
	struct vroute r;

	(void)state;
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "or", "192.0.2.254"), &r, &why,
				      &bad), -EINVAL);
	assert_string_equal(bad, "or");
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "via", "192.0.2.1", "or",
					    "2001:db8::1"), &r, &why, &bad), -EINVAL);
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "via", "192.0.2.1", "weight",
					    "0"), &r, &why, &bad), -EINVAL);
	assert_string_equal(bad, "0");
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "nexthop", "weight", "2"), &r,
				      &why, &bad), -EINVAL);
	assert_int_equal(vroute_parse(WORDS("blackhole", "192.0.2.0/25", "via", "192.0.2.1"),
				      &r, &why, &bad), -EINVAL);
	assert_int_equal(vroute_parse(WORDS("203.0.113.0/24", "realms", "1"), &r, &why, &bad),
			 -EINVAL);
	assert_string_equal(bad, "realms");
}

static void t_rules(void **state)
{
	struct vrule r;

	(void)state;
	assert_int_equal(vrule_parse(WORDS("from", "198.51.100.0/24", "table", "200", "priority",
					   "2000"), &r, &why, &bad), 0);
	assert_true(r.has_from);
	assert_int_equal(r.table, 200);
	assert_int_equal(r.priority, 2000);
	assert_int_equal(vrule_parse(WORDS("to", "192.168.100./24", "table", "1"), &r, &why,
				     &bad), -EINVAL);
	assert_string_equal(bad, "192.168.100./24");
	assert_int_equal(vrule_parse(WORDS("from", "198.51.100.0/24"), &r, &why, &bad), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_plain),
		cmocka_unit_test(t_multipath),
		cmocka_unit_test(t_route_errors),
		cmocka_unit_test(t_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
