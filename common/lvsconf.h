/*
 * lvsconf.h - keepalived's LVS half (virtual_server, virtual_server_group,
 * real_server) as plain structs, shared by `ipvsctl apply` and hcheckd.
 *
 * The model is keepalived.conf(5), "LVS CONFIGURATION": a virtual server is
 * an address and port, a firewall mark, or a named group of those; it holds
 * the IPVS settings (scheduler, forwarding method, persistence), the
 * quorum settings and a list of real servers, each with its checkers.  What
 * can be set on a virtual server is the default of its real servers, and
 * what is set on a real server the default of its checkers: lvsconf_parse()
 * resolves the first step (each lvs_rs holds effective values); the checker
 * blocks stay conf_node trees that hcheckd reads itself, starting from the
 * lvs_rs values.  A setting nobody made is LVS_UNSET (durations) or -1
 * (retry), so that the checker can apply its type's default (keepalived's
 * delay_before_retry is 3 s for HTTP_GET/SSL_GET, delay_loop for DNS_CHECK,
 * 1 s otherwise).
 *
 * Like keepalived, lvsconf_parse() corrects some settings with a warning
 * (conf_warn()): ops without UDP and ha_suspend with fwmarks are cleared;
 * port 0 makes a service persistent (360 s); quorum above the total weight
 * and hysteresis not below quorum are lowered; a DR/TUN real server gets
 * the virtual server's port (none with a fwmark).  Unlike keepalived, a
 * virtual server with no real servers is kept, and an address service
 * without protocol is TCP.
 *
 * The inherited settings sit in struct lvs_defaults, the first member (d)
 * of both lvs_vs and lvs_rs.  The structs point into the conf tree (nodes,
 * checker blocks, strings): do not use an lvs_conf after conf_free() of its
 * tree.  All errors are conf_err (FILE:LINE: ...).
 *
 *	struct lvs_conf lc;
 *	if (lvsconf_parse(c->root, &lc, &err) < 0) ... exit 78
 *	for (size_t i = 0; i < lc.nvs; i++) {
 *		struct ipvs_service *svcs; size_t n;
 *		lvs_vs_services(&lc.vs[i], &svcs, &n, &err);	(groups give several)
 *		for each rs: lvs_rs_dest(&lc.vs[i], &lc.vs[i].rs[k], &dest);
 *	}
 *	lvsconf_free(&lc);
 */
#ifndef COMMON_LVSCONF_H
#define COMMON_LVSCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/conf.h"
#include "common/inet.h"
#include "common/ipvs.h"

#define LVS_UNSET UINT64_MAX		/* a duration nobody set */

enum lvs_fwd { LVS_FWD_NAT, LVS_FWD_DR, LVS_FWD_TUN };
enum lvs_tun { LVS_TUN_IPIP, LVS_TUN_GUE, LVS_TUN_GRE };

/* lvs_method NAT|DR|TUN [type ipip|gue port N|gre] [nocsum|csum|remcsum] */
struct lvs_method {
	enum lvs_fwd fwd;		/* default NAT */
	enum lvs_tun tun_type;
	uint16_t tun_port;		/* GUE only, host order */
	uint16_t tun_flags;		/* IP_VS_TUNNEL_ENCAP_FLAG_* */
};

enum lvs_check_type {
	LVS_CHECK_TCP, LVS_CHECK_HTTP, LVS_CHECK_SSL, LVS_CHECK_MISC, LVS_CHECK_SMTP,
	LVS_CHECK_DNS, LVS_CHECK_UDP, LVS_CHECK_PING, LVS_CHECK_FILE, LVS_CHECK_BFD,
	LVS_CHECK_NTYPES
};

/* "TCP_CHECK", "HTTP_GET", ... by enum lvs_check_type */
extern const char *const lvs_check_names[LVS_CHECK_NTYPES];

struct lvs_check {
	enum lvs_check_type type;
	const struct conf_node *node;	/* the TCP_CHECK { } ... statement */
};

/* A notify line: cmd (a command line for script_split()), then optional
 * user and group, as keepalived's "<STRING>|<QUOTED-STRING> [user [group]]". */
struct lvs_script {
	const char *cmd, *user, *group;	/* NULL when not set; point into the tree */
};

/* What a virtual server sets as the default of its real servers, and a
 * real server as the default of its checkers.  First member of both
 * lvs_vs and lvs_rs; in an lvs_rs the values are effective (inherited). */
struct lvs_defaults {
	struct lvs_method method;	/* lvs_method / lb_kind; default NAT */
	bool inhibit_on_failure;	/* weight 0 instead of removal on failure */
	bool alpha;			/* start as down */
	const char *virtualhost;	/* NULL if not set; points into the tree */
	uint64_t delay_loop_us;		/* default 60 s */
	uint64_t connect_timeout_us;	/* default 5 s */
	uint64_t delay_before_retry_us;	/* LVS_UNSET: the checker type's default */
	uint64_t warmup_us;		/* LVS_UNSET: random up to delay_loop */
	int retry;			/* -1: the checker type's default */
};

