/*
 * spec.c - probe specs: defaults, release, status-code ranges, and the table
 * of checkers by type.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hcheckd/probe.h"
#include "hcheckd/regex.h"

extern const struct checker check_tcp, check_http, check_smtp, check_dns, check_udp,
	check_icmp, check_exec, check_file;

const struct checker *const checkers[PT__COUNT] = {
	[PT_TCP] = &check_tcp, [PT_HTTP] = &check_http, [PT_HTTPS] = &check_http,
	[PT_SMTP] = &check_smtp, [PT_DNS] = &check_dns, [PT_UDP] = &check_udp,
	[PT_ICMP] = &check_icmp, [PT_EXEC] = &check_exec, [PT_FILE] = &check_file,
};

void spec_init(struct probe_spec *s)
{
	memset(s, 0, sizeof(*s));
	s->timeout_ms = 2000;
	s->max_body = 64 * 1024;
	s->kill_grace_ms = 2000;
}

void spec_free(struct probe_spec *s)
{
	free(s->url);
	free(s->host);
	free(s->method);
	free(s->path);
	free(s->vhost);
	for (int i = 0; i < s->nheaders; i++)
		free(s->headers[i]);
	free(s->data);
	free(s->body_contains);
	regex_free(s->regex);
	free(s->sni);
	free(s->cacert);
	free(s->tls_cert);
	free(s->tls_key);
	free(s->tls_pass);
	free(s->helo);
	free(s->qname);
	for (int i = 0; i < s->nexpect_answer; i++)
		free(s->expect_answer[i]);
	free(s->send);
	free(s->expect);
	free(s->expect_mask);
	if (s->argv) {
		for (char **a = s->argv; *a; a++)
			free(*a);
		free(s->argv);
	}
	spec_init(s);
}

bool spec_code_ok(const struct probe_spec *s, int code)
{
	if (s->ncodes == 0)
		return code >= 200 && code <= 299;
	for (int i = 0; i < s->ncodes; i++)
		if (code >= s->codes[i].lo && code <= s->codes[i].hi)
			return true;
	return false;
}

bool spec_switches_user(const struct probe_spec *s)
{
	return s->set_user && (s->uid != getuid() || s->uid != geteuid() ||
			       s->gid != getgid() || s->gid != getegid());
}
