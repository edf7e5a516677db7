/* conn.c - the connection table (-c): /proc/net/ip_vs_conn, printed as ipvsadm. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "common/json.h"
#include "ipvsctl/cli.h"
#include "ipvsctl/conn.h"

/* /proc shows IPv4 as 8 hex digits, IPv6 in its colon form */
static int proc_addr(const char *s, int *af, uint8_t out[16])
{
	memset(out, 0, 16);
	if (inet_pton(AF_INET6, s, out) == 1) {
		*af = AF_INET6;
		return 0;
	}
	if (strlen(s) == 8) {
		uint32_t v = htonl((uint32_t)strtoul(s, NULL, 16));

		memcpy(out, &v, 4);
		*af = AF_INET;
		return 0;
	}
	return -EINVAL;
}

int conn_parse_line(const char *line, struct conn *c)
{
	char a[3][64];
	unsigned int p[3];
	int n;

	memset(c, 0, sizeof(*c));
	n = sscanf(line, "%7s %63s %X %63s %X %63s %X %15s %u %15s %63s", c->proto, a[0], &p[0],
		   a[1], &p[1], a[2], &p[2], c->state, &c->expires, c->pe_name, c->pe_data);
	if (n < 9 || p[0] > 65535 || p[1] > 65535 || p[2] > 65535)
		return -EINVAL;
	if (proc_addr(a[0], &c->af, c->caddr) < 0 || proc_addr(a[1], &c->af, c->vaddr) < 0 ||
	    proc_addr(a[2], &c->daf, c->daddr) < 0)
		return -EINVAL;
	c->cport = (uint16_t)p[0];
	c->vport = (uint16_t)p[1];
	c->dport = (uint16_t)p[2];
	return 0;
}

static void name(char *buf, size_t len, int af, const uint8_t *addr, uint16_t port,
		 const char *proto, unsigned int fmt)
{
	char h[NI_MAXHOST], pt[32];

	inet_ntop(af, addr, h, sizeof(h));
	snprintf(pt, sizeof(pt), "%u", port);
	if (!(fmt & FMT_NUMERIC)) {
		struct sockaddr_storage ss;
		socklen_t sl;
		struct servent *se;

		memset(&ss, 0, sizeof(ss));
		if (af == AF_INET6) {
			((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
			memcpy(&((struct sockaddr_in6 *)&ss)->sin6_addr, addr, 16);
			sl = sizeof(struct sockaddr_in6);
		} else {
			((struct sockaddr_in *)&ss)->sin_family = AF_INET;
			memcpy(&((struct sockaddr_in *)&ss)->sin_addr, addr, 4);
			sl = sizeof(struct sockaddr_in);
		}
		getnameinfo((struct sockaddr *)&ss, sl, h, sizeof(h), NULL, 0, 0);
		if (port && (strcmp(proto, "TCP") == 0 || strcmp(proto, "UDP") == 0) &&
		    (se = getservbyport(htons(port), strcmp(proto, "TCP") == 0 ? "tcp" : "udp")))
			snprintf(pt, sizeof(pt), "%s", se->s_name);
	}
	snprintf(buf, len, af == AF_INET6 ? "[%s]:%s" : "%s:%s", h, pt);
}

int conn_list(FILE *in, FILE *out, unsigned int fmt, bool json)
{
	char line[512];
	struct json j;
	struct conn c;
	bool first = true;

	if (json) {
		json_init(&j, out);
		json_arr_begin(&j);
	} else {
		fprintf(out, "IPVS connection entries\n");
		if (fmt & FMT_PERSISTENT)
			fprintf(out, "pro expire state       source             virtual            "
				"destination        pe name          pe_data\n");
		else
			fprintf(out, "pro expire state       source             virtual            "
				"destination\n");
	}
	while (in && fgets(line, sizeof(line), in)) {
		char cn[NI_MAXHOST + 40], vn[NI_MAXHOST + 40], dn[NI_MAXHOST + 40], ex[16];

		if (first) {	/* the header line */
			first = false;
			if (strncmp(line, "Pro ", 4) == 0)
				continue;
		}
		if (conn_parse_line(line, &c) < 0)
			continue;
		if (json) {
			char a[INET6_ADDRSTRLEN];

			json_obj_begin(&j);
			json_kv_str(&j, "protocol", c.proto);
			inet_ntop(c.af, c.caddr, a, sizeof(a));
			json_kv_str(&j, "source", a);
			json_kv_uint(&j, "sport", c.cport);
			inet_ntop(c.af, c.vaddr, a, sizeof(a));
			json_kv_str(&j, "virtual", a);
			json_kv_uint(&j, "vport", c.vport);
			inet_ntop(c.daf, c.daddr, a, sizeof(a));
			json_kv_str(&j, "destination", a);
			json_kv_uint(&j, "dport", c.dport);
			json_kv_str(&j, "state", c.state);
			json_kv_uint(&j, "expires", c.expires);
			if (c.pe_name[0]) {
				json_kv_str(&j, "pe_name", c.pe_name);
				json_kv_str(&j, "pe_data", c.pe_data);
			}
			json_obj_end(&j);
			continue;
		}
		name(cn, sizeof(cn), c.af, c.caddr, c.cport, c.proto, fmt);
		name(vn, sizeof(vn), c.af, c.vaddr, c.vport, c.proto, fmt);
		name(dn, sizeof(dn), c.daf, c.daddr, c.dport, c.proto, fmt);
		snprintf(ex, sizeof(ex), "%02u:%02u", (c.expires / 60) % 100, c.expires % 60);
		if (fmt & FMT_PERSISTENT)
			fprintf(out, "%-3s %-6s %-11s %-18s %-18s %-18s %-16s %s\n", c.proto, ex,
				c.state, cn, vn, dn, c.pe_name, c.pe_data);
		else
			fprintf(out, "%-3s %-6s %-11s %-18s %-18s %s\n", c.proto, ex, c.state, cn, vn,
				dn);
	}
	if (json) {
		json_arr_end(&j);
		fputc('\n', out);
	}
	return 0;
}
