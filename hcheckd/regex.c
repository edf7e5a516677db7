/*
 * regex.c - PCRE2 for HTTP_GET / SSL_GET regex (see regex.h).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <pcre2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcheckd/regex.h"

#define REGEX_MATCH_LIMIT 1000000u	/* steps of one match (PCRE2: 10 million) */
#define REGEX_DEPTH_LIMIT 10000u	/* backtracking depth */

/* keepalived's regex_options words (check_http.c), each a compile option */
static const struct { const char *word; uint32_t bit; } options[] = {
	{ "allow_empty_class", PCRE2_ALLOW_EMPTY_CLASS }, { "alt_bsux", PCRE2_ALT_BSUX },
	{ "auto_callout", PCRE2_AUTO_CALLOUT }, { "caseless", PCRE2_CASELESS },
	{ "dollar_endonly", PCRE2_DOLLAR_ENDONLY }, { "dotall", PCRE2_DOTALL },
	{ "dupnames", PCRE2_DUPNAMES }, { "extended", PCRE2_EXTENDED },
	{ "firstline", PCRE2_FIRSTLINE }, { "match_unset_backref", PCRE2_MATCH_UNSET_BACKREF },
	{ "multiline", PCRE2_MULTILINE }, { "never_ucp", PCRE2_NEVER_UCP },
	{ "never_utf", PCRE2_NEVER_UTF }, { "no_auto_capture", PCRE2_NO_AUTO_CAPTURE },
	{ "no_auto_possess", PCRE2_NO_AUTO_POSSESS }, { "no_dotstar_anchor", PCRE2_NO_DOTSTAR_ANCHOR },
	{ "no_start_optimize", PCRE2_NO_START_OPTIMIZE }, { "ucp", PCRE2_UCP },
	{ "ungreedy", PCRE2_UNGREEDY }, { "utf", PCRE2_UTF },
	{ "never_backslash_c", PCRE2_NEVER_BACKSLASH_C }, { "alt_circumflex", PCRE2_ALT_CIRCUMFLEX },
	{ "alt_verbnames", PCRE2_ALT_VERBNAMES }, { "use_offset_limit", PCRE2_USE_OFFSET_LIMIT },
};

int regex_option(const char *word, uint32_t *bit)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (!strcmp(word, options[i].word)) {
			*bit = options[i].bit;
			return 0;
		}
	return -ENOENT;
}

static int compile(struct hc_regex *r, char *err, size_t len)
{
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE off;
	int code;

	r->code = pcre2_compile((PCRE2_SPTR)r->src, PCRE2_ZERO_TERMINATED, r->options, &code, &off,
				NULL);
	if (!r->code) {
		pcre2_get_error_message(code, msg, sizeof(msg));
		snprintf(err, len, "at offset %zu: %s", (size_t)off, (char *)msg);
		return -EINVAL;
	}
	/* JIT where the library has it (keepalived uses it too); without it the
	 * interpreter gives the same answers */
	/* a bound on the work of one match, so that a backtracking pattern
	 * on a large body cannot stall the event loop (PCRE2's defaults are
	 * 10 million steps and no depth limit): REGEX_MATCH_LIMIT steps */
	r->mctx = pcre2_match_context_create(NULL);
	if (!r->mctx) {
		snprintf(err, len, "out of memory");
		return -ENOMEM;
	}
	pcre2_set_match_limit(r->mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(r->mctx, REGEX_DEPTH_LIMIT);
	if (pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE) == 0 && r->stack_max) {
		r->jstack = pcre2_jit_stack_create(r->stack_start ? r->stack_start : r->stack_max,
						   r->stack_max, NULL);
		if (!r->jstack) {
			snprintf(err, len, "out of memory");
			return -ENOMEM;
		}
		pcre2_jit_stack_assign(r->mctx, NULL, r->jstack);
	}
	return 0;
}

struct hc_regex *regex_new(const char *src, uint32_t opts, size_t stack_start,
			   size_t stack_max, char *err, size_t len)
{
	struct hc_regex *r = calloc(1, sizeof(*r));

	if (!r || !(r->src = strdup(src))) {
		free(r);
		snprintf(err, len, "out of memory");
		return NULL;
	}
	r->options = opts;
	r->max_offset = SIZE_MAX;
	r->stack_start = stack_start;
	r->stack_max = stack_max;
	if (compile(r, err, len) < 0) {
		regex_free(r);
		return NULL;
	}
	return r;
}

int regex_match(const struct hc_regex *r, const char *subj, size_t len)
{
	pcre2_match_data *md;
	int rc;

	if (!r->code)
		return -EINVAL;
	if (r->min_offset > len)
		return 0;
	md = pcre2_match_data_create_from_pattern(r->code, NULL);
	if (!md)
		return -ENOMEM;
	rc = pcre2_match(r->code, (PCRE2_SPTR)subj, len, r->min_offset, 0, md, r->mctx);
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		rc = ov[0] <= r->max_offset;
	} else if (rc == PCRE2_ERROR_NOMATCH) {
		rc = 0;
	} else if (rc == PCRE2_ERROR_NOMEMORY) {
		rc = -ENOMEM;
	} else if (rc >= PCRE2_ERROR_UTF8_ERR21 && rc <= PCRE2_ERROR_UTF8_ERR1) {
		rc = -EILSEQ;	/* the utf option and a body that is not UTF-8 */
	} else {
		rc = -E2BIG;	/* match, depth or JIT stack limit */
	}
	pcre2_match_data_free(md);
	return rc;
}

void regex_free(struct hc_regex *r)
{
	if (!r)
		return;
	pcre2_code_free(r->code);
	pcre2_match_context_free(r->mctx);
	pcre2_jit_stack_free(r->jstack);
	free(r->src);
	free(r);
}
