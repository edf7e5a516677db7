/*
 * instance.h - one VRRP instance: its configuration and its run time.
 *
 * The model.  An instance is keyed by (interface, family, VRID), as in the
 * RFC.  Its configuration (struct vrrp_instance_conf) is plain data, filled
 * by the flag parser (cli.c) or the keepalived.conf reader, checked by
 * vrrp_conf_check() and never touched by the run time, so a reload can
 * build a new one completely before anything changes.
 *
 * The run time (struct vrrp_instance) owns a struct vr, the pure state
 * machine of fsm.h, and performs its side effects: adverts on a raw
 * socket (sock.h), timers in the loop, VIPs through common/addr, GARP / NA
 * bursts through common/announce, and the notify callback of the daemon
 * (scripts, watch lines, FIFO).
 *
 * The priority the machine runs with is always recomputed from inputs:
 *   effective = base priority + sum of tracker deltas (clamped 1..254,
 *   255 = address owner never moves);
 * and the FAULT state from a set of independent reasons (the link is down,
 * no usable source address, a tracker says so).  Trackers (issue 4) call
 * vrrp_instance_set_prio_delta() and vrrp_instance_set_fault() and nothing
 * else.
 */
#ifndef VRRPD_INSTANCE_H
#define VRRPD_INSTANCE_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/inet.h"
#include "common/link.h"
#include "common/loop.h"
#include "common/nl.h"
#include "vrrpd/fsm.h"
#include "vrrpd/pkt.h"

/* ---------------------------------------------------------------- config */

struct vrrp_vip {
	struct ipaddr addr;		/* with its prefix length (default /32, /128) */
	char dev[IF_NAMESIZE];		/* "" = the instance's interface (or its VMAC) */
	char label[IF_NAMESIZE];	/* IPv4 label, "" = none */
	int scope;			/* RT_SCOPE_*, -1 = the kernel's default */
	bool has_peer, nodad, noprefixroute, home;	/* peer, -nodad, ... */
	struct ipaddr peer;
	int brd;			/* 0 computed, -1 none ("brd -"), 1 brd_addr */
	struct ipaddr brd_addr;
};

struct addr_opts;
struct nl;
/* The kernel options of an address line (label, scope, brd, peer, flags) */
void vrrp_vip_opts(const struct vrrp_vip *v, struct addr_opts *o);
/* Remove it from ifindex: addr_del()'s returns */
int vrrp_vip_del(struct nl *nl, int ifindex, const struct vrrp_vip *v);

enum vrrp_auth { VRRP_AUTH_NONE = 0, VRRP_AUTH_PASS = 1, VRRP_AUTH_AH = 2 };

/* The keepalived names of the scripts, in enum order. */
enum vrrp_script {
	VRRP_SCRIPT_MASTER,		/* notify_master */
	VRRP_SCRIPT_BACKUP,		/* notify_backup */
	VRRP_SCRIPT_FAULT,		/* notify_fault */
	VRRP_SCRIPT_STOP,		/* notify_stop */
	VRRP_SCRIPT_ANY,		/* notify: + INSTANCE name state priority */
	VRRP_SCRIPT_CONFLICT,		/* notify_conflict: + INSTANCE name
					 * CONFLICT address MAC */
	VRRP_SCRIPT_MAX
};

struct vrrp_instance_conf {
	char name[64];			/* "VI_1"; flags mode: "vrid<N>" */
	char ifname[IF_NAMESIZE];
	uint8_t vrid;			/* 1..255 */
	int family;			/* AF_INET / AF_INET6, from the VIPs */
	uint8_t version;		/* 2 or 3 (IPv6 is always 3) */
	uint8_t priority;		/* base priority 1..255 (keepalived default 100) */
	uint32_t adv_int_ms;		/* v2: whole seconds; v3: 10 ms steps up to 40950 */
	bool init_master;		/* keepalived "state MASTER" (a hint only) */
	bool nopreempt;
	uint32_t preempt_delay_ms;	/* keepalived preempt_delay, seconds in the file */

