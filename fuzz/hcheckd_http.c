/* libFuzzer harness for the incremental HTTP response parser: the first
 * byte picks HEAD-or-not and how the rest is cut into feeds, so that state
 * kept across feed boundaries (line buffer, chunk sizes) is exercised. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "hcheckd/http_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void body(void *arg, const uint8_t *d, size_t n)
{
	uint64_t *sum = arg;

	for (size_t i = 0; i < n; i++)
		*sum += d[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct http_resp r;	/* its line buffer is reused */
	uint64_t sum = 0, total = 0;
	size_t step, off = 1;

	if (size < 1)
		return 0;
	step = (data[0] >> 1) + 1;
	http_resp_init(&r, data[0] & 1, 4096);
	while (off < size) {
		size_t n = size - off < step ? size - off : step;
		if (http_resp_feed(&r, data + off, n, body, &sum) < 0)
			return 0;
		total += n;
		off += n;
		if (http_resp_done(&r))
			break;
	}
	if (!http_resp_done(&r))
		http_resp_eof(&r);
	/* the body handed out can never exceed what was fed */
	if (r.body_len > total)
		__builtin_trap();
	return 0;
}
