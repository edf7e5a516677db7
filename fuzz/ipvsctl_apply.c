/* libFuzzer: `ipvsctl apply`'s reading side: keepalived.conf text (no
 * includes) through common/conf and common/lvsconf into the wanted table
 * (apply_want), then the plan from an empty table and from itself, printed
 * as ipvsadm lines.  The plan against itself must be empty. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/conf.h"
#include "common/lvsconf.h"
#include "ipvsctl/ipvsctl.h"
#include "ipvsctl/plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *arg, const char *file, int line, const char *msg)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_options o = { .instance = "", .warn = quiet, .flags = CONF_NO_INCLUDE };
	struct ipvs_table want, empty = { NULL, 0 };
	struct conf *cf;
	struct conf_err e;
	struct lvs_conf lc;
	struct ipvs_op *ops;
	size_t n;
	char line[1100];
	int ret;

	if (conf_load_string((const char *)data, size, "fuzz.conf", &o, &cf, &e) < 0)
		return 0;
	ret = lvsconf_parse(cf->root, &lc, &e);
	if (ret == 0) {
		ret = apply_want(&lc, &want, &e);
		lvsconf_free(&lc);
	}
	conf_free(cf);
	if (ret < 0)
		return 0;
	if (plan_make(&want, &empty, false, &ops, &n) == 0) {
		for (size_t i = 0; i < n; i++)
			plan_line(line, sizeof(line), &ops[i]);
		free(ops);
	}
	if (plan_make(&want, &want, false, &ops, &n) == 0) {
		if (n != 0) {
			plan_line(line, sizeof(line), &ops[0]);
			fprintf(stderr, "a table differs from itself: %s\n", line);
			abort();
		}
		free(ops);
	}
	ipvs_table_free(&want);
	return 0;
}