	struct vrrp_vip *vips;		/* nvips of them; owned, vrrp_conf_free() */
	unsigned nvips;

	bool has_unicast_src;
	struct ipaddr unicast_src;	/* source of our adverts in unicast mode */
	struct ipaddr *peers;		/* unicast_peer {}; npeers == 0: multicast */
	unsigned npeers;
	bool accept_nonpeer;		/* unicast: process adverts from others too */

	enum vrrp_auth auth_type;	/* v2 only */
	char auth_pass[VRRP_AUTH_LEN];	/* zero-padded, not NUL-terminated */

	char *script[VRRP_SCRIPT_MAX];	/* command lines, NULL = none; owned */

	/* gratuitous ARP / unsolicited NA, keepalived's names and defaults */
	unsigned garp_master_repeat;	/* per VIP, on becoming master: 5 */
	unsigned garp_master_delay_s;	/* second burst after: 5 (0 = none) */
	unsigned garp_master_refresh_s;	/* periodic refresh while master: 0 = off */
	unsigned garp_refresh_repeat;	/* per VIP and refresh: 1 */
	unsigned garp_lower_prio_repeat;/* as master, on a lower-priority advert:
					 * vrrp_garp_master_repeat (5); 0 = none */
	unsigned garp_lower_prio_delay_s; /* and again after: vrrp_garp_master_delay
					 * (5); 0 = not again */
	uint32_t garp_interval_us;	/* between two gratuitous ARPs: 0 */
	uint32_t gna_interval_us;	/* between two unsolicited NAs: 0 */

	enum pkt_csum v3_csum;		/* v3 IPv4: PSEUDO (default) or PLAIN
					 * (keepalived v3_checksum_as_v2) */
	bool use_vmac;			/* macvlan with 00:00:5e:00:0{1,2}:VRID */
	char vmac_ifname[IF_NAMESIZE];	/* "" = "vrrp.<vrid>" (v6: "vrrp6.<vrid>") */
	bool accept;			/* "accept" written */
	bool no_accept;			/* Accept_Mode off: no_accept, or vrrp_strict
					 * without accept (else on) */
	unsigned conflict_probe_s;	/* while master, ask every N s whether
					 * another host answers for a VIP:
					 * VRRP_CONFLICT_PROBE_S; 0 = never */
};

#define VRRP_CONFLICT_PROBE_S 10

/* keepalived's defaults: version 2, priority 100, advert 1 s, preempt,
 * 5 GARPs with a second burst after 5 s. */
void vrrp_conf_init(struct vrrp_instance_conf *c);
/* Free what vrrp_conf_init/+ parsing allocated (not c itself).  NULL ok. */
void vrrp_conf_free(struct vrrp_instance_conf *c);
/* Deep copy; 0 or -ENOMEM.  dst is overwritten (not freed first). */
int vrrp_conf_copy(struct vrrp_instance_conf *dst, const struct vrrp_instance_conf *src);
/* Append a VIP / a peer; 0 or -ENOMEM. */
int vrrp_conf_add_vip(struct vrrp_instance_conf *c, const struct vrrp_vip *v);
int vrrp_conf_add_peer(struct vrrp_instance_conf *c, const struct ipaddr *a);
/* Set a script command line (replaces an old one); 0 or -ENOMEM. */
int vrrp_conf_set_script(struct vrrp_instance_conf *c, enum vrrp_script s,
			 const char *cmd);
/*
 * Check one instance and complete what is derived (family from the VIPs,
 * version 3 for IPv6).  0, or -EINVAL with a sentence in err
 * ("virtual_router_id 300 out of range 1-255").  A warning that is not an
 * error (keepalived's "first IPv6 VIP is not link-local") goes to warn,
 * which may be NULL.
 */
