/* libFuzzer: the state file `vipctl rs-add` keeps in /run/vipctl
 * (vipctl/rsstate.c), which rs-del reads back; whatever parses must format
 * and parse again to the same state. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vipctl/rs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rs_state a, b;
	static char out[65536];
	char *buf = malloc(size + 1);
	int bad, n;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (rs_state_parse(buf, &a, &bad) == 0) {
		n = rs_state_format(&a, out, sizeof(out));
		if (n >= 0 && (rs_state_parse(out, &b, &bad) != 0 || b.nvips != a.nvips ||
			       b.nsysctls != a.nsysctls))
			abort();
	}
	free(buf);
	return 0;
}
