/* print.c - listing and save output in ipvsadm's format, and JSON (print.h). */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "common/json.h"
#include "ipvsctl/cli.h"
#include "ipvsctl/print.h"

static const char *proto_rule(uint16_t p)
{
	return p == IPPROTO_TCP ? "-t" : p == IPPROTO_UDP ? "-u" : "--sctp-service";
}

static const char *proto_name(uint16_t p)
{
	return p == IPPROTO_TCP ? "TCP" : p == IPPROTO_UDP ? "UDP" : p == IPPROTO_SCTP ? "SCTP" :
	       "?";
}

static const char *proto_lower(uint16_t p)
{
	return p == IPPROTO_TCP ? "tcp" : p == IPPROTO_UDP ? "udp" : p == IPPROTO_SCTP ? "sctp" :
	       "?";
}

static void host_name(char *buf, size_t len, int af, const uint8_t *addr, unsigned int fmt)
{
	if (!(fmt & FMT_NUMERIC)) {
		struct sockaddr_storage ss;
		socklen_t sl;

		memset(&ss, 0, sizeof(ss));
		if (af == AF_INET6) {
			struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

			s6->sin6_family = AF_INET6;
			memcpy(&s6->sin6_addr, addr, 16);
			sl = sizeof(*s6);
		} else {
			struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

			s4->sin_family = AF_INET;
			memcpy(&s4->sin_addr, addr, 4);
			sl = sizeof(*s4);
		}
		if (getnameinfo((struct sockaddr *)&ss, sl, buf, (socklen_t)len, NULL, 0,
				NI_NAMEREQD) == 0)
			return;
	}
	inet_ntop(af, addr, buf, (socklen_t)len);
}

static void port_name(char *buf, size_t len, uint16_t port, uint16_t proto, unsigned int fmt)
{
	if (!(fmt & FMT_NUMERIC) && port && (proto == IPPROTO_TCP || proto == IPPROTO_UDP)) {
		struct servent *se = getservbyport(htons(port), proto == IPPROTO_TCP ? "tcp" :
						   "udp");

		if (se) {
			snprintf(buf, len, "%s", se->s_name);
			return;
		}
	}
	snprintf(buf, len, "%u", port);
}

/* ipvsadm's addrport_to_anyname(): "a.b.c.d:port" or "[v6]:port" */
static char *addrport(char *buf, size_t len, int af, const uint8_t *addr, uint16_t port,
		      uint16_t proto, unsigned int fmt)
{
	char h[NI_MAXHOST], p[32];

	host_name(h, sizeof(h), af, addr, fmt);
	port_name(p, sizeof(p), port, proto, fmt);
	snprintf(buf, len, af == AF_INET6 ? "[%s]:%s" : "%s:%s", h, p);
	return buf;
}

char *print_service_id(char *buf, size_t len, const struct ipvs_service *s)
{
	char a[INET6_ADDRSTRLEN + 16];

	if (s->fwmark)
		snprintf(buf, len, "FWM %u%s", s->fwmark, s->af == AF_INET6 ? " IPv6" : "");
	else
		snprintf(buf, len, "%s %s", proto_name(s->protocol),
			 addrport(a, sizeof(a), s->af, s->addr, s->port, s->protocol, FMT_NUMERIC));
	return buf;
}

char *print_dest_id(char *buf, size_t len, const struct ipvs_dest *d, int svc_af)
{
	return addrport(buf, len, d->af ? d->af : svc_af, d->addr, d->port, 0, FMT_NUMERIC);
}

