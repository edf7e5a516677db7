/* Unit tests for hcheckd's probe engine on real sockets, in a network
 * namespace of the test's own (root only; skipped otherwise): a probe
 * whose answer is waiting when its deadline is handled succeeds, however
 * busy the loop was; one that got no answer still times out; HTTP with
 * keepalived's per-step timeout passes a server that answers in two slow
 * parts, and the one-shot total deadline fails it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sched.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <sys/ioctl.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "hcheckd/probe.h"
#include "hcheckd/url.h"
#include "hcheckd/util.h"

#define NPROBES 100	/* more than the 64 events one dispatch handles */

static bool in_netns;

/* our own network namespace with lo up: no traffic leaves the test */
static int group_setup(void **state)
{
	struct ifreq ifr = { 0 };
	int fd;

	(void)state;
	if (geteuid() != 0 || unshare(CLONE_NEWNET) < 0)
		return 0;
	if ((fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0)
		return 0;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		in_netns = ioctl(fd, SIOCSIFFLAGS, &ifr) == 0;
	}
	close(fd);
	return 0;
}

static int listener(int backlog, uint16_t *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(fd, backlog), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static void tcp_spec(struct probe_spec *s, uint16_t port, int timeout_ms)
{
	char url[64], err[256];

	spec_init(s);
	snprintf(url, sizeof(url), "tcp://127.0.0.1:%u", port);
	assert_int_equal(url_parse(url, s, err, sizeof(err)), 0);
	assert_int_equal(parse_sockaddr("127.0.0.1", port, &s->addr, &s->addrlen), 0);
	s->timeout_ms = timeout_ms;
}

static int ndone;
static void on_done(struct probe *p, void *arg)
{
	(void)p;
	(void)arg;
	ndone++;
}

/* 100 connects complete while nobody looks; the deadline comes first */
static void test_answer_waiting_at_deadline(void **state)
{
	static struct probe p[NPROBES];
	struct probe_spec s;
	struct engine *e;
	uint16_t port;
	int lfd;

	(void)state;
	if (!in_netns)
		skip();
	lfd = listener(NPROBES * 2, &port);
	tcp_spec(&s, port, 200);
	assert_int_equal(engine_new(&e), 0);
	ndone = 0;
	for (int i = 0; i < NPROBES; i++) {
		probe_init(&p[i], &s);
		assert_int_equal(probe_start(e, &p[i], on_done, NULL), 0);
	}
	usleep(500 * 1000);	/* past every deadline, nothing dispatched */
	engine_dispatch(e);
	assert_int_equal(ndone, NPROBES);
	for (int i = 0; i < NPROBES; i++) {
		if (p[i].res.status != PS_OK)
			fail_msg("probe %d: %s %s", i, pstatus_name[p[i].res.status], p[i].res.reason);
		probe_release(&p[i]);
	}
	engine_free(e);
	spec_free(&s);
	close(lfd);
}

/* a listener whose queue is full drops the SYN: that is a timeout */
static void test_no_answer_times_out(void **state)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct probe p;
	struct probe_spec s;
	struct engine *e;
	uint16_t port;
	int lfd, fill[4];

	(void)state;
	if (!in_netns)
		skip();
	lfd = listener(0, &port);
	a.sin_port = htons(port);
	for (int i = 0; i < 4; i++) {	/* backlog 0 still queues one; fill it */
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		assert_true(fill[i] >= 0);
		connect(fill[i], (struct sockaddr *)&a, sizeof(a));
	}
	usleep(100 * 1000);
	tcp_spec(&s, port, 200);
	assert_int_equal(engine_new(&e), 0);
	ndone = 0;
	probe_init(&p, &s);
	assert_int_equal(probe_start(e, &p, on_done, NULL), 0);
	for (int i = 0; i < 50 && !ndone; i++)
		engine_run(e, 100);
	assert_int_equal(ndone, 1);
	assert_int_equal(p.res.status, PS_CRIT);
	assert_non_null(strstr(p.res.reason, "timeout"));
	probe_release(&p);
	engine_free(e);
	spec_free(&s);
	for (int i = 0; i < 4; i++)
		close(fill[i]);
	close(lfd);
}

/* An HTTP server (a child of ours) answering one request in two parts,
 * each after `step_ms`; returns its pid. */
static pid_t slow_http(int lfd, int step_ms)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		char buf[1024];
		int c = accept(lfd, NULL, NULL);

		if (c < 0 || recv(c, buf, sizeof(buf), 0) <= 0)
			_exit(1);
		usleep((useconds_t)step_ms * 1000);
		static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n";
		send(c, head, sizeof(head) - 1, MSG_NOSIGNAL);
		usleep((useconds_t)step_ms * 1000);
		send(c, "\r\nok", 4, MSG_NOSIGNAL);
		usleep(500 * 1000);
		_exit(0);
	}
	return pid;
}

/* timeout T, steps of 2T/3: each step is T/3 inside the timeout, the whole
 * exchange T/3 beyond it (1 s either way: generous on a loaded machine) */
static struct probe_result http_two_steps(bool step_timeout)
{
	struct probe_spec s;
	struct probe p;
	struct engine *e;
	struct probe_result res;
	uint16_t port;
	int lfd = listener(4, &port), st;
	pid_t pid = slow_http(lfd, 2000);
	char url[64], err[256];

	spec_init(&s);
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/", port);
	assert_int_equal(url_parse(url, &s, err, sizeof(err)), 0);
	assert_int_equal(parse_sockaddr("127.0.0.1", port, &s.addr, &s.addrlen), 0);
	s.timeout_ms = 3000;
	s.step_timeout = step_timeout;
	assert_int_equal(engine_new(&e), 0);
	ndone = 0;
	probe_init(&p, &s);
	assert_int_equal(probe_start(e, &p, on_done, NULL), 0);
	for (int i = 0; i < 200 && !ndone; i++)
		engine_run(e, 100);
	assert_int_equal(ndone, 1);
	res = p.res;
	probe_release(&p);
	engine_free(e);
	spec_free(&s);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	close(lfd);
	return res;
}

static void test_http_step_timeout(void **state)
{
	struct probe_result r;

	(void)state;
	if (!in_netns)
		skip();
	r = http_two_steps(true);
	if (r.status != PS_OK)
		fail_msg("step timeouts: %s %s", pstatus_name[r.status], r.reason);
	r = http_two_steps(false);
	assert_int_equal(r.status, PS_CRIT);
	assert_non_null(strstr(r.reason, "timeout after 3000 ms (receive)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_answer_waiting_at_deadline),
		cmocka_unit_test(test_no_answer_times_out),
		cmocka_unit_test(test_http_step_timeout),
	};
	return cmocka_run_group_tests(tests, group_setup, NULL);
}
