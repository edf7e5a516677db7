/* cli_value.c - the values of ipvsadm's options into IPVS structs (cli.h):
 * addresses and ports, scheduler flags, persistence, forwarding and tunnel
 * settings, sync daemon settings, with ipvsadm's defaults. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ipvsctl/cli.h"
#include "ipvsctl/cli_int.h"

int cli_addrport(const char *s, int proto, int *af_out, uint8_t addr[16], uint16_t *port,
		 bool *has_port)
{
	char host[256];
	const char *portstr = NULL;
	struct addrinfo hints, *res;
	int af = AF_INET;

	memset(addr, 0, 16);
	*port = 0;
	*has_port = false;
	if (strlen(s) >= sizeof(host))
		return -EINVAL;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');

		if (!close || close[1] != ':' || !close[2])
			return -EINVAL;	/* "[v6]" needs a port, as in ipvsadm */
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		portstr = close + 2;
		af = AF_INET6;
		if (inet_pton(AF_INET6, host, addr) != 1)
			return -EINVAL;
	} else if (strchr(s, ':') && strchr(s, ':') != strrchr(s, ':')) {
		/* two colons or more: a bare IPv6 address, no port */
		if (inet_pton(AF_INET6, s, addr) != 1)
			return -EINVAL;
		af = AF_INET6;
	} else {
		const char *colon = strchr(s, ':');

		if (colon) {
			memcpy(host, s, (size_t)(colon - s));
			host[colon - s] = '\0';
			portstr = colon + 1;
			if (!*portstr)
				return -EINVAL;
		} else {
			strcpy(host, s);
		}
		if (!host[0])
			return -EINVAL;
		if (inet_pton(AF_INET, host, addr) != 1) {
			/* a host name: IPv4 only, as ipvsadm's gethostbyname */
			bool dotted = true;

			for (const char *p = host; *p; p++)
				if ((*p < '0' || *p > '9') && *p != '.')
					dotted = false;
			if (dotted)
				return -EINVAL;
#ifdef FUZZING
			return -EINVAL;	/* no DNS from a fuzzer */
#endif
			memset(&hints, 0, sizeof(hints));
			hints.ai_family = AF_INET;
			if (getaddrinfo(host, NULL, &hints, &res) != 0)
				return -EINVAL;
			memcpy(addr, &((struct sockaddr_in *)res->ai_addr)->sin_addr, 4);
			freeaddrinfo(res);
		}
	}
	if (portstr) {
		unsigned long long v;

		if (cli_num(portstr, 65535, &v) == 0) {
			*port = (uint16_t)v;
		} else {
#ifdef FUZZING
			return -EINVAL;
#else
			struct servent *se = getservbyname(portstr, proto == IPPROTO_UDP ? "udp" :
							   proto == IPPROTO_SCTP ? "sctp" : "tcp");

			if (!se)
				return -EINVAL;
			*port = ntohs((uint16_t)se->s_port);
#endif
		}
		*has_port = true;
	}
	*af_out = af;
	return 0;
}

static int sched_flags(const char *s, const char *sched, uint32_t *flags, char *err, size_t len)
{
	char buf[128];

	if (strlen(s) >= sizeof(buf))
		return cli_fail(err, len, "scheduler flags too long");
	strcpy(buf, s);
	*flags = 0;
	for (char *save, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (strcmp(t, "flag-1") == 0) {
			*flags |= IP_VS_SVC_F_SCHED1;
		} else if (strcmp(t, "flag-2") == 0) {
			*flags |= IP_VS_SVC_F_SCHED2;
		} else if (strcmp(t, "flag-3") == 0) {
			*flags |= IP_VS_SVC_F_SCHED3;
		} else if (strcmp(t, "sh-fallback") == 0 || strcmp(t, "sh-port") == 0 ||
			   strcmp(t, "mh-fallback") == 0 || strcmp(t, "mh-port") == 0) {
			if (strncmp(t, sched, 2) != 0 || sched[2])
				return cli_fail(err, len, "scheduler flag '%s' needs scheduler %.2s", t,
					    t);
			*flags |= strstr(t, "fallback") ? IP_VS_SVC_F_SCHED1 : IP_VS_SVC_F_SCHED2;
		} else {
			return cli_fail(err, len, "unknown scheduler flag '%s'", t);
		}
	}
	return 0;
}

int cli_service(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_service *s = &c->svc;
	unsigned long long v;
	bool has_port;
	int proto = 0, o = -1;

	if (r->seen & B(O_TCP))
		proto = IPPROTO_TCP, o = O_TCP;
	else if (r->seen & B(O_UDP))
		proto = IPPROTO_UDP, o = O_UDP;
	else if (r->seen & B(O_SCTP))
		proto = IPPROTO_SCTP, o = O_SCTP;
	if (o >= 0) {
		if (cli_addrport(r->val[o], proto, &s->af, s->addr, &s->port, &has_port) < 0)
			return cli_fail(err, len, "bad service address '%s'", r->val[o]);
		s->protocol = (uint16_t)proto;
	} else {
		if (cli_num(r->val[O_FWMARK], UINT32_MAX, &v) < 0 || v == 0)
			return cli_fail(err, len, "bad firewall mark '%s' (an integer above 0)",
				    r->val[O_FWMARK]);
		s->fwmark = (uint32_t)v;
		s->af = (r->seen & B(O_IPV6)) ? AF_INET6 : AF_INET;
	}
	c->has_svc = true;
	return 0;
}

