/*
 * kaconf.h - vrrpd's part of keepalived.conf: global_defs keys it knows and
 * vrrp_instance blocks, into struct vrrpd_conf.  Other blocks are skipped
 * with one debug line (DESIGN.md "Configuration").
 */
#ifndef VRRPD_KACONF_H
#define VRRPD_KACONF_H

#include <stdbool.h>
#include <stddef.h>

#include "vrrpd/daemon.h"

/* Read path into c (instances appended).  0, or -errno / -EINVAL with err
 * naming file, line and word. */
int kaconf_load(const char *path, struct vrrpd_conf *c, char *err, size_t errlen);
/* The same with the config id for @ID lines (NULL: the host name) and
 * whether to look at the system (scripts executable and safe). */
int kaconf_load2(const char *path, struct vrrpd_conf *c, const char *instance_id,
		 bool check_system, char *err, size_t errlen);
/* The same from a loaded tree (tests, fuzzer); path only names it. */
struct conf;
int kaconf_parse(const struct conf *cf, const char *path, struct vrrpd_conf *c,
		 bool check_system, char *err, size_t errlen);

#endif
