/* Unit tests for the tracker monitors: track_file (inotify, rename,
 * delete), track_proc (matching rules, quorum, real processes), track_check
 * (a fake hcheckd speaking the control-socket protocol), track_iface. */
#include <errno.h>
#include <signal.h>
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

#include "common/ctl.h"
#include "common/loop.h"
#include "vrrpd/track_check.h"
#include "vrrpd/track_file.h"
#include "vrrpd/track_iface.h"
#include "vrrpd/track_proc.h"

struct waitfor {
	struct track_obs *o;
	enum track_status st;
	long long v;
	bool value;
};

static bool reached(const struct waitfor *w)
{
	if (w->value)
		return w->o->status != TRACK_UNKNOWN && w->o->value == w->v;
	return w->o->status == w->st;
}

/* run the loop until the object reaches the state, ~5 s at most */
static bool spin_until(struct loop *l, struct track_obs *o, enum track_status st)
{
	struct waitfor w = { o, st, 0, false };
	uint64_t end = loop_now_us() + 5000000u;

	while (!reached(&w) && loop_now_us() < end)
		loop_once(l, 20);
	return reached(&w);
}

static bool spin_value(struct loop *l, struct track_obs *o, long long v)
{
	struct waitfor w = { o, TRACK_UP, v, true };
	uint64_t end = loop_now_us() + 5000000u;

	while (!reached(&w) && loop_now_us() < end)
		loop_once(l, 20);
	return reached(&w);
}