int cli_service_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_service *s = &c->svc;
	unsigned long long v;
	const char *sched = r->val[O_SCHED] ? r->val[O_SCHED] : "wlc";

	if (strlen(sched) >= sizeof(s->sched) || !*sched)
		return cli_fail(err, len, "bad scheduler name '%s'", sched);
	strcpy(s->sched, sched);
	if (r->val[O_PE]) {
		if (strlen(r->val[O_PE]) >= sizeof(s->pe) || !*r->val[O_PE])
			return cli_fail(err, len, "bad persistence engine '%s'", r->val[O_PE]);
		strcpy(s->pe, r->val[O_PE]);
	}
	s->timeout = 0;
	if (r->seen & B(O_PERSIST)) {
		s->flags |= IP_VS_SVC_F_PERSISTENT;
		s->timeout = 360;
		if (r->val[O_PERSIST]) {
			if (cli_num(r->val[O_PERSIST], UINT32_MAX / 4, &v) < 0 || v == 0)
				return cli_fail(err, len, "bad persistence timeout '%s'",
					    r->val[O_PERSIST]);
			s->timeout = (uint32_t)v;
		}
	}
	s->netmask = s->af == AF_INET6 ? 128 : 0xffffffff;
	if (r->val[O_NETMASK]) {
		if (s->af == AF_INET6) {
			if (cli_num(r->val[O_NETMASK], 128, &v) < 0 || v == 0)
				return cli_fail(err, len, "bad IPv6 netmask '%s' (a prefix length 1-128)",
					    r->val[O_NETMASK]);
			s->netmask = (uint32_t)v;
		} else {
			struct in_addr m;

			/* inet_aton as ipvsadm: "24" is 0.0.0.24, not /24 */
			if (!inet_aton(r->val[O_NETMASK], &m))
				return cli_fail(err, len, "bad netmask '%s'", r->val[O_NETMASK]);
			s->netmask = m.s_addr;
		}
	}
	if (r->val[O_SCHED_FLAGS]) {
		uint32_t f = 0;

		if (sched_flags(r->val[O_SCHED_FLAGS], s->sched, &f, err, len) < 0)
			return -EINVAL;
		s->flags |= f;
	}
	if (r->seen & B(O_OPS))
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	if (!s->fwmark && s->port == 0 && !(s->flags & IP_VS_SVC_F_PERSISTENT))
		return cli_fail(err, len, "port 0 (all ports) needs a persistent service (-p)");
	return 0;
}

static int tunnel(struct raw *r, struct ipvs_dest *d, char *err, size_t len)
{
	const char *t = r->val[O_TUN_TYPE];
	uint64_t tun = B(O_TUN_TYPE) | B(O_TUN_PORT) | B(O_TUN_NOCSUM) | B(O_TUN_CSUM) |
		       B(O_TUN_REMCSUM);
	unsigned long long v;

	if (!(r->seen & tun))
		return 0;
	if (d->fwd != IP_VS_CONN_F_TUNNEL)
		return cli_fail(err, len, "tunnel options need -i (tunnelling)");
	if (!t || strcmp(t, "ipip") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_IPIP;
	else if (strcmp(t, "gue") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GUE;
	else if (strcmp(t, "gre") == 0)
		d->tun_type = IP_VS_CONN_F_TUNNEL_TYPE_GRE;
	else
		return cli_fail(err, len, "unknown tunnel type '%s' (ipip, gue or gre)", t);
	if (r->val[O_TUN_PORT]) {
		if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_GUE)
			return cli_fail(err, len, "--tun-port is only for --tun-type gue");
		if (cli_num(r->val[O_TUN_PORT], 65535, &v) < 0 || v == 0)
			return cli_fail(err, len, "bad tunnel port '%s'", r->val[O_TUN_PORT]);
		d->tun_port = (uint16_t)v;
	} else if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE) {
		return cli_fail(err, len, "--tun-type gue needs --tun-port");
	}
	if (r->seen & (B(O_TUN_NOCSUM) | B(O_TUN_CSUM) | B(O_TUN_REMCSUM))) {
		if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_IPIP)
			return cli_fail(err, len, "checksum options are not for --tun-type ipip");
		if ((r->seen & B(O_TUN_REMCSUM)) && d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GRE)
			return cli_fail(err, len, "--tun-remcsum is not for --tun-type gre");
	}
	if (r->seen & B(O_TUN_CSUM))
		d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_CSUM;
	else if (r->seen & B(O_TUN_REMCSUM))
		d->tun_flags = IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM;
	return 0;
}

