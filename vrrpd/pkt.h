/*
 * pkt.h - VRRP advertisements on the wire: pure build and parse.
 *
 * One VRRP message is what follows the IP header (RFC 3768 5.1, RFC 5798
 * 5.1): version/type, VRID, priority, address count, then
 *   v2: auth type, Adver Int (seconds), checksum, addresses, 8 auth bytes;
 *   v3: 4 reserved bits + 12-bit Max Adver Int (centiseconds), checksum,
 *       addresses (IPv4 or IPv6, family given by the IP header).
 *
 * Checksums (RFC 1071 over the message, checksum field zero):
 *   v2           message only, the 8 auth bytes included;
 *   v3 IPv6      IPv6 pseudo-header (RFC 8200 8.1) + message;
 *   v3 IPv4      two forms exist.  keepalived and FRR prepend an IPv4
 *                pseudo-header {src, dst, 0, 112, len} (PKT_CSUM_PSEUDO,
 *                our default for interop); RFC 9568 5.2.8, Cisco and
 *                Juniper do not (PKT_CSUM_PLAIN, keepalived's
 *                v3_checksum_as_v2).  pkt_parse() accepts either and says
 *                which one matched.
 *
 * Nothing here does I/O: the daemon hands in the bytes it received with
 * the IP facts (TTL, source, destination) and gets a parsed advert or a
 * reason why it was rejected.
 */
#ifndef VRRPD_PKT_H
#define VRRPD_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"

#define VRRP_PROTO		112
#define VRRP_TYPE_ADVERT	1
#define VRRP_MAX_ADDRS		255
#define VRRP_AUTH_LEN		8
#define VRRP_HDR_LEN		8
/* fixed part + 255 IPv6 addresses */
#define VRRP_PKT_MAX		(VRRP_HDR_LEN + VRRP_MAX_ADDRS * 16 + VRRP_AUTH_LEN)
#define VRRP_V3_MAX_INT_CS	4095

enum pkt_csum {
	PKT_CSUM_NONE = 0,	/* not verified yet */
	PKT_CSUM_PLAIN,		/* message only (v2, RFC 9568 v3 IPv4) */
	PKT_CSUM_PSEUDO,	/* with the pseudo-header (v3 IPv6, keepalived/FRR v3 IPv4) */
};

/* Why an advert was dropped: one counter per reason (show stats). */
enum pkt_err {
	PKT_OK = 0,
	PKT_ERR_TTL,		/* TTL / hop limit not 255 on a multicast advert */
	PKT_ERR_VERSION,	/* not 2 or 3, or not ours */
	PKT_ERR_LENGTH,		/* short, truncated, or longer than the count says */
	PKT_ERR_CHECKSUM,
	PKT_ERR_TYPE,		/* not ADVERTISEMENT */
	PKT_ERR_INTERVAL,	/* v3 interval 0 (RFC 9568 erratum 8301); v2 mismatch */
	PKT_ERR_VRID,		/* no instance for this VRID here */
	PKT_ERR_AUTH,		/* v2 auth type or password mismatch */
	PKT_ERR_PEER,		/* unicast: sender is not a configured peer */
	PKT_ERR_OWNER,		/* we are the address owner: adverts are discarded */
	PKT_ERR_FAMILY,		/* IPv4 header damaged, v2 over IPv6 */
	PKT_ERR_MAX
};

/* Stable short names, as used in show stats: "ttl", "checksum", ... */
const char *pkt_err_name(enum pkt_err e);

/* What the IP layer told us about a received message. */
struct pkt_ip {
	int family;			/* AF_INET or AF_INET6 */
	struct ipaddr src, dst;
	int ttl;			/* TTL / hop limit, -1 if unknown */
};

struct vrrp_adv {
	uint8_t version;		/* 2 or 3 */
	uint8_t type;
	uint8_t vrid;
	uint8_t prio;
	uint8_t naddr;
	uint8_t auth_type;		/* v2 only */
	uint16_t adv_int;		/* as on the wire: v2 seconds, v3 centiseconds */
	uint16_t csum;			/* as received (host order) */
	enum pkt_csum csum_form;	/* which form matched (parse) / to use (build) */
	int family;
	const uint8_t *addrs;		/* naddr * 4 or 16 bytes, in the caller's buffer */
	uint8_t auth[VRRP_AUTH_LEN];	/* v2 only */
};

/* Advert interval in centiseconds whatever the version. */
unsigned pkt_adv_int_cs(const struct vrrp_adv *a);

/* i-th address of a parsed or to-be-built advert */
void pkt_addr(const struct vrrp_adv *a, unsigned i, struct ipaddr *out);

/*
 * The checksum of msg (len bytes, checksum field as given) in the chosen
 * form; src/dst are only read for PKT_CSUM_PSEUDO.  Host order.
 */
uint16_t pkt_checksum(const uint8_t *msg, size_t len, int family,
		      const struct ipaddr *src, const struct ipaddr *dst,
		      enum pkt_csum form);

/*
 * Build an advert into buf (buflen bytes).  a->addrs holds the addresses
 * (naddr of them, family a->family); a->csum_form chooses the v3 IPv4 form
 * (v2 is always PLAIN, IPv6 always PSEUDO).  src/dst are the IP addresses
 * the message will carry.  Returns the length, or -ENOSPC / -EINVAL.
 */
int pkt_build(uint8_t *buf, size_t buflen, const struct vrrp_adv *a,
	      const struct ipaddr *src, const struct ipaddr *dst);

/*
 * Parse a VRRP message (what follows the IP header).  need_ttl: the
 * destination was multicast, so TTL/hop limit 255 is required (RFC 5798
 * 7.1).  Returns PKT_OK with *out filled (out->addrs points into msg), or
 * the reason, with *why a short English explanation for the debug log.
 */
enum pkt_err pkt_parse(const uint8_t *msg, size_t len, const struct pkt_ip *ip,
		       bool need_ttl, struct vrrp_adv *out, const char **why);

/*
 * Strip and check an IPv4 header (raw IPv4 sockets deliver it).  Fills ip
 * (family, src, dst, ttl) and *off (header length); checks version 4,
 * protocol 112 and that total length fits what arrived.  Returns PKT_OK or
 * PKT_ERR_FAMILY / PKT_ERR_LENGTH; *msglen is the VRRP message length.
 */
enum pkt_err pkt_parse_ip4(const uint8_t *buf, size_t len, struct pkt_ip *ip,
			   size_t *off, size_t *msglen, const char **why);

#endif