/* names of the IP_VS_SVC_F_SCHED1..3 bits as the scheduler means them */
static void flag_names(char *buf, size_t len, const struct ipvs_service *s)
{
	static const uint32_t bits[] = { IP_VS_SVC_F_SCHED1, IP_VS_SVC_F_SCHED2,
					 IP_VS_SVC_F_SCHED3 };
	static const char *const sh[] = { "sh-fallback", "sh-port", "flag-3" };
	static const char *const mh[] = { "mh-fallback", "mh-port", "flag-3" };
	static const char *const gen[] = { "flag-1", "flag-2", "flag-3" };
	const char *const *names = strcmp(s->sched, "sh") == 0 ? sh :
				   strcmp(s->sched, "mh") == 0 ? mh : gen;
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (s->flags & bits[i])
			off += (size_t)snprintf(buf + off, len - off, "%s%s", off ? "," : "",
						names[i]);
}

static const char *fwd_name(uint32_t fwd)
{
	switch (fwd & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ: return "Masq";
	case IP_VS_CONN_F_LOCALNODE: return "Local";
	case IP_VS_CONN_F_TUNNEL: return "Tunnel";
	case IP_VS_CONN_F_DROUTE: return "Route";
	default: return "?";
	}
}

static const char *fwd_switch(uint32_t fwd)
{
	switch (fwd & IP_VS_CONN_F_FWD_MASK) {
	case IP_VS_CONN_F_MASQ: return "-m";
	case IP_VS_CONN_F_TUNNEL: return "-i";
	default: return "-g";
	}
}

static const char *tun_type_name(uint8_t t)
{
	switch (t) {
	case IP_VS_CONN_F_TUNNEL_TYPE_IPIP: return "ipip";
	case IP_VS_CONN_F_TUNNEL_TYPE_GUE: return "gue";
	case IP_VS_CONN_F_TUNNEL_TYPE_GRE: return "gre";
	default: return "?";
	}
}

static const char *tun_csum_switch(uint16_t flags)
{
	if (flags & IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM)
		return "--tun-remcsum";
	if (flags & IP_VS_TUNNEL_ENCAP_FLAG_CSUM)
		return "--tun-csum";
	return "--tun-nocsum";
}

static const char *tun_csum_short(uint16_t flags)
{
	if (flags & IP_VS_TUNNEL_ENCAP_FLAG_REMCSUM)
		return "r+c";	/* ipvsadm's spelling */
	if (flags & IP_VS_TUNNEL_ENCAP_FLAG_CSUM)
		return "+c";
	return "-c";
}

static void netmask_str(char *buf, size_t len, const struct ipvs_service *s)
{
	if (s->af == AF_INET6) {
		snprintf(buf, len, "%u", s->netmask);
	} else {
		struct in_addr m = { .s_addr = s->netmask };

		inet_ntop(AF_INET, &m, buf, (socklen_t)len);
	}
}

static bool netmask_default(const struct ipvs_service *s)
{
	return s->af == AF_INET6 ? s->netmask == 128 : s->netmask == 0xffffffff;
}

/* ---- save (-S) --------------------------------------------------------------- */

static void svc_rule(char *buf, size_t len, const struct ipvs_service *s, unsigned int fmt)
{
	char a[NI_MAXHOST + 40];

	if (s->fwmark)
		snprintf(buf, len, "-f %u%s", s->fwmark, s->af == AF_INET6 ? " -6" : "");
	else
		snprintf(buf, len, "%s %s", proto_rule(s->protocol),
			 addrport(a, sizeof(a), s->af, s->addr, s->port, s->protocol, fmt));
}

void print_save_service(char *buf, size_t len, const struct ipvs_service *s, unsigned int fmt)
{
	char name[NI_MAXHOST + 64], m[INET6_ADDRSTRLEN], fl[64];
	size_t off;

	svc_rule(name, sizeof(name), s, fmt);
	off = (size_t)snprintf(buf, len, "-A %s -s %s", name, s->sched);
	if (s->flags & IP_VS_SVC_F_PERSISTENT && off < len) {
		off += (size_t)snprintf(buf + off, len - off, " -p %u", s->timeout);
		if (!netmask_default(s) && off < len) {
			netmask_str(m, sizeof(m), s);
			off += (size_t)snprintf(buf + off, len - off, " -M %s", m);
		}
	}
	if (s->pe[0] && off < len)
		off += (size_t)snprintf(buf + off, len - off, " --pe %s", s->pe);
	if (s->flags & IP_VS_SVC_F_ONEPACKET && off < len)
		off += (size_t)snprintf(buf + off, len - off, " -o");
	flag_names(fl, sizeof(fl), s);
	if (fl[0] && off < len)
		snprintf(buf + off, len - off, " -b %s", fl);
}

