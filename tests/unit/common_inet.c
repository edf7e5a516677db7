/* Address parsing and printing (common/inet.c) and the JSON writer. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/inet.h"
#include "common/json.h"

static void test_parse_ok(void **state)
{
	struct ipaddr a;
	char buf[IPADDR_STRLEN];

	assert_int_equal(ipaddr_parse("192.0.2.1", &a, 0, NULL), 0);
	assert_int_equal(a.family, AF_INET);
	assert_int_equal(a.prefixlen, 32);
	assert_string_equal(ipaddr_fmt(&a, buf, sizeof(buf), true), "192.0.2.1/32");

	assert_int_equal(ipaddr_parse("192.0.2.1/24", &a, 0, NULL), 0);
	assert_int_equal(a.prefixlen, 24);
	assert_string_equal(ipaddr_fmt(&a, buf, sizeof(buf), false), "192.0.2.1");

	assert_int_equal(ipaddr_parse("2001:db8::1/64", &a, 0, NULL), 0);
	assert_int_equal(a.family, AF_INET6);
	assert_int_equal(a.prefixlen, 64);
	assert_string_equal(ipaddr_fmt(&a, buf, sizeof(buf), true), "2001:db8::1/64");

	assert_int_equal(ipaddr_parse("2001:db8::1", &a, 0, NULL), 0);
	assert_int_equal(a.prefixlen, 128);
	assert_int_equal(ipaddr_parse("0.0.0.0/0", &a, 0, NULL), 0);
	assert_int_equal(a.prefixlen, 0);
	assert_int_equal(ipaddr_parse("fe80::1/64", &a, 0, NULL), 0);
	assert_true(ipaddr_is_linklocal(&a));
}

static void test_parse_bad(void **state)
{
	static const char *bad[] = {
		"", "192.0.2.1/33", "2001:db8::1/129", "192.0.2.1/", "192.0.2.1/-1",
		"192.0.2.1/+8", "192.0.2.1/ 8", "192.0.2.1/0x10", "192.0.2.256",
		"192.0.2", "eth0", "/24", "192.0.2.1/24/1", "2001:db8:::1",
		"192.0.2.1 ", "192.0.2.1/0024",
	};
	struct ipaddr a;
	const char *why;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (ipaddr_parse(bad[i], &a, 0, &why) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i]);
		assert_non_null(why);
	}
	assert_int_equal(ipaddr_parse(NULL, &a, 0, NULL), -EINVAL);
}

static void test_parse_flags(void **state)
{
	struct ipaddr a;
	const char *why;

	assert_int_equal(ipaddr_parse("192.0.2.1/24", &a, IPADDR_NOPREFIX, &why), -EINVAL);
	assert_string_equal(why, "a prefix length is not allowed here");
	assert_int_equal(ipaddr_parse("2001:db8::1", &a, IPADDR_V4ONLY, &why), -EINVAL);
	assert_int_equal(ipaddr_parse("192.0.2.1", &a, IPADDR_V6ONLY, &why), -EINVAL);
	assert_int_equal(ipaddr_parse("192.0.2.1", &a, IPADDR_V4ONLY, &why), 0);
}

static void test_same(void **state)
{
	struct ipaddr a, b;

	ipaddr_parse("192.0.2.1/24", &a, 0, NULL);
	ipaddr_parse("192.0.2.1/32", &b, 0, NULL);
	assert_true(ipaddr_same(&a, &b));
	ipaddr_parse("192.0.2.2/24", &b, 0, NULL);
	assert_false(ipaddr_same(&a, &b));
	ipaddr_parse("::ffff:192.0.2.1", &b, 0, NULL);
	assert_false(ipaddr_same(&a, &b));
}

static void test_csum(void **state)
{
	/* RFC 1071 section 3's example: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2 */
	static const uint8_t d[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	assert_int_equal(inet_csum_fold(inet_csum_add(0, d, sizeof(d))), (uint16_t)~0xddf2);
	/* odd length: the last byte is padded with zero */
	assert_int_equal(inet_csum_fold(inet_csum_add(0, d, 1)), 0xffff);
}

static void test_json(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	json_obj_begin(&j);
	json_kv_str(&j, "name", "a\"b\\c\n\x01");
	json_kv_int(&j, "n", -5);
	json_key(&j, "list");
	json_arr_begin(&j);
	json_uint(&j, 1);
	json_bool(&j, true);
	json_null(&j);
	json_arr_end(&j);
	json_obj_end(&j);
	json_obj_begin(&j);
	json_obj_end(&j);
	fclose(f);
	assert_string_equal(buf, "{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":-5,"
				 "\"list\":[1,true,null]}\n{}\n");
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_ok),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_parse_flags),
		cmocka_unit_test(test_same),
		cmocka_unit_test(test_csum),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
