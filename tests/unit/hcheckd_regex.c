/* Unit tests for HTTP_GET / SSL_GET regex through PCRE2: keepalived's
 * regex_options words, the offsets, regex_stack, and how keepalived.conf's
 * url { } keys turn into a compiled regex (escapes as keepalived's parser). */
#include <stdarg.h>
#include <stddef.h>
#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hcheckd/cfg.h"
#include "hcheckd/hc.h"
#include "hcheckd/regex.h"

static char err[1024];

static int match(const struct hc_regex *r, const char *s)
{
	return regex_match(r, s, strlen(s));
}

static void engine(void **st)
{
	struct hc_regex *r = regex_new("ok \\d+", 0, 0, 0, err, sizeof(err));
	uint32_t bit = 0;

	assert_non_null(r);
	assert_int_equal(match(r, "status: ok 42\n"), 1);
	assert_int_equal(match(r, "status: ok d\n"), 0);	/* \d is a digit, not 'd' */
	assert_int_equal(match(r, ""), 0);
	/* offsets: a match must start within [min, max] */
	r->min_offset = 8;
	assert_int_equal(match(r, "status: ok 42"), 1);	/* starts at 8 */
	r->min_offset = 9;
	assert_int_equal(match(r, "status: ok 42"), 0);
	r->min_offset = 0;
	r->max_offset = 7;
	assert_int_equal(match(r, "status: ok 42"), 0);
	r->max_offset = 8;
	assert_int_equal(match(r, "status: ok 42"), 1);
	r->min_offset = 100;	/* past the end */
	r->max_offset = SIZE_MAX;
	assert_int_equal(match(r, "status: ok 42"), 0);
	regex_free(r);

	/* look-behind sees bytes before min_offset, as keepalived's */
	r = regex_new("(?<=up )\\d", 0, 0, 0, err, sizeof(err));
	assert_non_null(r);
	r->min_offset = 3;
	assert_int_equal(match(r, "up 7"), 1);
	regex_free(r);

	assert_int_equal(regex_option("caseless", &bit), 0);
	r = regex_new("OK", bit, 0, 0, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(match(r, "all ok"), 1);
	regex_free(r);
	assert_int_equal(regex_option("multiline", &bit), 0);
	assert_int_equal(regex_option("use_offset_limit", &bit), 0);
	assert_int_equal(regex_option("Caseless", &bit), -ENOENT);

	/* a JIT stack of the given size (regex_stack) still matches */
	r = regex_new("(a|b)+c", 0, 32768, 1 << 20, err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(match(r, "ababababc"), 1);
	regex_free(r);

	assert_null(regex_new("ok (", 0, 0, 0, err, sizeof(err)));
	assert_non_null(strstr(err, "at offset 4"));
	regex_free(NULL);
}

static const struct hc_regex *url_regex(struct cfg *cf, int url)
{
	assert_int_equal(cf->nt, 1);
	assert_true((size_t)url < cf->t[0]->nck);
	return cf->t[0]->ck[url]->spec.regex;
}

static void config(void **st)
{
	struct cfg cf;
	const struct hc_regex *r;
	uint32_t caseless, multiline;
	const char *text =
		"check web {\n"
		"    address 192.0.2.2 80\n"
		"    HTTP_GET {\n"
		"        url {\n"
		"            path /a\n"
		"            regex \"ok \\\\d+\"\n"
		"            regex_options caseless multiline bogus\n"
		"            regex_min_offset 4\n"
		"            regex_max_offset 100\n"
		"            regex_stack 16384 65536\n"
		"        }\n"
		"        url {\n"
		"            path /b\n"
		"            regex \"ok \\d+\"\n"
		"            regex_no_match\n"
		"        }\n"
		"        url {\n"
		"            path /c\n"
		"            regex_min_offset 4\n"
		"        }\n"
		"        url {\n"
		"            path /d\n"
		"            regex x\n"
		"            regex_min_offset 10\n"
		"            regex_max_offset 9\n"
		"            regex_stack 9 8\n"
		"        }\n"
		"    }\n"
		"}\n";

	assert_int_equal(regex_option("caseless", &caseless), 0);
	assert_int_equal(regex_option("multiline", &multiline), 0);
	assert_int_equal(cfg_load_string(text, "r.conf", &cf, err, sizeof(err)), 0);
	/* "\\d" in the file is \d, as keepalived reads it */
	r = url_regex(&cf, 0);
	assert_non_null(r);
	assert_string_equal(r->src, "ok \\d+");
	assert_int_equal(r->options, caseless | multiline);	/* unknown word: warned, ignored */
	assert_int_equal(r->min_offset, 4);
	assert_int_equal(r->max_offset, 100);
	assert_int_equal(r->stack_start, 16384);
	assert_int_equal(r->stack_max, 65536);
	assert_false(r->no_match);
	assert_int_equal(match(r, "1234 OK 7"), 1);
	/* "\d" in a quoted string is 'd' in keepalived's parser and in ours */
	r = url_regex(&cf, 1);
	assert_string_equal(r->src, "ok d+");
	assert_true(r->no_match);
	/* regex keys without a regex: dropped (keepalived warns too) */
	assert_null(url_regex(&cf, 2));
	/* min past max: both dropped; a bad regex_stack: ignored */
	r = url_regex(&cf, 3);
	assert_int_equal(r->min_offset, 0);
	assert_int_equal(r->max_offset, SIZE_MAX);
	assert_int_equal(r->stack_max, 0);
	cfg_free(&cf);

	assert_int_equal(cfg_load_string("check a {\n HTTP_GET {\n  connect_ip 192.0.2.1\n  url {\n"
					 "   path /\n   regex \"ok (\"\n  }\n }\n}\n",
					 "e.conf", &cf, err, sizeof(err)), -1);
	assert_string_equal(err, "e.conf:6: bad regex 'ok (': at offset 4: missing closing parenthesis");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(engine), cmocka_unit_test(config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
