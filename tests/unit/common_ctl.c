/* Unit tests for common/ctl.c: request framing, reply status, and one
 * round trip through a real socket (the client in a child process). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/ctl.h"
#include "common/loop.h"

static void take_line(void **st)
{
	char buf[CTL_LINE_MAX], line[CTL_LINE_MAX];
	size_t len;

	(void)st;
	strcpy(buf, "status\r\nshow inst");
	len = strlen(buf);
	assert_int_equal(ctl_take_line(buf, &len, line, sizeof(line)), 1);
	assert_string_equal(line, "status");
	assert_int_equal(len, 9);
	assert_memory_equal(buf, "show inst", 9);
	assert_int_equal(ctl_take_line(buf, &len, line, sizeof(line)), 0);
	/* an empty line is a line */
	memcpy(buf, "\n", 1);
	len = 1;
	assert_int_equal(ctl_take_line(buf, &len, line, sizeof(line)), 1);
	assert_string_equal(line, "");
	assert_int_equal(len, 0);
	/* 4096 bytes without a newline: too long */
	memset(buf, 'a', sizeof(buf));
	len = sizeof(buf);
	assert_int_equal(ctl_take_line(buf, &len, line, sizeof(line)), -EMSGSIZE);
	/* 4095 + newline is the longest allowed */
	buf[4095] = '\n';
	assert_int_equal(ctl_take_line(buf, &len, line, sizeof(line)), 1);
	assert_int_equal(strlen(line), 4095);
}

static void split(void **st)
{
	char l1[] = "  show \t instances   json ", l2[] = "", l3[] = "a b c d";
	char *argv[4];

	(void)st;
	assert_int_equal(ctl_split(l1, argv, 4), 3);
	assert_string_equal(argv[0], "show");
	assert_string_equal(argv[1], "instances");
	assert_string_equal(argv[2], "json");
	assert_null(argv[3]);
	assert_int_equal(ctl_split(l2, argv, 4), 0);
	assert_int_equal(ctl_split(l3, argv, 4), -E2BIG);
}

static void status(void **st)
{
	const char *r;

	(void)st;
	assert_int_equal(ctl_status("ok", &r), 0);
	assert_int_equal(ctl_status("error no such instance", &r), 1);
	assert_string_equal(r, "no such instance");
	assert_int_equal(ctl_status("error usage: show what?", &r), 64);
	assert_int_equal(ctl_status("error denied: root only", &r), 77);
	assert_int_equal(ctl_status("okay", &r), -EINVAL);
	assert_int_equal(ctl_status("errors", &r), -EINVAL);
}

static int v_echo(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	int i;

	(*(int *)arg)++;
	for (i = 1; i < argc; i++)
		ctl_printf(c, "%s\n", argv[i]);
	return 0;
}

static int v_fail(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	(void)argc; (void)argv; (void)arg;
	return ctl_error(c, "usage: fail takes nothing");
}

static const struct ctl_verb verbs[] = {
	{ "echo", v_echo, false },
	{ "fail", v_fail, false },
	{ "stop", v_echo, true },
	{ NULL, NULL, false },
};

/* run ctl_client in a child; the parent serves until it exits */
static int roundtrip(struct loop *l, const char *path, const char *req, char *out, size_t outlen)
{
	char tmpl[] = "/tmp/ctltestXXXXXX";
	int fd = mkstemp(tmpl), status;
	pid_t pid;
	ssize_t n;

	assert_true(fd >= 0);
	pid = fork();
	if (pid == 0) {
		FILE *f = fdopen(fd, "w");

		int r = ctl_client(path, req, f, f);

		fflush(f);
		_exit(r);
	}
	while (waitpid(pid, &status, WNOHANG) == 0)
		loop_once(l, 20);
	n = pread(fd, out, outlen - 1, 0);
	out[n > 0 ? n : 0] = 0;
	close(fd);
	unlink(tmpl);
	return WEXITSTATUS(status);
}

static void socket_roundtrip(void **st)
{
	char path[64], out[256];
	struct loop *l = loop_new();
	struct ctl *s;
	int calls = 0;

	(void)st;
	snprintf(path, sizeof(path), "/tmp/ctltest.%d.sock", (int)getpid());
	assert_int_equal(ctl_listen(l, path, verbs, &calls, &s), 0);
	assert_int_equal(roundtrip(l, path, "echo a b", out, sizeof(out)), 0);
	assert_string_equal(out, "a\nb\n");
	assert_int_equal(roundtrip(l, path, "fail", out, sizeof(out)), 64);
	assert_non_null(strstr(out, "usage: fail takes nothing"));
	assert_int_equal(roundtrip(l, path, "nosuchverb", out, sizeof(out)), 64);
	assert_non_null(strstr(out, "unknown verb"));
	/* we are the daemon's own uid: privileged verbs pass */
	assert_int_equal(roundtrip(l, path, "stop", out, sizeof(out)), 0);
	assert_int_equal(calls, 2);
	ctl_close(s);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(roundtrip(l, path, "echo", out, sizeof(out)), 69);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(take_line),
		cmocka_unit_test(split),
		cmocka_unit_test(status),
		cmocka_unit_test(socket_roundtrip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
