/*
 * common/probe.c: the probe for each family, and which frames name another
 * holder of an address (vipctl probe, vrrpd's conflict probes); and
 * common/inet.c's mac_fmt, which prints the holder.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/arp.h"
#include "common/inet.h"
#include "common/ndisc.h"
#include "common/probe.h"

static const uint8_t self[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t other[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x42 };

static struct ipaddr ip(const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a, IPADDR_NOPREFIX, NULL), 0);
	return a;
}

static void t_build(void **state)
{
	uint8_t f[PROBE_FRAME_MAX], g[PROBE_FRAME_MAX];
	struct ipaddr v4 = ip("192.0.2.100"), v6 = ip("2001:db8::100");

	(void)state;
	assert_int_equal(probe_build(f, &v4, self), ARP_FRAME_LEN);
	arp_build_probe(g, self, v4.v4);
	assert_memory_equal(f, g, ARP_FRAME_LEN);
	assert_int_equal(probe_build(f, &v6, self), NDISC_NS_FRAME_LEN);
	ndisc_build_dad_ns(g, self, &v6.v6);
	assert_memory_equal(f, g, NDISC_NS_FRAME_LEN);
	assert_int_equal(probe_ethertype(AF_INET), 0x0806);
	assert_int_equal(probe_ethertype(AF_INET6), 0x86dd);
}

static void t_mac_fmt(void **state)
{
	char m[MAC_STRLEN];

	(void)state;
	assert_string_equal(mac_fmt(other, m), "02:00:00:00:00:42");
	assert_string_equal(mac_fmt(self, m), "52:54:00:12:34:56");
}

static void t_arp_holder(void **state)
{
	struct ipaddr vip = ip("192.0.2.100"), elsewhere = ip("192.0.2.101");
	struct arp_pkt p = { .op = ARP_OP_REPLY };
	uint8_t f[60] = { 0 }, out[6];

	(void)state;
	/* a reply from another MAC with the VIP as sender address */
	memcpy(p.sha, other, 6);
	memcpy(p.eth_src, other, 6);
	memcpy(p.eth_dst, self, 6);
	p.spa = vip.v4;
	arp_build(f, &p);
	assert_true(probe_holder(f, sizeof(f), &vip, self, out));
	assert_memory_equal(out, other, 6);
	/* not for this address */
	assert_false(probe_holder(f, sizeof(f), &elsewhere, self, out));
	/* our own answer (or our own gratuitous ARP) */
	memcpy(p.sha, self, 6);
	arp_build(f, &p);
	assert_false(probe_holder(f, sizeof(f), &vip, self, out));
	/* someone else's gratuitous ARP for it claims it too */
	arp_build_garp(f, other, vip.v4);
	assert_true(probe_holder(f, sizeof(f), &vip, self, out));
	/* a probe (sender 0.0.0.0) claims nothing; nor does a short frame */
	arp_build_probe(f, other, vip.v4);
	assert_false(probe_holder(f, sizeof(f), &vip, self, out));
	arp_build_garp(f, other, vip.v4);
	assert_false(probe_holder(f, 41, &vip, self, out));
}

static void t_na_holder(void **state)
{
	struct ipaddr vip = ip("2001:db8::100"), elsewhere = ip("2001:db8::101");
	uint8_t f[NDISC_NA_FRAME_LEN], out[6];

	(void)state;
	ndisc_build_unsol_na(f, other, &vip.v6, false);
	assert_true(probe_holder(f, sizeof(f), &vip, self, out));
	assert_memory_equal(out, other, 6);
	assert_false(probe_holder(f, sizeof(f), &elsewhere, self, out));
	ndisc_build_unsol_na(f, self, &vip.v6, false);
	assert_false(probe_holder(f, sizeof(f), &vip, self, out));
	/* a DAD probe is a solicitation, not an answer */
	ndisc_build_dad_ns(f, other, &vip.v6);
	assert_false(probe_holder(f, NDISC_NS_FRAME_LEN, &vip, self, out));
	/* an IPv4 frame is no answer for an IPv6 address */
	arp_build_garp(f, other, ip("192.0.2.100").v4);
	assert_false(probe_holder(f, ARP_FRAME_LEN, &vip, self, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(t_build),
		cmocka_unit_test(t_mac_fmt),
		cmocka_unit_test(t_arp_holder),
		cmocka_unit_test(t_na_holder),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