int cli_dest(struct raw *r, struct cli_cmd *c, bool settings, char *err, size_t len)
{
	struct ipvs_dest *d = &c->dest;
	unsigned long long v;
	bool has_port;

	if (cli_addrport(r->val[O_REAL], c->svc.protocol, &d->af, d->addr, &d->port,
			 &has_port) < 0)
		return cli_fail(err, len, "bad real server address '%s'", r->val[O_REAL]);
	c->has_dest = true;
	d->fwd = IP_VS_CONN_F_DROUTE;
	if (r->seen & B(O_MASQ))
		d->fwd = IP_VS_CONN_F_MASQ;
	else if (r->seen & B(O_IPIP))
		d->fwd = IP_VS_CONN_F_TUNNEL;
	/* ipvsadm: only NAT may change the port; without one, the service's */
	if (!has_port || (settings && d->fwd != IP_VS_CONN_F_MASQ))
		d->port = c->svc.port;
	if (!settings) {
		d->fwd = 0;
		return 0;
	}
	d->weight = 1;
	if (r->val[O_WEIGHT]) {
		if (cli_num(r->val[O_WEIGHT], INT_MAX, &v) < 0)
			return cli_fail(err, len, "bad weight '%s' (0 or more)", r->val[O_WEIGHT]);
		d->weight = (int32_t)v;
	}
	if (r->val[O_UTHRESH]) {
		if (cli_num(r->val[O_UTHRESH], UINT32_MAX, &v) < 0)
			return cli_fail(err, len, "bad upper threshold '%s'", r->val[O_UTHRESH]);
		d->u_thresh = (uint32_t)v;
	}
	if (r->val[O_LTHRESH]) {
		if (cli_num(r->val[O_LTHRESH], UINT32_MAX, &v) < 0)
			return cli_fail(err, len, "bad lower threshold '%s'", r->val[O_LTHRESH]);
		d->l_thresh = (uint32_t)v;
	}
	return tunnel(r, d, err, len);
}

int cli_daemon_state(const char *s, uint32_t *state, char *err, size_t len)
{
	if (strcmp(s, "master") == 0)
		*state = IP_VS_STATE_MASTER;
	else if (strcmp(s, "backup") == 0)
		*state = IP_VS_STATE_BACKUP;
	else
		return cli_fail(err, len, "sync daemon state must be master or backup, not '%s'", s);
	return 0;
}

int cli_daemon_settings(struct raw *r, struct cli_cmd *c, char *err, size_t len)
{
	struct ipvs_daemon *d = &c->daemon;
	unsigned long long v;

	if (cli_daemon_state(r->val[O_START_DAEMON], &d->state, err, len) < 0)
		return -EINVAL;
	if (r->val[O_MCAST_IF]) {
		if (strlen(r->val[O_MCAST_IF]) >= sizeof(d->ifname))
			return cli_fail(err, len, "interface name too long '%s'", r->val[O_MCAST_IF]);
		strcpy(d->ifname, r->val[O_MCAST_IF]);
	}
	if (r->val[O_SYNCID]) {
		if (cli_num(r->val[O_SYNCID], 255, &v) < 0)
			return cli_fail(err, len, "bad syncid '%s' (0-255)", r->val[O_SYNCID]);
		d->syncid = (uint32_t)v;
	}
	if (r->val[O_SYNC_MAXLEN]) {
		if (cli_num(r->val[O_SYNC_MAXLEN], 65535, &v) < 0 || v == 0)
			return cli_fail(err, len, "bad sync-maxlen '%s'", r->val[O_SYNC_MAXLEN]);
		d->maxlen = (uint16_t)v;
	}
	if (r->val[O_MCAST_GROUP]) {
		if (inet_pton(AF_INET, r->val[O_MCAST_GROUP], d->group) == 1)
			d->group_af = AF_INET;
		else if (inet_pton(AF_INET6, r->val[O_MCAST_GROUP], d->group) == 1)
			d->group_af = AF_INET6;
		else
			return cli_fail(err, len, "bad multicast group '%s'", r->val[O_MCAST_GROUP]);
	}
	if (r->val[O_MCAST_PORT]) {
		if (cli_num(r->val[O_MCAST_PORT], 65535, &v) < 0 || v == 0)
			return cli_fail(err, len, "bad multicast port '%s'", r->val[O_MCAST_PORT]);
		d->port = (uint16_t)v;
	}
	if (r->val[O_MCAST_TTL]) {
		if (cli_num(r->val[O_MCAST_TTL], 255, &v) < 0 || v == 0)
			return cli_fail(err, len, "bad multicast ttl '%s' (1-255)", r->val[O_MCAST_TTL]);
		d->ttl = (uint8_t)v;
	}
	return 0;
}