void print_save_dest(char *buf, size_t len, const struct ipvs_service *s,
		     const struct ipvs_dest *d, unsigned int fmt)
{
	char name[NI_MAXHOST + 64], a[NI_MAXHOST + 40];
	size_t off;

	svc_rule(name, sizeof(name), s, fmt);
	off = (size_t)snprintf(buf, len, "-a %s -r %s %s -w %d", name,
			       addrport(a, sizeof(a), d->af ? d->af : s->af, d->addr, d->port,
					s->protocol, fmt),
			       fwd_switch(d->fwd), d->weight);
	if ((d->fwd & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL || off >= len)
		return;
	off += (size_t)snprintf(buf + off, len - off, " --tun-type %s", tun_type_name(d->tun_type));
	if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE && off < len)
		off += (size_t)snprintf(buf + off, len - off, " --tun-port %u", d->tun_port);
	if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP && off < len)
		snprintf(buf + off, len - off, " %s", tun_csum_switch(d->tun_flags));
}

void print_save(FILE *f, const struct ipvs_table *t, unsigned int fmt)
{
	char line[1024];

	for (size_t i = 0; i < t->n; i++) {
		const struct ipvs_entry *e = &t->v[i];

		print_save_service(line, sizeof(line), &e->svc, fmt);
		fprintf(f, "%s\n", line);
		for (size_t k = 0; k < e->ndests; k++) {
			print_save_dest(line, sizeof(line), &e->svc, &e->dests[k], fmt);
			fprintf(f, "%s\n", line);
		}
	}
}

/* ---- list (-L) ----------------------------------------------------------------- */

void print_largenum(FILE *f, uint64_t v, unsigned int fmt)
{
	if (fmt & FMT_EXACT) {
		char tmp[32];
		int n = snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);

		fprintf(f, "%*llu", n <= 8 ? 9 : n + 1, (unsigned long long)v);
	} else if (v < 100000000ull) {
		fprintf(f, "%9llu", (unsigned long long)v);
	} else if (v < 1000000000ull) {
		fprintf(f, "%8lluK", (unsigned long long)(v / 1000));
	} else if (v < 100000000000ull) {
		fprintf(f, "%8lluM", (unsigned long long)(v / 1000000));
	} else if (v < 100000000000000ull) {
		fprintf(f, "%8lluG", (unsigned long long)(v / 1000000000ull));
	} else {
		fprintf(f, "%8lluT", (unsigned long long)(v / 1000000000000ull));
	}
}

