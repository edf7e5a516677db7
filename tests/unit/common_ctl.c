/* Unit tests for common/ctl.c: request framing, reply status, one round
 * trip through a real socket (the client in a child process), and the
 * bounds: eviction order, the output cap, the connection and watcher caps,
 * EMFILE, and what -S may take over and unlink. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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


static void evict_rank(void **st)
{
	struct ctl_peer idle = { 0 }, begun = { .inlen = 3 }, unread = { .outlen = 10 };
	struct ctl_peer w_ok = { .watching = true }, w_behind = { .watching = true, .outlen = 1 };

	(void)st;
	/* a new connection: idle first, then whoever does not read or finish */
	assert_int_equal(ctl_evict_rank(&idle, false), 3);
	assert_int_equal(ctl_evict_rank(&begun, false), 2);
	assert_int_equal(ctl_evict_rank(&unread, false), 2);
	assert_int_equal(ctl_evict_rank(&w_behind, false), 2);
	/* a watcher that keeps up is never closed for a connection */
	assert_int_equal(ctl_evict_rank(&w_ok, false), 0);
	/* a new watcher: watchers only, the one behind first */
	assert_int_equal(ctl_evict_rank(&w_behind, true), 2);
	assert_int_equal(ctl_evict_rank(&w_ok, true), 1);
	assert_int_equal(ctl_evict_rank(&idle, true), 0);
	assert_int_equal(ctl_evict_rank(&unread, true), 0);
}

