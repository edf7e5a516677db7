/* vipctl's command-line grammar (vipctl/cli.c): what parses, what is refused. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "common/addr.h"
#include "vipctl/cli.h"

static int parse(struct vip_cmd *c, char *err, const char *line)
{
	static char copy[512];
	char *argv[32];
	int argc = 0;

	strcpy(copy, line);
	argv[argc++] = "vipctl";
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	return cli_parse(argc, argv, c, err, 256);
}

static void test_add_full(void **state)
{
	struct vip_cmd c;
	char err[256];

	assert_int_equal(parse(&c, err, "add 192.0.2.10/24 dev eth0 label eth0:vip scope link "
			       "preferred_lft 30 valid_lft 60 --garp 3 --garp-interval 200 -v"), 0);
	assert_int_equal(c.verb, VERB_ADD);
	assert_int_equal(c.addr.family, AF_INET);
	assert_int_equal(c.addr.prefixlen, 24);
	assert_true(c.has_prefix);
	assert_string_equal(c.dev, "eth0");
	assert_string_equal(c.label, "eth0:vip");
	assert_int_equal(c.scope, 253);
	assert_int_equal(c.preferred_lft, 30);
	assert_int_equal(c.valid_lft, 60);
	assert_int_equal(c.count, 3);
	assert_int_equal(c.interval_ms, 200);
	assert_int_equal(c.verbose, 1);
}

static void test_defaults(void **state)
{
	struct vip_cmd c;
	char err[256];

	assert_int_equal(parse(&c, err, "add 2001:db8::1 dev eth0 nodad"), 0);
	assert_int_equal(c.addr.prefixlen, 128);
	assert_false(c.has_prefix);
	assert_true(c.nodad);
	assert_int_equal(c.count, 0);			/* add announces only when asked */
	assert_int_equal(c.scope, -1);
	assert_int_equal(c.preferred_lft, ADDR_LFT_FOREVER);

	assert_int_equal(parse(&c, err, "garp 192.0.2.10 dev eth0"), 0);
	assert_int_equal(c.count, 5);			/* keepalived's default */
	assert_int_equal(c.interval_ms, 0);

	assert_int_equal(parse(&c, err, "move 192.0.2.10 dev eth0 to eth1"), 0);
	assert_int_equal(c.count, 5);
	assert_string_equal(c.to_dev, "eth1");

	assert_int_equal(parse(&c, err, "probe 192.0.2.10 dev eth0"), 0);
	assert_int_equal(c.timeout_ms, 1000);

	assert_int_equal(parse(&c, err, "list -j"), 0);
	assert_true(c.json);
	assert_int_equal(parse(&c, err, "-j list dev eth0 -6"), 0);
	assert_int_equal(c.family, AF_INET6);
	assert_int_equal(parse(&c, err, "has 192.0.2.10"), 0);
	assert_null(c.dev);
}

static void test_errors(void **state)
{
	static const struct { const char *line, *msg; } bad[] = {
		{ "", "no verb given" },
		{ "ad 192.0.2.1 dev eth0", "unknown verb 'ad'" },
		{ "add 192.0.2.1/33 dev eth0", "bad address '192.0.2.1/33': bad prefix length" },
		{ "add 192.0.2.1", "add needs 'dev IF'" },
		{ "add dev eth0", "add needs an address" },
		{ "add 192.0.2.1 dev", "'dev' needs an interface name" },
		{ "add 192.0.2.1 dev eth0 scope galaxy", "bad scope 'galaxy' (global, site, link, host or 0-255)" },
		{ "add 192.0.2.1 dev eth0 --garp -1", "bad count '-1' (0-10000)" },
		{ "add 192.0.2.1 dev eth0 --garp 5x", "bad count '5x' (0-10000)" },
		{ "add 2001:db8::1 dev eth0 label eth0:1", "labels exist for IPv4 addresses only" },
		{ "add 192.0.2.1 dev eth0 label vip", "label 'vip' must start with the interface name 'eth0'" },
		{ "add 192.0.2.1 dev eth0 preferred_lft 60 valid_lft 30", "preferred_lft is longer than valid_lft" },
		{ "del 192.0.2.1 dev eth0 --garp 3", "'--garp' is not an option of del" },
		{ "garp 192.0.2.1/24 dev eth0", "bad address '192.0.2.1/24': a prefix length is not allowed here" },
		{ "move 192.0.2.1 dev eth0", "move needs 'to IF2'" },
		{ "move 192.0.2.1 dev eth0 to eth0", "move: source and target interface are both eth0" },
		{ "probe 192.0.2.1 dev eth0 --timeout 0", "bad timeout '0' (1-60000 ms)" },
		{ "add 192.0.2.1 dev eth0 bogus", "unexpected 'bogus'" },
		{ "add 192.0.2.1 dev this-name-is-too-long", "bad interface name 'this-name-is-too-long'" },
		{ "list -4 192.0.2.1", "unexpected '192.0.2.1'" },
	};
	struct vip_cmd c;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (parse(&c, err, bad[i].line) != -EINVAL)
			fail_msg("'%s' was accepted", bad[i].line);
		if (strcmp(err, bad[i].msg) != 0)
			fail_msg("'%s': got '%s', wanted '%s'", bad[i].line, err, bad[i].msg);
	}
}

static void test_help(void **state)
{
	struct vip_cmd c;
	char err[256];

	assert_int_equal(parse(&c, err, "--help"), 0);
	assert_true(c.help);
	assert_int_equal(parse(&c, err, "add --help"), 0);
	assert_int_equal(c.verb, VERB_ADD);
	assert_true(c.help);
	assert_non_null(strstr(cli_usage(VERB_NONE), "vipctl probe"));
}

static void test_rs(void **state)
{
	struct vip_cmd c;
	char err[256];

	assert_int_equal(parse(&c, err, "rs-add 192.0.2.100"), 0);
	assert_int_equal(c.verb, VERB_RS_ADD);
	assert_null(c.dev);			/* lo, decided by the verb */
	assert_int_equal(c.addr.prefixlen, 32);
	assert_true(c.nodad);
	assert_int_equal(parse(&c, err, "rs-add 192.0.2.100/32 dev tunl0 arp eth0 arp eth1"), 0);
	assert_int_equal(c.n_arp, 2);
	assert_string_equal(c.arp_devs[1], "eth1");
	assert_string_equal(c.dev, "tunl0");
	assert_int_equal(parse(&c, err, "rs-add 192.0.2.100/24"), -EINVAL);
	assert_non_null(strstr(err, "host address (/32)"));
	assert_int_equal(parse(&c, err, "rs-add 2001:db8::1/64"), -EINVAL);
	assert_int_equal(parse(&c, err, "rs-del 192.0.2.100 arp eth0"), -EINVAL);
	assert_int_equal(parse(&c, err, "rs-add"), -EINVAL);
	assert_int_equal(parse(&c, err, "rs-add 192.0.2.1 arp e0 arp e1 arp e2 arp e3 arp e4 "
			       "arp e5 arp e6 arp e7 arp e8"), -EINVAL);
	assert_int_equal(parse(&c, err, "rs-del 2001:db8::1"), 0);
	assert_int_equal(c.verb, VERB_RS_DEL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_rs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
