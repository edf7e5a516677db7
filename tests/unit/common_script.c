/* Unit tests for common/script.c: script_run_line (split, extra
 * arguments), script_deadline and script_kill_all (the whole process group,
 * SIGKILL for what ignores SIGTERM, what a script that ended left in its
 * group), with real processes through the loop. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/loop.h"
#include "common/script.h"

struct res {
	int calls;
	int status;
	bool timed_out;
};

static void done(pid_t pid, int status, bool timed_out, void *arg)
{
	struct res *r = arg;

	(void)pid;
	r->calls++;
	r->status = status;
	r->timed_out = timed_out;
}

/* run the loop until r has its result or ms pass */
static void wait_res(struct loop *l, struct res *r, int ms)
{
	uint64_t end = loop_now_us() + (uint64_t)ms * 1000u;

	while (!r->calls && loop_now_us() < end)
		loop_once(l, 20);
}

static void slurp(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = 0;
}

static void t_run_line(void **state)
{
	struct loop *l = loop_new();
	const char *extra[] = { "INSTANCE", "VI 1", "MASTER", NULL };
	char path[] = "/tmp/common_script.XXXXXX", cmd[256], out[256];
	struct res r = { 0 };
	int fd = mkstemp(path);

	(void)state;
	assert_non_null(l);
	assert_true(fd >= 0);
	close(fd);
	/* quoted words of the line, then the extra arguments, one per line */
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'printf \"%%s\\n\" \"$@\" >%s' sh 'two words'", path);
	assert_true(script_run_line(l, cmd, extra, NULL, done, &r) > 0);
	wait_res(l, &r, 10000);
	assert_int_equal(r.calls, 1);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);
	slurp(path, out, sizeof(out));
	assert_string_equal(out, "two words\nINSTANCE\nVI 1\nMASTER\n");
	unlink(path);

	/* what does not split is refused before anything runs */
	assert_int_equal(script_run_line(l, "/bin/true 'x", NULL, NULL, done, &r), -EINVAL);
	assert_int_equal(script_run_line(l, "   ", NULL, NULL, done, &r), -EINVAL);
	assert_int_equal(script_run_line(l, NULL, NULL, NULL, done, &r), -EINVAL);
	assert_int_equal(script_running(), 0);
	loop_free(l);
}

static void t_deadline(void **state)
{
	struct loop *l = loop_new();
	struct res r = { 0 };
	uint64_t t0;
	pid_t pid;

	(void)state;
	assert_int_equal(script_deadline(1, 1000), -ESRCH);
	/* no timeout of its own: the deadline gives it one */
	pid = script_run_line(l, "/bin/sleep 30", NULL, NULL, done, &r);
	assert_true(pid > 0);
	t0 = loop_now_us();
	assert_int_equal(script_deadline(pid, 100000), 0);
	wait_res(l, &r, 10000);
	assert_int_equal(r.calls, 1);
	assert_true(r.timed_out);
	assert_true(WIFSIGNALED(r.status) && WTERMSIG(r.status) == SIGTERM);
	assert_true(loop_now_us() - t0 < 5000000);
	/* a later deadline does not postpone an earlier timeout */
	memset(&r, 0, sizeof(r));
	pid = script_run_line(l, "/bin/sleep 30", NULL, &(struct script_opts){ .timeout_ms = 100 },
			      done, &r);
	assert_int_equal(script_deadline(pid, 60000000), 0);
	wait_res(l, &r, 10000);
	assert_true(r.timed_out);
	loop_free(l);
}

static void t_kill_all(void **state)
{
	struct loop *l = loop_new();
	char path[] = "/tmp/common_script.XXXXXX", cmd[256], out[32];
	struct res r1 = { 0 }, r2 = { 0 };
	uint64_t t0, end;
	pid_t grandchild;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	/* one that dies of SIGTERM, one that ignores it and has a child that
	 * ignores it too (the group goes, not only the script) */
	assert_true(script_run_line(l, "/bin/sleep 30", NULL, NULL, done, &r1) > 0);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'trap \"\" TERM; sleep 30 & echo $! >%s; wait'",
		 path);
	assert_true(script_run_line(l, cmd, NULL, NULL, done, &r2) > 0);
	for (end = loop_now_us() + 10000000; loop_now_us() < end; loop_once(l, 20)) {
		slurp(path, out, sizeof(out));
		if (strchr(out, '\n'))
			break;
	}
	grandchild = atoi(out);
	assert_true(grandchild > 0);
	assert_int_equal(script_running(), 2);
	t0 = loop_now_us();
	script_kill_all(l, 200);
	assert_true(loop_now_us() - t0 < 2000000);
	assert_int_equal(script_running(), 0);
	assert_int_equal(r1.calls, 1);
	assert_true(r1.timed_out && WIFSIGNALED(r1.status) && WTERMSIG(r1.status) == SIGTERM);
	assert_int_equal(r2.calls, 1);
	assert_true(r2.timed_out && WIFSIGNALED(r2.status) && WTERMSIG(r2.status) == SIGKILL);
	/* the grandchild was killed with its group (init reaps it) */
	for (end = loop_now_us() + 5000000; kill(grandchild, 0) == 0 && loop_now_us() < end;)
		usleep(20000);
	assert_int_equal(kill(grandchild, 0), -1);
	unlink(path);
	script_kill_all(l, 200);	/* nothing left: returns at once */
	loop_free(l);
}

/* a script that exits at once leaving a child behind in its group: the
 * child lives on (the control) until script_kill_all */
static void t_kill_leftover(void **state)
{
	struct loop *l = loop_new();
	char path[] = "/tmp/common_script.XXXXXX", cmd[256], out[32];
	struct res r = { 0 };
	uint64_t end;
	pid_t left;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	snprintf(cmd, sizeof(cmd), "/bin/sh -c 'sleep 30 & echo $! >%s; exit 0'", path);
	assert_true(script_run_line(l, cmd, NULL, NULL, done, &r) > 0);
	wait_res(l, &r, 10000);
	assert_int_equal(r.calls, 1);
	assert_true(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0 && !r.timed_out);
	slurp(path, out, sizeof(out));
	left = atoi(out);
	assert_true(left > 0);
	assert_int_equal(script_running(), 0);
	assert_int_equal(kill(left, 0), 0);
	script_kill_all(l, 200);
	for (end = loop_now_us() + 5000000; kill(left, 0) == 0 && loop_now_us() < end;)
		usleep(20000);
	assert_int_equal(kill(left, 0), -1);
	unlink(path);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_run_line),
		cmocka_unit_test(t_deadline),
		cmocka_unit_test(t_kill_all),
		cmocka_unit_test(t_kill_leftover),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
