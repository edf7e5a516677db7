/* Unit tests for vrrpd/track.c (priority arithmetic), track_script.c
 * (rise/fall, real runs through the loop: success, failure, timeout, skip),
 * sync.c (sync group rules) and scriptsec.c. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/loop.h"
#include "common/scriptsec.h"
#include "vrrpd/sync.h"
#include "vrrpd/track.h"
#include "vrrpd/track_script.h"

static struct track_obs mkobs(enum track_kind k, enum track_status st, long long v)
{
	struct track_obs o;

	track_obs_init(&o, k, "x");
	o.status = st;
	o.value = v;
	return o;
}

static void t_prio_updown(void **state)
{
	struct track_obs up = mkobs(TRACK_SCRIPT, TRACK_UP, 0);
	struct track_obs down = mkobs(TRACK_SCRIPT, TRACK_DOWN, 0);
	struct track_obs unk = mkobs(TRACK_SCRIPT, TRACK_UNKNOWN, 0);
	struct track_ref r[2];
	bool wait;

	(void)state;
	assert_int_equal(track_prio(100, NULL, 0, NULL), 100);
	/* weight 0: down -> fault, up -> nothing */
	r[0] = (struct track_ref){ &down, 0, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 0);
	r[0] = (struct track_ref){ &up, 0, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 100);
	/* weight 0 reverse: up -> fault */
	r[0] = (struct track_ref){ &up, 0, true };
	assert_int_equal(track_prio(100, r, 1, NULL), 0);
	r[0] = (struct track_ref){ &down, 0, true };
	assert_int_equal(track_prio(100, r, 1, NULL), 100);
	/* positive: + when up; negative: - when down */
	r[0] = (struct track_ref){ &up, 20, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 120);
	r[0] = (struct track_ref){ &down, 20, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 100);
	r[0] = (struct track_ref){ &down, -20, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 80);
	r[0] = (struct track_ref){ &up, -20, false };
	assert_int_equal(track_prio(100, r, 1, NULL), 100);
	/* reverse flips the direction */
	r[0] = (struct track_ref){ &up, 20, true };
	assert_int_equal(track_prio(100, r, 1, NULL), 80);
	r[0] = (struct track_ref){ &down, -20, true };
	assert_int_equal(track_prio(100, r, 1, NULL), 120);
	/* clamping to 1..254 */
	r[0] = (struct track_ref){ &up, 200, false };
	r[1] = (struct track_ref){ &up, 100, false };
	assert_int_equal(track_prio(100, r, 2, NULL), 254);
	r[0] = (struct track_ref){ &down, -200, false };
	r[1] = (struct track_ref){ &down, -100, false };
	assert_int_equal(track_prio(100, r, 2, NULL), 1);
	/* owner: weights do not move it, a fault does */
	r[0] = (struct track_ref){ &down, -50, false };
	assert_int_equal(track_prio(255, r, 1, NULL), 255);
	r[0] = (struct track_ref){ &down, 0, false };
	assert_int_equal(track_prio(255, r, 1, NULL), 0);
	/* unknown: waits, no fault */
	r[0] = (struct track_ref){ &unk, 0, false };
	wait = false;
	assert_int_equal(track_prio(100, r, 1, &wait), 100);
	assert_true(wait);
}

static void t_prio_file(void **state)
{
	struct track_obs f = mkobs(TRACK_FILE, TRACK_UP, 0);
	struct track_ref r = { &f, 0, false };

	(void)state;
	assert_int_equal(track_prio(100, &r, 1, NULL), 100);
	f.value = 3;
	assert_int_equal(track_prio(100, &r, 1, NULL), 0);	/* weight 0: non-zero = fault */
	r.reverse = true;
	assert_int_equal(track_prio(100, &r, 1, NULL), 100);
	f.value = 0;
	assert_int_equal(track_prio(100, &r, 1, NULL), 0);
	r = (struct track_ref){ &f, 10, false };
	f.value = -3;
	assert_int_equal(track_prio(100, &r, 1, NULL), 70);
	f.value = 3;
	assert_int_equal(track_prio(100, &r, 1, NULL), 130);
	r.reverse = true;
	assert_int_equal(track_prio(100, &r, 1, NULL), 70);
	r = (struct track_ref){ &f, 1, false };
	f.value = -254;
	assert_int_equal(track_prio(100, &r, 1, NULL), 0);
	f.value = -253;
	assert_int_equal(track_prio(100, &r, 1, NULL), 1);
	f.value = 100000;					/* clamped to 253 */
	assert_int_equal(track_prio(1, &r, 1, NULL), 254);
}

