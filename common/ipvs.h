/*
 * ipvs.h - the kernel's IP Virtual Server table over generic netlink.
 *
 * The model is the kernel's: a service is identified by (af, protocol, addr,
 * port) or by (af, fwmark); it holds a scheduler, flags, a persistence
 * timeout and netmask, and a list of destinations (real servers) identified
 * by (addr, port) inside the service.  Nothing here knows about ipvsadm's
 * command line or keepalived.conf: ipvsctl, `ipvsctl apply` and hcheckd
 * drive the same calls.
 *
 * Wire rules (Linux net/netfilter/ipvs/ip_vs_ctl.c): AF always sent;
 * addresses are 16 bytes (IPv4 in the first 4); service, dest and tunnel
 * ports are big-endian; the sync daemon's port is host order; an IPv4
 * netmask is a big-endian mask, an IPv6 one a prefix length.  NEW/SET
 * service needs scheduler, flags, timeout and netmask; NEW/SET dest needs
 * forwarding method, weight and both thresholds.
 *
 * Builders and parsers are pure (no socket): ipvs_build() turns a struct
 * ipvs_op into one request, ipvs_parse_*() read one reply.  The calls on
 * struct ipvs use one socket and resolve the family once.  All return 0 (or
 * a count) or -errno; ipvs_strerror() says what an errno means for a command.
 */
#ifndef COMMON_IPVS_H
#define COMMON_IPVS_H

#include <linux/ip_vs.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/nl.h"

struct ipvs_stats {
	uint64_t conns, inpkts, outpkts, inbytes, outbytes;	/* counters */
	uint64_t cps, inpps, outpps, inbps, outbps;		/* per second */
};

struct ipvs_service {
	int af;				/* AF_INET or AF_INET6 */
	uint16_t protocol;		/* IPPROTO_TCP/UDP/SCTP; 0 with fwmark */
	uint8_t addr[16];		/* IPv4 in the first 4 bytes */
	uint16_t port;			/* host order; 0 = all ports */
	uint32_t fwmark;		/* non-zero: a firewall-mark service */
	char sched[IP_VS_SCHEDNAME_MAXLEN];
	char pe[IP_VS_PENAME_MAXLEN];	/* "" or "sip" */
	uint32_t flags;			/* IP_VS_SVC_F_* */
	uint32_t timeout;		/* persistence, seconds */
	uint32_t netmask;		/* IPv4: mask, network order; IPv6: prefix length */
	struct ipvs_stats stats;	/* dumps only */
};

struct ipvs_dest {
	int af;				/* address family of addr (0: the service's) */
	uint8_t addr[16];
	uint16_t port;			/* host order */
	uint32_t fwd;			/* IP_VS_CONN_F_MASQ/LOCALNODE/TUNNEL/DROUTE */
	int32_t weight;			/* 0 = quiesced */
	uint32_t u_thresh, l_thresh;	/* connections; 0 = none; l <= u */
	uint8_t tun_type;		/* IP_VS_CONN_F_TUNNEL_TYPE_* */
	uint16_t tun_port;		/* GUE UDP port, host order */
	uint16_t tun_flags;		/* IP_VS_TUNNEL_ENCAP_FLAG_* */
	uint32_t active, inactive, persist;	/* connection counts, dumps only */
	struct ipvs_stats stats;	/* dumps only */
};

struct ipvs_daemon {
	uint32_t state;			/* IP_VS_STATE_MASTER or _BACKUP */
	char ifname[IP_VS_IFNAME_MAXLEN];
	uint32_t syncid;
	uint16_t maxlen;		/* 0: kernel default */
	int group_af;			/* 0: kernel default group */
	uint8_t group[16];
	uint16_t port;			/* host order; 0: default 8848 */
	uint8_t ttl;			/* 0: default 1 */
};

struct ipvs_timeouts {
	uint32_t tcp, tcp_fin, udp;	/* seconds; 0 = leave unchanged */
};

struct ipvs_info {
	uint32_t version;		/* 0x010201 = 1.2.1 */
	uint32_t conn_tab_size;
};

/* One request: cmd is IPVS_CMD_*; which members count depends on it. */
struct ipvs_op {
	uint8_t cmd;
	bool has_svc;			/* ZERO: one service, else all */
	struct ipvs_service svc;
	struct ipvs_dest dest;
	struct ipvs_timeouts timeouts;
	struct ipvs_daemon daemon;
};

/* ---- pure ----------------------------------------------------------------- */

/* Largest request ipvs_build() writes; it zeroes this much of buf first
 * (libmnl leaves attribute padding uninitialised). */
#define IPVS_MSG_MAX 1024

/* Build op as one request for family id `family` into buf (IPVS_MSG_MAX),
 * nlmsg_seq 0 and flags NLM_F_REQUEST (plus NLM_F_DUMP for the dump
 * commands GET_SERVICE without has_svc, GET_DEST, GET_DAEMON).  NULL if cmd
 * is not one we build. */
struct nlmsghdr *ipvs_build(void *buf, uint16_t family, const struct ipvs_op *op);

