/*
 * httpd.h - the smallest HTTP/1.x server that Prometheus can scrape: one
 * path, GET only, one request per connection, on the daemons' loop.
 *
 * Nothing here may stall the protocol loop it shares: sockets are
 * non-blocking; a request is read into a fixed buffer of HTTPD_REQ_MAX
 * bytes (more without the end of the headers: 431 and close); at most
 * HTTPD_CONN_MAX connections at once (a newcomer past that is closed
 * unanswered); a connection that has not been answered and fully sent
 * within HTTPD_TIMEOUT_MS is closed.  The reply body is built by the
 * caller's function into memory at once, then written as the socket takes
 * it.  GET PATH (a query string is ignored) is 200; another path 404;
 * another method on PATH 405; anything unreadable 400.
 *
 *   httpd_listen(loop, "9650", "/metrics", write_metrics, d, &h);
 *   ...
 *   httpd_close(h);
 */
#ifndef COMMON_HTTPD_H
#define COMMON_HTTPD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "common/loop.h"

#define HTTPD_REQ_MAX 8192
#define HTTPD_CONN_MAX 16
#define HTTPD_TIMEOUT_MS 5000

struct httpd;

/* writes the body of a 200 reply */
typedef void (*httpd_fn)(FILE *out, void *arg);

/* "[ADDR:]PORT", "[V6ADDR]:PORT": the address is 127.0.0.1 when only a
 * port is given.  0, or -EINVAL (with *why set) for anything else. */
int httpd_addr_parse(const char *spec, struct sockaddr_storage *ss, socklen_t *len,
		     const char **why);
/* Listen on spec for GET path, served by fn(out, arg), with the content
 * type given.  0 or -errno (-EINVAL: a bad spec). */
int httpd_listen(struct loop *l, const char *spec, const char *path, const char *ctype,
		 httpd_fn fn, void *arg, struct httpd **out);
/* Close every connection and the listener; NULL is a no-op. */
void httpd_close(struct httpd *h);

/* The listener's own counters as PROG_metrics_http_requests_total (replies
 * made, any status), _refused_total (closed unanswered past HTTPD_CONN_MAX)
 * and _timeouts_total (closed at HTTPD_TIMEOUT_MS); zeros for h NULL. */
void httpd_metrics(FILE *f, const char *prog, const struct httpd *h);

/* Pure: the request head in buf (len bytes).  0 while the head (up to an
 * empty line) is incomplete; else the status to answer with: 200, 400, 404,
 * 405, or 431 when HTTPD_REQ_MAX bytes hold no complete head. */
int httpd_parse(const char *buf, size_t len, const char *path);

#endif