static int changes;
static void on_change(struct track_obs *o, void *arg) { (void)o; (void)arg; changes++; }

static void t_obs(void **state)
{
	struct track_obs o;

	(void)state;
	track_obs_init(&o, TRACK_IFACE, "eth0");
	o.changed = on_change;
	changes = 0;
	assert_true(track_obs_set(&o, TRACK_UP));
	assert_false(track_obs_set(&o, TRACK_UP));
	assert_true(track_obs_set(&o, TRACK_DOWN));
	assert_int_equal(changes, 2);
	assert_string_equal(track_status_name(o.status), "DOWN");
	assert_string_equal(track_kind_name(TRACK_FILE), "file");
}

static void t_weight_words(void **state)
{
	char *w1[] = { "weight", "-20" }, *w2[] = { "weight", "5", "reverse" },
	     *w3[] = { "weight", "300" }, *w4[] = { "weight", "5", "sideways" },
	     *w5[] = { "weight", "x" };
	const char *why;
	int w;
	bool rev;

	(void)state;
	assert_int_equal(track_parse_weight(w1, 2, -253, 253, &w, &rev, &why), 0);
	assert_int_equal(w, -20);
	assert_false(rev);
	assert_int_equal(track_parse_weight(w2, 3, -253, 253, &w, &rev, &why), 0);
	assert_true(rev);
	assert_int_not_equal(track_parse_weight(w3, 2, -253, 253, &w, &rev, &why), 0);
	assert_int_not_equal(track_parse_weight(w4, 3, -253, 253, &w, &rev, &why), 0);
	assert_int_not_equal(track_parse_weight(w5, 2, -253, 253, &w, &rev, &why), 0);
}

static void t_rise_fall(void **state)
{
	struct track_rf rf = { TRACK_UNKNOWN, 0 };

	(void)state;
	/* first result decides at once */
	assert_int_equal(track_rf_feed(&rf, true, 2, 3), TRACK_UP);
	/* fall 3: two failures keep it up, a success resets the count */
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_UP);
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_UP);
	assert_int_equal(track_rf_feed(&rf, true, 2, 3), TRACK_UP);
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_UP);
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_UP);
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_DOWN);
	/* rise 2 */
	assert_int_equal(track_rf_feed(&rf, true, 2, 3), TRACK_DOWN);
	assert_int_equal(track_rf_feed(&rf, false, 2, 3), TRACK_DOWN);
	assert_int_equal(track_rf_feed(&rf, true, 2, 3), TRACK_DOWN);
	assert_int_equal(track_rf_feed(&rf, true, 2, 3), TRACK_UP);
	/* init_fail: starts down, needs rise */
	rf = (struct track_rf){ TRACK_DOWN, 0 };
	assert_int_equal(track_rf_feed(&rf, true, 3, 1), TRACK_DOWN);
	assert_int_equal(track_rf_feed(&rf, true, 3, 1), TRACK_DOWN);
	assert_int_equal(track_rf_feed(&rf, true, 3, 1), TRACK_UP);
}

/* run the loop until cond or ~limit_ms */
static void spin(struct loop *l, bool (*cond)(void *), void *arg, int limit_ms)
{
	uint64_t end = loop_now_us() + (uint64_t)limit_ms * 1000u;

	while (!cond(arg) && loop_now_us() < end)
		loop_once(l, 20);
}

static bool runs_at_least(void *arg)
{
	struct track_script *s = arg;

	return s->st.ok + s->st.failed >= 2;
}

static bool has_timeout(void *arg)
{
	return ((struct track_script *)arg)->st.timeouts >= 1;
}

