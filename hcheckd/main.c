/*
 * hcheckd - health checks: one-shot probes (`hcheckd check URL`), keepalived's
 * genhash, the daemon and its control client.
 */
#include <stdio.h>
#include <string.h>

#include "common/exitcode.h"
#include "common/log.h"
#include "hcheckd/daemon.h"
#include "hcheckd/oneshot.h"

static void usage(FILE *f)
{
	fputs("usage: hcheckd [-f FILE] [-S SOCK] [-n] [-t] ... the daemon (below)\n"
	      "       hcheckd ctl [-S SOCK] VERB...         ask the daemon\n"
	      "       hcheckd check [options] URL     one probe, plugin exit codes\n"
	      "       hcheckd genhash [options] URL   MD5 of an HTTP body (keepalived genhash)\n"
	      "       hcheckd --help | check --help\n"
	      "       hcheckd -V | --version          print \"hcheckd VERSION\"\n", f);
}

int main(int argc, char **argv)
{
	log_init("hcheckd", LOG_TO_STDERR, 0);
	if (argc > 1 && !strcmp(argv[1], "check"))
		return oneshot_check(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "genhash"))
		return oneshot_genhash(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "ctl"))
		return ctl_main(argc - 1, argv + 1, HCHECKD_SOCK);
	if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("hcheckd %s\n", HA_VERSION);
		return 0;
	}
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		putchar('\n');
		daemon_usage(stdout);
		putchar('\n');
		oneshot_usage(stdout);
		return 0;
	}
	return daemon_main(argc, argv);
}
