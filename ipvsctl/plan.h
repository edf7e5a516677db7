/*
 * plan.h - the fewest IPVS requests that turn one table into another (for
 * `ipvsctl apply`).  Pure.
 *
 * A service is matched by identity (af + protocol + address + port, or af +
 * fwmark) and a destination by (af, address, port) inside it.  A wanted
 * service that is missing is added with all its destinations; one whose
 * settings differ is edited (scheduler, scheduler flags, one-packet,
 * persistence with its timeout and netmask, persistence engine); a service
 * nobody wants is deleted with everything in it.  Destinations likewise:
 * added, edited (forwarding method, weight, thresholds, tunnel settings) or
 * deleted.  The order is: deletions of services, additions and edits of
 * services, deletions of destinations, additions and edits of destinations.
 */
#ifndef IPVSCTL_PLAN_H
#define IPVSCTL_PLAN_H

#include <stddef.h>

#include "common/ipvs.h"

/* *ops (malloc'ed, caller frees) gets the requests, *n their count.
 * Services of have that want does not name are deleted, unless
 * keep_others.  0 or -ENOMEM. */
int plan_make(const struct ipvs_table *want, const struct ipvs_table *have, bool keep_others,
	      struct ipvs_op **ops, size_t *n);

/* Do two services with the same identity differ in their settings? */
bool plan_service_differs(const struct ipvs_service *want, const struct ipvs_service *have);
/* Do two destinations with the same identity differ in their settings? */
bool plan_dest_differs(const struct ipvs_dest *want, const struct ipvs_dest *have);

/* One change as an ipvsadm-style line: "-A -t 192.0.2.1:80 -s rr",
 * "-E ...", "-D -t ...", "-a ... -r ...", "-e ...", "-d ...". */
void plan_line(char *buf, size_t len, const struct ipvs_op *op);

#endif
