/* libFuzzer: vrrpd's keepalived.conf reader (kaconf.c, tconf.c) on top of
 * common/conf's lexer: any text, no includes, no look at the system. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "common/conf.h"
#include "common/log.h"
#include "vrrpd/daemon.h"
#include "vrrpd/kaconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void quiet(void *arg, const char *file, int line, const char *msg)
{
	(void)arg; (void)file; (void)line; (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_options o = { .instance = "fuzz", .warn = quiet, .flags = CONF_NO_INCLUDE };
	struct vrrpd_conf c;
	struct conf *cf = NULL;
	struct conf_err e;
	char err[1024];

	log_init("fuzz", LOG_TO_STDERR, -1);
	if (conf_load_string((const char *)data, size, "fuzz.conf", &o, &cf, &e) < 0)
		return 0;
	vrrpd_conf_init(&c);
	(void)kaconf_parse(cf, "fuzz.conf", &c, false, err, sizeof(err));
	vrrpd_conf_free(&c);
	conf_free(cf);
	return 0;
}
