/*
 * genl.h - generic netlink on top of nl.h: message headers and the family
 * lookup.
 *
 * A generic netlink family (IPVS, ...) has a dynamic id that the controller
 * (GENL_ID_CTRL) gives out by name.  Looking the name up also makes the
 * kernel load the module that registers it (MODULE_ALIAS_GENL_FAMILY), so a
 * program resolves its family once at start-up and keeps the id.
 */
#ifndef COMMON_GENL_H
#define COMMON_GENL_H

#include <stdint.h>

#include "common/nl.h"

/* Put nlmsghdr (type = family, NLM_F_REQUEST | flags, seq 0) and genlmsghdr
 * (cmd, version) at the start of buf.  Pure: the caller sets nlmsg_seq. */
struct nlmsghdr *genl_msg(void *buf, uint16_t family, uint8_t cmd, uint8_t version,
			  uint16_t flags);

/* Resolve a family name to its id: 0, -ENOENT when no such family is
 * registered (module missing), or another -errno. */
int genl_family(struct nl *nl, const char *name, uint16_t *id);

#endif
