/*
 * tls.h - client TLS for probes (OpenSSL): contexts shared by every probe
 * with the same verification settings and client certificate (keepalived's
 * SSL { } block), SNI, host-name verification, and a
 * session kept per probe so that the next attempt resumes instead of doing a
 * full handshake.
 */
#ifndef HCHECKD_TLS_H
#define HCHECKD_TLS_H

#include <openssl/ssl.h>
#include <stdbool.h>

struct probe;

/* A new SSL for fd, set up from p->spec (SNI, verify, cacert, the client
 * certificate of keepalived's SSL { } block) and resuming
 * p->tls_session.  NULL with *why set on failure. */
SSL *tls_new(struct probe *p, int fd, const char **why);
/* After a successful exchange: keep the session for the next attempt. */
void tls_keep_session(struct probe *p, SSL *ssl);
void tls_session_free(void *sess);
/* The first queued OpenSSL error (or verify result) as text, for reasons. */
const char *tls_why(SSL *ssl, int ret);
/* Free the shared contexts (at exit, for leak checkers). */
void tls_cleanup(void);

#endif
