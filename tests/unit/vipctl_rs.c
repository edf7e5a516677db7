/* rs-add's state file (vipctl/rsstate.c); the verbs' grammar is in vipctl_cli.c. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "vipctl/rs.h"

static struct rs_state st, back;

static void test_round_trip(void **state)
{
	char buf[4096];
	int n, bad;

	memset(&st, 0, sizeof(st));
	assert_int_equal(rs_state_add_vip(&st, "192.0.2.100/32", "lo"), 1);
	assert_int_equal(rs_state_add_vip(&st, "192.0.2.100/32", "lo"), 0);
	assert_int_equal(rs_state_add_vip(&st, "2001:db8::1/128", "tunl0"), 1);
	assert_int_equal(rs_state_add_sysctl(&st, "/proc/sys/net/ipv4/conf/all/arp_ignore", 0, 1), 1);
	/* the first value before us wins: a second rs-add finds 1 already */
	assert_int_equal(rs_state_add_sysctl(&st, "/proc/sys/net/ipv4/conf/all/arp_ignore", 1, 1), 0);
	assert_int_equal(rs_state_sysctl(&st, "/proc/sys/net/ipv4/conf/all/arp_ignore")->old_val, 0);
	n = rs_state_format(&st, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(rs_state_parse(buf, &back, &bad), 0);
	assert_int_equal(back.nvips, 2);
	assert_string_equal(back.vips[1].dev, "tunl0");
	assert_int_equal(back.nsysctls, 1);
	assert_int_equal(back.sysctls[0].new_val, 1);
	assert_int_equal(rs_state_del_vip(&back, "192.0.2.100/32"), 1);
	assert_int_equal(rs_state_del_vip(&back, "192.0.2.100/32"), 0);
	assert_int_equal(back.nvips, 1);
	assert_string_equal(back.vips[0].addr, "2001:db8::1/128");
	assert_int_equal(rs_state_format(&st, buf, 40), -ENOSPC);
	assert_int_equal(rs_state_parse("", &back, &bad), 0);
	assert_int_equal(back.nvips, 0);
}

static void test_bad_files(void **state)
{
	int bad;

	assert_int_equal(rs_state_parse("# c\nvip 192.0.2.1/32\n", &st, &bad), -EINVAL);
	assert_int_equal(bad, 2);
	assert_int_equal(rs_state_parse("sysctl /etc/passwd 0 1\n", &st, &bad), -EINVAL);
	assert_int_equal(rs_state_parse("sysctl /proc/sys/../../etc/x 0 1\n", &st, &bad), -EINVAL);
	assert_int_equal(rs_state_parse("sysctl /proc/sys/net/x zero 1\n", &st, &bad), -EINVAL);
	assert_int_equal(rs_state_parse("what 1\n", &st, &bad), -EINVAL);
	assert_int_equal(rs_state_parse("vip 192.0.2.1/32 averyveryverylongname0\n", &st, &bad), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_bad_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
