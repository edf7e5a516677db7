/* libFuzzer: vipctl's command parser, which reads every line of a batch file
 * (vipctl -b FILE) as well as the command line.  The input is split into
 * words the way batch.c splits a line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vipctl/cli.h"

#define MAX_WORDS 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[MAX_WORDS + 2], *save = NULL, err[256];
	struct vip_cmd cmd;
	int argc = 0;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[argc++] = "vipctl";
	for (char *w = strtok_r(buf, " \t\r\n", &save); w && argc <= MAX_WORDS;
	     w = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	memset(&cmd, 0, sizeof(cmd));
	(void)cli_parse(argc, argv, &cmd, err, sizeof(err));
	free(buf);
	return 0;
}
