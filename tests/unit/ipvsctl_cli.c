/* ipvsctl's ipvsadm grammar (cli.c), the restore parser (run.c) and the
 * save/list text (print.c): what parses to what, what is refused and why. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "ipvsctl/cli.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/print.h"

static char err[256];

static int parse(struct cli_cmd *c, const char *line)
{
	static char copy[1024];
	char *argv[64];
	int argc;

	strcpy(copy, line);
	argc = cli_split(copy, argv, 64);
	return cli_parse(argc, argv, false, c, err, sizeof(err));
}

static void refused(const char *line, const char *why)
{
	struct cli_cmd c;

	if (parse(&c, line) != -EINVAL)
		fail_msg("accepted: %s", line);
	if (!strstr(err, why))
		fail_msg("'%s': message '%s' lacks '%s'", line, err, why);
}

static void test_add_service(void **state)
{
	struct cli_cmd c;
	uint8_t a[16] = { 0 };

	assert_int_equal(parse(&c, "-A -t 192.0.2.1:80 -s rr"), 0);
	assert_int_equal(c.kind, CLI_ADD_SVC);
	assert_true(c.has_svc);
	assert_int_equal(c.svc.af, AF_INET);
	assert_int_equal(c.svc.protocol, IPPROTO_TCP);
	inet_pton(AF_INET, "192.0.2.1", a);
	assert_memory_equal(c.svc.addr, a, 16);
	assert_int_equal(c.svc.port, 80);
	assert_string_equal(c.svc.sched, "rr");
	assert_int_equal(c.svc.flags, 0);
	assert_int_equal(c.svc.netmask, 0xffffffff);

	/* defaults: wlc; -p alone is 360 s */
	assert_int_equal(parse(&c, "-A -u 192.0.2.1:53 -p"), 0);
	assert_string_equal(c.svc.sched, "wlc");
	assert_int_equal(c.svc.flags, IP_VS_SVC_F_PERSISTENT);
	assert_int_equal(c.svc.timeout, 360);
	assert_int_equal(c.svc.protocol, IPPROTO_UDP);

	assert_int_equal(parse(&c, "-A -u 192.0.2.5:5060 -s sh -b sh-port -p 60 -M 255.255.255.0 "
			       "--pe sip -o"), 0);
	assert_int_equal(c.svc.flags, IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_SCHED2 |
			 IP_VS_SVC_F_ONEPACKET);
	assert_int_equal(c.svc.timeout, 60);
	assert_int_equal(c.svc.netmask, htonl(0xffffff00));
	assert_string_equal(c.svc.pe, "sip");

	/* ipvsadm reads -M with inet_aton: 24 is 0.0.0.24 */
	assert_int_equal(parse(&c, "-A -t 192.0.2.1:80 -p 10 -M 24"), 0);
	assert_int_equal(c.svc.netmask, htonl(24));
}

static void test_service_kinds(void **state)
{
	struct cli_cmd c;

	assert_int_equal(parse(&c, "-A -f 2 -6 -s rr -p 120 -M 64"), 0);
	assert_int_equal(c.svc.fwmark, 2);
	assert_int_equal(c.svc.af, AF_INET6);
	assert_int_equal(c.svc.netmask, 64);
	assert_int_equal(parse(&c, "-A --sctp-service [2001:db8::3]:3868 -s nq"), 0);
	assert_int_equal(c.svc.protocol, IPPROTO_SCTP);
	assert_int_equal(c.svc.af, AF_INET6);
	assert_int_equal(c.svc.port, 3868);
	assert_int_equal(parse(&c, "-A -t 192.0.2.41:0 -p"), 0);
	assert_int_equal(parse(&c, "-A -t 192.0.2.70:http"), 0);
	assert_int_equal(c.svc.port, 80);
	/* long options, "=" and clustered short options */
	assert_int_equal(parse(&c, "--add-service --tcp-service=192.0.2.1:80 --scheduler=mh "
			       "--sched-flags mh-fallback,mh-port"), 0);
	assert_int_equal(c.svc.flags, IP_VS_SVC_F_SCHED1 | IP_VS_SVC_F_SCHED2);
	assert_int_equal(parse(&c, "-A -t 192.0.2.1:80 -srr -p300"), 0);
	assert_string_equal(c.svc.sched, "rr");
	assert_int_equal(c.svc.timeout, 300);
}

