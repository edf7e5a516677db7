/*
 * digest.c - MD5 / SHA-256 through OpenSSL's EVP interface.
 */
#include <ctype.h>
#include <stdlib.h>
#include <errno.h>
#include <openssl/evp.h>
#include <string.h>
#include <strings.h>

#include "hcheckd/digest.h"

struct digest { EVP_MD_CTX *ctx; };

size_t digest_len(enum digest_alg alg)
{
	return alg == DIGEST_MD5 ? 16 : alg == DIGEST_SHA256 ? 32 : 0;
}

const char *digest_name(enum digest_alg alg)
{
	return alg == DIGEST_MD5 ? "md5" : alg == DIGEST_SHA256 ? "sha256" : "none";
}

struct digest *digest_new(enum digest_alg alg)
{
	const EVP_MD *md = alg == DIGEST_MD5 ? EVP_md5() : alg == DIGEST_SHA256 ? EVP_sha256() : NULL;
	struct digest *d;

	if (!md)
		return NULL;
	d = malloc(sizeof(*d));
	if (!d)
		return NULL;
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || EVP_DigestInit_ex(d->ctx, md, NULL) != 1) {
		digest_free(d);
		return NULL;
	}
	return d;
}

void digest_update(struct digest *d, const void *data, size_t len)
{
	if (d)
		EVP_DigestUpdate(d->ctx, data, len);
}

size_t digest_final(struct digest *d, uint8_t *out, char *hex)
{
	unsigned int n = 0;

	hex[0] = '\0';
	if (!d)
		return 0;
	if (EVP_DigestFinal_ex(d->ctx, out, &n) != 1)
		n = 0;
	for (unsigned i = 0; i < n; i++) {
		static const char x[] = "0123456789abcdef";
		hex[2 * i] = x[out[i] >> 4];
		hex[2 * i + 1] = x[out[i] & 15];
	}
	hex[2 * n] = '\0';
	digest_free(d);
	return n;
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

int digest_parse(const char *s, enum digest_alg *alg, uint8_t *out)
{
	size_t n;

	if (strncasecmp(s, "md5:", 4) == 0) {
		*alg = DIGEST_MD5;
		s += 4;
	} else if (strncasecmp(s, "sha256:", 7) == 0) {
		*alg = DIGEST_SHA256;
		s += 7;
	} else {
		*alg = strlen(s) == 64 ? DIGEST_SHA256 : DIGEST_MD5;
	}
	n = strlen(s);
	if (n != 2 * digest_len(*alg))
		return -EINVAL;
	for (size_t i = 0; i < n; i += 2) {
		int hi, lo;
		if (!isxdigit((unsigned char)s[i]) || !isxdigit((unsigned char)s[i + 1]))
			return -EINVAL;
		hi = isdigit((unsigned char)s[i]) ? s[i] - '0' : tolower((unsigned char)s[i]) - 'a' + 10;
		lo = isdigit((unsigned char)s[i + 1]) ? s[i + 1] - '0' :
			tolower((unsigned char)s[i + 1]) - 'a' + 10;
		out[i / 2] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}
