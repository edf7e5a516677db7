/*
 * inet.h - IPv4/IPv6 addresses with a prefix length: parsing and printing.
 *
 * Pure functions, no I/O.  An address is written "ADDR" or "ADDR/LEN"; a
 * missing length means a host route (32 or 128), which is what keepalived
 * does for virtual_ipaddress lines without a mask.
 */
#ifndef COMMON_INET_H
#define COMMON_INET_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ipaddr {
	int family;			/* AF_INET or AF_INET6 */
	uint8_t prefixlen;		/* 0..32 or 0..128 */
	union {
		struct in_addr v4;
		struct in6_addr v6;
		uint8_t bytes[16];
	};
};

/* INET_ADDRSTRLEN-sized buffers are not enough once "/128" is added */
#define IPADDR_STRLEN (INET6_ADDRSTRLEN + 4)

enum {
	IPADDR_NOPREFIX = 1 << 0,	/* refuse "/LEN" */
	IPADDR_V4ONLY = 1 << 1,
	IPADDR_V6ONLY = 1 << 2,
};

/* Parse "ADDR[/LEN]".  Returns 0, or -EINVAL with *why set to a short
 * reason ("bad prefix length", "not an IPv4 or IPv6 address"). */
int ipaddr_parse(const char *s, struct ipaddr *out, int flags, const char **why);

/* Writes "ADDR" or "ADDR/LEN" (with_prefix); returns buf. */
char *ipaddr_fmt(const struct ipaddr *a, char *buf, size_t len, bool with_prefix);

/* Length of the address in bytes: 4 or 16. */
size_t ipaddr_len(const struct ipaddr *a);

/* Same family and bytes; the prefix length is ignored. */
bool ipaddr_same(const struct ipaddr *a, const struct ipaddr *b);

/* fe80::/10 */
bool ipaddr_is_linklocal(const struct ipaddr *a);

/* An Ethernet address as "02:00:00:00:00:42" (lower case); returns buf,
 * which holds MAC_STRLEN bytes. */
#define MAC_STRLEN 18
char *mac_fmt(const uint8_t mac[6], char *buf);

/* RFC 1071 ones'-complement sum helpers, shared by ICMPv6 and VRRP */
uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len);
uint16_t inet_csum_fold(uint32_t sum);

#endif