static void path_check(void **st)
{
	char dir[] = "/tmp/ctlpathXXXXXX", p[200], longp[200];

	(void)st;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/file", dir);
	assert_int_equal(ctl_path_check(p), 0);			/* nothing there */
	close(open(p, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	assert_int_equal(ctl_path_check(p), -ENOTSOCK);
	assert_int_equal(ctl_exitcode(-ENOTSOCK), 64);
	assert_int_equal(ctl_path_check(dir), -ENOTSOCK);	/* a directory */
	snprintf(longp, sizeof(longp), "%s/file/x.sock", dir);
	assert_int_equal(ctl_path_check(longp), -ENOTDIR);
	snprintf(longp, sizeof(longp), "%s/none/x.sock", dir);
	assert_int_equal(ctl_path_check(longp), -ENOENT);
	assert_int_equal(ctl_exitcode(-ENOENT), 71);
	assert_int_equal(ctl_exitcode(-EADDRINUSE), 71);
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[sizeof(longp) - 1] = 0;
	assert_int_equal(ctl_path_check(longp), -ENAMETOOLONG);
	assert_int_equal(ctl_path_check(""), -ENAMETOOLONG);
	assert_int_equal(ctl_exitcode(-ENAMETOOLONG), 64);
	unlink(p);
	rmdir(dir);
}

/* a client socket connected to path, non-blocking */
static int dial(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);

	assert_true(fd >= 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	assert_int_equal(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	return fd;
}

static void spin(struct loop *l, int n)
{
	while (n-- > 0)
		loop_once(l, 5);
}

static uint64_t stat_of(struct ctl *s, const char *name)
{
	const char *n[CTL_NSTATS];
	uint64_t v[CTL_NSTATS];

	ctl_stats(s, n, v);
	for (int i = 0; i < CTL_NSTATS; i++)
		if (!strcmp(n[i], name))
			return v[i];
	fail_msg("no counter %s", name);
	return 0;
}

/* the reply to one request read whole from a blocking-enough loop */
static bool answered(struct loop *l, int fd, const char *req, const char *want)
{
	char buf[4096];
	size_t len = 0;

	assert_int_equal(send(fd, req, strlen(req), MSG_NOSIGNAL), (ssize_t)strlen(req));
	for (int i = 0; i < 400 && len < sizeof(buf) - 1; i++) {
		ssize_t n;

		loop_once(l, 5);
		n = recv(fd, buf + len, sizeof(buf) - 1 - len, MSG_DONTWAIT);
		if (n > 0)
			len += (size_t)n;
		buf[len] = 0;
		if (strstr(buf, want))
			return true;
	}
	return false;
}

static int v_big(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	(void)argc; (void)argv; (void)arg;
	for (int i = 0; i < 100; i++)
		ctl_printf(c, "%0200d\n", i);	/* ~20 KB */
	return 0;
}

static int v_watch(struct ctl_conn *c, int argc, char **argv, void *arg)
{
	(void)argc; (void)argv; (void)arg;
	ctl_watch(c);
	return 0;
}

static const struct ctl_verb bverbs[] = {
	{ "big", v_big, false },
	{ "echo", v_echo, false },
	{ "watch", v_watch, false },
	{ NULL, NULL, false },
};

/* A client pipelining requests without reading: its requests wait once
 * CTL_OUT_MAX is unsent, the others are served, and when it reads, its
 * remaining requests are answered. */
static void output_cap(void **st)
{
	char path[64], buf[65536], req[4096];
	struct loop *l = loop_new();
	struct ctl *s;
	int calls = 0, hog, other;
	size_t got = 0, want;

	(void)st;
	snprintf(path, sizeof(path), "/tmp/ctltest.%d.cap.sock", (int)getpid());
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &s), 0);
	hog = dial(path);
	/* 4 KB of requests in one go: 20 x "big\n" ... 1,000 replies' worth */
	req[0] = 0;
	for (int i = 0; i < 20; i++)
		strcat(req, "big\n");
	assert_int_equal(send(hog, req, strlen(req), 0), (ssize_t)strlen(req));
	spin(l, 50);
	assert_int_equal(stat_of(s, "ctl_paused"), 1);
	other = dial(path);
	assert_true(answered(l, other, "echo x\n", "ok\nx\n\n"));
	assert_int_equal(calls, 1);
	/* now read everything: all 20 replies arrive */
	want = 20 * (3 + 100 * 201 + 1);
	for (int i = 0; i < 20000 && got < want; i++) {
		ssize_t n = recv(hog, buf, sizeof(buf), MSG_DONTWAIT);

		if (n > 0)
			got += (size_t)n;
		else
			loop_once(l, 1);
	}
	assert_int_equal(got, want);
	close(hog);
	close(other);
	spin(l, 10);
	assert_int_equal(stat_of(s, "ctl_open"), 0);
	ctl_close(s);
	loop_free(l);
}

/* CTL_WATCH_MAX watchers: the next one closes the one that is behind,
 * and with all keeping up, one of them; the count never passes the cap */
static void watch_cap(void **st)
{
	char path[64], b[4096], line[1001];
	struct loop *l = loop_new();
	struct ctl *s;
	int fd[CTL_WATCH_MAX + 2], calls = 0, n;

	(void)st;
	memset(line, 'e', sizeof(line) - 1);
	line[sizeof(line) - 1] = 0;
	snprintf(path, sizeof(path), "/tmp/ctltest.%d.w.sock", (int)getpid());
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &s), 0);
	for (int i = 0; i < CTL_WATCH_MAX; i++) {
		fd[i] = dial(path);
		assert_int_equal(send(fd[i], "watch\n", 6, 0), 6);
		spin(l, 2);
	}
	assert_int_equal(ctl_watchers(s), CTL_WATCH_MAX);
	/* 1 MB of events: everyone reads but number 5, which falls behind
	 * once the kernel's buffer is full */
	for (int k = 0; k < 1000; k++) {
		ctl_broadcast(s, line);
		for (int i = 0; i < CTL_WATCH_MAX; i++)
			if (i != 5)
				while (recv(fd[i], b, sizeof(b), MSG_DONTWAIT) > 0)
					;
		loop_once(l, 0);
	}
	assert_int_equal(stat_of(s, "ctl_watch_dropped"), 0);
	fd[CTL_WATCH_MAX] = dial(path);
	assert_int_equal(send(fd[CTL_WATCH_MAX], "watch\n", 6, 0), 6);
	spin(l, 5);
	assert_int_equal(ctl_watchers(s), CTL_WATCH_MAX);
	assert_int_equal(stat_of(s, "ctl_evicted"), 1);
	/* number 5 was the one closed: its stream ends */
	while ((n = (int)recv(fd[5], b, sizeof(b), MSG_DONTWAIT)) > 0)
		;
	assert_int_equal(n, 0);
	fd[CTL_WATCH_MAX + 1] = dial(path);
	assert_int_equal(send(fd[CTL_WATCH_MAX + 1], "watch\n", 6, 0), 6);
	spin(l, 5);
	assert_int_equal(ctl_watchers(s), CTL_WATCH_MAX);
	assert_int_equal(stat_of(s, "ctl_evicted"), 2);
	assert_int_equal(stat_of(s, "ctl_open"), CTL_WATCH_MAX);
	ctl_close(s);
	for (int i = 0; i < CTL_WATCH_MAX + 2; i++)
		close(fd[i]);
	loop_free(l);
}

/* run the test's function (its state) in a child with RLIMIT_NOFILE 64,
 * soft and hard (ctl_listen raises the soft one to the hard one): a cap of
 * 16 connections; the child's exit status is where it failed, 0 passed */
static void nofile64(void **st)
{
	int (*fn)(void) = (int (*)(void))*st;
	int status;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 64, 64 };

		_exit(setrlimit(RLIMIT_NOFILE, &rl) < 0 ? 100 : fn());
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* (nofile64) a cap of 16: the 17th connection closes the idle one that
 * came first, not the older one with a request begun */
