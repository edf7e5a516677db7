/*
 * suspend.h - ha_suspend: the checkers of a virtual server rest while none
 * of its addresses is on a local interface.
 *
 * keepalived's meaning (check_api.c): on a director pair the VIP lives on
 * one director at a time (vrrpd moves it); the other's checkers of an
 * ha_suspend virtual server stop probing until the address is local again,
 * and its real servers keep the state, and the IPVS entries, they had.
 * Local addresses are followed over rtnetlink (a dump, then RTM_NEWADDR /
 * RTM_DELADDR; a lost notification means another dump).  A virtual server
 * of a group is "present" when any of its addresses is local; fwmark
 * services cannot use ha_suspend (lvsconf clears it).
 */
#ifndef HCHECKD_SUSPEND_H
#define HCHECKD_SUSPEND_H

#include <stddef.h>

#include "common/loop.h"

struct cfg_vs;
struct suspend;

/* Follow local addresses on loop: 0 or -errno. */
int suspend_open(struct suspend **out, struct loop *l);
/* The virtual servers to watch (kept, not copied: call again after a
 * reload); their targets' `suspended` flags are set now and on every
 * address change. */
void suspend_watch(struct suspend *s, struct cfg_vs *vs, size_t nvs);
/* NULL is a no-op */
void suspend_close(struct suspend *s);

#endif
