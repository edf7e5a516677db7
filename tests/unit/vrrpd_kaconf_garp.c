/* Unit tests for the GARP keys of vrrpd/kaconf.c: garp_interval and
 * gna_interval (separate, in microseconds), garp_lower_prio_repeat and
 * garp_lower_prio_delay, and their defaults from global_defs as keepalived
 * derives them (the global vrrp_garp_lower_prio_* if set, else the global
 * vrrp_garp_master_repeat / _delay, else 5 and 5).  Also the conflict
 * probes' keys (the other half of a master's announcing): global_defs
 * vrrp_conflict_probe_interval (default 10 s, 0 = off) and notify_conflict. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/conf.h"
#include "vrrpd/daemon.h"
#include "vrrpd/kaconf.h"

static char err[512];

static int parse(const char *text, struct vrrpd_conf *c)
{
	struct conf_options o = { .instance = "" };
	struct conf *cf = NULL;
	struct conf_err e;
	int r;

	err[0] = 0;
	vrrpd_conf_init(c);
	r = conf_load_string(text, strlen(text), "k.conf", &o, &cf, &e);
	if (r < 0) {
		conf_err_fmt(&e, err, sizeof(err));
		return r;
	}
	r = kaconf_parse(cf, "k.conf", c, false, err, sizeof(err));
	conf_free(cf);
	return r;
}

#define INST(name, vrid, extra) \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " vrid "\n" \
	" virtual_ipaddress { 192.0.2." vrid "/24 }\n" extra "}\n"

static void t_defaults(void **state)
{
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(INST("VI_1", "1", ""), &c), 0);
	assert_int_equal(c.ninst, 1);
	assert_int_equal(c.inst[0].garp_master_repeat, 5);
	assert_int_equal(c.inst[0].garp_master_delay_s, 5);
	assert_int_equal(c.inst[0].garp_lower_prio_repeat, 5);
	assert_int_equal(c.inst[0].garp_lower_prio_delay_s, 5);
	assert_int_equal(c.inst[0].garp_interval_us, 0);
	assert_int_equal(c.inst[0].gna_interval_us, 0);
	vrrpd_conf_free(&c);
}

static void t_instance_keys(void **state)
{
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(INST("VI_1", "1",
				    " garp_master_repeat 3\n garp_lower_prio_repeat 0\n"
				    " garp_lower_prio_delay 9\n garp_interval 0.25\n"
				    " gna_interval 0.000010\n"), &c), 0);
	assert_int_equal(c.inst[0].garp_master_repeat, 3);
	assert_int_equal(c.inst[0].garp_lower_prio_repeat, 0);
	assert_int_equal(c.inst[0].garp_lower_prio_delay_s, 9);
	assert_int_equal(c.inst[0].garp_interval_us, 250000);
	assert_int_equal(c.inst[0].gna_interval_us, 10);
	vrrpd_conf_free(&c);
}

static void t_global_defaults(void **state)
{
	struct vrrpd_conf c;

	(void)state;
	/* the lower-priority bursts follow the global repeat and delay ... */
	assert_int_equal(parse("global_defs {\n vrrp_garp_master_repeat 2\n"
			       " vrrp_garp_master_delay 7\n vrrp_gna_interval 0.5\n}\n"
			       INST("VI_1", "1", " garp_master_repeat 4\n"), &c), 0);
	assert_int_equal(c.inst[0].garp_master_repeat, 4);
	assert_int_equal(c.inst[0].garp_master_delay_s, 7);
	assert_int_equal(c.inst[0].garp_lower_prio_repeat, 2);	/* not the instance's 4 */
	assert_int_equal(c.inst[0].garp_lower_prio_delay_s, 7);
	assert_int_equal(c.inst[0].garp_interval_us, 0);
	assert_int_equal(c.inst[0].gna_interval_us, 500000);
	vrrpd_conf_free(&c);
	/* ... unless global lower_prio keys say otherwise; instance keys win */
	assert_int_equal(parse("global_defs {\n vrrp_garp_master_repeat 2\n"
			       " vrrp_garp_lower_prio_repeat 1\n vrrp_garp_lower_prio_delay 0\n"
			       " vrrp_garp_interval 0.001\n}\n"
			       INST("VI_1", "1", "") INST("VI_2", "2", " garp_lower_prio_delay 3\n"),
			       &c), 0);
	assert_int_equal(c.inst[0].garp_lower_prio_repeat, 1);
	assert_int_equal(c.inst[0].garp_lower_prio_delay_s, 0);
	assert_int_equal(c.inst[0].garp_interval_us, 1000);
	assert_int_equal(c.inst[1].garp_lower_prio_repeat, 1);
	assert_int_equal(c.inst[1].garp_lower_prio_delay_s, 3);
	vrrpd_conf_free(&c);
}

static void t_errors(void **state)
{
	struct vrrpd_conf c;

	(void)state;
	assert_int_not_equal(parse(INST("VI_1", "1", " garp_lower_prio_repeat -1\n"), &c), 0);
	assert_non_null(strstr(err, "k.conf:"));
	assert_non_null(strstr(err, "-1"));
	vrrpd_conf_free(&c);
	assert_int_not_equal(parse(INST("VI_1", "1", " gna_interval x\n"), &c), 0);
	assert_non_null(strstr(err, "x"));
	vrrpd_conf_free(&c);
}

static void t_conflict_keys(void **state)
{
	struct vrrpd_conf c;

	(void)state;
	assert_int_equal(parse(INST("VI_1", "1", ""), &c), 0);
	assert_int_equal(c.inst[0].conflict_probe_s, 10);
	assert_null(c.inst[0].script[VRRP_SCRIPT_CONFLICT]);
	vrrpd_conf_free(&c);

	assert_int_equal(parse("global_defs {\n vrrp_conflict_probe_interval 3\n}\n"
			       INST("VI_1", "1", " notify_conflict \"/bin/logger -t split\"\n")
			       INST("VI_2", "2", ""), &c), 0);
	assert_int_equal(c.inst[0].conflict_probe_s, 3);
	assert_int_equal(c.inst[1].conflict_probe_s, 3);
	assert_string_equal(c.inst[0].script[VRRP_SCRIPT_CONFLICT], "/bin/logger -t split");
	assert_string_equal(vrrp_script_name(VRRP_SCRIPT_CONFLICT), "notify_conflict");
	vrrpd_conf_free(&c);

	assert_int_equal(parse("global_defs {\n vrrp_conflict_probe_interval 0\n}\n"
			       INST("VI_1", "1", ""), &c), 0);
	assert_int_equal(c.inst[0].conflict_probe_s, 0);
	vrrpd_conf_free(&c);

	assert_int_not_equal(parse("global_defs {\n vrrp_conflict_probe_interval x\n}\n"
				   INST("VI_1", "1", ""), &c), 0);
	assert_non_null(strstr(err, "k.conf:2"));
	vrrpd_conf_free(&c);
	assert_int_not_equal(parse("global_defs {\n vrrp_conflict_probe_interval 1 2\n}\n"
				   INST("VI_1", "1", ""), &c), 0);
	vrrpd_conf_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_defaults),
		cmocka_unit_test(t_instance_keys),
		cmocka_unit_test(t_global_defaults),
		cmocka_unit_test(t_errors),
		cmocka_unit_test(t_conflict_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