static void t_script_runs(void **state)
{
	struct track_script_conf c;
	struct track_script *s;
	struct loop *l = loop_new();

	(void)state;
	assert_non_null(l);
	track_script_conf_init(&c, "chk_true");
	snprintf(c.cmd, sizeof(c.cmd), "/bin/true");
	c.interval_ms = 100;
	c.timeout_ms = 10000;	/* fork+exec on a loaded machine can take 100 ms */
	s = track_script_new(&c);
	assert_non_null(s);
	assert_int_equal(s->obs.status, TRACK_UNKNOWN);
	assert_int_equal(track_script_start(s, l), 0);
	spin(l, runs_at_least, s, 5000);
	assert_int_equal(s->obs.status, TRACK_UP);
	assert_true(s->st.ok >= 2);
	track_script_free(s);

	/* a failing command line with arguments, weight taken from conf */
	track_script_conf_init(&c, "chk_false");
	snprintf(c.cmd, sizeof(c.cmd), "/bin/sh -c 'exit 3'");
	c.interval_ms = 100;
	c.timeout_ms = 10000;
	c.weight = -20;
	s = track_script_new(&c);
	assert_int_equal(s->obs.weight, -20);
	assert_int_equal(track_script_start(s, l), 0);
	spin(l, runs_at_least, s, 5000);
	assert_int_equal(s->obs.status, TRACK_DOWN);
	assert_int_equal(WEXITSTATUS(s->last_status), 3);
	track_script_free(s);

	/* hangs: killed at the timeout (the whole group), counted as failure,
	 * and the runs due meanwhile are skipped */
	track_script_conf_init(&c, "chk_hang");
	snprintf(c.cmd, sizeof(c.cmd), "/bin/sh -c 'sleep 30 & sleep 30'");
	c.interval_ms = 100;
	c.timeout_ms = 400;
	s = track_script_new(&c);
	assert_int_equal(track_script_start(s, l), 0);
	spin(l, has_timeout, s, 5000);
	assert_int_equal(s->st.timeouts, 1);
	assert_int_equal(s->obs.status, TRACK_DOWN);
	assert_true(s->st.skipped >= 2);
	track_script_free(s);
	/* let the loop reap what is left */
	while (script_running())
		loop_once(l, 50);
	loop_free(l);
}

static void t_script_missing(void **state)
{
	struct track_script_conf c;
	struct track_script *s, *old;
	struct loop *l = loop_new();

	(void)state;
	track_script_conf_init(&c, "chk_none");
	snprintf(c.cmd, sizeof(c.cmd), "/nonexistent/check");
	c.interval_ms = 100;
	c.timeout_ms = 10000;
	s = track_script_new(&c);
	assert_int_equal(track_script_start(s, l), 0);
	spin(l, runs_at_least, s, 5000);
	assert_int_equal(s->obs.status, TRACK_DOWN);
	assert_int_equal(WEXITSTATUS(s->last_status), 127);
	/* reload carries the state over, unless the command changed */
	old = s;
	track_script_stop(old);
	s = track_script_new(&c);
	track_script_adopt(s, old);
	assert_int_equal(s->obs.status, TRACK_DOWN);
	track_script_free(s);
	snprintf(c.cmd, sizeof(c.cmd), "/bin/true");
	s = track_script_new(&c);
	track_script_adopt(s, old);
	assert_int_equal(s->obs.status, TRACK_UNKNOWN);
	track_script_free(s);
	track_script_free(old);
	/* init_fail */
	c.init_fail = true;
	s = track_script_new(&c);
	assert_int_equal(s->obs.status, TRACK_DOWN);
	track_script_free(s);
	/* unbalanced quote */
	snprintf(c.cmd, sizeof(c.cmd), "/bin/true 'x");
	assert_null(track_script_new(&c));
	while (script_running())
		loop_once(l, 50);
	loop_free(l);
}

