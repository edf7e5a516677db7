/*
 * ipvsctl - the kernel's IP Virtual Server table, with ipvsadm's command
 * line, JSON listings, a restore that reports every failing line, and
 * `apply` of keepalived.conf virtual_server blocks.
 *
 * The flow: parse the command line (pure), open one generic netlink socket
 * and resolve "IPVS" once (which loads ip_vs), keep only CAP_NET_ADMIN, run
 * the command.  Its return value is the exit code (DESIGN.md).
 */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>

#include "common/caps.h"
#include "common/exitcode.h"
#include "common/log.h"
#include "ipvsctl/ipvsctl.h"

int main(int argc, char **argv)
{
	static const int keep[] = { CAP_NET_ADMIN, -1 };
	struct cli_cmd cmd;
	struct ipvs h;
	struct ipvs_table want = { NULL, 0 };
	struct ipvs_timeouts to = { 0, 0, 0 };
	char err[256];
	size_t checked = 0;
	int ret;

	log_init("ipvsctl", LOG_TO_STDERR, 0);
	if (argc < 2) {
		fprintf(stderr, "%s", cli_usage);
		return EXIT_USAGE;
	}
	if (cli_parse(argc, argv, false, &cmd, err, sizeof(err)) < 0) {
		log_warnx("%s", err);
		fprintf(stderr, "Try 'ipvsctl -h' for more information.\n");
		return EXIT_USAGE;
	}
	if (cmd.kind == CLI_HELP) {
		printf("%s", cli_usage);
		return 0;
	}
	if (cmd.kind == CLI_VERSION) {
		printf("ipvsctl %s\n", HA_VERSION);
		return 0;
	}
	if (cmd.kind == CLI_APPLY && (ret = apply_load(cmd.file, cmd.config_id, &want, &to, &checked)) != 0)
		return ret;
	if (cmd.kind == CLI_APPLY && cmd.check_only) {
		printf("%s: %zu virtual services, configuration OK\n", cmd.file, want.n);
		ipvs_table_free(&want);
		return 0;
	}
	if (cmd.kind == CLI_APPLY && !cmd.dry_run && (ret = apply_guard(&cmd, checked)) != 0) {
		ipvs_table_free(&want);
		return ret;
	}

	ret = ipvs_open(&h);
	if (ret == -ENOENT)
		fatalx(EXIT_KERNEL, "IPVS is not available: this kernel has no ip_vs module");
	if (ret < 0)
		fatalx(exitcode_for_errno(ret), "unable to open generic netlink for IPVS: %s",
		       strerror(-ret));
	if ((ret = caps_keep(keep)) < 0)
		fatalx(EXIT_NOPERM, "unable to drop capabilities: %s", strerror(-ret));
	if (cmd.kind == CLI_APPLY)
		ret = run_apply(&h, &cmd, &want, &to);
	else
		ret = run_cmd(&h, &cmd);
	ipvs_close(&h);
	if (fflush(stdout) != 0 && ret == 0)
		ret = EXIT_KERNEL;
	return ret;
}
