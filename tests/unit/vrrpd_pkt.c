/* Unit tests for vrrpd/pkt.c against hand-computed bytes and checksums. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "vrrpd/pkt.h"

static struct ipaddr ip4(const char *s)
{
	struct ipaddr a;

	assert_int_equal(ipaddr_parse(s, &a, 0, NULL), 0);
	return a;
}

static struct pkt_ip ipinfo(const char *src, const char *dst, int ttl)
{
	struct pkt_ip ip = { 0 };

	ip.src = ip4(src);
	ip.dst = ip4(dst);
	ip.family = ip.src.family;
	ip.ttl = ttl;
	return ip;
}

/* FRR 8.4 on the wire (reference notes, section 2.2): VRID 10, prio 150,
 * 100 cs, VIP 192.0.2.100, from 192.0.2.3: checksum d398 with the IPv4
 * pseudo-header; by hand, 762b without it. */
static const uint8_t frr_v3[] = { 0x31, 0x0a, 0x96, 0x01, 0x00, 0x64, 0xd3, 0x98,
				  0xc0, 0x00, 0x02, 0x64 };

static void build_v3_ipv4_both_forms(void **st)
{
	uint8_t vip[4] = { 192, 0, 2, 100 }, buf[64];
	struct vrrp_adv a = { .version = 3, .vrid = 10, .prio = 150, .naddr = 1,
			      .adv_int = 100, .family = AF_INET, .addrs = vip,
			      .csum_form = PKT_CSUM_PSEUDO };
	struct ipaddr s = ip4("192.0.2.3"), d = ip4("224.0.0.18");
	int n;

	(void)st;
	n = pkt_build(buf, sizeof(buf), &a, &s, &d);
	assert_int_equal(n, 12);
	assert_memory_equal(buf, frr_v3, 12);
	a.csum_form = PKT_CSUM_PLAIN;
	n = pkt_build(buf, sizeof(buf), &a, &s, &d);
	assert_int_equal(n, 12);
	assert_int_equal(buf[6], 0x76);
	assert_int_equal(buf[7], 0x2b);
}

static void parse_v3_ipv4_either_form(void **st)
{
	struct pkt_ip ip = ipinfo("192.0.2.3", "224.0.0.18", 255);
	struct vrrp_adv a;
	struct ipaddr v;
	uint8_t plain[12];
	const char *why;

	(void)st;
	assert_int_equal(pkt_parse(frr_v3, sizeof(frr_v3), &ip, true, &a, &why), PKT_OK);
	assert_int_equal(a.version, 3);
	assert_int_equal(a.vrid, 10);
	assert_int_equal(a.prio, 150);
	assert_int_equal(a.adv_int, 100);
	assert_int_equal(a.csum_form, PKT_CSUM_PSEUDO);
	pkt_addr(&a, 0, &v);
	assert_true(ipaddr_same(&v, &(struct ipaddr){ 0 }) == false);
	{
		struct ipaddr want = ip4("192.0.2.100");

		assert_true(ipaddr_same(&v, &want));
	}
	memcpy(plain, frr_v3, 12);
	plain[6] = 0x76;
	plain[7] = 0x2b;
	assert_int_equal(pkt_parse(plain, 12, &ip, true, &a, &why), PKT_OK);
	assert_int_equal(a.csum_form, PKT_CSUM_PLAIN);
	plain[7] ^= 1;
	assert_int_equal(pkt_parse(plain, 12, &ip, true, &a, &why), PKT_ERR_CHECKSUM);
}

/* v2, VRID 51, prio 100, 1 s, VIP 192.0.2.100, no auth: by hand b865 */
static const uint8_t v2pkt[] = { 0x21, 0x33, 0x64, 0x01, 0x00, 0x01, 0xb8, 0x65,
				 0xc0, 0x00, 0x02, 0x64, 0, 0, 0, 0, 0, 0, 0, 0 };

static void build_parse_v2(void **st)
{
	uint8_t vip[4] = { 192, 0, 2, 100 }, buf[64];
	struct vrrp_adv a = { .version = 2, .vrid = 51, .prio = 100, .naddr = 1,
			      .adv_int = 1, .family = AF_INET, .addrs = vip };
	struct pkt_ip ip = ipinfo("192.0.2.1", "224.0.0.18", 255);
	struct vrrp_adv p;

	(void)st;
	assert_int_equal(pkt_build(buf, sizeof(buf), &a, &ip.src, &ip.dst), 20);
	assert_memory_equal(buf, v2pkt, 20);
	assert_int_equal(pkt_parse(v2pkt, 20, &ip, true, &p, NULL), PKT_OK);
	assert_int_equal(p.version, 2);
	assert_int_equal(pkt_adv_int_cs(&p), 100);
	assert_int_equal(p.auth_type, 0);
	/* a v2 checksum does not depend on the addresses of the IP header */
	ip = ipinfo("198.51.100.7", "192.0.2.9", 255);
	assert_int_equal(pkt_parse(v2pkt, 20, &ip, false, &p, NULL), PKT_OK);
}

/* v3 IPv6: VRID 1, prio 100, 100 cs, VIP fe80::1 from fe80::2 to ff02::12:
 * by hand 6df7 */