static void title(FILE *f, unsigned int fmt)
{
	if (fmt & FMT_STATS)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "Conns", "InPkts", "OutPkts", "InBytes", "OutBytes");
	else if (fmt & FMT_RATE)
		fprintf(f, "%-33s %8s %8s %8s %8s %8s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "CPS", "InPPS", "OutPPS", "InBPS", "OutBPS");
	else if (fmt & FMT_THRESHOLDS)
		fprintf(f, "%-33s %-10s %-10s %-10s %-10s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "Uthreshold", "Lthreshold", "ActiveConn",
			"InActConn");
	else if (fmt & FMT_PERSISTENT)
		fprintf(f, "%-33s %-9s %-11s %-10s %-10s\n  -> RemoteAddress:Port\n",
			"Prot LocalAddress:Port", "Weight", "PersistConn", "ActiveConn",
			"InActConn");
	else if (fmt & FMT_TUN_INFO)
		fprintf(f, "Prot LocalAddress:Port Scheduler Flags\n"
			"  -> RemoteAddress:Port           Forward TunnelInfo    Weight ActiveConn "
			"InActConn\n");
	else
		fprintf(f, "Prot LocalAddress:Port Scheduler Flags\n"
			"  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
}

static void stats5(FILE *f, const struct ipvs_stats *st, bool rate, unsigned int fmt)
{
	if (rate) {
		print_largenum(f, st->cps, fmt);
		print_largenum(f, st->inpps, fmt);
		print_largenum(f, st->outpps, fmt);
		print_largenum(f, st->inbps, fmt);
		print_largenum(f, st->outbps, fmt);
	} else {
		print_largenum(f, st->conns, fmt);
		print_largenum(f, st->inpkts, fmt);
		print_largenum(f, st->outpkts, fmt);
		print_largenum(f, st->inbytes, fmt);
		print_largenum(f, st->outbytes, fmt);
	}
}

static void list_entry(FILE *f, const struct ipvs_entry *e, unsigned int fmt)
{
	const struct ipvs_service *s = &e->svc;
	char name[NI_MAXHOST + 64], a[NI_MAXHOST + 40];

	if (s->fwmark) {
		snprintf(name, sizeof(name), "FWM  %u%s", s->fwmark, s->af == AF_INET6 ? " IPv6" : "");
	} else {
		snprintf(name, sizeof(name), "%-4s %s", proto_name(s->protocol),
			 addrport(a, sizeof(a), s->af, s->addr, s->port, s->protocol, fmt));
		if (s->af != AF_INET6)
			name[33] = '\0';
	}
	if (fmt & (FMT_STATS | FMT_RATE)) {
		fprintf(f, "%-33s", name);
		stats5(f, &s->stats, fmt & FMT_RATE, fmt);
	} else {
		char fl[64], m[INET6_ADDRSTRLEN];

		fprintf(f, "%s %s", name, s->sched);
		flag_names(fl, sizeof(fl), s);
		if (fl[0])
			fprintf(f, " (%s)", fl);
		if (s->flags & IP_VS_SVC_F_PERSISTENT) {
			fprintf(f, " persistent %u", s->timeout);
			if (!netmask_default(s)) {
				netmask_str(m, sizeof(m), s);
				fprintf(f, " mask %s", m);
			}
			if (s->pe[0])
				fprintf(f, " pe %s", s->pe);
		}
		if (s->flags & IP_VS_SVC_F_ONEPACKET)
			fprintf(f, " ops");
	}
	fputc('\n', f);

	for (size_t k = 0; k < e->ndests; k++) {
		const struct ipvs_dest *d = &e->dests[k];

		addrport(a, sizeof(a), d->af ? d->af : s->af, d->addr, d->port, s->protocol, fmt);
		if (s->af != AF_INET6)
			a[28] = '\0';
		if (fmt & (FMT_STATS | FMT_RATE)) {
			fprintf(f, "  -> %-28s", a);
			stats5(f, &d->stats, fmt & FMT_RATE, fmt);
			fputc('\n', f);
		} else if (fmt & FMT_THRESHOLDS) {
			fprintf(f, "  -> %-28s %-10u %-10u %-10u %-10u\n", a, d->u_thresh, d->l_thresh,
				d->active, d->inactive);
		} else if (fmt & FMT_PERSISTENT) {
			fprintf(f, "  -> %-28s %-9d %-11u %-10u %-10u\n", a, d->weight, d->persist,
				d->active, d->inactive);
		} else if (fmt & FMT_TUN_INFO) {
			char ti[32];

			if ((d->fwd & IP_VS_CONN_F_FWD_MASK) != IP_VS_CONN_F_TUNNEL)
				snprintf(ti, sizeof(ti), "n/a");
			else if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE)
				snprintf(ti, sizeof(ti), "gue:%u:%s", d->tun_port,
					 tun_csum_short(d->tun_flags));
			else if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GRE)
				snprintf(ti, sizeof(ti), "gre:%s", tun_csum_short(d->tun_flags));
			else
				snprintf(ti, sizeof(ti), "%s", tun_type_name(d->tun_type));
			fprintf(f, "  -> %-28s %-7s %-13s %-6d %-10u %-10u\n", a, fwd_name(d->fwd), ti,
				d->weight, d->active, d->inactive);
		} else {
			fprintf(f, "  -> %-28s %-7s %-6d %-10u %-10u\n", a, fwd_name(d->fwd), d->weight,
				d->active, d->inactive);
		}
	}
}

