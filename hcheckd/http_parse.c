/*
 * http_parse.c - incremental HTTP/1.x response parsing (RFC 9112).
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hcheckd/http_parse.h"

#define HTTP_MAX_HEADERS 200

void http_resp_init(struct http_resp *r, bool head, uint64_t max_body)
{
	char *line = r->line;
	size_t cap = r->line_cap;

	memset(r, 0, sizeof(*r));
	r->line = line;
	r->line_cap = cap;
	r->head = head;
	r->max_body = max_body;
	r->content_length = -1;
	r->status = -1;
}

void http_resp_free(struct http_resp *r)
{
	free(r->line);
	r->line = NULL;
	r->line_cap = r->line_len = 0;
}

static int bad(struct http_resp *r, const char *why)
{
	r->state = HP_ERROR;
	r->error = why;
	return -EBADMSG;
}

/* room for need bytes in r->line: most status and header lines fit in the
 * first 256, so a probe in flight holds that, not HTTP_LINE_MAX */
static int line_room(struct http_resp *r, size_t need)
{
	size_t cap = r->line_cap ? r->line_cap : 256;
	char *l;

	if (need <= r->line_cap)
		return 0;
	if (need > HTTP_LINE_MAX)
		return bad(r, "line too long");
	while (cap < need)
		cap *= 2;
	if (cap > HTTP_LINE_MAX)
		cap = HTTP_LINE_MAX;
	if (!(l = realloc(r->line, cap)))
		return bad(r, "out of memory");
	r->line = l;
	r->line_cap = cap;
	return 0;
}

/* "HTTP/1.1 200 OK" (RFC 9112 4) */
static int parse_status(struct http_resp *r, const char *l)
{
	const char *p;
	size_t n;

	if (strncmp(l, "HTTP/1.", 7) != 0 || !isdigit((unsigned char)l[7]))
		return bad(r, "not an HTTP/1.x status line");
	r->minor = l[7] - '0';
	if (l[8] != ' ' || !isdigit((unsigned char)l[9]) || !isdigit((unsigned char)l[10]) ||
	    !isdigit((unsigned char)l[11]))
		return bad(r, "bad status code");
	if (l[12] != '\0' && l[12] != ' ')
		return bad(r, "bad status code");
	r->status = (l[9] - '0') * 100 + (l[10] - '0') * 10 + (l[11] - '0');
	if (r->status < 100)
		return bad(r, "bad status code");
	p = l[12] ? l + 13 : l + 12;
	n = strlen(p);
	if (n >= sizeof(r->reason))
		n = sizeof(r->reason) - 1;
	memcpy(r->reason, p, n);
	r->reason[n] = '\0';
	for (char *c = r->reason; *c; c++)
		if (!isprint((unsigned char)*c))
			*c = '?';
	r->content_length = -1;
	r->chunked = false;
	r->nheaders = 0;
	r->state = HP_HEADER;
	return 0;
}

static bool token_list_has(const char *v, const char *tok)
{
	size_t n = strlen(tok);

	while (*v) {
		while (*v == ' ' || *v == '\t' || *v == ',')
			v++;
		if (strncasecmp(v, tok, n) == 0 &&
		    (v[n] == '\0' || v[n] == ',' || v[n] == ' ' || v[n] == '\t' || v[n] == ';'))
			return true;
		while (*v && *v != ',')
			v++;
	}
	return false;
}

static int parse_header(struct http_resp *r, char *l)
{
	char *colon, *v, *end;

	if (*l == ' ' || *l == '\t')
		return bad(r, "obsolete header line folding");
	if (++r->nheaders > HTTP_MAX_HEADERS)
		return bad(r, "too many headers");
	colon = strchr(l, ':');
	if (!colon || colon == l)
		return bad(r, "header line without a name");
	for (char *c = l; c < colon; c++)
		if (*c == ' ' || *c == '\t' || !isgraph((unsigned char)*c))
			return bad(r, "bad header name");
	*colon = '\0';
	v = colon + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	end = v + strlen(v);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (strcasecmp(l, "Content-Length") == 0) {
		uint64_t n = 0;
		if (!*v)
			return bad(r, "empty Content-Length");
		for (const char *c = v; *c; c++) {
			if (!isdigit((unsigned char)*c) || n > (UINT64_MAX - 9) / 10)
				return bad(r, "bad Content-Length");
			n = n * 10 + (uint64_t)(*c - '0');
		}
		if (n > INT64_MAX)
			return bad(r, "bad Content-Length");
		if (r->content_length >= 0 && (uint64_t)r->content_length != n)
			return bad(r, "conflicting Content-Length");
		r->content_length = (int64_t)n;
	} else if (strcasecmp(l, "Transfer-Encoding") == 0) {
		if (token_list_has(v, "chunked"))
			r->chunked = true;
	} else if (strcasecmp(l, "Location") == 0) {
		size_t n = strlen(v);
		if (n >= sizeof(r->location))
			n = sizeof(r->location) - 1;
		memcpy(r->location, v, n);
		r->location[n] = '\0';
	}
	return 0;
}

