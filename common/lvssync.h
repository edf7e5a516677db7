/*
 * lvssync.h - the kernel's IPVS connection-sync daemon as keepalived.conf
 * sets it up, and the calls that start and stop it.
 *
 * The model is the kernel's (net/netfilter/ipvs/ip_vs_sync.c): a network
 * namespace runs at most one MASTER sync thread, which multicasts the state
 * of the connections its director handles, and at most one BACKUP thread,
 * which receives them and creates the same connection entries, so that a
 * backup director that takes over the VIP forwards established connections
 * to the same real servers.  Both carry a sync id (0..255): a backup only
 * takes messages with its own id.  The multicast interface, group
 * (224.0.0.81 by default), UDP port (8848), TTL (1) and message length (from
 * the MTU) are the daemon's settings; the kernel refuses a second MASTER or
 * BACKUP (-EEXIST), stopping one that is not running (-ESRCH), a state other
 * than exactly MASTER or BACKUP (-EINVAL: "both" is two requests), and a
 * daemon while a service has destinations of the other address family
 * (-EINVAL); and a stop of a thread that has not run yet gets no reply at
 * all (Linux 6.1: lvssync.c waits 1 s for it, then asks the kernel).
 *
 * keepalived.conf gives it two ways (keepalived's global_parser.c):
 *
 *   global_defs { lvs_sync_daemon IFACE [INSTANCE | inst INSTANCE] [id N]
 *                 [maxlen N] [port N] [ttl N] [group ADDR] }
 *   vrrp_instance NAME { lvs_sync_daemon_interface IFACE }	(old; INSTANCE = NAME)
 *
 * and "lvs_sync_daemon IFACE INSTANCE N" (a bare sync id, accepted with a
 * warning).  Only one of them may appear in a configuration.  Who drives the
 * daemon is a contract between the programs (docs/DESIGN.md): with an
 * INSTANCE, vrrpd, by that instance's state (MASTER: lvssync_master(),
 * otherwise lvssync_backup(), at stop lvssync_stop()), and the sync id
 * defaults to the instance's VRID; without one, hcheckd runs master and
 * backup together for its whole life (lvssync_both(), lvssync_stop()), sync
 * id 0 by default.
 *
 * The parser is pure; the operations are idempotent: starting what already
 * runs with the same settings and stopping what is not running succeed.
 */
#ifndef COMMON_LVSSYNC_H
#define COMMON_LVSSYNC_H

#include <linux/ip_vs.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/conf.h"
#include "common/inet.h"
#include "common/ipvs.h"

#define LVSSYNC_PORT 8848		/* the kernel's IP_VS_SYNC_PORT */

struct lvssync {
	bool set;			/* configured at all */
	char ifname[IP_VS_IFNAME_MAXLEN];	/* the multicast interface */
	char instance[64];		/* vrrp_instance that drives it; "" none */
	int syncid;			/* 0..255; -1: the instance's VRID (0 without) */
	uint16_t maxlen;		/* bytes of a sync message; 0: from the MTU */
	uint16_t port;			/* host order; 0: 8848 */
	uint8_t ttl;			/* 0: 1 */
	struct ipaddr group;		/* family 0: 224.0.0.81 */
	char file[256];			/* where it was configured, for messages */
	int line;
};

/* ---- pure ----------------------------------------------------------------- */

/* One `lvs_sync_daemon` statement of global_defs into s.  A second one (s->set
 * already) is an error naming the first, as is an unknown option (FILE:LINE
 * and the word).  0 or -EINVAL with err. */
int lvssync_parse(const struct conf_node *n, struct lvssync *s, struct conf_err *err);
/* `lvs_sync_daemon_interface IFACE` inside vrrp_instance `instance`. */
int lvssync_parse_iface(const struct conf_node *n, const char *instance, struct lvssync *s,
			struct conf_err *err);
/* The whole file: every global_defs' lvs_sync_daemon and every
 * vrrp_instance's lvs_sync_daemon_interface under top (the first statement
 * of the file).  s is cleared first; s->set false when there is none. */
int lvssync_conf(const struct conf_node *top, struct lvssync *s, struct conf_err *err);

/* Do a and b ask for the same daemons (a reload with a change restarts them)? */
bool lvssync_same(const struct lvssync *a, const struct lvssync *b);
/* The kernel's settings for state IP_VS_STATE_MASTER or _BACKUP. */
void lvssync_daemon(const struct lvssync *s, uint32_t state, struct ipvs_daemon *out);
/* "eth0 id 51 (vrrp_instance VI_1)"-style summary for logs, into buf. */
const char *lvssync_fmt(const struct lvssync *s, char *buf, size_t len);

/* ---- kernel --------------------------------------------------------------- */

/* Stop the backup daemon, run the master: 0 or -errno (of the start). */
int lvssync_master(struct ipvs *h, const struct lvssync *s);
/* Stop the master daemon, run the backup. */
int lvssync_backup(struct ipvs *h, const struct lvssync *s);
/* Run master and backup (hcheckd without INSTANCE). */
int lvssync_both(struct ipvs *h, const struct lvssync *s);
/* Stop both; none running is fine.  0 or the first -errno. */
int lvssync_stop(struct ipvs *h);

#endif
