/*
 * vipctl - add, remove, list, test, announce, move and probe virtual addresses.
 *
 * The flow: parse the command line (pure), keep only CAP_NET_ADMIN and
 * CAP_NET_RAW, open one rtnetlink socket, run the verb (or every line of a
 * batch file).  The verb's return value is the exit code (DESIGN.md).
 */
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "common/caps.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "vipctl/vipctl.h"

int main(int argc, char **argv)
{
	static const int keep[] = { CAP_NET_ADMIN, CAP_NET_RAW, -1 };
	const char *batch = NULL;
	struct vip_cmd cmd;
	struct vipctl v = { .cmd = &cmd };
	char err[256];
	int ret;

	log_init("vipctl", LOG_TO_STDERR, 0);
	/* -b FILE [-v] [-j]: the rest of the command comes from FILE */
	if (argc >= 3 && (strcmp(argv[1], "-b") == 0 || strcmp(argv[1], "--batch") == 0)) {
		batch = argv[2];
		argv[2] = argv[0];
		argv += 2;
		argc -= 2;
		memset(&cmd, 0, sizeof(cmd));
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "-v") == 0)
				cmd.verbose++;
			else if (strcmp(argv[i], "-j") == 0)
				cmd.json = true;
			else
				fatalx(EXIT_USAGE, "-b takes only -v and -j besides the file");
		}
	} else if (cli_parse(argc, argv, &cmd, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		fprintf(stderr, "%s", cli_usage(cmd.verb));
		return EXIT_USAGE;
	} else if (cmd.version) {
		printf("vipctl %s\n", HA_VERSION);
		return 0;
	} else if (cmd.help) {
		printf("%s", cli_usage(cmd.verb));
		if (cmd.verb == VERB_NONE)
			printf("       vipctl -b FILE [-v] [-j]   (one command per line; - is stdin)\n");
		return 0;
	}
	log_set_verbosity(cmd.verbose > 1 ? 1 : 0);

	if ((ret = caps_keep(keep)) < 0)
		fatalx(EXIT_NOPERM, "unable to drop capabilities: %s", strerror(-ret));
	if ((ret = nl_open(&v.nl, NETLINK_ROUTE)) < 0)
		fatalx(exitcode_for_errno(ret), "unable to open rtnetlink: %s", strerror(-ret));
	if (batch)
		ret = batch_run(&v, batch, cmd.verbose, cmd.json);
	else
		ret = vip_run(&v);
	nl_close(&v.nl);
	fflush(stdout);
	return ret;
}
