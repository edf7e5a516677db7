/*
 * track_iface.h - track_interface: is a link up, followed through an
 * rtnetlink monitor (RTNLGRP_LINK), as keepalived does.
 *
 * An interface is UP when it is administratively up and running
 * (IFF_UP and IFF_RUNNING: the carrier / operational state is up), DOWN
 * otherwise, and DOWN when it does not exist or disappears; it comes back
 * when an interface of that name appears again.  One monitor serves every
 * tracked interface; an interface tracked by several instances is one
 * object.  On a lost monitor message (ENOBUFS) every link is asked again.
 */
#ifndef VRRPD_TRACK_IFACE_H
#define VRRPD_TRACK_IFACE_H

#include <net/if.h>
#include <stdint.h>

#include "common/loop.h"
#include "vrrpd/track.h"

struct track_iface {
	struct track_obs obs;		/* first member; obs.name is the ifname */
	int ifindex;			/* 0 while absent */
	struct track_iface *next;
};

struct track_ifmon;

/* The status a link's flags give.  Pure. */
enum track_status track_iface_status(unsigned flags);

/* Open the monitor (NULL on failure, errno set).  Free with
 * track_ifmon_free(), which frees the tracked objects too. */
struct track_ifmon *track_ifmon_new(struct loop *l);
void track_ifmon_free(struct track_ifmon *m);

/* The object for ifname (created on first use, status read at once).
 * NULL on allocation failure. */
struct track_iface *track_iface_get(struct track_ifmon *m, const char *ifname);

/* Read every tracked link again (also done after ENOBUFS).  0 or -errno. */
int track_ifmon_refresh(struct track_ifmon *m);

#endif