static void put(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static void t_file_parse(void **state)
{
	(void)state;
	assert_int_equal(track_file_parse("42\n", 3), 42);
	assert_int_equal(track_file_parse("  -7 x", 6), -7);
	assert_int_equal(track_file_parse("+3", 2), 3);
	assert_int_equal(track_file_parse("abc", 3), 0);
	assert_int_equal(track_file_parse("", 0), 0);
	assert_int_equal(track_file_parse("12", 1), 1);	/* only len bytes */
	assert_int_equal(track_file_read("/nonexistent/file"), 0);
}

static void t_file_watch(void **state)
{
	char dir[] = "/tmp/trkfXXXXXX", p[256], tmp[256];
	struct track_file_conf c;
	struct track_filemon *m;
	struct track_file *f;
	struct loop *l = loop_new();

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/prio", dir);
	snprintf(tmp, sizeof(tmp), "%s/prio.new", dir);
	m = track_filemon_new(l);
	assert_non_null(m);
	track_file_conf_init(&c, "tf");
	snprintf(c.path, sizeof(c.path), "%s", p);
	c.init_file = true;
	c.init_value = 5;
	f = track_file_add(m, &c);
	assert_non_null(f);
	assert_int_equal(f->obs.value, 5);		/* init_file wrote it */
	assert_ptr_equal(track_file_find(m, "tf"), f);
	assert_int_equal(f->obs.weight, 1);
	put(p, "10\n");					/* in place */
	assert_true(spin_value(l, &f->obs, 10));
	put(tmp, "-20\n");				/* replace by rename */
	assert_int_equal(rename(tmp, p), 0);
	assert_true(spin_value(l, &f->obs, -20));
	put(p, "junk\n");				/* non-numeric: 0 */
	assert_true(spin_value(l, &f->obs, 0));
	put(p, "3\n");
	assert_true(spin_value(l, &f->obs, 3));
	unlink(p);					/* missing: 0 */
	assert_true(spin_value(l, &f->obs, 0));
	/* init_file without overwrite keeps an existing value */
	put(p, "7\n");
	track_file_conf_init(&c, "tf2");
	snprintf(c.path, sizeof(c.path), "%s", p);
	c.init_file = true;
	c.init_value = 1;
	f = track_file_add(m, &c);
	assert_int_equal(f->obs.value, 7);
	c.overwrite = true;
	snprintf(c.name, sizeof(c.name), "tf3");
	f = track_file_add(m, &c);
	assert_int_equal(f->obs.value, 1);
	/* a directory that does not exist */
	snprintf(c.path, sizeof(c.path), "%s/nodir/x", dir);
	c.init_file = false;
	assert_null(track_file_add(m, &c));
	track_filemon_free(m);
	loop_free(l);
	unlink(p);
	rmdir(dir);
}

static void t_proc_match(void **state)
{
	struct track_proc_conf c;
	const char cl1[] = "/usr/sbin/haproxy\0-f\0/etc/haproxy/haproxy.cfg";
	const char cl0[] = "/usr/sbin/haproxy";

	(void)state;
	track_proc_conf_init(&c, "p");
	assert_int_equal(c.quorum, 1);
	snprintf(c.process, sizeof(c.process), "haproxy");
	assert_true(track_proc_match(&c, "haproxy", NULL, 0));
	assert_false(track_proc_match(&c, "haproxy2", NULL, 0));
	assert_false(track_proc_match(&c, "hap", NULL, 0));
	assert_false(track_proc_needs_cmdline(&c));
	/* names longer than comm's 15 bytes compare on 15 */
	snprintf(c.process, sizeof(c.process), "averyveryverylongname");
	assert_true(track_proc_match(&c, "averyveryverylo", NULL, 0));
	/* full command: argv[0] exactly, any parameters */
	snprintf(c.process, sizeof(c.process), "/usr/sbin/haproxy");
	c.full_command = true;
	assert_true(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	assert_true(track_proc_match(&c, "haproxy", cl0, sizeof(cl0)));
	assert_false(track_proc_match(&c, "haproxy", NULL, 0));
	/* parameters, exact */
	c.full_command = false;
	c.nparams = 2;
	snprintf(c.params[0], sizeof(c.params[0]), "-f");
	snprintf(c.params[1], sizeof(c.params[1]), "/etc/haproxy/haproxy.cfg");
	assert_true(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	c.nparams = 1;
	assert_false(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	c.param_match = TRACK_PM_PARTIAL;
	c.param_match_set = true;
	assert_true(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	/* initial: the last one may be longer */
	c.nparams = 2;
	snprintf(c.params[1], sizeof(c.params[1]), "/etc/hap");
	c.param_match = TRACK_PM_INITIAL;
	assert_true(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	snprintf(c.params[1], sizeof(c.params[1]), "/etc/nginx");
	assert_false(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	/* param_match with no parameters: none allowed */
	c.nparams = 0;
	c.param_match = TRACK_PM_EXACT;
	assert_false(track_proc_match(&c, "haproxy", cl1, sizeof(cl1)));
	assert_true(track_proc_match(&c, "haproxy", cl0, sizeof(cl0)));
	/* quorum */
	c.quorum = 2;
	c.quorum_max = 3;
	assert_int_equal(track_proc_eval(&c, 1), TRACK_DOWN);
	assert_int_equal(track_proc_eval(&c, 2), TRACK_UP);
	assert_int_equal(track_proc_eval(&c, 4), TRACK_DOWN);
	c.quorum = 0;
	c.quorum_max = 0;
	assert_int_equal(track_proc_eval(&c, 0), TRACK_UP);
}

static pid_t start(const char *bin)
{
	pid_t p = fork();

	if (p == 0) {
		execl(bin, bin, "30", (char *)NULL);
		_exit(127);
	}
	return p;
}

static void t_proc_real(void **state)
{
	char dir[] = "/tmp/trkpXXXXXX", bin[256], name[32], cmd[512];
	struct track_proc_conf c;
	struct track_procmon *m;
	struct track_proc *t;
	struct loop *l = loop_new();
	pid_t a, b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(name, sizeof(name), "tslp%d", (int)getpid() % 100000);
	snprintf(bin, sizeof(bin), "%s/%s", dir, name);
	snprintf(cmd, sizeof(cmd), "cp /bin/sleep %s", bin);
	assert_int_equal(system(cmd), 0);
	m = track_procmon_new(l);
	assert_non_null(m);
	print_message("proc connector: %s\n", track_procmon_connected(m) ? "yes" : "no, polling");
	track_proc_conf_init(&c, "p");
	snprintf(c.process, sizeof(c.process), "%s", name);
	c.quorum = 2;
	t = track_proc_add(m, &c);
	assert_ptr_equal(track_proc_find(m, "p"), t);
	assert_int_equal(track_procmon_scan(m), 0);
	assert_int_equal(t->obs.status, TRACK_DOWN);
	a = start(bin);
	b = start(bin);
	assert_true(spin_until(l, &t->obs, TRACK_UP));
	assert_int_equal(t->npids, 2);
	kill(a, SIGTERM);
	waitpid(a, NULL, 0);
	assert_true(spin_until(l, &t->obs, TRACK_DOWN));
	kill(b, SIGTERM);
	waitpid(b, NULL, 0);
	track_procmon_free(m);
	loop_free(l);
	unlink(bin);
	rmdir(dir);
}

static int v_watch(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	(void)argc; (void)argv; (void)arg;
	ctl_watch(c);
	return 0;
}

static void t_check(void **state)
{
	static const struct ctl_verb verbs[] = { { "watch", v_watch, false }, { 0 } };
	char path[] = "/tmp/trkcXXXXXX", sock[300], name[64];
	struct track_checkmon *m;
	struct track_check *c, *d;
	enum track_status st;
	struct ctl *s;
	struct loop *l = loop_new();
	uint64_t end;

	(void)state;
	assert_int_equal(track_check_parse("CHECK \"web 1\" UP 3 ok", name, sizeof(name), &st), 1);
	assert_string_equal(name, "web 1");
	assert_int_equal(st, TRACK_UP);
	assert_int_equal(track_check_parse("CHECK db DOWN", name, sizeof(name), &st), 1);
	assert_string_equal(name, "db");
	assert_int_equal(st, TRACK_DOWN);
	assert_int_equal(track_check_parse("INSTANCE \"VI_1\" MASTER 100", name, sizeof(name), &st), 0);
	assert_int_equal(track_check_parse("CHECK \"x UP", name, sizeof(name), &st), -EINVAL);
	assert_int_equal(track_check_parse("CHECK x SIDEWAYS", name, sizeof(name), &st), -EINVAL);

	assert_non_null(mkdtemp(path));
	snprintf(sock, sizeof(sock), "%s/h.sock", path);
	m = track_checkmon_new(l, sock);		/* before the daemon exists */
	c = track_check_get(m, "web");
	d = track_check_get(m, "db");
	assert_ptr_equal(track_check_get(m, "web"), c);
	for (end = loop_now_us() + 300000; loop_now_us() < end;)
		loop_once(l, 20);
	assert_false(track_checkmon_connected(m));
	assert_int_equal(c->obs.status, TRACK_UNKNOWN);
	assert_int_equal(ctl_listen(l, sock, verbs, NULL, &s), 0);
	for (end = loop_now_us() + 5000000; !ctl_watchers(s) && loop_now_us() < end;)
		loop_once(l, 20);
	assert_int_equal(ctl_watchers(s), 1);
	ctl_broadcast(s, "CHECK \"web\" UP");
	ctl_broadcast(s, "CHECK \"other\" DOWN");
	ctl_broadcast(s, "CHECK \"db\" DOWN timeout");
	assert_true(spin_until(l, &c->obs, TRACK_UP));
	assert_true(spin_until(l, &d->obs, TRACK_DOWN));
	assert_true(track_checkmon_connected(m));
	ctl_broadcast(s, "CHECK \"web\" DOWN");
	assert_true(spin_until(l, &c->obs, TRACK_DOWN));
	ctl_broadcast(s, "CHECK \"web\" UP");
	assert_true(spin_until(l, &c->obs, TRACK_UP));
	/* hcheckd goes away: kept during the grace period, then DOWN */
	ctl_close(s);
	for (end = loop_now_us() + 1000000; loop_now_us() < end;)
		loop_once(l, 20);
	assert_int_equal(c->obs.status, TRACK_UP);
	assert_true(spin_until(l, &c->obs, TRACK_DOWN));
	track_checkmon_free(m);
	loop_free(l);
	rmdir(path);
}

static void t_iface(void **state)
{
	struct track_ifmon *m;
	struct track_iface *t;
	struct loop *l = loop_new();

	(void)state;
	assert_int_equal(track_iface_status(IFF_UP | IFF_RUNNING), TRACK_UP);
	assert_int_equal(track_iface_status(IFF_UP), TRACK_DOWN);
	assert_int_equal(track_iface_status(IFF_RUNNING), TRACK_DOWN);
	m = track_ifmon_new(l);
	assert_non_null(m);
	t = track_iface_get(m, "lo");
	assert_int_equal(t->obs.status, TRACK_UP);
	assert_true(t->ifindex > 0);
	t = track_iface_get(m, "nonexistent0");
	assert_int_equal(t->obs.status, TRACK_DOWN);
	assert_ptr_equal(track_iface_get(m, "nonexistent0"), t);
	track_ifmon_free(m);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_file_parse),
		cmocka_unit_test(t_file_watch),
		cmocka_unit_test(t_proc_match),
		cmocka_unit_test(t_proc_real),
		cmocka_unit_test(t_check),
		cmocka_unit_test(t_iface),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
