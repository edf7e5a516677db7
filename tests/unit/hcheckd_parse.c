/* Unit tests for hcheckd's pure parsers: HTTP responses, DNS queries and
 * replies, SMTP replies, durations, status lists, hex, digests and URLs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "hcheckd/digest.h"
#include "hcheckd/dns_parse.h"
#include "hcheckd/http_parse.h"
#include "hcheckd/smtp_parse.h"
#include "hcheckd/url.h"
#include "hcheckd/util.h"

static struct http_resp R;
static char body[1024];
static size_t body_len;

static void on_body(void *arg, const uint8_t *d, size_t n)
{
	(void)arg;
	assert_true(body_len + n < sizeof(body));
	memcpy(body + body_len, d, n);
	body_len += n;
	body[body_len] = '\0';
}

/* feed s one byte at a time (the hardest split) or all at once */
static int feed(const char *s, bool bytewise, bool head, uint64_t max)
{
	size_t n = strlen(s);
	int r = 0;

	http_resp_init(&R, head, max);
	body_len = 0;
	body[0] = '\0';
	if (!bytewise)
		return http_resp_feed(&R, (const uint8_t *)s, n, on_body, NULL);
	for (size_t i = 0; i < n && r == 0 && !http_resp_done(&R); i++)
		r = http_resp_feed(&R, (const uint8_t *)s + i, 1, on_body, NULL);
	return r;
}

static void http_content_length(void **st)
{
	for (int bw = 0; bw < 2; bw++) {
		assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", bw, false, 0), 0);
		assert_true(http_resp_done(&R));
		assert_int_equal(R.status, 200);
		assert_string_equal(R.reason, "OK");
		assert_string_equal(body, "hello");
	}
}

/* header lines grow the buffer as they need, up to HTTP_LINE_MAX - 1
 * characters (CR included); one more is an error */
static void http_long_lines(void **st)
{
	static char msg[HTTP_LINE_MAX + 200];

	for (int extra = 0; extra < 2; extra++) {
		size_t n = (size_t)snprintf(msg, sizeof(msg), "HTTP/1.1 200 OK\r\nX: ");
		/* the header line, "X: aaa...a\r" without its LF */
		size_t len = HTTP_LINE_MAX - 1 + (size_t)extra;

		while (n < 17 + len - 1)
			msg[n++] = 'a';
		n += (size_t)snprintf(msg + n, sizeof(msg) - n, "\r\nContent-Length: 2\r\n\r\nok");
		for (int bw = 0; bw < 2; bw++) {
			int r = feed(msg, bw, false, 0);
			if (!extra) {
				assert_int_equal(r, 0);
				assert_true(http_resp_done(&R));
				assert_string_equal(body, "ok");
			} else {
				assert_int_equal(r, -EBADMSG);
				assert_string_equal(R.error, "line too long");
			}
		}
	}
	http_resp_free(&R);
}

static void http_chunked(void **st)
{
	const char *s = "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
			"5\r\nhello\r\n1;ext=x\r\n \r\n5\r\nworld\r\n0\r\nX-T: 1\r\n\r\n";
	for (int bw = 0; bw < 2; bw++) {
		assert_int_equal(feed(s, bw, false, 0), 0);
		assert_true(http_resp_done(&R));
		assert_string_equal(body, "hello world");
		assert_int_equal(R.body_len, 11);
	}
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", false,
			      false, 0), -EBADMSG);
	assert_string_equal(R.error, "bad chunk size");
}

static void http_eof_body(void **st)
{
	assert_int_equal(feed("HTTP/1.0 404 Not Found\r\n\r\npartial", false, false, 0), 0);
	assert_false(http_resp_done(&R));
	assert_int_equal(http_resp_eof(&R), 0);
	assert_string_equal(body, "partial");
	assert_int_equal(R.status, 404);
	/* a Content-Length body cut short is an error */
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", false, false, 0), 0);
	assert_int_equal(http_resp_eof(&R), -EBADMSG);
	assert_int_equal(feed("", false, false, 0), 0);
	assert_int_equal(http_resp_eof(&R), -EBADMSG);
}

static void http_bodyless(void **st)
{
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", false, true, 0), 0);
	assert_true(http_resp_done(&R));
	assert_int_equal(feed("HTTP/1.1 204 No Content\r\n\r\n", false, false, 0), 0);
	assert_true(http_resp_done(&R));
	assert_int_equal(feed("HTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n", false, false, 0), 0);
	assert_true(http_resp_done(&R));
	/* interim 100 Continue, then the real response */
	assert_int_equal(feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
			      true, false, 0), 0);
	assert_true(http_resp_done(&R));
	assert_int_equal(R.status, 201);
	assert_string_equal(body, "ok");
}

