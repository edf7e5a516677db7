/* vrrpd's command line (vrrpd/cli.c) and the instance checks
 * (vrrpd/config.c, vrrpd_conf_check): what parses, what is refused, what
 * is derived. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "vrrpd/cli.h"

static char err[512];

static int parse(struct vrrpd_opts *o, struct vrrpd_conf *c, const char *line)
{
	static char copy[1024];
	char *argv[64];
	int argc = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	argv[argc++] = "vrrpd";
	for (char *t = strtok(copy, " "); t; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	vrrpd_conf_init(c);
	return vrrpd_cli_parse(argc, argv, o, c, err, sizeof(err));
}

static void test_full(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;
	const struct vrrp_instance_conf *ic;

	(void)state;
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 51 --priority 150 --vip 192.0.2.100/24 "
			       "--vip 192.0.2.101 --advert-ms 200 --version 3 --name VI_1 "
			       "--unicast-peer 192.0.2.2 --unicast-peer 192.0.2.3 "
			       "--unicast-src 192.0.2.1 --nopreempt --preempt-delay 5 "
			       "--use-vmac --v3-checksum-as-v2 --notify /bin/true "
			       "--notify-master /bin/m --garp-repeat 3 --garp-delay 0 "
			       "--garp-refresh 60 -S /tmp/s -n -l stderr -p /tmp/p "
			       "--notify-fifo /tmp/f --script-timeout 500 -v"), 0);
	assert_int_equal(c.ninst, 1);
	ic = &c.inst[0];
	assert_string_equal(ic->name, "VI_1");
	assert_string_equal(ic->ifname, "eth0");
	assert_int_equal(ic->vrid, 51);
	assert_int_equal(ic->priority, 150);
	assert_int_equal(ic->nvips, 2);
	assert_int_equal(ic->vips[0].addr.prefixlen, 24);
	assert_int_equal(ic->vips[1].addr.prefixlen, 32);
	assert_int_equal(ic->vips[0].scope, -1);
	assert_int_equal(ic->adv_int_ms, 200);
	assert_int_equal(ic->version, 3);
	assert_int_equal(ic->npeers, 2);
	assert_true(ic->has_unicast_src);
	assert_true(ic->nopreempt);
	assert_int_equal(ic->preempt_delay_ms, 5000);
	assert_true(ic->use_vmac);
	assert_int_equal(ic->v3_csum, PKT_CSUM_PLAIN);
	assert_string_equal(ic->script[VRRP_SCRIPT_ANY], "/bin/true");
	assert_string_equal(ic->script[VRRP_SCRIPT_MASTER], "/bin/m");
	assert_null(ic->script[VRRP_SCRIPT_BACKUP]);
	assert_int_equal(ic->garp_master_repeat, 3);
	assert_int_equal(ic->garp_master_delay_s, 0);
	assert_int_equal(ic->garp_master_refresh_s, 60);
	assert_string_equal(o.sock, "/tmp/s");
	assert_true(o.foreground);
	assert_true(o.log_set);
	assert_int_equal(o.log, LOG_TO_STDERR);
	assert_string_equal(o.pidfile, "/tmp/p");
	assert_string_equal(c.notify_fifo, "/tmp/f");
	assert_int_equal(c.script_timeout_ms, 500);
	assert_int_equal(o.verbose, 1);
	assert_int_equal(vrrpd_conf_check(&c, err, sizeof(err)), 0);
	assert_int_equal(c.inst[0].family, AF_INET);
	vrrpd_conf_free(&c);
}

static void test_defaults(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;
	const struct vrrp_instance_conf *ic;

	(void)state;
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip 192.0.2.1"), 0);
	ic = &c.inst[0];
	assert_string_equal(ic->name, "vrid7");
	assert_int_equal(ic->version, 2);		/* keepalived's default */
	assert_int_equal(ic->priority, 100);
	assert_int_equal(ic->adv_int_ms, 1000);
	assert_false(ic->nopreempt);
	assert_int_equal(ic->garp_master_repeat, 5);
	assert_int_equal(ic->garp_master_delay_s, 5);
	assert_int_equal(ic->v3_csum, PKT_CSUM_PSEUDO);
	assert_int_equal(ic->auth_type, VRRP_AUTH_NONE);
	assert_int_equal(c.script_timeout_ms, VRRPD_SCRIPT_TIMEOUT_MS);
	assert_false(o.foreground);
	assert_false(o.log_set);
	assert_null(o.sock);
	vrrpd_conf_free(&c);
}