int vrrp_conf_check(struct vrrp_instance_conf *c, char *err, size_t errlen,
		    char *warn, size_t warnlen);

/* "notify_master", ... */
const char *vrrp_script_name(enum vrrp_script s);

/* --------------------------------------------------------------- run time */

/* Independent reasons for FAULT; the instance is in FAULT while any is set. */
enum {
	VRRP_FAULT_LINK = 1u << 0,	/* the interface is down */
	VRRP_FAULT_NOADDR = 1u << 1,	/* no source address to advertise from */
	VRRP_FAULT_TRACK = 1u << 2,	/* a tracker (issue 4) */
};

/* Counters beyond the state machine's own (fsm_stats). */
struct vrrp_stats {
	uint64_t rx_drop[PKT_ERR_MAX];	/* indexed by enum pkt_err */
	uint64_t rx_addr_mismatch;	/* address list differs (counted, processed) */
	uint64_t rx_csum_plain;		/* valid adverts per checksum form */
	uint64_t rx_csum_pseudo;
	uint64_t tx_errors;
	uint64_t garp_sent;		/* GARP / NA frames */
	uint64_t garp_errors;
	uint64_t vip_add_errors;
	uint64_t vip_readded;		/* deleted by someone else while master */
	uint64_t conflict_probes;	/* ARP probes / DAD NSs sent as master */
	uint64_t stale_removed;		/* VIPs, excluded addresses, routes, rules
					 * and the VMAC left by a previous run,
					 * removed at start (not an owner) */
};

struct vrrp_sock;
struct vrrp_env;

struct vrrp_instance {
	struct vrrp_instance_conf conf;	/* own copy */
	struct vr vr;			/* the state machine; vr.ctx = this */
	struct vrrp_env *env;		/* the daemon's shared resources */

	int ifindex;			/* conf.ifname */
	int tx_ifindex;			/* the VMAC, or ifindex */
	int *vip_ifindex;		/* per VIP */
	uint8_t (*vip_mac)[6];		/* per VIP: the MAC its GARPs carry */
	bool *vip_owned;		/* owner (255): present before start, kept */
	uint8_t tx_mac[6];		/* source MAC of GARPs */
	bool tx_mac_ok;
	bool vmac_created;		/* we made it, we remove it */
	char vmac_name[IF_NAMESIZE];
	int old_arp_ignore, old_arp_filter;	/* base interface, restored on free */
	bool arp_set;
	struct ipaddr src;		/* source of our adverts */
	uint8_t *adv_addrs;		/* the VIPs as the advert carries them */
	struct vrrp_sock *rx;		/* shared (ifindex, family) socket */
	int tx_fd;			/* raw socket used to send */
	int garp_fd;			/* send-only packet socket for GARP / NA, any
					 * interface (packet_open_tx), for the life
					 * of the instance */
	/* virtual_ipaddress_excluded (tracking.c adds and removes them): not
	 * in adverts, announced with the VIPs in every GARP round */
	struct vrrp_vip *xvips;
	unsigned nxvips;
	int *xvip_ifindex;		/* resolved on becoming master, 0 = none */
	uint8_t (*xvip_mac)[6];

	int prio_delta;			/* trackers */
	unsigned fault;			/* VRRP_FAULT_* bits */
	bool vips_held;			/* we added them (master) */
	char last_csum[8];		/* "plain" / "pseudo" / "-" */
	double changed_unix_s;		/* wall clock of the last transition, 0 = none */

	struct loop_timer *t_adver, *t_down, *t_garp;
	unsigned garp_phase;		/* 0 idle, 1 second burst due, 2 refresh */
	unsigned garp_left;		/* rounds left in the current burst */
	unsigned garp_idx;		/* next address of the current round */
	uint64_t garp_last_us[2];	/* last GARP, last NA (the intervals) */
	struct loop_timer *t_garp_lp;	/* the lower-priority second burst */
	uint64_t log_quiet_until_us;	/* rate limit for rx drop logs */
	unsigned log_suppressed;

