/* ipvsctl --metrics: a table with an IPv4 TCP service (two real servers),
 * an IPv6 UDP service and a firewall-mark service printed in the
 * Prometheus text format; the text is checked here line by line and, when
 * Debian's prometheus package is installed, by `promtool check metrics`. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "ipvsctl/print.h"

static struct ipvs_dest d4[2], d6[1], dm[1];
static struct ipvs_entry ents[3];

static void table(struct ipvs_table *t)
{
	memset(ents, 0, sizeof(ents));
	ents[0].svc.af = AF_INET;
	ents[0].svc.protocol = IPPROTO_TCP;
	inet_pton(AF_INET, "192.0.2.1", ents[0].svc.addr);
	ents[0].svc.port = 80;
	ents[0].svc.stats.conns = 7;
	ents[0].svc.stats.inbytes = 1ull << 40;
	memset(d4, 0, sizeof(d4));
	inet_pton(AF_INET, "192.0.2.10", d4[0].addr);
	d4[0].port = 80;
	d4[0].weight = 3;
	d4[0].active = 2;
	d4[0].stats.conns = 5;
	inet_pton(AF_INET, "192.0.2.11", d4[1].addr);
	d4[1].port = 8080;
	d4[1].stats.outpkts = 9;
	ents[0].dests = d4;
	ents[0].ndests = 2;
	ents[1].svc.af = AF_INET6;
	ents[1].svc.protocol = IPPROTO_UDP;
	inet_pton(AF_INET6, "2001:db8::1", ents[1].svc.addr);
	ents[1].svc.port = 53;
	memset(d6, 0, sizeof(d6));
	inet_pton(AF_INET6, "2001:db8::10", d6[0].addr);
	d6[0].port = 53;
	d6[0].weight = 1;
	ents[1].dests = d6;
	ents[1].ndests = 1;
	ents[2].svc.af = AF_INET;
	ents[2].svc.fwmark = 7;
	memset(dm, 0, sizeof(dm));
	inet_pton(AF_INET, "198.51.100.1", dm[0].addr);
	dm[0].inactive = 4;
	ents[2].dests = dm;
	ents[2].ndests = 1;
	t->v = ents;
	t->n = 3;
}

static char *text(void)
{
	struct ipvs_table t;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	table(&t);
	print_metrics(f, &t);
	fclose(f);
	return buf;
}

static void test_lines(void **state)
{
	char *s = text();

	(void)state;
	assert_non_null(strstr(s, "# TYPE ipvs_service_connections_total counter\n"));
	assert_non_null(strstr(s, "ipvs_service_connections_total{protocol=\"TCP\","
			       "vip=\"192.0.2.1:80\"} 7\n"));
	assert_non_null(strstr(s, "ipvs_service_incoming_bytes_total{protocol=\"TCP\","
			       "vip=\"192.0.2.1:80\"} 1099511627776\n"));
	assert_non_null(strstr(s, "ipvs_service_connections_total{protocol=\"UDP\","
			       "vip=\"[2001:db8::1]:53\"} 0\n"));
	assert_non_null(strstr(s, "ipvs_service_connections_total{protocol=\"FWM\","
			       "vip=\"7\"} 0\n"));
	assert_non_null(strstr(s, "ipvs_real_server_connections_total{protocol=\"TCP\","
			       "vip=\"192.0.2.1:80\",rs=\"192.0.2.10:80\"} 5\n"));
	assert_non_null(strstr(s, "ipvs_real_server_outgoing_packets_total{protocol=\"TCP\","
			       "vip=\"192.0.2.1:80\",rs=\"192.0.2.11:8080\"} 9\n"));
	assert_non_null(strstr(s, "ipvs_real_server_weight{protocol=\"UDP\","
			       "vip=\"[2001:db8::1]:53\",rs=\"[2001:db8::10]:53\"} 1\n"));
	assert_non_null(strstr(s, "ipvs_real_server_active_connections{protocol=\"TCP\","
			       "vip=\"192.0.2.1:80\",rs=\"192.0.2.10:80\"} 2\n"));
	assert_non_null(strstr(s, "ipvs_real_server_inactive_connections{protocol=\"FWM\","
			       "vip=\"7\",rs=\"198.51.100.1:0\"} 4\n"));
	free(s);
}

static void test_promtool(void **state)
{
	char *s = text();
	FILE *p;
	int st;

	(void)state;
	if (system("command -v promtool >/dev/null 2>&1")) {
		free(s);
		skip();
	}
	p = popen("promtool check metrics", "w");
	assert_non_null(p);
	fputs(s, p);
	st = pclose(p);
	free(s);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* every family is in ipvsctl(8) (tests/run runs us from the top) */
static void test_documented(void **state)
{
	char *s = text(), *line, *save = NULL, man[65536];
	FILE *m = fopen("man/ipvsctl.8", "re");
	size_t n;
	int families = 0;

	(void)state;
	if (!m) {
		free(s);
		skip();
	}
	n = fread(man, 1, sizeof(man) - 1, m);
	man[n] = '\0';
	fclose(m);
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char name[128];
		if (sscanf(line, "# TYPE %127s", name) != 1)
			continue;
		families++;
		if (!strstr(man, name))
			fail_msg("%s is not in man/ipvsctl.8", name);
	}
	assert_int_equal(families, 13);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_promtool),
		cmocka_unit_test(test_documented),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
