/*
 * conn.h - IPVS connection entries.  The kernel has no netlink dump for
 * them; ipvsadm and we read /proc/net/ip_vs_conn (one line per connection,
 * IPv4 addresses as 8 hex digits, IPv6 in colon form, ports in hex).
 */
#ifndef IPVSCTL_CONN_H
#define IPVSCTL_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct conn {
	char proto[8];			/* "TCP", "UDP", "SCTP" */
	int af, daf;			/* client/virtual side, destination side */
	uint8_t caddr[16], vaddr[16], daddr[16];
	uint16_t cport, vport, dport;	/* host order */
	char state[16];
	unsigned int expires;		/* seconds */
	char pe_name[16], pe_data[64];
};

/* One data line of /proc/net/ip_vs_conn: 0 or -EINVAL (pure). */
int conn_parse_line(const char *line, struct conn *c);

/* -c: read `in` (NULL: no entries) and print as ipvsadm -c, or JSON. */
int conn_list(FILE *in, FILE *out, unsigned int fmt, bool json);

#endif