	struct loop_timer *t_conflict;	/* conflict.c: the next probes / window end */
	struct conflict_vip *conflict;	/* per VIP: the holders reported */
	bool conflict_window;		/* garp_fd receives answers now */

	struct vrrp_stats st;
	bool dont_track_primary;	/* keepalived dont_track_primary: no link faults */
	struct vrrp_instance *next;	/* on the daemon's list */
};

/* What the daemon gives every instance. */
struct vrrp_env {
	struct loop *loop;
	struct nl *nl;			/* request socket (addresses, links) */
	/* after every state change (scripts, watch, FIFO) */
	void (*notify)(struct vrrp_instance *in, enum vr_state from,
		       enum vr_state to, const char *why);
	/* a master learnt of another holder (mac) of its VIP addr: event
	 * line, notify_conflict.  NULL = none. */
	void (*conflict)(struct vrrp_instance *in, const struct ipaddr *addr,
			 const uint8_t mac[6]);
	/* on becoming master after the VIPs were added, before the GARP
	 * burst (up), and on leaving it before they are removed (down):
	 * the excluded addresses and routes.  NULL = none. */
	void (*vips_hook)(struct vrrp_instance *in, bool up);
	struct vrrp_sock *socks;	/* list of shared receive sockets */
	struct vrrp_instance *instances;
};

/*
 * Create the run time of one instance from a checked conf (copied): find
 * the interface, open sockets, create the VMAC.  Does not start it.
 * 0 and *out, or -errno with err set ("eth9: No such device").
 */
int vrrp_instance_new(struct vrrp_env *env, const struct vrrp_instance_conf *c,
		      struct vrrp_instance **out, char *err, size_t errlen);
/* Feed STARTUP: BACKUP (or MASTER for an owner, FAULT if down). */
void vrrp_instance_start(struct vrrp_instance *in);
/* Leave: priority 0 if master, VIPs removed, state INIT. */
void vrrp_instance_stop(struct vrrp_instance *in);
/* Close sockets, remove the VMAC we created, free.  NULL is a no-op. */
void vrrp_instance_free(struct vrrp_instance *in);

/* The virtual_ipaddress_excluded of the instance (copied; replaces the
 * old list), announced with its VIPs.  0 or -ENOMEM. */
int vrrp_instance_set_excluded(struct vrrp_instance *in, const struct vrrp_vip *v,
			       unsigned n);

/* A new conflict_probe_s (reload): a master's probes restart with it. */
void vrrp_instance_set_conflict_probe(struct vrrp_instance *in, unsigned s);

/* Tracker inputs; the instance recomputes its effective priority / state. */
void vrrp_instance_set_prio_delta(struct vrrp_instance *in, int delta);
void vrrp_instance_set_fault(struct vrrp_instance *in, bool fault);
/* Any reason bit (VRRP_FAULT_*): the daemon's link and address monitor. */
void vrrp_instance_fault_bit(struct vrrp_instance *in, unsigned bit, bool on);

/* The netlink monitor saw an address vanish / a link change. */
void vrrp_instance_addr_deleted(struct vrrp_instance *in, int ifindex,
				const struct ipaddr *a);
/* An address appeared (a missing source address may now exist). */
void vrrp_instance_addr_added(struct vrrp_instance *in);
/* A link changed; one that carries the instance's interface name under a
 * new index (deleted and created again) is followed. */
void vrrp_instance_link_changed(struct vrrp_instance *in, const struct link_info *li,
				bool up);

/* A message arrived on the instance's socket (called by sock.c). */
void vrrp_instance_rx(struct vrrp_instance *in, const struct vrrp_adv *adv,
		      const struct pkt_ip *ip);
/* A drop counted against this instance, with a rate-limited log line. */
void vrrp_instance_drop(struct vrrp_instance *in, enum pkt_err e,
			const struct pkt_ip *ip, const char *why);

#endif
