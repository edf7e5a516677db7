/* libFuzzer: ipvsctl's restore parser (ipvsctl -R reads ipvsadm -S text, one
 * command line per line, through the same grammar as the command line), and
 * the save printer on what it accepted: every accepted -A/-a line, printed
 * back in -S form, must parse again to the same service and server. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ipvsctl/cli.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/print.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void reparse(const char *line, const struct ipvs_op *op)
{
	char copy[1100], *argv[64], err[256];
	struct cli_cmd c;
	int argc;

	snprintf(copy, sizeof(copy), "%s", line);
	argc = cli_split(copy, argv, 64);
	if (argc < 2 || cli_parse(argc, argv, true, &c, err, sizeof(err)) < 0) {
		fprintf(stderr, "printed line does not parse: '%s': %s\n", line, err);
		abort();
	}
	if (!ipvs_service_same(&c.svc, &op->svc) || strcmp(c.svc.sched, op->svc.sched) != 0) {
		fprintf(stderr, "service changed through '%s'\n", line);
		abort();
	}
	if (op->cmd == IPVS_CMD_NEW_DEST &&
	    (!ipvs_dest_same(&c.dest, &op->dest, op->svc.af) || c.dest.fwd != op->dest.fwd ||
	     c.dest.weight != op->dest.weight || c.dest.tun_type != op->dest.tun_type)) {
		fprintf(stderr, "real server changed through '%s'\n", line);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ipvs_op *ops;
	unsigned int *lines;
	size_t n;
	char line[1024];

	if (restore_parse((const char *)data, size, "fuzz", &ops, &lines, &n, NULL) < 0)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (ops[i].cmd == IPVS_CMD_NEW_SERVICE) {
			print_save_service(line, sizeof(line), &ops[i].svc, FMT_NUMERIC);
			reparse(line, &ops[i]);
		} else if (ops[i].cmd == IPVS_CMD_NEW_DEST) {
			print_save_dest(line, sizeof(line), &ops[i].svc, &ops[i].dest, FMT_NUMERIC);
			reparse(line, &ops[i]);
		}
	}
	free(ops);
	free(lines);
	return 0;
}
