/*
 * hcheckd - health checks: one-shot probes (`hcheckd check URL`), keepalived's
 * genhash, and (later in this file) the daemon.
 */
#include <stdio.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "hcheckd/oneshot.h"

static void usage(FILE *f)
{
	fputs("usage: hcheckd check [options] URL     one probe, plugin exit codes\n"
	      "       hcheckd genhash [options] URL   MD5 of an HTTP body (keepalived genhash)\n"
	      "       hcheckd --help | check --help\n", f);
}

int main(int argc, char **argv)
{
	log_init("hcheckd", LOG_TO_STDERR, 0);
	if (argc > 1 && !strcmp(argv[1], "check"))
		return oneshot_check(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "genhash"))
		return oneshot_genhash(argc - 1, argv + 1);
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		putchar('\n');
		oneshot_usage(stdout);
		return 0;
	}
	usage(stderr);
	return EXIT_USAGE;
}
