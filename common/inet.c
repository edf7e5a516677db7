#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/inet.h"

int ipaddr_parse(const char *s, struct ipaddr *out, int flags, const char **why)
{
	char buf[IPADDR_STRLEN + 8];
	const char *slash;
	size_t alen;
	int maxlen;
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	memset(out, 0, sizeof(*out));
	if (!s || !*s) {
		*why = "empty address";
		return -EINVAL;
	}
	slash = strchr(s, '/');
	alen = slash ? (size_t)(slash - s) : strlen(s);
	if (alen == 0 || alen >= sizeof(buf)) {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	memcpy(buf, s, alen);
	buf[alen] = '\0';

	if (inet_pton(AF_INET, buf, &out->v4) == 1) {
		out->family = AF_INET;
		maxlen = 32;
	} else if (inet_pton(AF_INET6, buf, &out->v6) == 1) {
		out->family = AF_INET6;
		maxlen = 128;
	} else {
		*why = "not an IPv4 or IPv6 address";
		return -EINVAL;
	}
	if ((flags & IPADDR_V4ONLY) && out->family != AF_INET) {
		*why = "not an IPv4 address";
		return -EINVAL;
	}
	if ((flags & IPADDR_V6ONLY) && out->family != AF_INET6) {
		*why = "not an IPv6 address";
		return -EINVAL;
	}
	out->prefixlen = (uint8_t)maxlen;
	if (slash) {
		const char *p = slash + 1;
		char *end;
		long n;

		if (flags & IPADDR_NOPREFIX) {
			*why = "a prefix length is not allowed here";
			return -EINVAL;
		}
		/* digits only: strtol would take " 24", "+24" and "0x18" */
		if (*p < '0' || *p > '9' || strlen(p) > 3) {
			*why = "bad prefix length";
			return -EINVAL;
		}
		errno = 0;
		n = strtol(p, &end, 10);
		if (*end || n < 0 || n > maxlen) {
			*why = "bad prefix length";
			return -EINVAL;
		}
		out->prefixlen = (uint8_t)n;
	}
	return 0;
}

char *ipaddr_fmt(const struct ipaddr *a, char *buf, size_t len, bool with_prefix)
{
	char tmp[INET6_ADDRSTRLEN];

	if (!inet_ntop(a->family, a->bytes, tmp, sizeof(tmp)))
		snprintf(tmp, sizeof(tmp), "?");
	if (with_prefix)
		snprintf(buf, len, "%s/%u", tmp, a->prefixlen);
	else
		snprintf(buf, len, "%s", tmp);
	return buf;
}

size_t ipaddr_len(const struct ipaddr *a)
{
	return a->family == AF_INET6 ? 16 : 4;
}

bool ipaddr_same(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family && memcmp(a->bytes, b->bytes, ipaddr_len(a)) == 0;
}

bool ipaddr_is_linklocal(const struct ipaddr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe && (a->bytes[1] & 0xc0) == 0x80;
}

uint32_t inet_csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len > 1) {
		sum += (uint32_t)(p[0] << 8 | p[1]);
		p += 2;
		len -= 2;
	}
	if (len)
		sum += (uint32_t)(p[0] << 8);
	return sum;
}

uint16_t inet_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

char *mac_fmt(const uint8_t mac[6], char *buf)
{
	snprintf(buf, MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
		 mac[3], mac[4], mac[5]);
	return buf;
}