/* the empty line after the headers: choose how the body is delimited */
static int end_headers(struct http_resp *r)
{
	if (r->status >= 100 && r->status < 200) {
		/* interim response (100 Continue, 103 Early Hints): the real one follows */
		r->state = HP_STATUS;
		return 0;
	}
	if (r->head || r->status == 204 || r->status == 304) {
		r->state = HP_DONE;
		return 0;
	}
	if (r->chunked) {
		r->state = HP_CHUNK_SIZE;	/* RFC 9112 6.3: chunked wins over length */
	} else if (r->content_length >= 0) {
		if (r->max_body && (uint64_t)r->content_length > r->max_body) {
			r->error = "body larger than the maximum";
			r->state = HP_ERROR;
			return -EFBIG;
		}
		r->remaining = (uint64_t)r->content_length;
		r->state = r->remaining ? HP_BODY_LEN : HP_DONE;
	} else {
		r->state = HP_BODY_EOF;
	}
	return 0;
}

static int chunk_size(struct http_resp *r, const char *l)
{
	uint64_t n = 0;
	const char *c = l;

	if (!isxdigit((unsigned char)*c))
		return bad(r, "bad chunk size");
	for (; isxdigit((unsigned char)*c); c++) {
		if (n > (UINT64_MAX >> 4))
			return bad(r, "chunk size overflow");
		n = n * 16 + (uint64_t)(isdigit((unsigned char)*c) ? *c - '0' :
					(tolower((unsigned char)*c) - 'a' + 10));
	}
	while (*c == ' ' || *c == '\t')
		c++;
	if (*c && *c != ';')
		return bad(r, "bad chunk size");
	if (n == 0) {
		r->state = HP_TRAILER;
		return 0;
	}
	r->remaining = n;
	r->state = HP_CHUNK_DATA;
	return 0;
}

/* a complete line (without CRLF) in r->line */
static int on_line(struct http_resp *r)
{
	char *l = r->line;

	switch (r->state) {
	case HP_STATUS:
		return parse_status(r, l);
	case HP_HEADER:
		return *l ? parse_header(r, l) : end_headers(r);
	case HP_CHUNK_SIZE:
		return chunk_size(r, l);
	case HP_CHUNK_CRLF:
		if (*l)
			return bad(r, "chunk not followed by CRLF");
		r->state = HP_CHUNK_SIZE;
		return 0;
	case HP_TRAILER:
		if (!*l)
			r->state = HP_DONE;
		return 0;
	default:
		return bad(r, "internal: line in body state");
	}
}

static int body(struct http_resp *r, const uint8_t *b, size_t n, http_body_fn fn, void *arg)
{
	if (r->max_body && r->body_len + n > r->max_body) {
		r->error = "body larger than the maximum";
		r->state = HP_ERROR;
		return -EFBIG;
	}
	r->body_len += n;
	if (fn && n)
		fn(arg, b, n);
	return 0;
}

int http_resp_feed(struct http_resp *r, const uint8_t *buf, size_t len,
		   http_body_fn fn, void *arg)
{
	size_t i = 0;
	int err;

	while (i < len) {
		switch (r->state) {
		case HP_DONE:
			return 0;	/* trailing bytes after the response are ignored */
		case HP_ERROR:
			return r->error && strstr(r->error, "maximum") ? -EFBIG : -EBADMSG;
		case HP_BODY_LEN:
		case HP_CHUNK_DATA: {
			size_t n = len - i;
			if (n > r->remaining)
				n = (size_t)r->remaining;
			if ((err = body(r, buf + i, n, fn, arg)) < 0)
				return err;
			i += n;
			r->remaining -= n;
			if (!r->remaining)
				r->state = r->state == HP_BODY_LEN ? HP_DONE : HP_CHUNK_CRLF;
			break;
		}
		case HP_BODY_EOF:
			if ((err = body(r, buf + i, len - i, fn, arg)) < 0)
				return err;
			i = len;
			break;
		default: {
			/* line states: collect up to LF, drop one CR before it */
			uint8_t c = buf[i++];
			/* the byte and a NUL after it; at LF just the NUL */
			if ((err = line_room(r, r->line_len + (c == '\n' ? 1 : 2))) < 0)
				return err;
			if (c == '\n') {
				if (r->line_len && r->line[r->line_len - 1] == '\r')
					r->line_len--;
				r->line[r->line_len] = '\0';
				if (memchr(r->line, '\0', r->line_len))
					return bad(r, "NUL byte in a header line");
				r->line_len = 0;
				if ((err = on_line(r)) < 0)
					return err;
			} else {
				r->line[r->line_len++] = (char)c;
			}
		}
		}
	}
	return 0;
}

int http_resp_eof(struct http_resp *r)
{
	switch (r->state) {
	case HP_DONE:
		return 0;
	case HP_BODY_EOF:
		r->state = HP_DONE;
		return 0;
	case HP_STATUS:
		if (r->status < 0 && r->line_len == 0)
			return bad(r, "connection closed without a response");
		return bad(r, "connection closed in the status line");
	case HP_HEADER:
		return bad(r, "connection closed in the headers");
	case HP_ERROR:
		return -EBADMSG;
	default:
		return bad(r, "connection closed before the end of the body");
	}
}