struct lvs_rs {
	struct lvs_defaults d;		/* effective values, see above */
	struct ipaddr addr;		/* prefixlen: full */
	uint16_t port;			/* host order; the vs's if not given (address vs) */
	int weight;			/* default 1 */
	unsigned uthreshold, lthreshold;	/* connections; 0 = none */
	struct lvs_script notify_up, notify_down;
	struct lvs_check *checks;
	size_t nchecks;
	const struct conf_node *node;
};

enum lvs_vsg_kind { LVS_VSG_ADDR, LVS_VSG_RANGE, LVS_VSG_FWMARK };

/* One line of a virtual_server_group */
struct lvs_vsg_entry {
	enum lvs_vsg_kind kind;
	struct ipaddr first, last;	/* ADDR: first == last; RANGE: inclusive */
	uint16_t port;			/* 0 if not given */
	uint32_t fwmark;
	int af;				/* FWMARK: AF_INET6 with "inet6", else AF_INET */
	const struct conf_node *node;
};

struct lvs_vsg {
	const char *name;		/* points into the tree */
	struct lvs_vsg_entry *e;
	size_t n;
	const struct conf_node *node;
};

enum lvs_vs_kind { LVS_VS_ADDR, LVS_VS_FWMARK, LVS_VS_GROUP };

struct lvs_vs {
	struct lvs_defaults d;		/* for its real servers */
	enum lvs_vs_kind kind;
	struct ipaddr addr;		/* ADDR */
	uint16_t port;			/* ADDR, host order; 0 if not given */
	uint32_t fwmark;		/* FWMARK */
	const struct lvs_vsg *group;	/* GROUP, resolved */
	int af;				/* ip_family (FWMARK/GROUP), AF_UNSPEC if unset */
	char sched[IP_VS_SCHEDNAME_MAXLEN];	/* lvs_sched / lb_algo; default "wlc" */
	uint32_t sched_flags;		/* IP_VS_SVC_F_SCHED1..3 */
	bool ops;			/* one-packet scheduling */
	char pe[IP_VS_PENAME_MAXLEN];	/* persistence_engine */
	bool persistent;
	uint32_t persistence_timeout;	/* seconds; 360 when given without value;
					 * 0 (which keepalived refuses): not persistent */
	int granularity;		/* prefix length of persistence_granularity; -1 unset */
	uint16_t protocol;		/* IPPROTO_TCP (default), _UDP, _SCTP; keepalived
					 * 2.2 defaults to UDP with a warning, we to TCP */
	bool has_protocol;		/* protocol given */
	bool ha_suspend, omega;
	unsigned quorum;		/* default 1 */
	unsigned hysteresis;		/* default 0 */
	struct lvs_script quorum_up, quorum_down;
	bool has_sorry;
	struct ipaddr sorry_addr;
	uint16_t sorry_port;
	bool sorry_inhibit;
	bool has_sorry_method;		/* sorry_server_lvs_method given */
	struct lvs_method sorry_method;	/* default: the virtual server's */
	struct lvs_rs *rs;
	size_t nrs;
	const struct conf_node *node;
};

struct lvs_conf {
	struct lvs_vs *vs;
	size_t nvs;
	struct lvs_vsg *vsg;
	size_t nvsg;
};

/* Read every virtual_server and virtual_server_group in the top-level list
 * (other statements are left alone).  0 or -EINVAL/-ENOMEM with err set;
 * on error *out is empty.  Free with lvsconf_free(). */
int lvsconf_parse(const struct conf_node *top, struct lvs_conf *out, struct conf_err *err);
void lvsconf_free(struct lvs_conf *lc);

/* The IPVS services of vs: one for an address or fwmark, one per address,
 * port and mark of a group (ranges expanded, at most 65536).  *out is
 * malloc'ed (caller frees); count in *n.  0 or -EINVAL (err set) /
 * -ENOMEM. */
int lvs_vs_services(const struct lvs_vs *vs, struct ipvs_service **out, size_t *n,
		    struct conf_err *err);
/* The single service of an ADDR or FWMARK vs: 0, or -EINVAL for a group. */
int lvs_vs_service(const struct lvs_vs *vs, struct ipvs_service *out);
/* The IPVS destination of rs in vs (weight as configured). */
void lvs_rs_dest(const struct lvs_vs *vs, const struct lvs_rs *rs, struct ipvs_dest *out);
/* The sorry server's destination (vs->has_sorry). */
void lvs_sorry_dest(const struct lvs_vs *vs, struct ipvs_dest *out);

#endif
