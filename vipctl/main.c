/*
 * vipctl - add, remove, list, test, announce, move and probe virtual addresses.
 *
 * The flow: parse the command line (pure), keep only CAP_NET_ADMIN and
 * CAP_NET_RAW, check the privilege the verb needs, open one rtnetlink socket,
 * run the verb.  The verb's return value is the exit code (DESIGN.md).
 */
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "common/caps.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "vipctl/vipctl.h"

#ifndef VERSION
#define VERSION "0.1"
#endif

static int (*const ops[])(struct vipctl *) = {
	[VERB_ADD] = op_add,
	[VERB_DEL] = op_del,
	[VERB_LIST] = op_list,
	[VERB_HAS] = op_has,
	[VERB_GARP] = op_garp,
	[VERB_MOVE] = op_move,
	[VERB_PROBE] = op_probe,
};

/* the capability each verb needs, or -1 */
static int needed_cap(enum vip_verb verb)
{
	switch (verb) {
	case VERB_ADD: case VERB_DEL: case VERB_MOVE: return CAP_NET_ADMIN;
	case VERB_GARP: case VERB_PROBE: return CAP_NET_RAW;
	default: return -1;
	}
}

int main(int argc, char **argv)
{
	static const int keep[] = { CAP_NET_ADMIN, CAP_NET_RAW, -1 };
	struct vip_cmd cmd;
	struct vipctl v = { .cmd = &cmd };
	char err[256];
	int ret, cap;

	log_init("vipctl", LOG_TO_STDERR, 0);
	if (cli_parse(argc, argv, &cmd, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		fprintf(stderr, "%s", cli_usage(cmd.verb));
		return EXIT_USAGE;
	}
	if (cmd.version) {
		printf("vipctl %s\n", VERSION);
		return 0;
	}
	if (cmd.help) {
		printf("%s", cmd.verb == VERB_NONE ? cli_usage(VERB_NONE) : cli_usage(cmd.verb));
		return 0;
	}
	log_set_verbosity(cmd.verbose > 1 ? 1 : 0);

	if ((ret = caps_keep(keep)) < 0)
		fatalx(EXIT_NOPERM, "unable to drop capabilities: %s", strerror(-ret));
	cap = needed_cap(cmd.verb);
	if (cap >= 0 && !caps_have(cap))
		fatalx(EXIT_NOPERM, "%s needs %s (run it as root)", cli_verb_name(cmd.verb),
		       caps_name(cap));

	if (cmd.has_addr)
		ipaddr_fmt(&cmd.addr, v.addr_str, sizeof(v.addr_str), cmd.has_prefix);
	if ((ret = nl_open(&v.nl, NETLINK_ROUTE)) < 0)
		fatalx(exitcode_for_errno(ret), "unable to open rtnetlink: %s", strerror(-ret));
	ret = ops[cmd.verb](&v);
	nl_close(&v.nl);
	fflush(stdout);
	return ret;
}