static void build_parse_v3_ipv6(void **st)
{
	struct ipaddr vip = ip4("fe80::1");
	struct pkt_ip ip = ipinfo("fe80::2", "ff02::12", 255);
	struct vrrp_adv a = { .version = 3, .vrid = 1, .prio = 100, .naddr = 1,
			      .adv_int = 100, .family = AF_INET6, .addrs = vip.bytes };
	uint8_t buf[64], want[24] = { 0x31, 0x01, 0x64, 0x01, 0x00, 0x64, 0x6d, 0xf7,
				      0xfe, 0x80, [23] = 0x01 };
	struct vrrp_adv p;

	(void)st;
	assert_int_equal(pkt_build(buf, sizeof(buf), &a, &ip.src, &ip.dst), 24);
	assert_memory_equal(buf, want, 24);
	assert_int_equal(pkt_parse(want, 24, &ip, true, &p, NULL), PKT_OK);
	assert_int_equal(p.csum_form, PKT_CSUM_PSEUDO);
	/* the plain form is never accepted over IPv6 */
	ip = ipinfo("fe80::3", "ff02::12", 255);
	assert_int_equal(pkt_parse(want, 24, &ip, true, &p, NULL), PKT_ERR_CHECKSUM);
}

static void parse_rejects(void **st)
{
	struct pkt_ip ip = ipinfo("192.0.2.3", "224.0.0.18", 254);
	uint8_t b[32];
	struct vrrp_adv a;
	const char *why = NULL;

	(void)st;
	assert_int_equal(pkt_parse(frr_v3, 12, &ip, true, &a, &why), PKT_ERR_TTL);
	assert_non_null(why);
	/* unicast: TTL not required */
	assert_int_equal(pkt_parse(frr_v3, 12, &ip, false, &a, &why), PKT_OK);
	ip.ttl = 255;
	assert_int_equal(pkt_parse(frr_v3, 7, &ip, true, &a, &why), PKT_ERR_LENGTH);
	assert_int_equal(pkt_parse(frr_v3, 11, &ip, true, &a, &why), PKT_ERR_LENGTH);
	memcpy(b, frr_v3, 12);
	b[12] = 0;
	assert_int_equal(pkt_parse(b, 13, &ip, true, &a, &why), PKT_ERR_LENGTH);
	b[0] = 0x41;
	assert_int_equal(pkt_parse(b, 12, &ip, true, &a, &why), PKT_ERR_VERSION);

	/* type 2 with a good checksum */
	{
		uint8_t vip[4] = { 192, 0, 2, 100 };
		struct vrrp_adv t = { .version = 3, .vrid = 10, .prio = 150, .naddr = 1,
				      .adv_int = 100, .family = AF_INET, .addrs = vip };
		uint16_t c;

		assert_int_equal(pkt_build(b, sizeof(b), &t, &ip.src, &ip.dst), 12);
		b[0] = 0x32;
		c = pkt_checksum(b, 12, AF_INET, &ip.src, &ip.dst, PKT_CSUM_PSEUDO);
		b[6] = (uint8_t)(c >> 8);
		b[7] = (uint8_t)c;
		assert_int_equal(pkt_parse(b, 12, &ip, true, &a, &why), PKT_ERR_TYPE);
		/* interval 0 */
		b[0] = 0x31;
		b[4] = 0xf0;	/* reserved bits set: ignored */
		b[5] = 0;
		c = pkt_checksum(b, 12, AF_INET, &ip.src, &ip.dst, PKT_CSUM_PSEUDO);
		b[6] = (uint8_t)(c >> 8);
		b[7] = (uint8_t)c;
		assert_int_equal(pkt_parse(b, 12, &ip, true, &a, &why), PKT_ERR_INTERVAL);
		/* reserved bits masked off */
		b[5] = 0x64;
		c = pkt_checksum(b, 12, AF_INET, &ip.src, &ip.dst, PKT_CSUM_PSEUDO);
		b[6] = (uint8_t)(c >> 8);
		b[7] = (uint8_t)c;
		assert_int_equal(pkt_parse(b, 12, &ip, true, &a, &why), PKT_OK);
		assert_int_equal(a.adv_int, 100);
	}
	assert_string_equal(pkt_err_name(PKT_ERR_CHECKSUM), "checksum");
}

static void build_rejects(void **st)
{
	uint8_t buf[8];
	struct vrrp_adv a = { .version = 3, .vrid = 1, .prio = 1, .naddr = 1,
			      .adv_int = 4096, .family = AF_INET };
	struct ipaddr s = ip4("192.0.2.1"), d = ip4("224.0.0.18");

	(void)st;
	assert_int_equal(pkt_build(buf, sizeof(buf), &a, &s, &d), -EINVAL);
	a.adv_int = 100;
	assert_int_equal(pkt_build(buf, sizeof(buf), &a, &s, &d), -ENOSPC);
	a.version = 2;
	a.family = AF_INET6;
	assert_int_equal(pkt_build(buf, sizeof(buf), &a, &s, &d), -EINVAL);
}

static void parse_ip4_header(void **st)
{
	uint8_t b[40] = { 0x45, 0xc0, 0, 32, 0, 0, 0, 0, 255, 112, 0, 0,
			  192, 0, 2, 3, 224, 0, 0, 18 };
	struct pkt_ip ip;
	size_t off, ml;

	(void)st;
	memcpy(b + 20, frr_v3, 12);
	assert_int_equal(pkt_parse_ip4(b, 40, &ip, &off, &ml, NULL), PKT_OK);
	assert_int_equal(off, 20);
	assert_int_equal(ml, 12);
	assert_int_equal(ip.ttl, 255);
	assert_int_equal(pkt_parse_ip4(b, 30, &ip, &off, &ml, NULL), PKT_ERR_LENGTH);
	b[9] = 6;
	assert_int_equal(pkt_parse_ip4(b, 40, &ip, &off, &ml, NULL), PKT_ERR_FAMILY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(build_v3_ipv4_both_forms),
		cmocka_unit_test(parse_v3_ipv4_either_form),
		cmocka_unit_test(build_parse_v2),
		cmocka_unit_test(build_parse_v3_ipv6),
		cmocka_unit_test(parse_rejects),
		cmocka_unit_test(build_rejects),
		cmocka_unit_test(parse_ip4_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
