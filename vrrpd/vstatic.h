/*
 * vstatic.h - static_ipaddress, static_routes and static_rules: what
 * keepalived sets when it starts, whatever the VRRP state, and takes away
 * when it stops.
 */
#ifndef VRRPD_VSTATIC_H
#define VRRPD_VSTATIC_H

#include <stdbool.h>

#include "common/nl.h"
#include "vrrpd/tconf.h"

/* up: add every static address, then the routes and rules (what is there
 * already is fine).  !up: remove them in the reverse order, except those
 * keep also has (a reload that keeps them; keep may be NULL).  Failures
 * are logged, not fatal. */
void vstatic_apply(struct nl *nl, const struct kaconf_extra *x,
		   const struct kaconf_extra *keep, bool up);

#endif