static void test_dest(void **state)
{
	struct cli_cmd c;

	/* not masquerading: the port is the service's, whatever was written */
	assert_int_equal(parse(&c, "-a -t 192.0.2.1:80 -r 198.51.100.1:8080"), 0);
	assert_int_equal(c.kind, CLI_ADD_DEST);
	assert_int_equal(c.dest.port, 80);
	assert_int_equal(c.dest.fwd, IP_VS_CONN_F_DROUTE);
	assert_int_equal(c.dest.weight, 1);
	assert_int_equal(parse(&c, "-a -t 192.0.2.1:80 -r 198.51.100.1:8080 -m -w 0 -x 10 -y 5"), 0);
	assert_int_equal(c.dest.port, 8080);
	assert_int_equal(c.dest.fwd, IP_VS_CONN_F_MASQ);
	assert_int_equal(c.dest.weight, 0);
	assert_int_equal(c.dest.u_thresh, 10);
	assert_int_equal(c.dest.l_thresh, 5);
	assert_int_equal(parse(&c, "-a -t 192.0.2.1:80 -r 198.51.100.1 -m"), 0);
	assert_int_equal(c.dest.port, 80);
	assert_int_equal(parse(&c, "-a -f 1 -r 198.51.100.10 -m"), 0);
	assert_int_equal(c.dest.port, 0);
	assert_int_equal(parse(&c, "-a -t [2001:db8::60]:80 -r 203.0.113.66:80 -i"), 0);
	assert_int_equal(c.dest.af, AF_INET);
	assert_int_equal(c.svc.af, AF_INET6);
	assert_int_equal(c.dest.tun_type, 0);
	assert_int_equal(parse(&c, "-a -t 192.0.2.60:80 -r 203.0.113.60 -i --tun-type gue "
			       "--tun-port 6080 --tun-csum"), 0);
	assert_int_equal(c.dest.fwd, IP_VS_CONN_F_TUNNEL);
	assert_int_equal(c.dest.tun_type, IP_VS_CONN_F_TUNNEL_TYPE_GUE);
	assert_int_equal(c.dest.tun_port, 6080);
	assert_int_equal(c.dest.tun_flags, IP_VS_TUNNEL_ENCAP_FLAG_CSUM);
	assert_int_equal(parse(&c, "-d -t 192.0.2.1:80 -r 198.51.100.1"), 0);
	assert_int_equal(c.kind, CLI_DEL_DEST);
	assert_int_equal(c.dest.fwd, 0);
	assert_int_equal(parse(&c, "-a -t [2001:db8::1]:80 -r 2001:db8::5"), 0);
	assert_int_equal(c.dest.af, AF_INET6);
}

static void test_other_commands(void **state)
{
	struct cli_cmd c;

	assert_int_equal(parse(&c, "-Ln --stats --exact"), 0);
	assert_int_equal(c.kind, CLI_LIST);
	assert_int_equal(c.fmt, FMT_NUMERIC | FMT_STATS | FMT_EXACT);
	assert_false(c.has_svc);
	assert_int_equal(parse(&c, "-l -n -j -t 192.0.2.1:80"), 0);
	assert_true(c.json);
	assert_true(c.has_svc);
	assert_int_equal(parse(&c, "-Lnc --persistent-conn"), 0);
	assert_int_equal(c.fmt, FMT_NUMERIC | FMT_CONN | FMT_PERSISTENT);
	assert_int_equal(parse(&c, "-Sn"), 0);
	assert_int_equal(c.kind, CLI_SAVE);
	assert_int_equal(parse(&c, "--set 900 120 300"), 0);
	assert_int_equal(c.timeouts.tcp_fin, 120);
	assert_int_equal(parse(&c, "--start-daemon backup --mcast-interface eth1 --syncid 9 "
			       "--mcast-group ff02::82 --mcast-port 8849 --mcast-ttl 3 "
			       "--sync-maxlen 1000"), 0);
	assert_int_equal(c.daemon.state, IP_VS_STATE_BACKUP);
	assert_string_equal(c.daemon.ifname, "eth1");
	assert_int_equal(c.daemon.group_af, AF_INET6);
	assert_int_equal(c.daemon.maxlen, 1000);
	assert_int_equal(parse(&c, "--stop-daemon master"), 0);
	assert_int_equal(c.daemon.state, IP_VS_STATE_MASTER);
	assert_int_equal(parse(&c, "-Z"), 0);
	assert_int_equal(parse(&c, "-C"), 0);
	assert_int_equal(parse(&c, "apply /etc/keepalived/keepalived.conf --dry-run"), 0);
	assert_int_equal(c.kind, CLI_APPLY);
	assert_true(c.dry_run);
	assert_false(c.keep_others);
	assert_int_equal(parse(&c, "apply k.conf --keep-others"), 0);
	assert_true(c.keep_others);
	assert_int_equal(parse(&c, "apply k.conf -t"), 0);
	assert_true(c.check_only);
	assert_string_equal(c.file, "k.conf");
	assert_int_equal(parse(&c, "-h"), 0);
	assert_int_equal(c.kind, CLI_HELP);
}

