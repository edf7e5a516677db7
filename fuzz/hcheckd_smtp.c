/* libFuzzer: SMTP reply framing (hcheckd/smtp_parse.h), as SMTP_CHECK reads
 * a server's replies: one reply after another off the same buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "hcheckd/smtp_parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	size_t left = size, used;
	int code;

	while (left && smtp_reply_parse(p, left, &code, &used) == 1) {
		if (used == 0 || used > left || code < 100 || code > 999)
			abort();
		p += used;
		left -= used;
	}
	return 0;
}
