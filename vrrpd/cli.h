/*
 * cli.h - vrrpd's command line: daemon options and the flags-mode instance
 * (pure: fills structs, touches nothing).
 */
#ifndef VRRPD_CLI_H
#define VRRPD_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "common/log.h"
#include "vrrpd/daemon.h"

struct vrrpd_opts {
	const char *config;		/* -f FILE: keepalived.conf */
	bool test;			/* -t: check the configuration and exit */
	bool foreground;		/* -n */
	bool help, version;
	bool log_set;
	enum log_dest log;		/* -l stderr|syslog */
	int verbose;			/* -v, -vv */
	const char *sock;		/* -S PATH */
	const char *pidfile;		/* -p PATH */
	const char *config_id;		/* --config-id ID (keepalived -i): @ID lines */
	const char *metrics;		/* --metrics [ADDR:]PORT, NULL = off */
};

extern const char vrrpd_usage[];

/* Parse argv into o and, for flags mode, one instance in c.  0, or
 * -EINVAL with err ("--vrid 300: out of range 1-255"). */
int vrrpd_cli_parse(int argc, char **argv, struct vrrpd_opts *o, struct vrrpd_conf *c,
		    char *err, size_t errlen);

#endif
