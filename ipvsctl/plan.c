/* plan.c - the fewest requests from one IPVS table to another (plan.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipvsctl/cli.h"
#include "ipvsctl/plan.h"
#include "ipvsctl/print.h"

#define SVC_FLAGS (IP_VS_SVC_F_PERSISTENT | IP_VS_SVC_F_ONEPACKET | IP_VS_SVC_F_SCHED1 | \
		   IP_VS_SVC_F_SCHED2 | IP_VS_SVC_F_SCHED3)

bool plan_service_differs(const struct ipvs_service *w, const struct ipvs_service *h)
{
	/* the kernel adds IP_VS_SVC_F_HASHED and friends: compare what we set */
	if ((w->flags & SVC_FLAGS) != (h->flags & SVC_FLAGS))
		return true;
	if (strcmp(w->sched[0] ? w->sched : "wlc", h->sched) != 0 || strcmp(w->pe, h->pe) != 0)
		return true;
	if (w->flags & IP_VS_SVC_F_PERSISTENT)
		return w->timeout != h->timeout || w->netmask != h->netmask;
	return false;
}

bool plan_dest_differs(const struct ipvs_dest *w, const struct ipvs_dest *h)
{
	uint32_t fwd = w->fwd & IP_VS_CONN_F_FWD_MASK;

	if (fwd != (h->fwd & IP_VS_CONN_F_FWD_MASK) || w->weight != h->weight ||
	    w->u_thresh != h->u_thresh || w->l_thresh != h->l_thresh)
		return true;
	if (fwd != IP_VS_CONN_F_TUNNEL || w->tun_type != h->tun_type)
		return fwd == IP_VS_CONN_F_TUNNEL;
	if (w->tun_type == IP_VS_CONN_F_TUNNEL_TYPE_GUE && w->tun_port != h->tun_port)
		return true;
	return w->tun_type != IP_VS_CONN_F_TUNNEL_TYPE_IPIP && w->tun_flags != h->tun_flags;
}

struct out {
	struct ipvs_op *v;
	size_t n, cap;
};

static int put(struct out *o, uint8_t cmd, const struct ipvs_service *s, const struct ipvs_dest *d)
{
	if (o->n == o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 64;
		struct ipvs_op *nv = realloc(o->v, nc * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		o->v = nv;
		o->cap = nc;
	}
	memset(&o->v[o->n], 0, sizeof(o->v[0]));
	o->v[o->n].cmd = cmd;
	o->v[o->n].has_svc = true;
	o->v[o->n].svc = *s;
	if (d)
		o->v[o->n].dest = *d;
	o->n++;
	return 0;
}

static const struct ipvs_entry *find_svc(const struct ipvs_table *t, const struct ipvs_service *s)
{
	for (size_t i = 0; i < t->n; i++)
		if (ipvs_service_same(&t->v[i].svc, s))
			return &t->v[i];
	return NULL;
}

static const struct ipvs_dest *find_dest(const struct ipvs_entry *e, const struct ipvs_dest *d)
{
	for (size_t i = 0; e && i < e->ndests; i++)
		if (ipvs_dest_same(&e->dests[i], d, e->svc.af))
			return &e->dests[i];
	return NULL;
}

int plan_make(const struct ipvs_table *want, const struct ipvs_table *have, bool keep_others,
	      struct ipvs_op **ops, size_t *n)
{
	struct out o = { NULL, 0, 0 };
	int ret = 0;

	for (size_t i = 0; i < have->n && !ret && !keep_others; i++)
		if (!find_svc(want, &have->v[i].svc))
			ret = put(&o, IPVS_CMD_DEL_SERVICE, &have->v[i].svc, NULL);
	for (size_t i = 0; i < want->n && !ret; i++) {
		const struct ipvs_entry *h = find_svc(have, &want->v[i].svc);

		if (!h)
			ret = put(&o, IPVS_CMD_NEW_SERVICE, &want->v[i].svc, NULL);
		else if (plan_service_differs(&want->v[i].svc, &h->svc))
			ret = put(&o, IPVS_CMD_SET_SERVICE, &want->v[i].svc, NULL);
	}
	for (size_t i = 0; i < want->n && !ret; i++) {
		const struct ipvs_entry *h = find_svc(have, &want->v[i].svc);

		for (size_t k = 0; h && k < h->ndests && !ret; k++)
			if (!find_dest(&want->v[i], &h->dests[k]))
				ret = put(&o, IPVS_CMD_DEL_DEST, &want->v[i].svc, &h->dests[k]);
	}
	for (size_t i = 0; i < want->n && !ret; i++) {
		const struct ipvs_entry *h = find_svc(have, &want->v[i].svc);

		for (size_t k = 0; k < want->v[i].ndests && !ret; k++) {
			const struct ipvs_dest *w = &want->v[i].dests[k], *hd = find_dest(h, w);

			if (!hd)
				ret = put(&o, IPVS_CMD_NEW_DEST, &want->v[i].svc, w);
			else if (plan_dest_differs(w, hd))
				ret = put(&o, IPVS_CMD_SET_DEST, &want->v[i].svc, w);
		}
	}
	if (ret) {
		free(o.v);
		return ret;
	}
	*ops = o.v;
	*n = o.n;
	return 0;
}

void plan_line(char *buf, size_t len, const struct ipvs_op *op)
{
	char line[1024];

	switch (op->cmd) {
	case IPVS_CMD_NEW_SERVICE:
	case IPVS_CMD_SET_SERVICE:
		print_save_service(line, sizeof(line), &op->svc, FMT_NUMERIC);
		if (op->cmd == IPVS_CMD_SET_SERVICE)
			line[1] = 'E';
		break;
	case IPVS_CMD_DEL_SERVICE:
		print_save_service(line, sizeof(line), &op->svc, FMT_NUMERIC);
		line[1] = 'D';
		*strstr(line, " -s ") = '\0';	/* identity only */
		break;
	case IPVS_CMD_NEW_DEST:
	case IPVS_CMD_SET_DEST:
	case IPVS_CMD_DEL_DEST:
		print_save_dest(line, sizeof(line), &op->svc, &op->dest, FMT_NUMERIC);
		if (op->cmd == IPVS_CMD_SET_DEST)
			line[1] = 'e';
		if (op->cmd == IPVS_CMD_DEL_DEST) {
			char *sp;

			line[1] = 'd';
			sp = strstr(line, " -r ");
			sp = sp ? strchr(sp + 4, ' ') : NULL;
			if (sp)
				*sp = '\0';
		} else if (op->dest.u_thresh || op->dest.l_thresh) {
			size_t l = strlen(line);

			snprintf(line + l, sizeof(line) - l, " -x %u -y %u", op->dest.u_thresh,
				 op->dest.l_thresh);
		}
		break;
	case IPVS_CMD_SET_CONFIG:
		snprintf(line, sizeof(line), "--set %u %u %u", op->timeouts.tcp,
			 op->timeouts.tcp_fin, op->timeouts.udp);
		break;
	default:
		snprintf(line, sizeof(line), "# command %u", op->cmd);
		break;
	}
	snprintf(buf, len, "%s", line);
}
