/*
 * dns_parse.c - DNS query building and reply parsing (RFC 1035 4.1).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "hcheckd/dns_parse.h"

#define HDR 12

static const struct { uint16_t t; const char *n; } types[] = {
	{ DNS_T_A, "A" }, { DNS_T_NS, "NS" }, { DNS_T_CNAME, "CNAME" }, { DNS_T_SOA, "SOA" },
	{ DNS_T_PTR, "PTR" }, { DNS_T_MX, "MX" }, { DNS_T_TXT, "TXT" }, { DNS_T_AAAA, "AAAA" },
	{ DNS_T_SRV, "SRV" }, { DNS_T_ANY, "ANY" },
};

static const char *const rcodes[] = {
	"NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED",
	"YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE",
};

uint16_t dns_type_parse(const char *s)
{
	char *end;
	unsigned long v;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcasecmp(s, types[i].n) == 0)
			return types[i].t;
	if (strncasecmp(s, "TYPE", 4) == 0)
		s += 4;
	if (!isdigit((unsigned char)*s))
		return 0;
	v = strtoul(s, &end, 10);
	return *end || v == 0 || v > 65535 ? 0 : (uint16_t)v;
}

const char *dns_type_name(uint16_t t)
{
	static char buf[16];

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (types[i].t == t)
			return types[i].n;
	snprintf(buf, sizeof(buf), "TYPE%u", t);
	return buf;
}

int dns_rcode_parse(const char *s)
{
	char *end;
	long v;

	for (size_t i = 0; i < sizeof(rcodes) / sizeof(rcodes[0]); i++)
		if (strcasecmp(s, rcodes[i]) == 0)
			return (int)i;
	if (!isdigit((unsigned char)*s))
		return -1;
	v = strtol(s, &end, 10);
	return *end || v > 15 ? -1 : (int)v;
}

const char *dns_rcode_name(int rcode)
{
	static char buf[16];

	if (rcode >= 0 && (size_t)rcode < sizeof(rcodes) / sizeof(rcodes[0]))
		return rcodes[rcode];
	snprintf(buf, sizeof(buf), "RCODE%d", rcode);
	return buf;
}

int dns_build_query(uint8_t *buf, size_t len, uint16_t id, const char *name, uint16_t qtype)
{
	size_t o = HDR;
	const char *p = name;

	if (len < HDR + 1 + 4)
		return -ENOSPC;
	memset(buf, 0, HDR);
	buf[0] = id >> 8;
	buf[1] = id & 0xff;
	buf[2] = 0x01;		/* RD */
	buf[5] = 1;		/* QDCOUNT */
	if (strcmp(name, ".") != 0 && *name) {
		while (*p) {
			const char *dot = strchr(p, '.');
			size_t l = dot ? (size_t)(dot - p) : strlen(p);
			if (l == 0 || l > 63)
				return -EINVAL;
			if (o + 1 + l + 1 + 4 > len || o + 1 + l - HDR > 254)
				return -ENOSPC;
			buf[o++] = (uint8_t)l;
			memcpy(buf + o, p, l);
			o += l;
			p += l;
			if (*p == '.')
				p++;
		}
	}
	buf[o++] = 0;
	buf[o++] = qtype >> 8;
	buf[o++] = qtype & 0xff;
	buf[o++] = 0;
	buf[o++] = 1;		/* IN */
	return (int)o;
}

/* Skip the name at *off; pointers must point strictly backwards. */
static int skip_name(const uint8_t *b, size_t len, size_t *off)
{
	size_t o = *off;

	for (;;) {
		if (o >= len)
			return -1;
		uint8_t l = b[o];
		if ((l & 0xc0) == 0xc0) {
			if (o + 1 >= len)
				return -1;
			*off = o + 2;
			return 0;
		}
		if (l & 0xc0)
			return -1;
		o += 1 + l;
		if (l == 0) {
			*off = o;
			return 0;
		}
	}
}

static uint16_t get16(const uint8_t *b) { return (uint16_t)(b[0] << 8 | b[1]); }

int dns_parse_reply(const uint8_t *b, size_t len, const uint8_t *q, size_t qlen,
		    struct dns_reply *out, const char **why)
{
	size_t off = HDR, qend;
	unsigned qd, an;

	memset(out, 0, sizeof(*out));
	*why = NULL;
	if (len < HDR) {
		*why = "reply shorter than a DNS header";
		return -EBADMSG;
	}
	out->id = get16(b);
	if (qlen >= 2 && out->id != get16(q)) {
		*why = "reply ID does not match the query";
		return -EBADMSG;
	}
	if (!(b[2] & 0x80)) {
		*why = "not a reply (QR clear)";
		return -EBADMSG;
	}
	if ((b[2] >> 3 & 0xf) != 0) {
		*why = "reply to another opcode";
		return -EBADMSG;
	}
	out->authoritative = b[2] & 0x04;
	out->truncated = b[2] & 0x02;
	out->rcode = b[3] & 0x0f;
	qd = get16(b + 4);
	an = get16(b + 6);
	out->ancount = an;
	if (qd == 0 && out->rcode != 0)
		return 0;	/* servers may omit the question in errors (RFC 1035 4.1.1) */
	if (qd != 1) {
		*why = "reply does not carry exactly one question";
		return -EBADMSG;
	}
	if (skip_name(b, len, &off) < 0 || off + 4 > len) {
		*why = "malformed question";
		return -EBADMSG;
	}
	qend = off + 4;
	/* the question must be ours (names compared case-insensitively) */
	if (qlen > HDR) {
		if (qlen - HDR != qend - HDR) {
			*why = "reply is for another question";
			return -EBADMSG;
		}
		for (size_t i = HDR; i < qend; i++)
			if (tolower(b[i]) != tolower(q[i])) {
				*why = "reply is for another question";
				return -EBADMSG;
			}
	}
	off = qend;
	uint16_t qtype = get16(b + qend - 4);
	for (unsigned i = 0; i < an; i++) {
		uint16_t type, rdlen;
		if (skip_name(b, len, &off) < 0 || off + 10 > len) {
			*why = "malformed answer";
			return -EBADMSG;
		}
		type = get16(b + off);
		rdlen = get16(b + off + 8);
		off += 10;
		if (off + rdlen > len) {
			*why = "answer data past the end of the reply";
			return -EBADMSG;
		}
		if (type == qtype || qtype == DNS_T_ANY)
			out->nmatch++;
		if (out->naddrs < DNS_MAX_ADDRS &&
		    ((type == DNS_T_A && rdlen == 4) || (type == DNS_T_AAAA && rdlen == 16))) {
			struct dns_addr *a = &out->addrs[out->naddrs++];
			a->family = rdlen == 4 ? AF_INET : AF_INET6;
			memcpy(a->bytes, b + off, rdlen);
		}
		off += rdlen;
	}
	return 0;
}
