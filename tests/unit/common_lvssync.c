/* lvs_sync_daemon settings (common/lvssync.c): both keepalived forms, every
 * option, the errors naming FILE:LINE and the word, and the start/stop
 * calls' idempotence against a fake kernel (ipvs_*_daemon wrapped). */
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

#include <libmnl/libmnl.h>

#include "common/lvssync.h"

static char warnings[1024];

static void collect(void *arg, const char *file, int line, const char *msg)
{
	size_t l = strlen(warnings);

	snprintf(warnings + l, sizeof(warnings) - l, "%s:%d: %s\n", file, line, msg);
}

static const struct conf_options opts = { .instance = "", .warn = collect };

/* parse text: 0 or -EINVAL, the error message in msg */
static int parse(const char *text, struct lvssync *s, char *msg)
{
	struct conf *c;
	struct conf_err e;
	int r;

	warnings[0] = '\0';
	msg[0] = '\0';
	if (conf_load_string(text, strlen(text), "ka.conf", &opts, &c, &e) < 0)
		fail_msg("load: %s", conf_err_fmt(&e, msg, CONF_ERR_LEN));
	r = lvssync_conf(c->root, s, &e);
	if (r < 0)
		conf_err_fmt(&e, msg, CONF_ERR_LEN);
	conf_free(c);
	return r;
}

static void test_none(void **state)
{
	struct lvssync s;
	char msg[CONF_ERR_LEN];

	assert_int_equal(parse("global_defs {\n router_id A\n}\n", &s, msg), 0);
	assert_false(s.set);
	assert_int_equal(s.syncid, -1);
}

static void test_global_full(void **state)
{
	struct lvssync s;
	char msg[CONF_ERR_LEN], b[200];

	assert_int_equal(parse("global_defs {\n"
			       "  lvs_sync_daemon eth1 VI_1 id 7 maxlen 1400 port 9000 ttl 3 group 239.1.2.3\n"
			       "}\n", &s, msg), 0);
	assert_true(s.set);
	assert_string_equal(s.ifname, "eth1");
	assert_string_equal(s.instance, "VI_1");
	assert_int_equal(s.syncid, 7);
	assert_int_equal(s.maxlen, 1400);
	assert_int_equal(s.port, 9000);
	assert_int_equal(s.ttl, 3);
	assert_int_equal(s.group.family, AF_INET);
	assert_string_equal(s.file, "ka.conf");
	assert_int_equal(s.line, 2);
	assert_string_equal(lvssync_fmt(&s, b, sizeof(b)), "eth1 id 7 group 239.1.2.3 (vrrp_instance VI_1)");
	assert_string_equal(warnings, "");
}

static void test_global_forms(void **state)
{
	struct lvssync s;
	char msg[CONF_ERR_LEN];

	/* no instance: hcheckd's, sync id 0 */
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0\n}\n", &s, msg), 0);
	assert_string_equal(s.instance, "");
	assert_int_equal(s.syncid, -1);
	/* inst keyword, IPv6 group */
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 inst VI_9 group ff02::81\n}\n",
			       &s, msg), 0);
	assert_string_equal(s.instance, "VI_9");
	assert_int_equal(s.group.family, AF_INET6);
	/* options before the instance are fine; a bare sync id is warned */
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 VI_1 12\n}\n", &s, msg), 0);
	assert_int_equal(s.syncid, 12);
	assert_non_null(strstr(warnings, "ka.conf:2: lvs_sync_daemon: write the sync id as 'id 12'"));
}

static void test_old_form(void **state)
{
	struct lvssync s;
	char msg[CONF_ERR_LEN];

	assert_int_equal(parse("vrrp_instance VI_1 {\n interface eth0\n"
			       " lvs_sync_daemon_interface eth1\n}\n", &s, msg), 0);
	assert_true(s.set);
	assert_string_equal(s.ifname, "eth1");
	assert_string_equal(s.instance, "VI_1");
	assert_int_equal(s.syncid, -1);
	assert_int_equal(s.line, 3);
}

