/* apply.c - keepalived.conf virtual_server blocks -> the kernel table. */
#include "common/exitcode.h"
#include "common/log.h"
#include "ipvsctl/ipvsctl.h"

int run_apply(struct ipvs *h, const struct cli_cmd *c)
{
	log_warnx("apply: not implemented yet");
	return EXIT_CONFIG;
}