void print_list(FILE *f, const struct ipvs_table *t, unsigned int fmt,
		const struct ipvs_info *info)
{
	if (info)
		fprintf(f, "IP Virtual Server version %u.%u.%u (size=%u)\n", info->version >> 16,
			(info->version >> 8) & 0xff, info->version & 0xff, info->conn_tab_size);
	title(f, fmt);
	for (size_t i = 0; i < t->n; i++)
		list_entry(f, &t->v[i], fmt);
}

/* ---- JSON ------------------------------------------------------------------------ */

static void json_stats(struct json *j, const struct ipvs_stats *st)
{
	json_key(j, "stats");
	json_obj_begin(j);
	json_kv_uint(j, "conns", st->conns);
	json_kv_uint(j, "inpkts", st->inpkts);
	json_kv_uint(j, "outpkts", st->outpkts);
	json_kv_uint(j, "inbytes", st->inbytes);
	json_kv_uint(j, "outbytes", st->outbytes);
	json_obj_end(j);
	json_key(j, "rate");
	json_obj_begin(j);
	json_kv_uint(j, "cps", st->cps);
	json_kv_uint(j, "inpps", st->inpps);
	json_kv_uint(j, "outpps", st->outpps);
	json_kv_uint(j, "inbps", st->inbps);
	json_kv_uint(j, "outbps", st->outbps);
	json_obj_end(j);
}

static void json_addr(struct json *j, const char *key, int af, const uint8_t *addr)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(af, addr, a, sizeof(a));
	json_kv_str(j, key, a);
}

static void json_entry(struct json *j, const struct ipvs_entry *e, unsigned int fmt)
{
	const struct ipvs_service *s = &e->svc;
	char fl[64], m[INET6_ADDRSTRLEN];

	json_obj_begin(j);
	json_kv_str(j, "family", s->af == AF_INET6 ? "inet6" : "inet");
	if (s->fwmark) {
		json_kv_uint(j, "fwmark", s->fwmark);
	} else {
		json_kv_str(j, "protocol", proto_lower(s->protocol));
		json_addr(j, "address", s->af, s->addr);
		json_kv_uint(j, "port", s->port);
	}
	json_kv_str(j, "scheduler", s->sched);
	flag_names(fl, sizeof(fl), s);
	json_key(j, "sched_flags");
	json_arr_begin(j);
	for (char *save, *t = strtok_r(fl, ",", &save); t; t = strtok_r(NULL, ",", &save))
		json_str(j, t);
	json_arr_end(j);
	json_kv_bool(j, "persistent", s->flags & IP_VS_SVC_F_PERSISTENT);
	if (s->flags & IP_VS_SVC_F_PERSISTENT) {
		json_kv_uint(j, "timeout", s->timeout);
		netmask_str(m, sizeof(m), s);
		json_kv_str(j, "netmask", m);
	}
	if (s->pe[0])
		json_kv_str(j, "pe", s->pe);
	json_kv_bool(j, "ops", s->flags & IP_VS_SVC_F_ONEPACKET);
	json_stats(j, &s->stats);
	json_key(j, "dests");
	json_arr_begin(j);
	for (size_t k = 0; k < e->ndests; k++) {
		const struct ipvs_dest *d = &e->dests[k];
		int af = d->af ? d->af : s->af;
		char fw[8];

		json_obj_begin(j);
		json_kv_str(j, "family", af == AF_INET6 ? "inet6" : "inet");
		json_addr(j, "address", af, d->addr);
		json_kv_uint(j, "port", d->port);
		snprintf(fw, sizeof(fw), "%s", fwd_name(d->fwd));
		fw[0] = (char)(fw[0] - 'A' + 'a');
		json_kv_str(j, "forward", strcmp(fw, "route") == 0 ? "route" : fw);
		json_kv_int(j, "weight", d->weight);
		json_kv_uint(j, "u_threshold", d->u_thresh);
		json_kv_uint(j, "l_threshold", d->l_thresh);
		json_kv_uint(j, "active_conns", d->active);
		json_kv_uint(j, "inactive_conns", d->inactive);
		json_kv_uint(j, "persistent_conns", d->persist);
		if ((d->fwd & IP_VS_CONN_F_FWD_MASK) == IP_VS_CONN_F_TUNNEL) {
			json_key(j, "tunnel");
			json_obj_begin(j);
			json_kv_str(j, "type", tun_type_name(d->tun_type));
			if (d->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE)
				json_kv_uint(j, "port", d->tun_port);
			if (d->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP)
				json_kv_str(j, "csum", tun_csum_switch(d->tun_flags) + 6);
			json_obj_end(j);
		}
		json_stats(j, &d->stats);
		json_obj_end(j);
	}
	json_arr_end(j);
	json_obj_end(j);
}