static void test_ipv6_is_v3(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;
	char w[256];

	(void)state;
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip fe80::7/64 --vip 2001:db8::7/64 "
			       "--advert-ms 50"), 0);
	assert_int_equal(vrrp_conf_check(&c.inst[0], err, sizeof(err), w, sizeof(w)), 0);
	assert_int_equal(c.inst[0].family, AF_INET6);
	assert_int_equal(c.inst[0].version, 3);
	assert_string_equal(w, "");			/* first VIP link-local: no warning */
	vrrpd_conf_free(&c);

	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip 2001:db8::7/64 --version 3"), 0);
	assert_int_equal(vrrp_conf_check(&c.inst[0], err, sizeof(err), w, sizeof(w)), 0);
	assert_non_null(strstr(w, "not link-local"));
	vrrpd_conf_free(&c);
}

static void test_auth(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip 192.0.2.1 --auth-pass secret"), 0);
	assert_int_equal(c.inst[0].auth_type, VRRP_AUTH_PASS);
	assert_memory_equal(c.inst[0].auth_pass, "secret\0\0", 8);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip 192.0.2.1 --auth-pass 123456789"),
			 -EINVAL);
	assert_non_null(strstr(err, "at most 8"));
	vrrpd_conf_free(&c);
}

static void refused(const char *line, const char *why)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;
	int r = parse(&o, &c, line);

	if (r == 0)
		r = vrrpd_conf_check(&c, err, sizeof(err));
	assert_int_equal(r, -EINVAL);
	if (!strstr(err, why))
		fail_msg("'%s': error '%s' lacks '%s'", line, err, why);
	vrrpd_conf_free(&c);
}

static void test_refused(void **state)
{
	(void)state;
	refused("", "nothing to run");
	refused("-i eth0 --vrid 0 --vip 192.0.2.1", "--vrid 0");
	refused("-i eth0 --vrid 256 --vip 192.0.2.1", "--vrid 256");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --priority 0", "--priority 0");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --priority 256", "--priority 256");
	refused("-i eth0 --vrid 1 --vip 192.0.2.300", "--vip 192.0.2.300");
	refused("-i eth0 --vrid 1", "missing --vip");
	refused("--vrid 1 --vip 192.0.2.1", "missing -i");
	refused("-i eth0 --vip 192.0.2.1", "missing --vrid");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --advert-ms 100", "needs --version 3");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --version 4", "2 or 3");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --vip 2001:db8::1", "mixed");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --unicast-peer 2001:db8::2", "family");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --unicast-peer 192.0.2.2/24", "--unicast-peer");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --preempt-delay 2000", "--preempt-delay");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 -l journal", "stderr or syslog");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --frob", "unknown option");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 extra", "unexpected argument");
	refused("-i eth0 --vrid", "needs an argument");
	refused("-f /etc/keepalived/keepalived.conf -i eth0", "do not mix");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --version 3 --advert-ms 50000", "40.95");
}

/* --version alone (or before an option) is the program's version; followed
 * by a word, or as --version=N, it is VRRP's, like --vrrp-version N */
static void test_version_flag(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(&o, &c, "--version"), 0);
	assert_true(o.version);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "-V"), 0);
	assert_true(o.version);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "--version -f /etc/keepalived/keepalived.conf"), 0);
	assert_true(o.version);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 1 --vip 192.0.2.1 --version --nopreempt"), 0);
	assert_true(o.version);
	vrrpd_conf_free(&c);

	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 1 --vip 192.0.2.1 --version 3"), 0);
	assert_false(o.version);
	assert_int_equal(c.inst[0].version, 3);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "--version=3 -i eth0 --vrid 1 --vip 192.0.2.1"), 0);
	assert_false(o.version);
	assert_int_equal(c.inst[0].version, 3);
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "--vrrp-version 3 -i eth0 --vrid 1 --vip 192.0.2.1 "
				 "--advert-ms 100"), 0);
	assert_false(o.version);
	assert_int_equal(c.inst[0].version, 3);
	assert_int_equal(c.inst[0].adv_int_ms, 100);
	vrrpd_conf_free(&c);
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --vrrp-version 4", "--vrrp-version 4: 2 or 3");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --vrrp-version", "needs an argument");
	refused("-i eth0 --vrid 1 --vip 192.0.2.1 --version=", "2 or 3");
}

