/*
 * ipvssync.h - the kernel's IPVS connection-sync daemon, driven by the state
 * of one VRRP instance (keepalived.conf's `lvs_sync_daemon IFACE INSTANCE`,
 * or `lvs_sync_daemon_interface` inside that instance; common/lvssync.h).
 *
 * The contract (docs/DESIGN.md): with an instance named, vrrpd owns the
 * sync daemon, as keepalived's VRRP process does.  The model:
 *   vrrpd starts            BACKUP thread (receive the master's connections)
 *   the instance -> MASTER  BACKUP stopped, MASTER started (send ours)
 *   MASTER -> BACKUP, FAULT MASTER stopped, BACKUP started
 *   vrrpd stops             whichever runs is stopped
 *   a reload that changes the settings restarts it; one that drops them stops it
 * so that a backup director holds the connection entries of the master's
 * clients, and forwards them to the same real servers once it takes the VIP.
 * Without an instance the daemon is hcheckd's (both threads, for its life).
 * Every call goes through common/lvssync.c; failures are logged and
 * counted, never fatal once running: VRRP matters more than the sync.
 */
#ifndef VRRPD_IPVSSYNC_H
#define VRRPD_IPVSSYNC_H

#include <stddef.h>

#include "common/lvssync.h"
#include "vrrpd/fsm.h"

struct vrrpd;
struct vrrp_instance;

/* At start: with a sync daemon to drive, open IPVS (-ENOENT: the kernel has
 * none; err names FILE:LINE) and start the BACKUP thread.  0 or -errno. */
int ipvssync_open(struct vrrpd *d, char *err, size_t errlen);
/* After every state change of every instance: follow the driving one. */
void ipvssync_follow(struct vrrpd *d, const struct vrrp_instance *in, enum vr_state to);
/* Reload, before anything changes: can the new settings be driven (IPVS
 * opened if they are new)?  0 or -errno with err. */
int ipvssync_prepare(struct vrrpd *d, const struct lvssync *next, char *err, size_t errlen);
/* Reload, after the instances are updated: restart on changed settings. */
void ipvssync_apply(struct vrrpd *d);
/* At exit: stop what runs, close IPVS.  Safe when nothing was opened. */
void ipvssync_close(struct vrrpd *d);
/* "master eth0 id 51 (vrrp_instance VI_1)", "backup ...", or "none". */
const char *ipvssync_show(const struct vrrpd *d, char *buf, size_t len);

#endif
