/* vipctl: not yet implemented beyond its usage line (see the open issues). */
#include <stdio.h>
#include <string.h>

#include "common/exitcode.h"

int main(int argc, char **argv)
{
	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		printf("usage: vipctl ... (not implemented yet)\n");
		return 0;
	}
	fprintf(stderr, "vipctl: not implemented yet\n");
	return EXIT_USAGE;
}