static void test_conf_rules(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c, c2;
	struct vrrp_instance_conf ic, cp;
	struct vrrp_vip v = { .scope = -1 };
	char w[256];

	(void)state;
	/* v2 intervals are whole seconds: rounded up with a warning */
	vrrp_conf_init(&ic);
	snprintf(ic.name, sizeof(ic.name), "VI_1");
	snprintf(ic.ifname, sizeof(ic.ifname), "eth0");
	ic.vrid = 1;
	ic.adv_int_ms = 1500;
	assert_int_equal(vrrp_conf_check(&ic, err, sizeof(err), w, sizeof(w)), -EINVAL);
	assert_non_null(strstr(err, "no virtual_ipaddress"));
	assert_int_equal(ipaddr_parse("192.0.2.9/24", &v.addr, 0, NULL), 0);
	assert_int_equal(vrrp_conf_add_vip(&ic, &v), 0);
	assert_int_equal(vrrp_conf_check(&ic, err, sizeof(err), w, sizeof(w)), 0);
	assert_int_equal(ic.adv_int_ms, 2000);
	assert_non_null(strstr(w, "rounded up"));
	/* v3 intervals in 10 ms steps */
	ic.version = 3;
	ic.adv_int_ms = 125;
	assert_int_equal(vrrp_conf_check(&ic, err, sizeof(err), w, sizeof(w)), 0);
	assert_int_equal(ic.adv_int_ms, 120);
	/* AH refused, auth ignored in v3 with a warning */
	ic.auth_type = VRRP_AUTH_AH;
	assert_int_equal(vrrp_conf_check(&ic, err, sizeof(err), w, sizeof(w)), -EINVAL);
	assert_non_null(strstr(err, "AH is not supported"));
	ic.auth_type = VRRP_AUTH_PASS;
	assert_int_equal(vrrp_conf_check(&ic, err, sizeof(err), w, sizeof(w)), 0);
	assert_int_equal(ic.auth_type, VRRP_AUTH_NONE);
	assert_non_null(strstr(w, "ignored with VRRPv3"));
	/* deep copy */
	assert_int_equal(vrrp_conf_set_script(&ic, VRRP_SCRIPT_STOP, "/bin/stop"), 0);
	assert_int_equal(vrrp_conf_copy(&cp, &ic), 0);
	assert_ptr_not_equal(cp.vips, ic.vips);
	assert_ptr_not_equal(cp.script[VRRP_SCRIPT_STOP], ic.script[VRRP_SCRIPT_STOP]);
	assert_string_equal(cp.script[VRRP_SCRIPT_STOP], "/bin/stop");
	vrrp_conf_free(&cp);
	vrrp_conf_free(&ic);
	vrrp_conf_free(NULL);
	assert_string_equal(vrrp_script_name(VRRP_SCRIPT_MASTER), "notify_master");

	/* two instances: unique names and (interface, family, VRID) */
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 7 --vip 192.0.2.1"), 0);
	assert_int_equal(parse(&o, &c2, "-i eth0 --vrid 7 --vip 192.0.2.2 --name other"), 0);
	assert_int_equal(vrrpd_conf_add(&c, &c2.inst[0]), 0);
	assert_int_equal(vrrpd_conf_check(&c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "same interface eth0"));
	snprintf(c.inst[1].name, sizeof(c.inst[1].name), "vrid7");
	assert_int_equal(vrrpd_conf_check(&c, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "defined twice"));
	vrrpd_conf_free(&c);
	vrrpd_conf_free(&c2);
}

static void test_conflict_flags(void **state)
{
	struct vrrpd_opts o;
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 5 --vip 192.0.2.5 --conflict-probe 2 "
			       "--notify-conflict /bin/c"), 0);
	assert_int_equal(c.inst[0].conflict_probe_s, 2);
	assert_string_equal(c.inst[0].script[VRRP_SCRIPT_CONFLICT], "/bin/c");
	vrrpd_conf_free(&c);
	assert_int_equal(parse(&o, &c, "-i eth0 --vrid 5 --vip 192.0.2.5"), 0);
	assert_int_equal(c.inst[0].conflict_probe_s, 10);
	vrrpd_conf_free(&c);
	assert_int_not_equal(parse(&o, &c, "-i eth0 --vrid 5 --vip 192.0.2.5 --conflict-probe x"),
			     0);
	assert_non_null(strstr(err, "--conflict-probe x"));
	vrrpd_conf_free(&c);
	/* an instance flag: not with -f */
	assert_int_not_equal(parse(&o, &c, "-f /etc/k.conf --conflict-probe 2"), 0);
	vrrpd_conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_ipv6_is_v3),
		cmocka_unit_test(test_auth),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_version_flag),
		cmocka_unit_test(test_conf_rules),
		cmocka_unit_test(test_conflict_flags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
