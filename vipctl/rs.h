/*
 * rs.h - the real-server half of LVS-DR (and LVS-TUN): `vipctl rs-add` puts
 * the virtual address on a real server so that it accepts the packets the
 * director forwards to it unchanged, without ever answering ARP for it.
 *
 * The model.  In direct routing the director rewrites only the Ethernet
 * destination, so each real server must hold the VIP itself (as a host
 * address, /32 or /128, on lo), and must not answer ARP for it on the LAN,
 * or clients would bypass the director:
 *   net.ipv4.conf.{all,IF}.arp_ignore   = 1  answer ARP only for addresses
 *                                            of the interface it came in on
 *   net.ipv4.conf.{all,IF}.arp_announce = 2  never use a lo address as the
 *                                            sender of our own ARP requests
 * (the kernel takes the larger of `all` and the interface's value).  IPv6
 * needs no knob: Linux answers a neighbour solicitation only for addresses
 * of the interface it arrived on, so a /128 on lo is never advertised.
 *
 * What `rs-add` changed is recorded per network namespace in
 *   /run/vipctl/rs-<netns inode>.state
 * ("vip ADDR/LEN DEV" and "sysctl PATH OLD NEW" lines), so that `rs-del` of
 * the last VIP puts every knob back to the value it had before the first
 * `rs-add` (unless someone changed it since: then it is left alone).
 * The state's text format is parsed and written by the pure functions
 * below; the unit tests drive them.
 */
#ifndef VIPCTL_RS_H
#define VIPCTL_RS_H

#include <stdbool.h>
#include <stddef.h>

#define RS_MAX_VIPS 256
#define RS_MAX_SYSCTLS 64
#define RS_PATH_MAX 128

struct rs_vip {
	char addr[64];			/* as written: "192.0.2.100/32" */
	char dev[16];
};

struct rs_sysctl {
	char path[RS_PATH_MAX];		/* /proc/sys/net/ipv4/conf/all/arp_ignore */
	int old_val;			/* before the first rs-add */
	int new_val;			/* what rs-add wrote */
};

struct rs_state {
	struct rs_vip vips[RS_MAX_VIPS];
	size_t nvips;
	struct rs_sysctl sysctls[RS_MAX_SYSCTLS];
	size_t nsysctls;
};

/* Parse a state file's text.  0, or -EINVAL with the line number in
 * *bad_line. */
int rs_state_parse(const char *text, struct rs_state *st, int *bad_line);
/* Write it back; the number of bytes, or -ENOSPC. */
int rs_state_format(const struct rs_state *st, char *buf, size_t len);

/* Record a VIP: 1 added, 0 there already, -ENOSPC full. */
int rs_state_add_vip(struct rs_state *st, const char *addr, const char *dev);
/* Forget a VIP: 1 removed, 0 it was not there. */
int rs_state_del_vip(struct rs_state *st, const char *addr);
/* The recorded knob at path, or NULL. */
struct rs_sysctl *rs_state_sysctl(struct rs_state *st, const char *path);
/* Record a knob the first time it is set: its value before, and ours. */
int rs_state_add_sysctl(struct rs_state *st, const char *path, int old_val, int new_val);

#endif
