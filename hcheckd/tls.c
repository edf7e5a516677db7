/*
 * tls.c - OpenSSL client contexts and sessions for probes.
 */
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hcheckd/probe.h"
#include "hcheckd/tls.h"

/* one context per set of settings (a probe_spec's verify, CA and client
 * certificate); "" stands for none */
struct tls_ctx {
	struct tls_ctx *next;
	bool verify;
	char *cacert, *cert, *key, *pass;
	SSL_CTX *ctx;
};
static struct tls_ctx *ctxs;

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void ctx_free(struct tls_ctx *c)
{
	SSL_CTX_free(c->ctx);
	free(c->cacert);
	free(c->cert);
	free(c->key);
	if (c->pass)
		OPENSSL_cleanse(c->pass, strlen(c->pass));
	free(c->pass);
	free(c);
}

/* the key's passphrase (SSL { password }), as keepalived's password_cb */
static int pass_cb(char *buf, int size, int rwflag, void *arg)
{
	const char *pass = arg;
	size_t n = strlen(pass);

	if (n + 1 > (size_t)size)
		return 0;
	memcpy(buf, pass, n + 1);
	return (int)n;
}

/* keepalived's SSL { }: a client certificate chain and its key (PEM), the
 * key perhaps encrypted; the CA file is loaded but, as keepalived, the
 * server's certificate is verified only with verify set (hcheckd's own) */
static int ctx_client_cert(SSL_CTX *ctx, const struct tls_ctx *c, const char **why)
{
	/* always ours: without a password OpenSSL's default callback would
	 * ask on the terminal and stop the loop; "" makes the load fail */
	SSL_CTX_set_default_passwd_cb(ctx, pass_cb);
	SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)(c->pass ? c->pass : ""));
	if (c->cert && SSL_CTX_use_certificate_chain_file(ctx, c->cert) != 1) {
		*why = "cannot load the client certificate (SSL certificate)";
		return -1;
	}
	if (c->key && SSL_CTX_use_PrivateKey_file(ctx, c->key, SSL_FILETYPE_PEM) != 1) {
		*why = "cannot load the client key (SSL key, password)";
		return -1;
	}
	if (c->cert && c->key && SSL_CTX_check_private_key(ctx) != 1) {
		*why = "the client key does not match the certificate";
		return -1;
	}
	if (!c->verify && c->cacert && SSL_CTX_load_verify_locations(ctx, c->cacert, NULL) != 1) {
		*why = "cannot load the CA certificates";
		return -1;
	}
	return 0;
}

static SSL_CTX *ctx_get(const struct probe_spec *s, const char **why)
{
	const char *cacert = s->cacert;
	bool verify = s->verify;
	struct tls_ctx *c;
	SSL_CTX *ctx;

	for (c = ctxs; c; c = c->next)
		if (c->verify == verify && !strcmp(nz(c->cacert), nz(cacert)) &&
		    !strcmp(nz(c->cert), nz(s->tls_cert)) && !strcmp(nz(c->key), nz(s->tls_key)) &&
		    !strcmp(nz(c->pass), nz(s->tls_pass)))
			return c->ctx;
	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx) {
		*why = "SSL_CTX_new failed";
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
	/* sessions are kept by the probe, not in an internal cache */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
	if (verify) {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
		if (cacert ? SSL_CTX_load_verify_locations(ctx, cacert, NULL) != 1
			   : SSL_CTX_set_default_verify_paths(ctx) != 1) {
			*why = "cannot load the CA certificates";
			SSL_CTX_free(ctx);
			return NULL;
		}
	} else {
		SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		SSL_CTX_free(ctx);
		*why = "out of memory";
		return NULL;
	}
	c->ctx = ctx;
	c->verify = verify;
	if ((cacert && !(c->cacert = strdup(cacert))) ||
	    (s->tls_cert && !(c->cert = strdup(s->tls_cert))) ||
	    (s->tls_key && !(c->key = strdup(s->tls_key))) ||
	    (s->tls_pass && !(c->pass = strdup(s->tls_pass)))) {
		ctx_free(c);
		*why = "out of memory";
		return NULL;
	}
	/* a file that cannot be loaded now may be there at the next attempt:
	 * the context is not kept */
	if (ctx_client_cert(ctx, c, why) < 0) {
		ERR_clear_error();
		ctx_free(c);
		return NULL;
	}
	c->next = ctxs;
	ctxs = c;
	return ctx;
}

static bool is_ip_literal(const char *h)
{
	unsigned char b[16];

	return inet_pton(AF_INET, h, b) == 1 || inet_pton(AF_INET6, h, b) == 1;
}

SSL *tls_new(struct probe *p, int fd, const char **why)
{
	const struct probe_spec *s = p->spec;
	SSL_CTX *ctx = ctx_get(s, why);
	const char *sni = s->sni ? s->sni : s->host;
	SSL *ssl;

	if (!ctx)
		return NULL;
	ERR_clear_error();
	ssl = SSL_new(ctx);
	if (!ssl || SSL_set_fd(ssl, fd) != 1) {
		*why = "SSL_new failed";
		SSL_free(ssl);
		return NULL;
	}
	/* RFC 6066 3: no literal IP addresses in SNI */
	if (sni && *sni && !is_ip_literal(sni))
		SSL_set_tlsext_host_name(ssl, sni);
	if (s->verify && s->host && *s->host) {
		const char *name = s->sni && *s->sni ? s->sni : s->host;
		if (is_ip_literal(name))
			X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), name);
		else
			SSL_set1_host(ssl, name);
	}
	if (p->tls_session)
		SSL_set_session(ssl, p->tls_session);
	SSL_set_connect_state(ssl);
	return ssl;
}

void tls_keep_session(struct probe *p, SSL *ssl)
{
	SSL_SESSION *sess = SSL_get1_session(ssl);

	if (!sess)
		return;
	if (!SSL_SESSION_is_resumable(sess)) {
		SSL_SESSION_free(sess);
		return;
	}
	if (p->tls_session)
		SSL_SESSION_free(p->tls_session);
	p->tls_session = sess;
}

void tls_session_free(void *sess)
{
	SSL_SESSION_free(sess);
}

const char *tls_why(SSL *ssl, int ret)
{
	static char buf[200];
	unsigned long e;
	long vr;

	/* without verification the result is computed all the same: a failed
	 * handshake is then not its fault (the server refused us) */
	if (ssl && (SSL_get_verify_mode(ssl) & SSL_VERIFY_PEER) &&
	    (vr = SSL_get_verify_result(ssl)) != X509_V_OK) {
		snprintf(buf, sizeof(buf), "certificate verify failed: %s",
			 X509_verify_cert_error_string(vr));
		return buf;
	}
	e = ERR_peek_last_error();
	if (e) {
		const char *r = ERR_reason_error_string(e);
		snprintf(buf, sizeof(buf), "%s", r ? r : "TLS error");
		ERR_clear_error();
		return buf;
	}
	if (ret == 0)
		return "connection closed during the TLS handshake";
	return "TLS error";
}

void tls_cleanup(void)
{
	while (ctxs) {
		struct tls_ctx *c = ctxs;
		ctxs = c->next;
		ctx_free(c);
	}
}