static void t_sync(void **state)
{
	enum vr_state m[3] = { VR_BACKUP, VR_BACKUP, VR_BACKUP };
	struct sync_out o;
	bool f[3] = { false, false, false };
	char buf[64];

	(void)state;
	/* all members reach BACKUP from INIT: group BACKUP */
	o = sync_member_changed(VR_INIT, m, 3, 0, VR_INIT, VR_BACKUP);
	assert_true(o.group_changed);
	assert_int_equal(o.group, VR_BACKUP);
	assert_int_equal(o.force, VR_STATE_MAX);
	/* not while one is still INIT */
	m[2] = VR_INIT;
	o = sync_member_changed(VR_INIT, m, 3, 0, VR_INIT, VR_BACKUP);
	assert_false(o.group_changed);
	m[2] = VR_BACKUP;
	/* one goes master: all follow */
	m[1] = VR_MASTER;
	o = sync_member_changed(VR_BACKUP, m, 3, 1, VR_BACKUP, VR_MASTER);
	assert_true(o.group_changed);
	assert_int_equal(o.group, VR_MASTER);
	assert_int_equal(o.force, VR_MASTER);
	assert_true(sync_should_force(VR_BACKUP, VR_MASTER));
	assert_false(sync_should_force(VR_FAULT, VR_MASTER));
	assert_false(sync_should_force(VR_MASTER, VR_MASTER));
	m[0] = m[2] = VR_MASTER;
	/* a forced member reporting MASTER changes nothing more */
	o = sync_member_changed(VR_MASTER, m, 3, 0, VR_BACKUP, VR_MASTER);
	assert_false(o.group_changed);
	/* one falls back to backup: the masters follow */
	m[2] = VR_BACKUP;
	o = sync_member_changed(VR_MASTER, m, 3, 2, VR_MASTER, VR_BACKUP);
	assert_int_equal(o.group, VR_BACKUP);
	assert_int_equal(o.force, VR_BACKUP);
	assert_true(sync_should_force(VR_MASTER, VR_BACKUP));
	assert_false(sync_should_force(VR_FAULT, VR_BACKUP));
	m[0] = m[1] = VR_BACKUP;
	/* one fault: all fault */
	m[0] = VR_FAULT;
	o = sync_member_changed(VR_BACKUP, m, 3, 0, VR_BACKUP, VR_FAULT);
	assert_int_equal(o.group, VR_FAULT);
	assert_int_equal(o.force, VR_FAULT);
	m[1] = m[2] = VR_FAULT;
	/* group leaves FAULT only when no member is FAULT */
	m[0] = VR_BACKUP;
	o = sync_member_changed(VR_FAULT, m, 3, 0, VR_FAULT, VR_BACKUP);
	assert_false(o.group_changed);
	m[1] = m[2] = VR_BACKUP;
	o = sync_member_changed(VR_FAULT, m, 3, 2, VR_FAULT, VR_BACKUP);
	assert_int_equal(o.group, VR_BACKUP);
	assert_true(o.group_changed);
	/* own faults */
	assert_false(sync_fault(f, 3));
	f[1] = true;
	assert_true(sync_fault(f, 3));
	assert_string_equal(sync_fifo_line(buf, sizeof(buf), "VG_1", VR_MASTER),
			    "GROUP \"VG_1\" MASTER 0");
}

static void t_scriptsec(void **state)
{
	char dir[] = "/tmp/trkXXXXXX", p[256], why[256];
	FILE *f;

	(void)state;
	assert_int_equal(scriptsec_resolve("true", p, sizeof(p)), 0);
	assert_true(p[0] == '/');
	assert_int_equal(scriptsec_resolve("no-such-cmd-xyz", p, sizeof(p)), -ENOENT);
	assert_int_equal(scriptsec_resolve("/etc/passwd", p, sizeof(p)), -EACCES);
	/* /bin/true is root's all the way up */
	assert_int_equal(scriptsec_check("/bin/true -x", 0, 0, why, sizeof(why)), 0);
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/chk.sh", dir);
	f = fopen(p, "w");
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	chmod(p, 0755);
	chmod(dir, 0755);
	if (getuid() == 0) {
		/* root-owned under sticky /tmp: fine */
		assert_int_equal(scriptsec_check(p, 0, 0, why, sizeof(why)), 0);
		/* owned by someone else */
		assert_int_equal(chown(p, 1234, 0), 0);
		assert_int_equal(scriptsec_check(p, 0, 0, why, sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "owned by uid 1234"));
		/* ... unless it runs as that user */
		assert_int_equal(scriptsec_check(p, 1234, 1234, why, sizeof(why)), 0);
		assert_int_equal(chown(p, 0, 0), 0);
		/* a world-writable directory above it */
		chmod(dir, 0777);
		assert_int_equal(scriptsec_check(p, 0, 0, why, sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "writable by everyone"));
		chmod(dir, 0755);
		/* group-writable by a non-root group */
		assert_int_equal(chown(p, 0, 1234), 0);
		chmod(p, 0775);
		assert_int_equal(scriptsec_check(p, 0, 0, why, sizeof(why)), -EPERM);
		assert_non_null(strstr(why, "writable by group 1234"));
	}
	unlink(p);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_prio_updown),
		cmocka_unit_test(t_prio_file),
		cmocka_unit_test(t_obs),
		cmocka_unit_test(t_weight_words),
		cmocka_unit_test(t_rise_fall),
		cmocka_unit_test(t_script_runs),
		cmocka_unit_test(t_script_missing),
		cmocka_unit_test(t_sync),
		cmocka_unit_test(t_scriptsec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