static void test_refused(void **state)
{
	refused("-t 192.0.2.1:80", "no command");
	refused("-A -a -t 192.0.2.1:80", "only one command");
	refused("-A -t 192.0.2.300:80", "bad service address");
	refused("-A -t [2001:db8::1]", "bad service address");
	refused("-A -t 192.0.2.1:80 -u 192.0.2.1:80", "more than one service");
	refused("-A -t 192.0.2.1:0", "persistent");
	refused("-A -t 192.0.2.1:80 -p 0", "persistence timeout");
	refused("-A -t 192.0.2.1:80 -r 1.2.3.4", "not allowed with -A");
	refused("-D -t 192.0.2.1:80 -s rr", "not allowed with -D");
	refused("-A -t 192.0.2.1:80 -s rr -b sh-port", "needs scheduler sh");
	refused("-A -t 192.0.2.1:80 -b nope", "unknown scheduler flag");
	refused("-A -t 192.0.2.1:80 -s averyveryverylongschedulername", "bad scheduler name");
	refused("-A -f 0", "firewall mark");
	refused("-A -f 1 -6 -p 1 -M 0", "IPv6 netmask");
	refused("-A -t 192.0.2.1:80 -6", "-6 goes with -f");
	refused("-a -t 192.0.2.1:80", "needs a real server");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -w -1", "bad weight");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -w 2147483648", "bad weight");
	refused("-a -t 192.0.2.1:80 -r [2001:db8::1]", "bad real server address");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -m -g", "more than one forwarding method");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 --tun-type gue", "need -i");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-type gue", "needs --tun-port");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-type vxlan", "unknown tunnel type");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-port 1", "only for --tun-type gue");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-csum", "not for --tun-type ipip");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-type gre --tun-remcsum", "not for --tun-type gre");
	refused("-a -t 192.0.2.1:80 -r 1.2.3.4 -i --tun-type gre --tun-csum --tun-nocsum",
		"more than one tunnel checksum");
	refused("-A -t 192.0.2.1:80 -s rr -s wrr", "given twice");
	refused("-Ln --bogus", "unknown option '--bogus'");
	refused("-Lq", "unknown option '-q'");
	refused("-L --numeric=1", "takes no value");
	refused("-A -t", "needs a value");
	refused("-Lc -t 192.0.2.1:80", "no single service");
	refused("--set 1 2", "three timeouts");
	refused("--set 1 2 x", "bad timeout");
	refused("--start-daemon both", "master or backup");
	refused("--start-daemon master --syncid 256", "syncid");
	refused("-S -t 192.0.2.1:80", "not allowed with -S");
	refused("-C extra", "unexpected argument");
	refused("apply", "needs a keepalived.conf");
	refused("apply a b", "one file");
}

static void test_split(void **state)
{
	char line[128], *argv[8];

	strcpy(line, "  # comment");
	assert_int_equal(cli_split(line, argv, 8), 1);
	strcpy(line, " \t\n");
	assert_int_equal(cli_split(line, argv, 8), 1);
	strcpy(line, "-A  -t\t192.0.2.1:80\r\n");
	assert_int_equal(cli_split(line, argv, 8), 4);
	assert_string_equal(argv[3], "192.0.2.1:80");
	strcpy(line, "1 2 3 4 5 6 7 8 9");
	assert_int_equal(cli_split(line, argv, 8), -E2BIG);
}

