/* libFuzzer: the line parser of vrrpd's track_check, which reads hcheckd's
 * `watch` stream (vrrpd/track_check.h), one line at a time. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vrrpd/track.h"
#include "vrrpd/track_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *save = NULL, name[256];
	enum track_status st;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (char *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
		if (track_check_parse(l, name, sizeof(name), &st) == 1 && strlen(name) >= sizeof(name))
			abort();
	free(buf);
	return 0;
}
