/*
 * kaconf.c - keepalived.conf for vrrpd (see kaconf.h).
 */
#include <errno.h>
#include <stdio.h>

#include "vrrpd/kaconf.h"

int kaconf_load(const char *path, struct vrrpd_conf *c, char *err, size_t errlen)
{
	(void)c;
	snprintf(err, errlen, "%s: configuration files are not supported yet", path);
	return -ENOTSUP;
}