static void http_bad(void **st)
{
	assert_int_equal(feed("SSH-2.0-OpenSSH\r\n", false, false, 0), -EBADMSG);
	assert_int_equal(feed("HTTP/1.1 2000 OK\r\n", false, false, 0), -EBADMSG);
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n", false, false, 0), -EBADMSG);
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
			      false, false, 0), -EBADMSG);
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, false, 0), -EBADMSG);
	assert_int_equal(feed("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789abcdefghij",
			      false, false, 10), -EFBIG);
	assert_int_equal(feed("HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n",
			      false, false, 0), 0);
	assert_string_equal(R.location, "/new");
}

/* --- DNS --- */
static const uint8_t www_a_reply[] = {
	0x12, 0x34, 0x81, 0x80, 0, 1, 0, 2, 0, 0, 0, 0,
	3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0, 0, 1, 0, 1,
	0xc0, 0x0c, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xc0, 0x10,			/* CNAME */
	0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 80,		/* A */
};

static void dns_query(void **st)
{
	uint8_t q[300];
	int n = dns_build_query(q, sizeof(q), 0x1234, "www.example.test", DNS_T_A);

	assert_int_equal(n, 12 + 18 + 4);
	assert_memory_equal(q, "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 12);
	assert_memory_equal(q + 12, www_a_reply + 12, 22);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, "a..b", DNS_T_A), -EINVAL);
	assert_int_equal(dns_build_query(q, 20, 1, "www.example.test", DNS_T_A), -ENOSPC);
	assert_int_equal(dns_build_query(q, sizeof(q), 1, ".", DNS_T_SOA), 17);
}

static void dns_reply(void **st)
{
	uint8_t q[300], bad[sizeof(www_a_reply)];
	int n = dns_build_query(q, sizeof(q), 0x1234, "www.example.test", DNS_T_A);
	struct dns_reply r;
	const char *why = NULL;

	assert_int_equal(dns_parse_reply(www_a_reply, sizeof(www_a_reply), q, (size_t)n, &r, &why), 0);
	assert_int_equal(r.rcode, 0);
	assert_int_equal(r.ancount, 2);
	assert_int_equal(r.nmatch, 1);
	assert_int_equal(r.naddrs, 1);
	assert_memory_equal(r.addrs[0].bytes, "\xc0\x00\x02\x50", 4);
	/* another ID */
	memcpy(bad, www_a_reply, sizeof(bad));
	bad[1] = 0x35;
	assert_int_equal(dns_parse_reply(bad, sizeof(bad), q, (size_t)n, &r, &why), -EBADMSG);
	assert_string_equal(why, "reply ID does not match the query");
	/* truncated answer */
	assert_int_equal(dns_parse_reply(www_a_reply, sizeof(www_a_reply) - 2, q, (size_t)n, &r, &why),
			 -EBADMSG);
	/* answer names are skipped, never followed: a pointer to itself is harmless */
	memcpy(bad, www_a_reply, sizeof(bad));
	bad[34] = 0xc0;
	bad[35] = 34;
	assert_int_equal(dns_parse_reply(bad, sizeof(bad), q, (size_t)n, &r, &why), 0);
	/* a label running past the end of the question is refused */
	memcpy(bad, www_a_reply, sizeof(bad));
	bad[12] = 60;
	assert_int_equal(dns_parse_reply(bad, sizeof(bad), q, (size_t)n, &r, &why), -EBADMSG);
	/* NXDOMAIN, no answers */
	memcpy(bad, www_a_reply, 34);
	bad[3] = 0x83;
	bad[7] = 0;
	assert_int_equal(dns_parse_reply(bad, 34, q, (size_t)n, &r, &why), 0);
	assert_int_equal(r.rcode, 3);
	assert_string_equal(dns_rcode_name(3), "NXDOMAIN");
	assert_int_equal(dns_rcode_parse("SERVFAIL"), 2);
	assert_int_equal(dns_type_parse("AAAA"), DNS_T_AAAA);
	assert_int_equal(dns_type_parse("bogus"), 0);
}

/* --- SMTP --- */
static void smtp_reply(void **st)
{
	int code = 0;
	size_t used = 0;
	const char *multi = "220-mx.example ESMTP\r\n220-more\r\n220 ready\r\n250 x";

	assert_int_equal(smtp_reply_parse(multi, strlen(multi), &code, &used), 1);
	assert_int_equal(code, 220);
	assert_int_equal(used, strlen(multi) - 5);
	assert_int_equal(smtp_reply_parse("220-partial\r\n", 13, &code, &used), 0);
	assert_int_equal(smtp_reply_parse("2x0 bad\r\n", 9, &code, &used), -EBADMSG);
	assert_int_equal(smtp_reply_parse("250\r\n", 5, &code, &used), 1);
	/* found by fuzz/hcheckd_smtp: no reply code starts with 0, and a
	 * multi-line reply keeps one code (RFC 5321 4.2, 4.2.1) */
	assert_int_equal(smtp_reply_parse("020 x\r\n", 7, &code, &used), -EBADMSG);
	assert_int_equal(smtp_reply_parse("650 x\r\n", 7, &code, &used), -EBADMSG);
	assert_int_equal(smtp_reply_parse("250-a\r\n220 b\r\n", 14, &code, &used), -EBADMSG);
	assert_int_equal(code, 250);
}

