/*
 * lvsconf_ipvs.c - struct lvs_vs and lvs_rs into the kernel's terms
 * (struct ipvs_service, struct ipvs_dest of common/ipvs.h): forwarding
 * flags, persistence netmask, the address family of fwmark services, and
 * virtual_server_group expansion (ranges walked address by address).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "common/lvsconf.h"

#define MAX_SERVICES 65536

static uint32_t fwd_flags(const struct lvs_method *m)
{
	switch (m->fwd) {
	case LVS_FWD_DR:
		return IP_VS_CONN_F_DROUTE;
	case LVS_FWD_TUN:
		return IP_VS_CONN_F_TUNNEL;
	default:
		return IP_VS_CONN_F_MASQ;
	}
}

static void service_common(const struct lvs_vs *vs, int af, struct ipvs_service *s)
{
	int plen = vs->granularity;

	s->af = af;
	snprintf(s->sched, sizeof(s->sched), "%s", vs->sched);
	snprintf(s->pe, sizeof(s->pe), "%s", vs->pe);
	s->flags = vs->sched_flags;
	if (vs->persistent)
		s->flags |= IP_VS_SVC_F_PERSISTENT;
	if (vs->ops)
		s->flags |= IP_VS_SVC_F_ONEPACKET;
	s->timeout = vs->persistent ? vs->persistence_timeout : 0;
	if (af == AF_INET6) {
		s->netmask = plen < 0 ? 128 : (uint32_t)plen;
	} else {
		if (plen < 0 || plen > 32)
			plen = 32;
		s->netmask = htonl(plen ? ~0u << (32 - plen) : 0);
	}
}

static void service_addr(const struct lvs_vs *vs, const struct ipaddr *a, uint16_t port,
			 struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	service_common(vs, a->family, s);
	s->protocol = vs->protocol;
	memcpy(s->addr, a->bytes, ipaddr_len(a));
	s->port = port;
}

static void service_fwmark(const struct lvs_vs *vs, uint32_t mark, int af,
			   struct ipvs_service *s)
{
	memset(s, 0, sizeof(*s));
	service_common(vs, af, s);
	s->fwmark = mark;
}

/* the address family of a fwmark service: ip_family, else the real
 * servers' (the first one's), else IPv4 */
static int fwmark_af(const struct lvs_vs *vs, int entry_af)
{
	if (vs->af)
		return vs->af;
	if (entry_af)
		return entry_af;
	if (vs->nrs)
		return vs->rs[0].addr.family;
	return AF_INET;
}

int lvs_vs_service(const struct lvs_vs *vs, struct ipvs_service *out)
{
	switch (vs->kind) {
	case LVS_VS_ADDR:
		service_addr(vs, &vs->addr, vs->port, out);
		return 0;
	case LVS_VS_FWMARK:
		service_fwmark(vs, vs->fwmark, fwmark_af(vs, 0), out);
		return 0;
	default:
		return -EINVAL;
	}
}

/* a += 1, big-endian over len bytes */
static void addr_inc(struct ipaddr *a)
{
	for (int i = (int)ipaddr_len(a) - 1; i >= 0; i--)
		if (++a->bytes[i] != 0)
			break;
}

int lvs_vs_services(const struct lvs_vs *vs, struct ipvs_service **out, size_t *n,
		    struct conf_err *err)
{
	struct ipvs_service *v = NULL;
	size_t cnt = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (vs->kind != LVS_VS_GROUP) {
		if (!(v = calloc(1, sizeof(*v))))
			return -ENOMEM;
		lvs_vs_service(vs, v);
		*out = v;
		*n = 1;
		return 0;
	}
	for (size_t i = 0; i < vs->group->n; i++) {
		const struct lvs_vsg_entry *e = &vs->group->e[i];
		struct ipaddr a = e->first;

		for (;;) {
			if (cnt == cap) {
				struct ipvs_service *nv;

				if (cap >= MAX_SERVICES) {
					free(v);
					return conf_error(err, e->node, e->node->kw,
							  "virtual_server_group '%s' gives more than %d services",
							  vs->group->name, MAX_SERVICES);
				}
				cap = cap ? 2 * cap : 8;
				if (!(nv = realloc(v, cap * sizeof(*nv)))) {
					free(v);
					return -ENOMEM;
				}
				v = nv;
			}
			if (e->kind == LVS_VSG_FWMARK) {
				service_fwmark(vs, e->fwmark, fwmark_af(vs, e->node->argc > 2 ? e->af : 0),
					       &v[cnt++]);
				break;
			}
			service_addr(vs, &a, e->port, &v[cnt++]);
			if (memcmp(a.bytes, e->last.bytes, ipaddr_len(&a)) == 0)
				break;
			addr_inc(&a);
		}
	}
	*out = v;
	*n = cnt;
	return 0;
}

static void dest(const struct ipaddr *a, uint16_t port, const struct lvs_method *m, int weight,
		 struct ipvs_dest *d)
{
	memset(d, 0, sizeof(*d));
	d->af = a->family;
	memcpy(d->addr, a->bytes, ipaddr_len(a));
	d->port = port;
	d->fwd = fwd_flags(m);
	d->weight = weight;
	if (m->fwd == LVS_FWD_TUN) {
		static const uint8_t types[] = {
			[LVS_TUN_IPIP] = IP_VS_CONN_F_TUNNEL_TYPE_IPIP,
			[LVS_TUN_GUE] = IP_VS_CONN_F_TUNNEL_TYPE_GUE,
			[LVS_TUN_GRE] = IP_VS_CONN_F_TUNNEL_TYPE_GRE,
		};

		d->tun_type = types[m->tun_type];
		d->tun_port = m->tun_port;
		d->tun_flags = m->tun_flags;
	}
}

void lvs_rs_dest(const struct lvs_vs *vs, const struct lvs_rs *rs, struct ipvs_dest *out)
{
	/* a real server without a port takes the virtual server's */
	dest(&rs->addr, rs->port ? rs->port : (vs->kind == LVS_VS_ADDR ? vs->port : 0),
	     &rs->d.method, rs->weight, out);
	out->u_thresh = rs->uthreshold;
	out->l_thresh = rs->lthreshold;
}

void lvs_sorry_dest(const struct lvs_vs *vs, struct ipvs_dest *out)
{
	dest(&vs->sorry_addr, vs->sorry_port ? vs->sorry_port :
	     (vs->kind == LVS_VS_ADDR ? vs->port : 0), &vs->sorry_method, 1, out);
}
