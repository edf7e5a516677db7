/* libFuzzer harness for hcheckd's configuration layer (check NAME blocks,
 * checker blocks, virtual_server real servers) on top of common/conf:
 * whatever the text, cfg_load_string() builds everything or nothing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "hcheckd/cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int quiet;
	struct cfg cf;
	char err[1024], *text;

	if (!quiet) {
		log_init("fuzz", LOG_TO_STDERR, -1);
		quiet = 1;
	}
	if (size > 65536 || !(text = malloc(size + 1)))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (cfg_load_string(text, "fuzz.conf", &cf, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < cf.nt; i++)
			if (!cf.t[i]->name[0] && cf.t[i]->nck)
				__builtin_trap();
		cfg_free(&cf);
	}
	free(text);
	return 0;
}
