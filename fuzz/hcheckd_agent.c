/* libFuzzer: what hcheckd's haproxy agent listener makes of the bytes a
 * peer sends before its reply (hcheckd/agent.c agent_request), fed in
 * reads of any size into the listener's own 256-byte buffer. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hcheckd/hc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[256];
	size_t len = 0, off = 1, chunk;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] % 32 + 1;
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;

		if (n > sizeof(buf) - 1 - len)
			n = sizeof(buf) - 1 - len;
		memcpy(buf + len, data + off, n);
		len += n;
		off += n;
		if (agent_request(buf, len, sizeof(buf))) {
			if (strlen(buf) >= sizeof(buf))
				abort();
			return 0;	/* answered: the listener reads no more */
		}
	}
	return 0;
}
