/*
 * regex.h - HTTP_GET / SSL_GET `regex` through PCRE2, the engine keepalived
 * links, so that a pattern such as "ok \d+" means the same in both.
 *
 * Model.  The subject is the response body, de-chunked, as received (the
 * body limit bounds it); regex_min_offset / regex_max_offset count bytes
 * from the body's first byte, and a match must start at or after min_offset
 * and at or before max_offset (both inclusive), as keepalived's url keys.
 * PCRE2's look-behind still sees the bytes before min_offset, as in
 * keepalived's streaming match.  keepalived runs its match over each read
 * as it arrives, and its first read holds the status line and headers too:
 * there a pattern may match a header, and "^" may match at a read
 * boundary.  We match the body once, when it is complete, so that the
 * answer does not depend on how the server's writes were split.
 */
#ifndef HCHECKD_REGEX_H
#define HCHECKD_REGEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hc_regex {
	char *src;			/* the pattern as configured */
	uint32_t options;		/* PCRE2_* compile options (regex_options) */
	bool no_match;			/* regex_no_match: up when it does NOT match */
	size_t min_offset;		/* bytes into the body: first start allowed */
	size_t max_offset;		/* bytes into the body: last start allowed; SIZE_MAX none */
	size_t stack_start, stack_max;	/* regex_stack: JIT stack bytes; 0 = PCRE2's default */
	void *code;			/* pcre2_code */
	void *mctx;			/* pcre2_match_context with the JIT stack, or NULL */
	void *jstack;			/* pcre2_jit_stack, or NULL */
};

/* keepalived's regex_options word (caseless, multiline, ...) -> *bit.
 * 0, or -ENOENT for an unknown word. */
int regex_option(const char *word, uint32_t *bit);
/* src compiled with options (PCRE2_*) and, when stack_max is not 0, a JIT
 * stack of stack_start..stack_max bytes; no offsets, matching = up.  NULL
 * with "at offset N: reason" (or "out of memory") in err.  Free with
 * regex_free(). */
struct hc_regex *regex_new(const char *src, uint32_t options, size_t stack_start,
			   size_t stack_max, char *err, size_t len);
/* 1 if r matches subj[0..len) within the offsets, 0 if not, -ENOMEM or
 * -E2BIG (PCRE2's match or stack limit) on failure. */
int regex_match(const struct hc_regex *r, const char *subj, size_t len);
/* free r and everything it holds; NULL is a no-op */
void regex_free(struct hc_regex *r);

#endif
