/* libFuzzer: the control-socket framing both daemons run on every byte a
 * client sends (common/ctl.h): lines taken off a stream buffer in chunks of
 * any size, split into words, and a reply's first line as the client reads
 * it.  Feeds the input in pieces whose sizes come from its first byte. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/ctl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[CTL_LINE_MAX * 2], line[CTL_LINE_MAX + 1];
	size_t len = 0, chunk, off = 1;
	char *argv[CTL_MAX_ARGS];
	const char *reason;

	if (size < 1)
		return 0;
	chunk = (size_t)data[0] % 64 + 1;
	while (off < size) {
		size_t n = size - off < chunk ? size - off : chunk;
		int r;

		if (n > sizeof(buf) - len)
			n = sizeof(buf) - len;
		memcpy(buf + len, data + off, n);
		len += n;
		off += n;
		while ((r = ctl_take_line(buf, &len, line, sizeof(line))) == 1) {
			(void)ctl_status(line, &reason);
			(void)ctl_split(line, argv, CTL_MAX_ARGS);
		}
		if (r < 0)
			len = 0;	/* the server drops such a client */
	}
	return 0;
}