void print_list_json(FILE *f, const struct ipvs_table *t, unsigned int fmt,
		     const struct ipvs_info *info)
{
	struct json j;

	json_init(&j, f);
	json_obj_begin(&j);
	if (info) {
		char v[32];

		snprintf(v, sizeof(v), "%u.%u.%u", info->version >> 16, (info->version >> 8) & 0xff,
			 info->version & 0xff);
		json_kv_str(&j, "version", v);
		json_kv_uint(&j, "conn_tab_size", info->conn_tab_size);
	}
	json_key(&j, "services");
	json_arr_begin(&j);
	for (size_t i = 0; i < t->n; i++)
		json_entry(&j, &t->v[i], fmt);
	json_arr_end(&j);
	json_obj_end(&j);
	fputc('\n', f);
}

void print_timeouts(FILE *f, const struct ipvs_timeouts *t, int json)
{
	if (json)
		fprintf(f, "{\"tcp\":%u,\"tcp_fin\":%u,\"udp\":%u}\n", t->tcp, t->tcp_fin, t->udp);
	else
		fprintf(f, "Timeout (tcp tcpfin udp): %u %u %u\n", t->tcp, t->tcp_fin, t->udp);
}

void print_daemons(FILE *f, const struct ipvs_daemon *d, size_t n, int json)
{
	struct json j;

	if (json) {
		json_init(&j, f);
		json_arr_begin(&j);
	}
	for (size_t i = 0; i < n; i++) {
		char g[INET6_ADDRSTRLEN] = "";
		const char *state = d[i].state & IP_VS_STATE_MASTER ? "master" : "backup";

		if (d[i].group_af)
			inet_ntop(d[i].group_af, d[i].group, g, sizeof(g));
		if (json) {
			json_obj_begin(&j);
			json_kv_str(&j, "state", state);
			json_kv_str(&j, "mcast_interface", d[i].ifname);
			json_kv_uint(&j, "syncid", d[i].syncid);
			json_kv_uint(&j, "maxlen", d[i].maxlen);
			json_kv_str(&j, "group", g);
			json_kv_uint(&j, "port", d[i].port);
			json_kv_uint(&j, "ttl", d[i].ttl);
			json_obj_end(&j);
		} else {
			fprintf(f, "%s sync daemon (mcast=%s, syncid=%u, maxlen=%u, group=%s, "
				"port=%u, ttl=%u)\n", state, d[i].ifname, d[i].syncid, d[i].maxlen, g,
				d[i].port, d[i].ttl);
		}
	}
	if (json) {
		json_arr_end(&j);
		fputc('\n', f);
	}
}