static void test_restore_parse(void **state)
{
	const char *text =
		"-A -t 192.0.2.1:80 -s rr\n"
		"# comment\n"
		"\n"
		"-a -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 2\n"
		"ipvsadm -A -f 1 -s wlc\n"
		"-C\n"
		"--set 1 2 3\n"
		"-A -t 192.0.2.300:80\n"
		"-L -n\n"
		"-e -t 192.0.2.1:80 -r 198.51.100.1:80 -m -w 3";	/* no final newline */
	struct ipvs_op *ops;
	unsigned int *lines;
	size_t n;
	FILE *devnull = fopen("/dev/null", "w");
	int bad = restore_parse(text, strlen(text), "t", &ops, &lines, &n, devnull);

	fclose(devnull);
	assert_int_equal(bad, 2);
	assert_int_equal(n, 6);
	assert_int_equal(ops[0].cmd, IPVS_CMD_NEW_SERVICE);
	assert_int_equal(lines[0], 1);
	assert_int_equal(ops[1].cmd, IPVS_CMD_NEW_DEST);
	assert_int_equal(ops[1].dest.weight, 2);
	assert_int_equal(lines[1], 4);
	assert_int_equal(ops[2].svc.fwmark, 1);
	assert_int_equal(ops[3].cmd, IPVS_CMD_FLUSH);
	assert_int_equal(ops[4].cmd, IPVS_CMD_SET_CONFIG);
	assert_int_equal(ops[5].cmd, IPVS_CMD_SET_DEST);
	assert_int_equal(lines[5], 10);
	free(ops);
	free(lines);
}

static void test_save_text(void **state)
{
	struct ipvs_dest d[2] = {
		{ .af = AF_INET, .port = 80, .fwd = IP_VS_CONN_F_MASQ, .weight = 1 },
		{ .af = AF_INET, .port = 80, .fwd = IP_VS_CONN_F_TUNNEL, .weight = 2,
		  .tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE, .tun_port = 6080,
		  .tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM },
	};
	struct ipvs_entry e = { .svc = { .af = AF_INET, .protocol = IPPROTO_UDP, .port = 5060,
					 .sched = "sh", .pe = "sip", .timeout = 60,
					 .flags = IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET |
						  IP_VS_SVC_F_SCHED2 },
				.dests = d, .ndests = 2 };
	struct ipvs_table t = { .v = &e, .n = 1 };
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	inet_pton(AF_INET, "192.0.2.5", e.svc.addr);
	e.svc.netmask = htonl(0xffffff00);
	inet_pton(AF_INET, "198.51.100.1", d[0].addr);
	inet_pton(AF_INET, "203.0.113.60", d[1].addr);
	print_save(f, &t, FMT_NUMERIC);
	print_list(f, &t, FMT_NUMERIC, NULL);
	fclose(f);
	assert_string_equal(out,
		"-A -u 192.0.2.5:5060 -s sh -p 60 -M 255.255.255.0 --pe sip -o -b sh-port\n"
		"-a -u 192.0.2.5:5060 -r 198.51.100.1:80 -m -w 1\n"
		"-a -u 192.0.2.5:5060 -r 203.0.113.60:80 -i -w 2 --tun-type gue --tun-port 6080 "
		"--tun-csum\n"
		"Prot LocalAddress:Port Scheduler Flags\n"
		"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n"
		"UDP  192.0.2.5:5060 sh (sh-port) persistent 60 mask 255.255.255.0 pe sip ops\n"
		"  -> 198.51.100.1:80              Masq    1      0          0         \n"
		"  -> 203.0.113.60:80              Tunnel  2      0          0         \n");
	free(out);
}

static void test_largenum(void **state)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	print_largenum(f, 99999999, 0);
	print_largenum(f, 123456789, 0);
	print_largenum(f, 12345678901ull, 0);
	print_largenum(f, 12345678901ull, FMT_EXACT);
	fclose(f);
	assert_string_equal(out, " 99999999  123456K   12345M 12345678901");
	free(out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_service),
		cmocka_unit_test(test_service_kinds),
		cmocka_unit_test(test_dest),
		cmocka_unit_test(test_other_commands),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_restore_parse),
		cmocka_unit_test(test_save_text),
		cmocka_unit_test(test_largenum),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
