/*
 * dns_parse.h - build a DNS query and parse the reply (RFC 1035), pure.
 *
 * The checker needs little from a reply: that it answers our query (ID,
 * QR bit, the same question), its RCODE, and the addresses of A/AAAA
 * answers so that --expect-answer can be tested.  Names are walked with
 * compression pointers followed only backwards, so a reply cannot loop.
 */
#ifndef HCHECKD_DNS_PARSE_H
#define HCHECKD_DNS_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DNS_MAX_ADDRS 16

enum { DNS_T_A = 1, DNS_T_NS = 2, DNS_T_CNAME = 5, DNS_T_SOA = 6, DNS_T_PTR = 12,
       DNS_T_MX = 15, DNS_T_TXT = 16, DNS_T_AAAA = 28, DNS_T_SRV = 33, DNS_T_ANY = 255 };

struct dns_addr { int family; uint8_t bytes[16]; };

struct dns_reply {
	uint16_t id;
	int rcode;			/* 0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, ... */
	bool truncated, authoritative;
	unsigned ancount;		/* answers of any type */
	unsigned nmatch;		/* answers of the asked type */
	unsigned naddrs;
	struct dns_addr addrs[DNS_MAX_ADDRS];
};

/* Query for name/type with RD set into buf.  Returns its length or -EINVAL
 * (bad name) / -ENOSPC. */
int dns_build_query(uint8_t *buf, size_t len, uint16_t id, const char *name, uint16_t qtype);
/* Parse a reply to the query q (qlen bytes).  0, or -EBADMSG with *why. */
int dns_parse_reply(const uint8_t *buf, size_t len, const uint8_t *q, size_t qlen,
		    struct dns_reply *out, const char **why);

/* "A" -> 1; 0 if unknown (a number "TYPE65" or "65" is accepted too) */
uint16_t dns_type_parse(const char *s);
const char *dns_type_name(uint16_t t);
/* "NOERROR" -> 0, "NXDOMAIN" -> 3, a number as itself; -1 unknown */
int dns_rcode_parse(const char *s);
const char *dns_rcode_name(int rcode);

#endif
