/*
 * digest.h - body digests (MD5 as keepalived's genhash, SHA-256) via OpenSSL.
 */
#ifndef HCHECKD_DIGEST_H
#define HCHECKD_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "hcheckd/probe.h"

struct digest;

/* NULL when alg is DIGEST_NONE or on failure */
struct digest *digest_new(enum digest_alg alg);
void digest_update(struct digest *d, const void *data, size_t len);
/* Writes the raw digest to out (32 bytes room) and its lower-case hex to
 * hex (65 bytes room); returns the raw length.  Frees d. */
size_t digest_final(struct digest *d, uint8_t *out, char *hex);
void digest_free(struct digest *d);
size_t digest_len(enum digest_alg alg);
/* "md5:HEX", "sha256:HEX" or a bare HEX (32 digits = md5, 64 = sha256).
 * 0 or -EINVAL. */
int digest_parse(const char *s, enum digest_alg *alg, uint8_t *out);
const char *digest_name(enum digest_alg alg);

#endif
