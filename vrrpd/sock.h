/*
 * sock.h - raw IP sockets for protocol 112, one per (interface, family).
 *
 * Every instance on an interface and family shares one socket,
 * bound to the interface (SO_BINDTODEVICE) and joined to 224.0.0.18 or
 * ff02::12 when one of them uses multicast.  A message is stripped of its
 * IP facts (source, destination from IPV6_PKTINFO, TTL / hop limit), handed
 * to the instance with its VRID, parsed and validated there.  What cannot
 * be attributed to an instance (no VRID here, a damaged IPv4 header) is
 * counted in env->rx_drop.
 *
 * Sending sets TTL / hop limit 255 and the source address per message
 * (IP_PKTINFO / IPV6_PKTINFO), so one socket serves every instance.  An
 * instance with a VMAC receives and sends on the macvlan's socket.
 */
#ifndef VRRPD_SOCK_H
#define VRRPD_SOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/inet.h"
#include "vrrpd/pkt.h"

struct vrrp_env;

struct vrrp_sock {
	int fd;
	int ifindex;
	int family;
	unsigned refs;
	bool joined;			/* multicast group joined */
	struct vrrp_env *env;
	struct vrrp_sock *next;
};

/* Drops nobody owns: counted per reason, shown by show stats. */
extern uint64_t vrrp_sock_drops[PKT_ERR_MAX];

/* The shared socket for (ifindex, family), opened and registered in the
 * loop on first use; join asks for the multicast group.  0 or -errno. */
int vrrp_sock_get(struct vrrp_env *env, int ifindex, int family, bool join,
		  struct vrrp_sock **out);
/* Drop a reference; the last one closes.  NULL is a no-op. */
void vrrp_sock_put(struct vrrp_sock *s);

/* Configure TTL / hop limit 255, no multicast loop, on a socket. */
int vrrp_sock_setup_tx(int fd, int family);

/* Send one VRRP message from src to dst out of ifindex.  0 or -errno. */
int vrrp_sock_send(int fd, int ifindex, const struct ipaddr *src,
		   const struct ipaddr *dst, const void *msg, size_t len);

/* The VRRP multicast group of a family. */
void vrrp_sock_group(int family, struct ipaddr *out);

#endif