/* Parse one reply message (genl header included): 0 or -EINVAL. */
int ipvs_parse_service(const struct nlmsghdr *nlh, struct ipvs_service *out);
int ipvs_parse_dest(const struct nlmsghdr *nlh, struct ipvs_dest *out);
int ipvs_parse_daemon(const struct nlmsghdr *nlh, struct ipvs_daemon *out);
int ipvs_parse_timeouts(const struct nlmsghdr *nlh, struct ipvs_timeouts *out);
int ipvs_parse_info(const struct nlmsghdr *nlh, struct ipvs_info *out);

/* Same service identity (af + fwmark, or af + protocol + addr + port)? */
bool ipvs_service_same(const struct ipvs_service *a, const struct ipvs_service *b);
/* Same destination (af + addr + port)?  af 0 counts as af_default. */
bool ipvs_dest_same(const struct ipvs_dest *a, const struct ipvs_dest *b, int af_default);
/* ipvsadm -S order: fwmark, af, protocol, addr, port */
int ipvs_service_cmp(const struct ipvs_service *a, const struct ipvs_service *b);
/* by af, addr, port */
int ipvs_dest_cmp(const struct ipvs_dest *a, const struct ipvs_dest *b);

/* A sentence for err (negative errno) returned by a command of type cmd:
 * "no such service", "service already exists", ... */
const char *ipvs_strerror(int err, uint8_t cmd);

/* "rr" ... "mh": the schedulers Linux ships; NULL-terminated. */
extern const char *const ipvs_schedulers[];

/* ---- kernel --------------------------------------------------------------- */

struct ipvs {
	struct nl nl;
	uint16_t family;		/* generic netlink id of "IPVS" */
};

/* Open the socket and resolve "IPVS" (loads ip_vs when the kernel can).
 * -ENOENT: no IPVS in this kernel. */
int ipvs_open(struct ipvs *h);
void ipvs_close(struct ipvs *h);

/* Run one op and wait for its ACK: 0 or -errno. */
int ipvs_exec(struct ipvs *h, const struct ipvs_op *op);

/* Run n ops in order, several per sendmsg, one ACK each: errs[i] gets 0 or
 * -errno for ops[i] (the kernel goes on after a failed one).  Returns the
 * number of failed ops, or -errno when the socket itself failed. */
int ipvs_exec_batch(struct ipvs *h, const struct ipvs_op *ops, size_t n, int *errs);

/* Shorthands for ipvs_exec() */
int ipvs_add_service(struct ipvs *h, const struct ipvs_service *s);
int ipvs_edit_service(struct ipvs *h, const struct ipvs_service *s);
int ipvs_del_service(struct ipvs *h, const struct ipvs_service *s);
int ipvs_flush(struct ipvs *h);
int ipvs_add_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d);
int ipvs_edit_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d);
int ipvs_del_dest(struct ipvs *h, const struct ipvs_service *s, const struct ipvs_dest *d);
/* s == NULL: all services and the global counters */
int ipvs_zero(struct ipvs *h, const struct ipvs_service *s);
int ipvs_set_timeouts(struct ipvs *h, const struct ipvs_timeouts *t);
int ipvs_get_timeouts(struct ipvs *h, struct ipvs_timeouts *t);
int ipvs_start_daemon(struct ipvs *h, const struct ipvs_daemon *d);
int ipvs_stop_daemon(struct ipvs *h, uint32_t state);
int ipvs_get_info(struct ipvs *h, struct ipvs_info *info);

/* One service by identity, filled in completely: 0 or -ESRCH. */
int ipvs_get_service(struct ipvs *h, struct ipvs_service *s);

typedef int (*ipvs_service_cb)(const struct ipvs_service *s, void *arg);
typedef int (*ipvs_dest_cb)(const struct ipvs_dest *d, void *arg);
typedef int (*ipvs_daemon_cb)(const struct ipvs_daemon *d, void *arg);
/* Dumps in kernel order; a negative return from cb stops and is returned. */
int ipvs_dump_services(struct ipvs *h, ipvs_service_cb cb, void *arg);
int ipvs_dump_dests(struct ipvs *h, const struct ipvs_service *s, ipvs_dest_cb cb, void *arg);
int ipvs_dump_daemons(struct ipvs *h, ipvs_daemon_cb cb, void *arg);

/* The whole table in memory, for listing, saving and reconciling. */
struct ipvs_entry {
	struct ipvs_service svc;
	struct ipvs_dest *dests;
	size_t ndests;
};

struct ipvs_table {
	struct ipvs_entry *v;
	size_t n;
};

/* Read every service and its dests (1 + n dumps); caller frees with
 * ipvs_table_free().  svc (not NULL) limits it to that one service. */
int ipvs_table_read(struct ipvs *h, const struct ipvs_service *svc, struct ipvs_table *t);
/* ipvsadm's order: services by ipvs_service_cmp, dests by ipvs_dest_cmp */
void ipvs_table_sort(struct ipvs_table *t);
void ipvs_table_free(struct ipvs_table *t);

#endif