static int conn_cap_child(void)
{
	char path[64], b[8];
	struct loop *l = loop_new();
	struct ctl *s;
	int fd[17], calls = 0;

	snprintf(path, sizeof(path), "/tmp/ctltest.%d.cc.sock", (int)getpid());
	if (ctl_listen(l, path, bverbs, &calls, &s) < 0)
		return 1;
	fd[0] = dial(path);
	if (send(fd[0], "ech", 3, 0) != 3)		/* a request begun */
		return 2;
	spin(l, 5);
	fd[1] = dial(path);
	spin(l, 5);
	for (int i = 2; i < 16; i++)
		fd[i] = dial(path);
	spin(l, 10);
	if (stat_of(s, "ctl_open") != 16 || stat_of(s, "ctl_evicted") != 0)
		return 3;
	fd[16] = dial(path);
	spin(l, 10);
	if (stat_of(s, "ctl_open") != 16 || stat_of(s, "ctl_evicted") != 1)
		return 4;
	if (recv(fd[1], b, sizeof(b), MSG_DONTWAIT) != 0)	/* closed */
		return 5;
	if (!answered(l, fd[0], "o a\n", "ok\na\n\n"))		/* still served */
		return 6;
	if (!answered(l, fd[16], "echo b\n", "ok\nb\n\n"))
		return 7;
	ctl_close(s);
	loop_free(l);
	return 0;
}


/* (nofile64) No descriptor left at accept(): the reserve one lets the client be told
 * "error busy" and closed; the queue drains, nothing spins; with
 * descriptors back, clients are served */
static int emfile_child(void)
{
	char path[64], b[128];
	struct loop *l = loop_new();
	struct ctl *s;
	int c, calls = 0, filler[64], nf = 0, spare;
	ssize_t n;

	snprintf(path, sizeof(path), "/tmp/ctltest.%d.mf.sock", (int)getpid());
	if (ctl_listen(l, path, bverbs, &calls, &s) < 0)
		return 1;
	spare = open("/dev/null", O_RDONLY | O_CLOEXEC);
	while (nf < 64 && (filler[nf] = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0)
		nf++;
	close(spare);				/* exactly one left: the client's */
	c = dial(path);
	spin(l, 20);
	if (stat_of(s, "ctl_busy") != 1)
		return 2;
	for (int i = 0; i < 100 && (n = recv(c, b, sizeof(b) - 1, MSG_DONTWAIT)) < 0; i++)
		usleep(1000);
	if (n <= 0)
		return 3;
	b[n] = 0;
	if (strcmp(b, "error busy: out of file descriptors\n\n"))
		return 4;
	spin(l, 20);
	if (stat_of(s, "ctl_busy") != 1 || stat_of(s, "ctl_opened") != 0)
		return 5;
	close(c);
	while (nf > 0)
		close(filler[--nf]);
	c = dial(path);
	if (!answered(l, c, "echo ok\n", "ok\nok\n\n"))
		return 6;
	close(c);
	ctl_close(s);
	loop_free(l);
	return 0;
}


/* -S: a live daemon's socket is not taken, a stale one is; a socket that
 * was replaced behind our back is not unlinked at close */
static void takeover(void **st)
{
	char path[64];
	struct loop *l = loop_new();
	struct ctl *a, *b;
	struct stat st1, st2;
	int calls = 0, fd;
	struct sockaddr_un sun = { .sun_family = AF_UNIX };

	(void)st;
	snprintf(path, sizeof(path), "/tmp/ctltest.%d.to.sock", (int)getpid());
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &a), 0);
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &b), -EADDRINUSE);
	assert_int_equal(ctl_path_check(path), 0);	/* -t: a live socket is fine */
	/* someone removes a's socket and starts b on the path */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &b), 0);
	assert_int_equal(stat(path, &st1), 0);
	ctl_close(a);					/* not a's to remove */
	assert_int_equal(stat(path, &st2), 0);
	assert_int_equal(st1.st_ino, st2.st_ino);
	ctl_close(b);
	assert_int_equal(access(path, F_OK), -1);
	/* a stale socket (nobody listening) is replaced */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &a), 0);
	ctl_close(a);
	/* a regular file is left alone */
	close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0600));
	assert_int_equal(ctl_listen(l, path, bverbs, &calls, &a), -ENOTSOCK);
	assert_int_equal(access(path, F_OK), 0);
	unlink(path);
	loop_free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(take_line),
		cmocka_unit_test(split),
		cmocka_unit_test(status),
		cmocka_unit_test(socket_roundtrip),
		cmocka_unit_test(evict_rank),
		cmocka_unit_test(path_check),
		cmocka_unit_test(output_cap),
		{ "conn_cap", nofile64, NULL, NULL, (void *)conn_cap_child },
		cmocka_unit_test(watch_cap),
		{ "emfile", nofile64, NULL, NULL, (void *)emfile_child },
		cmocka_unit_test(takeover),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