/* --- util, digest, url --- */
static void durations_codes_hex(void **st)
{
	struct probe_spec s;
	uint8_t *d, *m;
	size_t n;
	int ms;

	assert_int_equal(parse_duration_ms("2s", &ms), 0);	assert_int_equal(ms, 2000);
	assert_int_equal(parse_duration_ms("1.5", &ms), 0);	assert_int_equal(ms, 1500);
	assert_int_equal(parse_duration_ms("250ms", &ms), 0);	assert_int_equal(ms, 250);
	assert_int_equal(parse_duration_ms("1m", &ms), 0);	assert_int_equal(ms, 60000);
	assert_int_equal(parse_duration_ms("-1", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("3 s", &ms), -EINVAL);
	assert_int_equal(parse_duration_ms("", &ms), -EINVAL);

	spec_init(&s);
	assert_int_equal(parse_codes("200-299,301", &s), 0);
	assert_true(spec_code_ok(&s, 204));
	assert_true(spec_code_ok(&s, 301));
	assert_false(spec_code_ok(&s, 302));
	assert_true(parse_codes("2x0", &s) < 0);
	spec_free(&s);
	assert_false(spec_code_ok(&s, 301));	/* default 200-299 */
	assert_true(spec_code_ok(&s, 200));

	assert_int_equal(parse_hex("de:ad be-Xf", &d, &m, &n) < 0 ? -1 : 0, -1);
	assert_int_equal(parse_hex("de:ad beXf", &d, &m, &n), 0);
	assert_int_equal(n, 4);
	assert_memory_equal(d, "\xde\xad\xbe\x0f", 4);
	assert_int_equal(m[3], 0x0f);
	assert_int_equal(m[0], 0xff);
	free(d);
	free(m);
	assert_int_equal(parse_hex("abc", &d, &m, &n), -EINVAL);
}

static void digests(void **st)
{
	enum digest_alg alg;
	uint8_t raw[32];
	char hex[65];
	struct digest *d;

	assert_int_equal(digest_parse("md5:b1946ac92492d2347c6235b4d2611184", &alg, raw), 0);
	assert_int_equal(alg, DIGEST_MD5);
	assert_int_equal(digest_parse("b1946ac92492d2347c6235b4d2611184", &alg, raw), 0);
	assert_int_equal(digest_parse("sha256:00", &alg, raw), -EINVAL);
	assert_int_equal(digest_parse("crc:00", &alg, raw), -EINVAL);
	d = digest_new(DIGEST_MD5);
	digest_update(d, "hello\n", 6);
	assert_int_equal(digest_final(d, raw, hex), 16);
	assert_string_equal(hex, "b1946ac92492d2347c6235b4d2611184");
}

static void urls(void **st)
{
	struct probe_spec s;
	char err[200];

	spec_init(&s);
	assert_int_equal(url_parse("http://[2001:db8::1]:8080/a?b=c", &s, err, sizeof(err)), 0);
	assert_int_equal(s.type, PT_HTTP);
	assert_string_equal(s.host, "2001:db8::1");
	assert_int_equal(s.port, 8080);
	assert_string_equal(s.path, "/a?b=c");
	spec_free(&s);
	assert_int_equal(url_parse("https://api.example", &s, err, sizeof(err)), 0);
	assert_int_equal(s.port, 443);
	spec_free(&s);
	assert_int_equal(url_parse("dns://192.0.2.53/example.test?type=AAAA&rcode=NXDOMAIN", &s, err,
				   sizeof(err)), 0);
	assert_int_equal(s.qtype, DNS_T_AAAA);
	assert_int_equal(s.expect_rcode, 3);
	assert_string_equal(s.qname, "example.test");
	spec_free(&s);
	assert_int_equal(url_parse("udp://192.0.2.1:7?send=0102&expect=0aXX", &s, err, sizeof(err)), 0);
	assert_int_equal(s.send_len, 2);
	assert_int_equal(s.expect_len, 2);
	spec_free(&s);
	assert_int_equal(url_parse("tcp://192.0.2.1", &s, err, sizeof(err)), -EINVAL);
	spec_free(&s);
	assert_int_equal(url_parse("gopher://x/", &s, err, sizeof(err)), -EINVAL);
	spec_free(&s);
	assert_int_equal(url_parse("file:///tmp/x", &s, err, sizeof(err)), 0);
	assert_string_equal(s.path, "/tmp/x");
	spec_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(http_content_length), cmocka_unit_test(http_long_lines),
		cmocka_unit_test(http_chunked),
		cmocka_unit_test(http_eof_body), cmocka_unit_test(http_bodyless),
		cmocka_unit_test(http_bad), cmocka_unit_test(dns_query), cmocka_unit_test(dns_reply),
		cmocka_unit_test(smtp_reply), cmocka_unit_test(durations_codes_hex),
		cmocka_unit_test(digests), cmocka_unit_test(urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
