/* libFuzzer harness for keepalived's LVS blocks (common/lvsconf.c): the
 * input is a config file (no includes); every virtual server found is
 * turned into IPVS services and destinations. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/lvsconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *arg, const char *file, int line, const char *msg)
{
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_options o = { .instance = "main", .warn = quiet, .flags = CONF_NO_INCLUDE };
	struct lvs_conf lc;
	struct conf_err e;
	struct conf *c;

	if (conf_load_string((const char *)data, size, "fuzz.conf", &o, &c, &e) < 0)
		return 0;
	if (lvsconf_parse(c->root, &lc, &e) == 0) {
		for (size_t i = 0; i < lc.nvs; i++) {
			const struct lvs_vs *vs = &lc.vs[i];
			struct ipvs_service *s;
			struct ipvs_dest d;
			size_t n;

			if (lvs_vs_services(vs, &s, &n, &e) == 0)
				free(s);
			for (size_t k = 0; k < vs->nrs; k++)
				lvs_rs_dest(vs, &vs->rs[k], &d);
			if (vs->has_sorry)
				lvs_sorry_dest(vs, &d);
		}
		lvsconf_free(&lc);
	}
	conf_free(c);
	return 0;
}
