/* Unit tests for common/metrics (the text format writer: escaping, label
 * sets, histograms) and the pure parts of common/httpd (request heads,
 * listen addresses). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <netinet/in.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "common/httpd.h"
#include "common/metrics.h"

static char *out;
static size_t outlen;

static FILE *mem(void)
{
	free(out);
	out = NULL;
	return open_memstream(&out, &outlen);
}

static void test_family_and_samples(void **state)
{
	FILE *f = mem();

	(void)state;
	metrics_family(f, "x_total", "counter", "a \\ help\nline");
	metrics_u64(f, "x_total", 18446744073709551615ull, NULL);
	metrics_i64(f, "x_total", -1, "a", "1", NULL);
	metrics_family(f, "y_info", "info", "info is a gauge");
	metrics_f64(f, "y_info", 1.5, "k", "v", "l", NULL, NULL);
	fclose(f);
	assert_string_equal(out,
		"# HELP x_total a \\\\ help\\nline\n"
		"# TYPE x_total counter\n"
		"x_total 18446744073709551615\n"
		"x_total{a=\"1\"} -1\n"
		"# HELP y_info info is a gauge\n"
		"# TYPE y_info gauge\n"
		"y_info{k=\"v\",l=\"\"} 1.5\n");
}

static void test_label_escaping(void **state)
{
	FILE *f = mem();

	(void)state;
	metrics_u64(f, "m", 0, "name", "a\"b\\c\nd", NULL);
	metrics_f64(f, "m", NAN, NULL);
	metrics_f64(f, "m", -INFINITY, NULL);
	fclose(f);
	assert_string_equal(out, "m{name=\"a\\\"b\\\\c\\nd\"} 0\nm NaN\nm -Inf\n");
}

static void test_histogram(void **state)
{
	struct metrics_hist h = { 0 };
	FILE *f = mem();

	(void)state;
	metrics_hist_observe(&h, 0.0005);	/* first bucket */
	metrics_hist_observe(&h, 0.001);	/* le is inclusive */
	metrics_hist_observe(&h, 0.3);		/* 0.5 */
	metrics_hist_observe(&h, 99);		/* +Inf only */
	assert_int_equal(h.count, 4);
	metrics_hist(f, "lat_seconds", &h, "name", "c", NULL);
	fclose(f);
	assert_non_null(strstr(out, "lat_seconds_bucket{name=\"c\",le=\"0.001\"} 2\n"));
	assert_non_null(strstr(out, "lat_seconds_bucket{name=\"c\",le=\"0.25\"} 2\n"));
	assert_non_null(strstr(out, "lat_seconds_bucket{name=\"c\",le=\"0.5\"} 3\n"));
	assert_non_null(strstr(out, "lat_seconds_bucket{name=\"c\",le=\"5\"} 3\n"));
	assert_non_null(strstr(out, "lat_seconds_bucket{name=\"c\",le=\"+Inf\"} 4\n"));
	assert_non_null(strstr(out, "lat_seconds_sum{name=\"c\"} 99.3015\n"));
	assert_non_null(strstr(out, "lat_seconds_count{name=\"c\"} 4\n"));
}

#define P(s) httpd_parse(s, strlen(s), "/metrics")

static void test_parse(void **state)
{
	char big[HTTPD_REQ_MAX];

	(void)state;
	assert_int_equal(P("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), 200);
	assert_int_equal(P("GET /metrics?x=1 HTTP/1.0\n\n"), 200);
	assert_int_equal(P("GET /metrics HTTP/1.1\r\nHost: x\r\n"), 0);	/* not yet */
	assert_int_equal(P("GET /metric HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(P("GET /metricsx HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(P("GET / HTTP/1.1\r\n\r\n"), 404);
	assert_int_equal(P("POST /metrics HTTP/1.1\r\n\r\n"), 405);
	assert_int_equal(P("HEAD /metrics HTTP/1.1\r\n\r\n"), 405);
	assert_int_equal(P("GET /metrics\r\n\r\n"), 400);
	assert_int_equal(P("GET  HTTP/1.1\r\n\r\n"), 400);
	assert_int_equal(P("GET /metrics SMTP/1.1\r\n\r\n"), 400);
	assert_int_equal(P("\r\n\r\n"), 400);
	memset(big, 'a', sizeof(big));
	assert_int_equal(httpd_parse(big, sizeof(big), "/metrics"), 431);
	assert_int_equal(httpd_parse(big, sizeof(big) - 1, "/metrics"), 0);
}

static void test_addr(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	const char *why;

	(void)state;
	assert_int_equal(httpd_addr_parse("9650", &ss, &len, &why), 0);
	assert_int_equal(s4->sin_family, AF_INET);
	assert_int_equal(ntohl(s4->sin_addr.s_addr), INADDR_LOOPBACK);
	assert_int_equal(ntohs(s4->sin_port), 9650);
	assert_int_equal(httpd_addr_parse("192.0.2.1:80", &ss, &len, &why), 0);
	assert_int_equal(ntohl(s4->sin_addr.s_addr), 0xc0000201);
	assert_int_equal(httpd_addr_parse("[2001:db8::1]:9650", &ss, &len, &why), 0);
	assert_int_equal(s6->sin6_family, AF_INET6);
	assert_int_equal(len, sizeof(struct sockaddr_in6));
	assert_int_equal(httpd_addr_parse("*:9650", &ss, &len, &why), 0);
	assert_int_equal(s6->sin6_family, AF_INET6);
	assert_int_equal(httpd_addr_parse("0", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("65536", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("-1", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("host.example:80", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("2001:db8::1:80", &ss, &len, &why), -EINVAL);
	assert_int_equal(httpd_addr_parse("[2001:db8::1]80", &ss, &len, &why), -EINVAL);
}

static void serve_nothing(FILE *f, void *arg)
{
	(void)f;
	(void)arg;
}

/* Out of descriptors with a client waiting: the listener pauses instead of
 * waking the loop again at once (the review found 191,225 wake-ups a
 * second).  In a child with RLIMIT_NOFILE 64, every descriptor taken. */
static void test_emfile_no_spin(void **state)
{
	pid_t pid = fork();
	int st;

	(void)state;
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 64, 64 };
		char spec[32];
		struct sockaddr_in sin = { .sin_family = AF_INET };
		struct loop *l;
		struct httpd *h;
		unsigned turns = 0;
		int port = 20000 + getpid() % 20000, c;
		uint64_t end;

		if (setrlimit(RLIMIT_NOFILE, &rl) < 0 || !(l = loop_new()))
			_exit(2);
		snprintf(spec, sizeof(spec), "127.0.0.1:%d", port);
		if (httpd_listen(l, spec, "/metrics", "text/plain", serve_nothing, NULL, &h) < 0)
			_exit(3);
		sin.sin_port = htons((uint16_t)port);
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if ((c = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
		    connect(c, (struct sockaddr *)&sin, sizeof(sin)) < 0)
			_exit(4);
		while (open("/dev/null", O_RDONLY) >= 0)
			;
		end = loop_now_us() + 600000;
		while (loop_now_us() < end) {
			loop_once(l, 100);
			turns++;
		}
		_exit(turns < 100 ? 0 : 10);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_and_samples),
		cmocka_unit_test(test_label_escaping),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_addr),
		cmocka_unit_test(test_emfile_no_spin),
	};
	int r = cmocka_run_group_tests(tests, NULL, NULL);

	free(out);
	return r;
}