static void test_errors(void **state)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "global_defs {\n lvs_sync_daemon eth0 VI_1 bogus 3\n}\n",
		  "ka.conf:2: unknown lvs_sync_daemon option 'bogus' (inst, id, maxlen, port, ttl, group)" },
		{ "global_defs {\n lvs_sync_daemon eth0 VI_1 id 256\n}\n", "ka.conf:2:" },
		{ "global_defs {\n lvs_sync_daemon eth0 id\n}\n",
		  "ka.conf:2: lvs_sync_daemon 'id' needs a value" },
		{ "global_defs {\n lvs_sync_daemon\n}\n", "ka.conf:2: 'lvs_sync_daemon' needs an interface" },
		{ "global_defs {\n lvs_sync_daemon averyveryverylongname\n}\n",
		  "ka.conf:2: interface name 'averyveryverylongname' too long" },
		{ "global_defs {\n lvs_sync_daemon eth0 group 192.0.2.1\n}\n",
		  "ka.conf:2: lvs_sync_daemon group 192.0.2.1 is not a multicast address" },
		{ "global_defs {\n lvs_sync_daemon eth0 port 0\n}\n", "ka.conf:2:" },
		{ "global_defs {\n lvs_sync_daemon eth0 VI_1 inst VI_2\n}\n",
		  "ka.conf:2: lvs_sync_daemon: the vrrp_instance is already given as VI_1" },
		{ "global_defs {\n lvs_sync_daemon eth0 VI_1\n lvs_sync_daemon eth1 VI_1\n}\n",
		  "ka.conf:3: 'lvs_sync_daemon': the sync daemon is already configured at ka.conf:2" },
		{ "global_defs {\n lvs_sync_daemon eth0 VI_1\n}\n"
		  "vrrp_instance VI_1 {\n lvs_sync_daemon_interface eth1\n}\n",
		  "ka.conf:5: 'lvs_sync_daemon_interface': the sync daemon is already configured at ka.conf:2" },
		{ "vrrp_instance VI_1 {\n lvs_sync_daemon_interface eth1 eth2\n}\n", "ka.conf:2:" },
	};
	struct lvssync s;
	char msg[CONF_ERR_LEN];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(parse(cases[i].text, &s, msg), -EINVAL);
		if (strncmp(msg, cases[i].msg, strlen(cases[i].msg)))
			fail_msg("case %zu: got '%s', want '%s'", i, msg, cases[i].msg);
	}
}

static void test_same_and_daemon(void **state)
{
	struct lvssync a, b;
	struct ipvs_daemon d;
	char msg[CONF_ERR_LEN];

	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 id 3 ttl 2\n}\n", &a, msg), 0);
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 id 3 ttl 2\n}\n", &b, msg), 0);
	assert_true(lvssync_same(&a, &b));
	b.ttl = 4;
	assert_false(lvssync_same(&a, &b));
	lvssync_daemon(&a, IP_VS_STATE_BACKUP, &d);
	assert_int_equal(d.state, IP_VS_STATE_BACKUP);
	assert_string_equal(d.ifname, "eth0");
	assert_int_equal(d.syncid, 3);
	assert_int_equal(d.ttl, 2);
	assert_int_equal(d.group_af, 0);
	a.syncid = -1;		/* no instance, no id: 0 */
	lvssync_daemon(&a, IP_VS_STATE_MASTER, &d);
	assert_int_equal(d.syncid, 0);
}

/* ---- a fake kernel: one master and one backup slot ---------------------- */

static struct ipvs_daemon kd[2];	/* [0] master, [1] backup; state 0 = none */
static int starts, stops;
/* the kernel's lost ACK (see lvssync.c): 1 the daemon stops and the reply
 * never comes (the socket's receive timeout: -EAGAIN); 2 it does not stop */
static int lose_ack;

static int slot(uint32_t state)
{
	return state == IP_VS_STATE_MASTER ? 0 : 1;
}

int __wrap_ipvs_start_daemon(struct ipvs *h, const struct ipvs_daemon *d);
int __wrap_ipvs_start_daemon(struct ipvs *h, const struct ipvs_daemon *d)
{
	struct ipvs_daemon k = *d;

	if (d->state != IP_VS_STATE_MASTER && d->state != IP_VS_STATE_BACKUP)
		return -EINVAL;
	if (kd[slot(d->state)].state)
		return -EEXIST;
	/* the kernel fills its defaults */
	if (!k.port)
		k.port = 8848;
	if (!k.ttl)
		k.ttl = 1;
	if (!k.maxlen)
		k.maxlen = 1472;
	if (!k.group_af) {
		k.group_af = AF_INET;
		memcpy(k.group, (uint8_t[]){ 224, 0, 0, 81 }, 4);
	}
	kd[slot(d->state)] = k;
	starts++;
	return 0;
}

