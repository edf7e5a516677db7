/* common/lvssync against the real kernel: run in the IPVS VM by t3502
 * (LVSSYNC_IF names an interface with an IPv4 address); one skipped test
 * without LVSSYNC_IF, as on the build machine, which has no IPVS. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/lvssync.h"

static struct ipvs h;
static struct lvssync s;

struct seen {
	struct ipvs_daemon d[2];	/* [0] master, [1] backup */
};

static int seen_cb(const struct ipvs_daemon *d, void *arg)
{
	struct seen *v = arg;

	v->d[d->state == IP_VS_STATE_MASTER ? 0 : 1] = *d;
	return 0;
}

/* syncid of the running master and backup, -1 when not running */
static void running(int *master, int *backup)
{
	struct seen v;

	memset(&v, 0, sizeof(v));
	assert_int_equal(ipvs_dump_daemons(&h, seen_cb, &v), 0);
	*master = v.d[0].state ? (int)v.d[0].syncid : -1;
	*backup = v.d[1].state ? (int)v.d[1].syncid : -1;
}

static int setup(void **state)
{
	const char *ifname = getenv("LVSSYNC_IF");
	int r;

	if ((r = ipvs_open(&h)) < 0)
		fail_msg("ipvs_open: %s", strerror(-r));
	s.set = true;
	snprintf(s.ifname, sizeof(s.ifname), "%s", ifname);
	snprintf(s.instance, sizeof(s.instance), "VI_1");
	s.syncid = 51;
	return 0;
}

static void test_transitions(void **state)
{
	int m, b;

	assert_int_equal(lvssync_stop(&h), 0);		/* none running: fine */
	running(&m, &b);
	assert_int_equal(m, -1);
	assert_int_equal(b, -1);
	/* start as backup (vrrpd at start) */
	assert_int_equal(lvssync_backup(&h, &s), 0);
	running(&m, &b);
	assert_int_equal(m, -1);
	assert_int_equal(b, 51);
	assert_int_equal(lvssync_backup(&h, &s), 0);	/* again: kept */
	/* becoming MASTER: backup stopped, master started */
	assert_int_equal(lvssync_master(&h, &s), 0);
	running(&m, &b);
	assert_int_equal(m, 51);
	assert_int_equal(b, -1);
	assert_int_equal(lvssync_master(&h, &s), 0);	/* again: kept */
	/* a reload with another sync id: the running master is replaced */
	s.syncid = 52;
	assert_int_equal(lvssync_master(&h, &s), 0);
	running(&m, &b);
	assert_int_equal(m, 52);
	/* leaving MASTER */
	assert_int_equal(lvssync_backup(&h, &s), 0);
	running(&m, &b);
	assert_int_equal(m, -1);
	assert_int_equal(b, 52);
	/* both (hcheckd), then stop twice */
	assert_int_equal(lvssync_both(&h, &s), 0);
	running(&m, &b);
	assert_int_equal(m, 52);
	assert_int_equal(b, 52);
	assert_int_equal(lvssync_stop(&h), 0);
	running(&m, &b);
	assert_int_equal(m, -1);
	assert_int_equal(b, -1);
	assert_int_equal(lvssync_stop(&h), 0);
	/* stopped right after it started: the kernel sends no ACK (lvssync.c) */
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lvssync_backup(&h, &s), 0);
		assert_int_equal(lvssync_stop(&h), 0);
		running(&m, &b);
		assert_int_equal(b, -1);
	}
}

static void test_errors(void **state)
{
	struct lvssync bad = s;

	snprintf(bad.ifname, sizeof(bad.ifname), "nosuch0");
	assert_int_equal(lvssync_master(&h, &bad), -ENODEV);
	assert_int_equal(lvssync_both(&h, &bad), -ENODEV);
	assert_int_equal(lvssync_stop(&h), 0);
}

int main(void)
{
	if (!getenv("LVSSYNC_IF")) {
		printf("1..1\nok 1 # SKIP needs the IPVS VM (tests/vm/t3502 runs it)\n");
		return 0;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
