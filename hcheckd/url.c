/*
 * url.c - target URLs for one-shot checks.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hcheckd/dns_parse.h"
#include "hcheckd/url.h"
#include "hcheckd/util.h"

static const struct { const char *scheme; enum probe_type type; uint16_t port; } schemes[] = {
	{ "tcp", PT_TCP, 0 }, { "http", PT_HTTP, 80 }, { "https", PT_HTTPS, 443 },
	{ "smtp", PT_SMTP, 25 }, { "dns", PT_DNS, 53 }, { "udp", PT_UDP, 0 },
	{ "icmp", PT_ICMP, 0 }, { "ping", PT_ICMP, 0 },
};

static int fail(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* one query parameter of dns:// or udp:// */
static int query_param(struct probe_spec *s, const char *k, const char *v, char *err, size_t n)
{
	if (s->type == PT_DNS && !strcasecmp(k, "type")) {
		if (!(s->qtype = dns_type_parse(v)))
			return fail(err, n, "unknown DNS type '%s'", v);
	} else if (s->type == PT_DNS && !strcasecmp(k, "rcode")) {
		if ((s->expect_rcode = dns_rcode_parse(v)) < 0)
			return fail(err, n, "unknown DNS rcode '%s'", v);
	} else if (s->type == PT_UDP && !strcasecmp(k, "send")) {
		free(s->send);
		if (parse_hex(v, &s->send, NULL, &s->send_len) < 0)
			return fail(err, n, "bad hex in send=%s", v);
	} else if (s->type == PT_UDP && !strcasecmp(k, "expect")) {
		free(s->expect);
		free(s->expect_mask);
		if (parse_hex(v, &s->expect, &s->expect_mask, &s->expect_len) < 0)
			return fail(err, n, "bad hex in expect=%s", v);
	} else {
		return fail(err, n, "unknown URL parameter '%s'", k);
	}
	return 0;
}

int url_parse(const char *url, struct probe_spec *s, char *err, size_t n)
{
	const char *sep, *rest, *pathp;
	char hostport[300], host[256], *q = NULL;
	size_t i, hl;
	uint16_t port = 0;

	free(s->url);
	s->url = strdup(url);
	if (!strncmp(url, "exec:", 5)) {
		s->type = PT_EXEC;
		if (!url[5])
			return fail(err, n, "%s: exec: needs a program path", url);
		free(s->path);
		s->path = strdup(url + 5);
		return 0;
	}
	if (!strncmp(url, "file:", 5)) {
		s->type = PT_FILE;
		rest = url + 5;
		if (!strncmp(rest, "//", 2))
			rest += 2;
		if (*rest != '/')
			return fail(err, n, "%s: file: needs an absolute path", url);
		free(s->path);
		s->path = strdup(rest);
		return 0;
	}
	sep = strstr(url, "://");
	if (!sep)
		return fail(err, n, "%s: not a URL (scheme://host...)", url);
	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strlen(schemes[i].scheme) == (size_t)(sep - url) &&
		    !strncasecmp(url, schemes[i].scheme, (size_t)(sep - url)))
			break;
	if (i == sizeof(schemes) / sizeof(schemes[0]))
		return fail(err, n, "%s: unknown scheme", url);
	s->type = schemes[i].type;
	port = schemes[i].port;
	rest = sep + 3;
	hl = strcspn(rest, "/?#");
	if (hl == 0 || hl >= sizeof(hostport))
		return fail(err, n, "%s: missing or too long host", url);
	memcpy(hostport, rest, hl);
	hostport[hl] = '\0';
	if (strchr(hostport, '@'))
		return fail(err, n, "%s: user@ is not supported", url);
	if (split_hostport(hostport, host, sizeof(host), &port) < 0)
		return fail(err, n, "%s: bad host or port", url);
	if (!port && s->type != PT_ICMP)
		return fail(err, n, "%s: a port is needed", url);
	free(s->host);
	s->host = strdup(host);
	s->port = port;
	pathp = rest + hl;
	if (s->type == PT_HTTP || s->type == PT_HTTPS) {
		size_t pl = strcspn(pathp, "#");
		free(s->path);
		if (pl == 0)
			s->path = strdup("/");
		else if (*pathp == '?') {
			s->path = malloc(pl + 2);
			if (s->path) {
				s->path[0] = '/';
				memcpy(s->path + 1, pathp, pl);
				s->path[pl + 1] = '\0';
			}
		} else {
			s->path = strndup(pathp, pl);
		}
		return 0;
	}
	if (s->type == PT_DNS) {
		size_t nl;
		const char *name = *pathp == '/' ? pathp + 1 : pathp;
		nl = strcspn(name, "?#");
		free(s->qname);
		s->qname = nl ? strndup(name, nl) : strdup(".");
		if (!s->qtype)
			s->qtype = DNS_T_A;
		pathp = name + nl;
	} else if (*pathp == '/' && pathp[1] && pathp[1] != '?') {
		return fail(err, n, "%s: this scheme takes no path", url);
	} else if (*pathp == '/') {
		pathp++;
	}
	if (*pathp == '?') {
		char *save = NULL, *kv;
		q = strdup(pathp + 1);
		if (!q)
			return -ENOMEM;
		for (kv = strtok_r(q, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
			char *eq = strchr(kv, '=');
			if (!eq) {
				fail(err, n, "URL parameter '%s' without a value", kv);
				free(q);
				return -EINVAL;
			}
			*eq = '\0';
			if (query_param(s, kv, eq + 1, err, n) < 0) {
				free(q);
				return -EINVAL;
			}
		}
		free(q);
	}
	return 0;
}
