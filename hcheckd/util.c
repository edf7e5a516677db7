/*
 * util.c - pure parsers for durations, codes, hex and addresses.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hcheckd/util.h"

int parse_duration_ms(const char *s, int *ms)
{
	char *end;
	double v;

	if (!s || !*s || !(isdigit((unsigned char)*s) || *s == '.'))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (errno || v < 0)
		return -EINVAL;
	if (!*end || !strcmp(end, "s"))
		v *= 1000;
	else if (!strcmp(end, "ms"))
		;
	else if (!strcmp(end, "us"))
		v /= 1000;
	else if (!strcmp(end, "m"))
		v *= 60000;
	else if (!strcmp(end, "h"))
		v *= 3600000;
	else
		return -EINVAL;
	if (v > 86400000.0)
		return -EINVAL;
	*ms = (int)(v + 0.5);
	if (*ms == 0 && v > 0)
		*ms = 1;
	return 0;
}

static int code(const char *s, const char **end)
{
	int v = 0, n = 0;

	while (isdigit((unsigned char)*s) && n < 4) {
		v = v * 10 + (*s++ - '0');
		n++;
	}
	*end = s;
	return n == 3 && v >= 100 && v <= 599 ? v : -1;
}

int parse_codes(const char *str, struct probe_spec *s)
{
	const char *p = str;

	s->ncodes = 0;
	while (*p) {
		const char *e;
		int lo = code(p, &e), hi = lo;
		if (lo < 0)
			return -EINVAL;
		p = e;
		if (*p == '-') {
			hi = code(p + 1, &e);
			if (hi < lo)
				return -EINVAL;
			p = e;
		}
		if (s->ncodes == PROBE_MAX_CODES)
			return -E2BIG;
		s->codes[s->ncodes].lo = lo;
		s->codes[s->ncodes++].hi = hi;
		if (*p == ',' || *p == ' ')
			p++;
		else if (*p)
			return -EINVAL;
	}
	return s->ncodes ? 0 : -EINVAL;
}

int parse_hex(const char *str, uint8_t **data, uint8_t **mask, size_t *len)
{
	size_t n = 0, cap = strlen(str) / 2 + 1;
	uint8_t *d = calloc(1, cap), *m = calloc(1, cap);
	int nib = 0, half = 0;
	uint8_t cur = 0, curm = 0;

	if (!d || !m)
		goto bad;
	if (!strncasecmp(str, "0x", 2))
		str += 2;
	for (; *str; str++) {
		int v, vm = 0xf;
		if (*str == ' ' || *str == ':')
			continue;
		if (*str == 'x' || *str == 'X') {
			v = 0;
			vm = 0;
		} else if (isxdigit((unsigned char)*str)) {
			v = isdigit((unsigned char)*str) ? *str - '0' : tolower((unsigned char)*str) - 'a' + 10;
		} else {
			goto bad;
		}
		cur = (uint8_t)(cur << 4 | v);
		curm = (uint8_t)(curm << 4 | vm);
		if (++half == 2) {
			d[n] = cur;
			m[n++] = curm;
			half = 0;
			cur = curm = 0;
		}
		nib++;
	}
	if (half || nib == 0)
		goto bad;
	*data = d;
	if (mask)
		*mask = m;
	else
		free(m);
	*len = n;
	return 0;
bad:
	free(d);
	free(m);
	return -EINVAL;
}

int parse_sockaddr(const char *addr, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		*len = sizeof(*s4);
		return 0;
	}
	if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		*len = sizeof(*s6);
		return 0;
	}
	return -EINVAL;
}

int resolve_host(const char *host, uint16_t port, int family, struct sockaddr_storage *ss,
		 socklen_t *len, const char **why)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM }, *res;
	int r;

	if (parse_sockaddr(host, port, ss, len) == 0) {
		if (family != AF_UNSPEC && ss->ss_family != family) {
			*why = "address family does not match -4/-6";
			return -EINVAL;
		}
		return 0;
	}
	r = getaddrinfo(host, NULL, &hints, &res);
	if (r != 0) {
		*why = gai_strerror(r);
		return -ENOENT;
	}
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons(port);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons(port);
	freeaddrinfo(res);
	return 0;
}

int split_hostport(const char *s, char *host, size_t hostlen, uint16_t *port)
{
	const char *h = s, *colon;
	size_t hl;

	if (*s == '[') {
		const char *rb = strchr(s, ']');
		if (!rb)
			return -EINVAL;
		h = s + 1;
		hl = (size_t)(rb - h);
		colon = rb[1] == ':' ? rb + 1 : NULL;
		if (rb[1] && !colon)
			return -EINVAL;
	} else {
		colon = strrchr(s, ':');
		if (colon && strchr(s, ':') != colon)
			colon = NULL;	/* bare IPv6 literal: no port */
		hl = colon ? (size_t)(colon - s) : strlen(s);
	}
	if (hl == 0 || hl >= hostlen)
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (colon) {
		char *end;
		unsigned long v = strtoul(colon + 1, &end, 10);
		if (!colon[1] || *end || v == 0 || v > 65535)
			return -EINVAL;
		*port = (uint16_t)v;
	}
	return 0;
}
