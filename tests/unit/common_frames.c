/*
 * The bytes of the frames vipctl and vrrpd put on the wire: gratuitous ARP,
 * ARP probe, unsolicited NA and DAD NS, against values worked out by hand.
 *
 * ICMPv6 checksums: the ones'-complement sum of the pseudo-header (source,
 * destination, 32-bit length, 3 zero bytes, next header 58) and the message
 * with its checksum field zero, folded and inverted.  For the NA below:
 * src 2001:db8::1, dst ff02::1, length 32, type 136, flags 0x20 (Override),
 * target 2001:db8::1, option 2/1 with 52:54:00:12:34:56 -> 0x746f
 * (0xf46e with the Router flag 0x80 as well).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/announce.h"
#include "common/arp.h"
#include "common/inet.h"
#include "common/ndisc.h"

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static void test_garp_bytes(void **state)
{
	static const uint8_t want[ARP_FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* Ethernet broadcast */
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,	/* our MAC */
		0x08, 0x06,				/* ARP */
		0x00, 0x01, 0x08, 0x00, 6, 4,		/* Ethernet/IPv4 */
		0x00, 0x01,				/* request */
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,	/* sender MAC */
		192, 0, 2, 100,				/* sender IP = VIP */
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,	/* target MAC broadcast */
		192, 0, 2, 100,				/* target IP = VIP */
	};
	uint8_t f[ARP_FRAME_LEN];
	struct in_addr vip;

	inet_pton(AF_INET, "192.0.2.100", &vip);
	assert_int_equal(arp_build_garp(f, mac, vip), ARP_FRAME_LEN);
	assert_memory_equal(f, want, sizeof(want));
}

static void test_arp_probe_bytes(void **state)
{
	static const uint8_t want[ARP_FRAME_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4,
		0x00, 0x01,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0, 0, 0, 0,				/* RFC 5227: sender IP zero */
		0, 0, 0, 0, 0, 0,			/* target MAC zero */
		198, 51, 100, 7,
	};
	uint8_t f[ARP_FRAME_LEN];
	struct in_addr t;

	inet_pton(AF_INET, "198.51.100.7", &t);
	arp_build_probe(f, mac, t);
	assert_memory_equal(f, want, sizeof(want));
}

static void test_arp_parse(void **state)
{
	uint8_t f[60] = { 0 };
	struct arp_pkt p;
	struct in_addr vip;

	inet_pton(AF_INET, "192.0.2.100", &vip);
	arp_build_garp(f, mac, vip);
	assert_int_equal(arp_parse(f, sizeof(f), &p), 0);
	assert_int_equal(p.op, ARP_OP_REQUEST);
	assert_memory_equal(p.sha, mac, 6);
	assert_int_equal(p.spa.s_addr, vip.s_addr);
	assert_int_equal(p.tpa.s_addr, vip.s_addr);
	/* short, wrong ethertype, wrong hardware type */
	assert_int_equal(arp_parse(f, 41, &p), -EINVAL);
	f[13] = 0x00;
	assert_int_equal(arp_parse(f, sizeof(f), &p), -EINVAL);
	f[13] = 0x06;
	f[15] = 6;
	assert_int_equal(arp_parse(f, sizeof(f), &p), -EINVAL);
}

static const uint8_t na_want[NDISC_NA_FRAME_LEN] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01,		/* all-nodes MAC */
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
	0x86, 0xdd,
	0x60, 0, 0, 0,					/* IPv6 */
	0x00, 0x20, 58, 255,				/* len 32, ICMPv6, hop limit 255 */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	136, 0, 0x74, 0x6f,				/* NA, checksum */
	0x20, 0, 0, 0,					/* Override */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	2, 1, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,	/* TLLA */
};

static void test_na_bytes(void **state)
{
	uint8_t f[NDISC_NA_FRAME_LEN];
	struct in6_addr a;

	inet_pton(AF_INET6, "2001:db8::1", &a);
	assert_int_equal(ndisc_build_unsol_na(f, mac, &a, false), NDISC_NA_FRAME_LEN);
	assert_memory_equal(f, na_want, sizeof(na_want));

	ndisc_build_unsol_na(f, mac, &a, true);
	assert_int_equal(f[54 + 4], 0xa0);		/* Router | Override */
	assert_int_equal(f[54 + 2], 0xf4);
	assert_int_equal(f[54 + 3], 0x6e);
}

static void test_ns_bytes(void **state)
{
	static const uint8_t want[NDISC_NS_FRAME_LEN] = {
		0x33, 0x33, 0xff, 0x00, 0x00, 0x01,	/* solicited-node MAC */
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0x86, 0xdd,
		0x60, 0, 0, 0, 0x00, 0x18, 58, 255,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* from :: */
		0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x00, 0x00, 0x01,
		135, 0, 0x4c, 0xed, 0, 0, 0, 0,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	uint8_t f[NDISC_NS_FRAME_LEN];
	struct in6_addr a;

	inet_pton(AF_INET6, "2001:db8::1", &a);
	assert_int_equal(ndisc_build_dad_ns(f, mac, &a), NDISC_NS_FRAME_LEN);
	assert_memory_equal(f, want, sizeof(want));
}

static void test_na_parse(void **state)
{
	uint8_t f[NDISC_NA_FRAME_LEN];
	struct ndisc_na na;
	struct in6_addr a;

	inet_pton(AF_INET6, "2001:db8::1", &a);
	memcpy(f, na_want, sizeof(f));
	assert_int_equal(ndisc_parse_na(f, sizeof(f), &na), 0);
	assert_memory_equal(&na.target, &a, 16);
	assert_int_equal(na.flags, NDISC_NA_OVERRIDE);
	assert_true(na.has_tlla);
	assert_memory_equal(na.tlla, mac, 6);

	f[56] ^= 1;				/* checksum */
	assert_int_equal(ndisc_parse_na(f, sizeof(f), &na), -EINVAL);
	f[56] ^= 1;
	f[21] = 64;				/* hop limit must be 255 */
	assert_int_equal(ndisc_parse_na(f, sizeof(f), &na), -EINVAL);
	f[21] = 255;
	f[79] = 0;				/* zero-length option */
	assert_int_equal(ndisc_parse_na(f, sizeof(f), &na), -EINVAL);
	assert_int_equal(ndisc_parse_na(f, 60, &na), -EINVAL);
}

static void test_announce_picks_family(void **state)
{
	uint8_t f[ANNOUNCE_FRAME_MAX];
	struct ipaddr a;

	assert_int_equal(ipaddr_parse("192.0.2.100", &a, 0, NULL), 0);
	assert_int_equal(announce_build(f, &a, mac, true), ARP_FRAME_LEN);
	assert_int_equal(ipaddr_parse("2001:db8::1/64", &a, 0, NULL), 0);
	assert_int_equal(announce_build(f, &a, mac, false), NDISC_NA_FRAME_LEN);
	assert_memory_equal(f, na_want, sizeof(na_want));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_garp_bytes),
		cmocka_unit_test(test_arp_probe_bytes),
		cmocka_unit_test(test_arp_parse),
		cmocka_unit_test(test_na_bytes),
		cmocka_unit_test(test_ns_bytes),
		cmocka_unit_test(test_na_parse),
		cmocka_unit_test(test_announce_picks_family),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