int __wrap_ipvs_stop_daemon(struct ipvs *h, uint32_t state);
int __wrap_ipvs_stop_daemon(struct ipvs *h, uint32_t state)
{
	if (!kd[slot(state)].state)
		return -ESRCH;
	if (lose_ack == 2)
		return -EAGAIN;
	memset(&kd[slot(state)], 0, sizeof(kd[0]));
	stops++;
	return lose_ack ? -EAGAIN : 0;
}

int __wrap_ipvs_dump_daemons(struct ipvs *h, ipvs_daemon_cb cb, void *arg);
int __wrap_ipvs_dump_daemons(struct ipvs *h, ipvs_daemon_cb cb, void *arg)
{
	for (int i = 0; i < 2; i++)
		if (kd[i].state && cb(&kd[i], arg) < 0)
			return -EINTR;
	return 0;
}

static struct ipvs h;		/* a real socket: lvssync sets its receive timeout */

static void kernel_reset(void)
{
	memset(kd, 0, sizeof(kd));
	starts = stops = 0;
	lose_ack = 0;
	if (!h.nl.sk)
		assert_non_null(h.nl.sk = mnl_socket_open(NETLINK_GENERIC));
}

static void test_ops(void **state)
{
	struct lvssync s, t;
	char msg[CONF_ERR_LEN];

	kernel_reset();
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 VI_1 id 51\n}\n", &s, msg), 0);
	/* nothing running: stop is fine */
	assert_int_equal(lvssync_stop(&h), 0);
	assert_int_equal(lvssync_backup(&h, &s), 0);
	assert_int_equal(kd[1].state, IP_VS_STATE_BACKUP);
	assert_int_equal(kd[1].syncid, 51);
	assert_int_equal(kd[0].state, 0);
	/* twice: kept as it is, no restart */
	assert_int_equal(lvssync_backup(&h, &s), 0);
	assert_int_equal(starts, 1);
	assert_int_equal(stops, 0);
	/* becoming master: backup stopped, master started */
	assert_int_equal(lvssync_master(&h, &s), 0);
	assert_int_equal(kd[0].state, IP_VS_STATE_MASTER);
	assert_int_equal(kd[1].state, 0);
	/* a master with other settings is restarted with ours */
	t = s;
	t.syncid = 52;
	assert_int_equal(lvssync_master(&h, &t), 0);
	assert_int_equal(kd[0].syncid, 52);
	assert_int_equal(starts, 3);
	/* both (hcheckd), then stop */
	assert_int_equal(lvssync_both(&h, &t), 0);
	assert_int_equal(kd[0].state, IP_VS_STATE_MASTER);
	assert_int_equal(kd[1].state, IP_VS_STATE_BACKUP);
	assert_int_equal(starts, 4);
	assert_int_equal(lvssync_stop(&h), 0);
	assert_int_equal(kd[0].state | kd[1].state, 0);
	assert_int_equal(lvssync_stop(&h), 0);
}

/* a stop whose ACK never comes: done when the daemon is gone, else -ETIMEDOUT */
static void test_lost_ack(void **state)
{
	struct lvssync s;
	char msg[CONF_ERR_LEN];

	kernel_reset();
	assert_int_equal(parse("global_defs {\n lvs_sync_daemon eth0 VI_1 id 51\n}\n", &s, msg), 0);
	assert_int_equal(lvssync_backup(&h, &s), 0);
	lose_ack = 1;
	assert_int_equal(lvssync_master(&h, &s), 0);
	assert_int_equal(kd[0].state, IP_VS_STATE_MASTER);
	assert_int_equal(kd[1].state, 0);
	lose_ack = 2;
	assert_int_equal(lvssync_stop(&h), -ETIMEDOUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_none),
		cmocka_unit_test(test_global_full),
		cmocka_unit_test(test_global_forms),
		cmocka_unit_test(test_old_form),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_same_and_daemon),
		cmocka_unit_test(test_ops),
		cmocka_unit_test(test_lost_ack),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
