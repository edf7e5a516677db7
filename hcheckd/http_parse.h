/*
 * http_parse.h - an incremental HTTP/1.x response parser (pure, no I/O).
 *
 * Feed it bytes as they arrive; body bytes (de-chunked) go to a callback, so
 * a digest or a match never needs the whole response in memory.  Handles the
 * status line, headers (folded lines refused), interim 1xx responses,
 * Content-Length, chunked transfer coding with trailers, bodies delimited by
 * the connection close, and bodiless responses (HEAD, 204, 304).  A body
 * longer than max_body stops the parse with -EFBIG.
 */
#ifndef HCHECKD_HTTP_PARSE_H
#define HCHECKD_HTTP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_LINE_MAX 8192

enum http_pstate {
	HP_STATUS, HP_HEADER, HP_BODY_LEN, HP_CHUNK_SIZE, HP_CHUNK_DATA, HP_CHUNK_CRLF,
	HP_TRAILER, HP_BODY_EOF, HP_DONE, HP_ERROR,
};

typedef void (*http_body_fn)(void *arg, const uint8_t *data, size_t len);

struct http_resp {
	enum http_pstate state;
	bool head;			/* response to HEAD: no body */
	uint64_t max_body;		/* 0 = no limit */
	int minor;			/* HTTP/1.minor */
	int status;
	char reason[64];
	int64_t content_length;		/* -1 unknown */
	bool chunked;
	uint64_t remaining;		/* of the body or chunk */
	uint64_t body_len;
	unsigned nheaders;
	const char *error;		/* why HP_ERROR */
	char location[256];		/* Location header, for messages */
	size_t line_len;
	char *line;			/* grown as lines need, up to HTTP_LINE_MAX */
	size_t line_cap;
};

/* r zeroed, or initialised before (its line buffer is kept for reuse) */
void http_resp_init(struct http_resp *r, bool head, uint64_t max_body);
/* the line buffer */
void http_resp_free(struct http_resp *r);
/* Consume len bytes.  Returns 0 (need more or done: see r->state), or
 * -EBADMSG (malformed, r->error says why) / -EFBIG (body > max_body). */
int http_resp_feed(struct http_resp *r, const uint8_t *buf, size_t len,
		   http_body_fn body, void *arg);
/* The peer closed.  0 if the response is complete, -EBADMSG if truncated. */
int http_resp_eof(struct http_resp *r);
static inline bool http_resp_done(const struct http_resp *r) { return r->state == HP_DONE; }

#endif
