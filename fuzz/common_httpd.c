/* libFuzzer harness for the metrics listener's request parser
 * (common/httpd.c, httpd_parse): the input is what a client sent, read in
 * every split a socket could deliver it in.  The answer for a prefix must
 * be 0 (need more) until the head is complete, then one status that more
 * bytes do not change. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "common/httpd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	int first = 0, st;

	if (size > HTTPD_REQ_MAX)
		size = HTTPD_REQ_MAX;
	for (size_t n = 0; n <= size; n++) {
		st = httpd_parse(buf, n, "/metrics");
		if (st != 0 && st != 200 && st != 400 && st != 404 && st != 405 && st != 431) {
			fprintf(stderr, "status %d for %zu bytes\n", st, n);
			abort();
		}
		if (first && st != first) {
			fprintf(stderr, "status %d after %d at %zu bytes\n", st, first, n);
			abort();
		}
		if (!first)
			first = st;
	}
	return 0;
}
